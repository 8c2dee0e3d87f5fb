"""The library of plans as a whole: numbers, parents and children, and what is wrong with its structure.

P501 two plans with one number, P502 a cycle of parents, P503 a parent that is not encoded
(an external reference: information, never an error). Everything is in path order, whatever
the order of `Library.plans`.
"""

import random
from pathlib import Path

import pytest

from planrules import Library, Severity, load, load_dir, parse
from planrules.language.library import structure

from conftest import PLANS

LIBRARIES = Path(__file__).parent / "fixtures" / "libraries"
VU_DUONG = PLANS / "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
CUC = PLANS / "quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan"
QD_534 = PLANS / "quoc-gia/qd-534-ttg.plan"


def shuffled(library: Library, seed: int) -> Library:
    order = list(range(len(library.plans)))
    random.Random(seed).shuffle(order)
    return Library(tuple(library.plans[i] for i in order), tuple(library.paths[i] for i in order))


def rendered(diagnostics) -> list[tuple]:
    return [(d.code, d.severity, str(d.span), d.render("en"), d.render("vi")) for d in diagnostics]


# ---------------------------------------------------------------- the real plans --


def test_real_library_parents_children_external_roots():
    library = load_dir(PLANS)
    qd, cuc, xa = (library.by_number(n) for n in ("534/QĐ-TTg", "10-KH/ĐU", "104/KH-UBND"))
    assert library.path_of(qd) == str(QD_534)
    assert library.parents(cuc) == (qd,) and library.parents(xa) == (qd,)
    assert library.external(xa) == ("138/QĐ-UBND",) and library.external(cuc) == ()
    assert library.children(qd) == (cuc, xa)  # by path: bo-noi-vu before ninh-binh
    assert library.children(xa) == ()
    nq = library.by_number("03/NQ-CP")  # the second directive: its parent 57-NQ/TW is not encoded
    assert library.parents(nq) == () and library.external(nq) == ("57-NQ/TW",)
    assert library.roots() == (nq, qd)
    assert [p.number for p in library.vocabularies] == [None]  # plans/prelude.plan


def test_real_library_structure_is_one_external_reference():
    """138/QĐ-UBND, the province's plan, is not encoded: P503 (info) on the cấp trên line, nothing else.

    (The other P503 is Kết luận 226-KL/TW, the cấp trên of 534/QĐ-TTg, not encoded either.)
    """
    nq_57, d, kl_226 = structure(load_dir(PLANS))  # by path: chinh-phu/…, ninh-binh/…, qd-534-ttg.plan
    assert (nq_57.code, nq_57.span.file) == ("P503", str(PLANS / "quoc-gia/chinh-phu/nq-03-cp.plan"))
    assert "57-NQ/TW" in nq_57.message.text("en")
    assert (kl_226.code, kl_226.span.file, kl_226.span.line) == ("P503", str(QD_534), 19)
    assert "226-KL/TW" in kl_226.message.text("en")
    assert (d.code, d.severity) == ("P503", Severity.INFO)
    assert (d.span.file, d.span.line) == (str(VU_DUONG), 23)
    text = VU_DUONG.read_text(encoding="utf-8").splitlines()[22]
    assert text[d.span.column - 1:d.span.end_column - 1] == '"138/QĐ-UBND"'
    assert "138/QĐ-UBND" in d.message.text("en") and "external reference" in d.message.text("en")
    assert "tham chiếu ngoài" in d.message.text("vi")


def test_load_places_the_plan_at_its_number():
    plan = load(CUC)
    assert (plan.span.file, plan.span.line, plan.span.column) == (str(CUC), 6, 1)
    assert load(PLANS / "prelude.plan").span.line == 1  # a vocabulary: the file itself


def test_library_from_plans_not_in_path_order():
    library = load_dir(PLANS)
    for seed in range(5):
        other = shuffled(library, seed)
        assert [other.path_of(p) for p in other.ordered()] == list(library.paths)
        assert other.roots() == library.roots()
        assert other.children(other.by_number("534/QĐ-TTg")) == library.children(library.by_number("534/QĐ-TTg"))
        assert rendered(structure(other)) == rendered(structure(library))


def test_parents_keep_the_order_of_cap_tren_and_appear_once():
    a = parse('kế hoạch: "A"\n')
    b = parse('kế hoạch: "B"\n')
    c = parse('kế hoạch: "C"\ncấp trên: "B", "X", "A", "B"\n')
    library = Library((a, b, c), ("a.plan", "b.plan", "c.plan"))
    assert library.parents(c) == (b, a)
    assert library.external(c) == ("X",)
    assert library.children(a) == (c,) and library.children(b) == (c,)


# ------------------------------------------------------------------------ P501 --


def test_duplicate_number_names_both_files_at_the_second_header():
    folder = LIBRARIES / "trung-so"
    library = load_dir(folder)
    (d,) = [d for d in structure(library) if d.code == "P501"]
    first, second = folder / "kh-104-ubnd-du-thao.plan", folder / "kh-104-ubnd.plan"  # "-" sorts before "."
    assert d.severity is Severity.ERROR
    assert (d.span.file, d.span.line, d.span.column) == (str(second), 3, 1)  # its `kế hoạch:` line
    for lang in ("en", "vi"):
        assert str(first) in d.message.text(lang) and str(second) in d.message.text(lang)
    assert str(first) in d.hints[0].text("en")
    assert structure(library) == [d]


def test_duplicate_number_resolves_to_the_first_by_path_whatever_the_order():
    library = load_dir(LIBRARIES / "trung-so")
    draft = library.by_number("104/KH-UBND")
    assert library.path_of(draft).endswith("kh-104-ubnd-du-thao.plan")
    assert len(library.numbered("104/KH-UBND")) == 2
    child = library.by_number("01/KH-VHXH")
    for seed in range(6):
        other = shuffled(library, seed)
        assert other.path_of(other.by_number("104/KH-UBND")) == library.path_of(draft)
        assert other.parents(child) == (draft,)
        assert rendered(structure(other)) == rendered(structure(library))


def test_three_files_with_one_number_give_two_findings(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.plan").write_text('# bản sao\nkế hoạch: "1/KH"\n', encoding="utf-8")
    found = structure(load_dir(tmp_path))
    assert [(d.code, Path(d.span.file).name, d.span.line) for d in found] == [("P501", "b.plan", 2), ("P501", "c.plan", 2)]
    assert all(str(tmp_path / "a.plan") in d.message.text("en") for d in found)


# ------------------------------------------------------------------------ P502 --


def test_cycle_is_reported_once_naming_every_plan_and_file():
    folder = LIBRARIES / "vong-lap"
    library = load_dir(folder)
    (d,) = structure(library)
    assert (d.code, d.severity) == ("P502", Severity.ERROR)
    smallest = folder / "kh-01-vhxh.plan"
    assert (d.span.file, d.span.line) == (str(smallest), 7)  # its cấp trên line, at the next plan of the cycle
    line = smallest.read_text(encoding="utf-8").splitlines()[6]
    assert line[d.span.column - 1:d.span.end_column - 1] == '"104/KH-UBND"'
    message = d.message.text("en")
    for name in ("kh-01-vhxh.plan", "kh-104-ubnd.plan", "kh-138-ubnd.plan"):
        assert str(folder / name) in message
    assert "01/KH-VHXH (" in message and message.endswith("→ 01/KH-VHXH")
    assert message.index("01/KH-VHXH") < message.index("104/KH-UBND") < message.index("138/QĐ-UBND")
    assert "534/QĐ-TTg" not in message  # a root, outside the cycle
    assert "vòng lặp" in d.message.text("vi")


def test_cycle_report_does_not_depend_on_order():
    library = load_dir(LIBRARIES / "vong-lap")
    expected = rendered(structure(library))
    for seed in range(8):
        assert rendered(structure(shuffled(library, seed))) == expected


def test_plan_naming_itself_is_a_cycle(tmp_path):
    (tmp_path / "a.plan").write_text('kế hoạch: "1/KH"\ncấp trên: "1/KH"\n', encoding="utf-8")
    (d,) = structure(load_dir(tmp_path))
    assert d.code == "P502" and d.message.text("en").endswith(f"1/KH ({tmp_path / 'a.plan'}) → 1/KH")
    assert (d.span.line, d.span.column) == (2, 11)


def test_two_cycles_two_findings_and_a_tail_outside_none(tmp_path):
    plans = {"a": ("1", "2"), "b": ("2", "1"), "c": ("3", "4"), "d": ("4", "3"), "e": ("5", "1")}
    for name, (number, parent) in plans.items():
        (tmp_path / f"{name}.plan").write_text(f'kế hoạch: "{number}"\ncấp trên: "{parent}"\n', encoding="utf-8")
    found = structure(load_dir(tmp_path))
    assert [(d.code, Path(d.span.file).name) for d in found] == [("P502", "a.plan"), ("P502", "c.plan")]
    assert "e.plan" not in " ".join(d.message.text("en") for d in found)


def test_cycle_with_a_shortcut_lists_every_member(tmp_path):
    """1 → 2 → 3 → 1 and 1 → 3: one component, one finding, all three named."""
    plans = {"a": ("1", '"3", "2"'), "b": ("2", '"3"'), "c": ("3", '"1"')}
    for name, (number, parents) in plans.items():
        (tmp_path / f"{name}.plan").write_text(f'kế hoạch: "{number}"\ncấp trên: {parents}\n', encoding="utf-8")
    (d,) = structure(load_dir(tmp_path))
    for name in "abc":
        assert str(tmp_path / f"{name}.plan") in d.message.text("en")


# ------------------------------------------------------------------------ P503 --


def test_external_parent_is_information_on_its_quoted_number():
    folder = LIBRARIES / "ngoai"
    library = load_dir(folder)
    (d,) = structure(library)
    assert (d.code, d.severity) == ("P503", Severity.INFO)
    assert (d.span.file, d.span.line, d.span.column) == (str(folder / "kh-104-ubnd.plan"), 11, 5)
    xa = library.by_number("104/KH-UBND")
    assert library.parents(xa) == (library.by_number("534/QĐ-TTg"),)
    assert library.external(xa) == ("138/QĐ-UBND",)


def test_library_without_files_still_reports(tmp_path):
    """Plans parsed from text (no file to read the header from) are still checked."""
    a = parse('kế hoạch: "1"\ncấp trên: "1", "9"\n', source="a.plan")
    found = structure(Library((a,), ("a.plan",)))
    assert sorted(d.code for d in found) == ["P502", "P503"]


@pytest.mark.parametrize("keyword", ["plan", "ke hoach", "KẾ HOẠCH"])
def test_header_found_in_any_spelling(tmp_path, keyword):
    (tmp_path / "a.plan").write_text(f'# x\n\n{keyword}: "1"\n', encoding="utf-8")
    (tmp_path / "b.plan").write_text(f'{keyword}: "1"\n', encoding="utf-8")
    (d,) = structure(load_dir(tmp_path))
    assert (Path(d.span.file).name, d.span.line) == ("b.plan", 1)


def test_missing_file_is_a_located_load_error(tmp_path):
    from planrules import PlanLoadError

    with pytest.raises(PlanLoadError) as info:
        load(tmp_path / "không-có.plan")
    (d,) = info.value.diagnostics
    assert d.code == "E001" and "không-có.plan" in d.message.text("en")
