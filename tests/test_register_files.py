"""facts/register_files.py: register files read into a `Register`, with located errors; the facts `units`
table's register columns; discovery."""

from pathlib import Path

import pytest

from planrules.base.diagnostics import FactsError
from planrules.facts.loader import loads_facts
from planrules.facts.register import Register, Registered
from planrules.facts.register_files import discover, load_register, loads_register, read_register

CSV = """unit,label,code,level,parent,member_of,vùng
VN,Việt Nam,,quốc_gia,,,
79,Thành phố Hồ Chí Minh,VN-SG,tỉnh,VN,,Nam Bộ
26734,Phường Sài Gòn,,xã,79,các_phường_điểm;các_xã_phường,Nam Bộ
"""

TOML = """[units.VN]
label = "Việt Nam"
level = "quốc_gia"

[units."79"]
label = "Thành phố Hồ Chí Minh"
code = "VN-SG"
level = "tỉnh"
parent = "VN"
attributes = { "vùng" = "Nam Bộ" }

[units."26734"]
label = "Phường Sài Gòn"
level = "xã"
parent = "79"
member_of = ["các_phường_điểm", "các_xã_phường"]
attributes = { "vùng" = "Nam Bộ" }
"""


def codes(error: FactsError) -> list[str]:
    return [d.code for d in error.diagnostics]


def test_csv_and_toml_registers_are_the_same_register():
    csv = loads_register(CSV, "hcm.units.csv")
    toml = loads_register(TOML, "hcm.units.toml")
    assert csv.units == toml.units
    assert csv.get("26734") == Registered("26734", "Phường Sài Gòn", None, "xã", "79",
                                          ("các_phường_điểm", "các_xã_phường"), (("vùng", "Nam Bộ"),))
    assert csv.name_of("VN-SG") == "79" and csv.ancestors("26734") == ("79", "VN")
    assert csv.members("các_xã_phường") == ("26734",)


@pytest.mark.parametrize("text,name,code,line,column", [
    ("unit,parent\nVN,\nx,VM\n", "a.units.csv", "F148", 3, 3),
    ("unit,code\nVN,A\nx,A\n", "a.units.csv", "F147", 3, 3),
    ("unit,code\nVN,x\nx,\n", "a.units.csv", "F147", 2, 4),
    ("unit,parent\na,b\nb,c\nc,a\n", "a.units.csv", "F149", 2, 3),
    ("unit,parent\na,a\n", "a.units.csv", "F149", 2, 3),
    ("unit\na\nb\na\n", "a.units.csv", "F144", 4, 1),
    ("unit,label\n ,x\n", "a.units.csv", "F104", 2, 1),
    ("unit,parnet\na,b\n", "a.units.csv", "F103", 1, 6),
    ('[units.a]\nlevel = 3\n', "a.units.toml", "F120", 2, 9),
    ('[units.a]\nlabel = ["x"]\n', "a.units.toml", "F120", 2, 9),
    ('[units." "]\n', "a.units.toml", "F120", 1, 1),
    ('[units.a]\ncounts = []\n', "a.units.toml", "F103", 2, 1),
    ('[facts.period]\nfrom = 2026-01-01\nto = 2026-12-31\n', "a.units.toml", "F103", 1, 1),
    ('unit\nx\n', "a.csv", "F101", 1, 1),
])
def test_each_problem_is_located_with_its_code(text, name, code, line, column):
    with pytest.raises(FactsError) as raised:
        loads_register(text, name)
    found = raised.value.diagnostics[0]
    assert (found.code, found.span.line if found.span else 1, found.span.column if found.span else 1) == \
        (code, line, column), raised.value.render("en")


def test_a_cycle_names_its_ring_once():
    with pytest.raises(FactsError) as raised:
        loads_register("unit,parent\na,b\nb,c\nc,a\nd,a\n", "a.units.csv")
    assert codes(raised.value) == ["F149"]
    assert '"a" → "b" → "c" → "a"' in raised.value.diagnostics[0].message.text("en")
    assert "là cấp trên của chính nó" in raised.value.diagnostics[0].message.text("vi")


def test_unknown_parent_says_did_you_mean():
    with pytest.raises(FactsError) as raised:
        loads_register("unit,parent\nxã_yên_khánh,\nb,xã_yen_khanh\n", "a.units.csv")
    assert any("xã_yên_khánh" in h.text("en") for h in raised.value.diagnostics[0].hints)


def test_a_unit_twice_across_files_is_said_at_the_second(tmp_path: Path):
    (tmp_path / "a.units.csv").write_text("unit,label\nx,first\n", encoding="utf-8")
    (tmp_path / "b.units.toml").write_text('[units.x]\nlabel = "second"\n', encoding="utf-8")
    read = read_register(tmp_path / "a.units.csv", tmp_path / "b.units.toml")
    assert [(d.code, Path(d.span.file).name, d.span.line) for d in read.problems] == [("F144", "b.units.toml", 1)]
    assert "a.units.csv:2" in read.problems[0].hints[0].text("en")


def test_a_folder_is_every_register_file_below_it(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.units.csv").write_text("unit\nx\n", encoding="utf-8")
    (tmp_path / "sub" / "b.units.toml").write_text('[units.y]\nparent = "x"\n', encoding="utf-8")
    (tmp_path / "facts.toml").write_text("not a register: ignored", encoding="utf-8")
    register = load_register(tmp_path)
    assert [u.name for u in register.units] == ["x", "y"] and register.ancestors("y") == ("x",)
    with pytest.raises(FactsError) as raised:
        load_register(tmp_path / "sub" / "nothing")
    assert codes(raised.value) == ["F101"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(FactsError) as raised:
        load_register(tmp_path / "empty")
    assert codes(raised.value) == ["F101"]


def test_nfc_names_and_a_code_as_name():
    nfd = "unit,label\n0000\u0031,Xa\u0303 A\n"
    register = loads_register(nfd, "a.units.csv")
    assert register.get("00001").label == "Xã A"


def test_discovery_walks_up_to_the_library_root(tmp_path: Path):
    root = tmp_path / "plans"
    deep = root / "tinh" / "xa"
    deep.mkdir(parents=True)
    (root / "vn.units.csv").write_text("unit\nVN\n", encoding="utf-8")
    (root / "tinh" / "t.units.toml").write_text("", encoding="utf-8")
    (deep / "x.units.csv").write_text("unit\nx\n", encoding="utf-8")
    (deep / "x.plan").write_text("", encoding="utf-8")
    (tmp_path / "above.units.csv").write_text("unit\nno\n", encoding="utf-8")
    found = discover(deep / "x.plan", root)
    assert [f.name for f in found.files] == ["vn.units.csv", "t.units.toml", "x.units.csv"] and not found.refused
    assert [f.name for f in discover(deep / "x.plan").files] == ["x.units.csv"]
    assert [f.name for f in discover(deep / "x.plan", tmp_path / "elsewhere").files] == ["x.units.csv"]


def test_the_facts_units_table_says_what_a_register_says():
    csv = "unit,label,code,level,parent,member_of,tỉnh\n14000,Xã Vũ Dương,VD,xã,37,các_xã,Ninh Bình\n"
    toml = ('[units."14000"]\nlabel = "Xã Vũ Dương"\ncode = "VD"\nlevel = "xã"\nparent = "37"\n'
            'member_of = ["các_xã"]\nattributes = { "tỉnh" = "Ninh Bình" }\n')
    from_csv = loads_facts(csv, "units.csv")
    from_toml = loads_facts(toml, "facts.toml")
    assert from_csv.units == from_toml.units
    unit = from_csv.units[0]
    assert (unit.label, unit.code, unit.level, unit.parent, unit.attributes) == \
        ("Xã Vũ Dương", "VD", "xã", "37", (("tỉnh", "Ninh Bình"),))
    register = Register.of_facts(from_csv)
    assert register.get("14000") == Registered("14000", "Xã Vũ Dương", "VD", "xã", "37", ("các_xã",),
                                                (("tỉnh", "Ninh Bình"),))
    assert register.name_of("VD") == "14000"


# ---------------------------------------------------------- properties --

from attrs import evolve  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from planrules.facts import model as f  # noqa: E402
from planrules.strategies.registers import (INVALID_REGISTERS, invalid_register_files, register_csv,  # noqa: E402
                                            register_toml, registers)


@given(registers(), st.randoms(use_true_random=False))
def test_a_register_written_to_csv_and_toml_reads_back_the_same(register, rnd):
    assert loads_register(register_csv(register), "r.units.csv").units == register.units
    assert loads_register(register_toml(register, rnd), "r.units.toml").units == register.units


@given(st.data())
def test_each_invalid_register_file_gives_its_code_and_only_it(data):
    kind = data.draw(st.sampled_from(sorted(INVALID_REGISTERS)))
    text, name, code = data.draw(invalid_register_files(kind))
    with pytest.raises(FactsError) as raised:
        loads_register(text, name)
    assert {d.code for d in raised.value.diagnostics} == {code}, (kind, raised.value.render("en"))
    lines = text.split("\n")
    for d in raised.value.diagnostics:
        assert d.span is not None and d.span.file == name and 1 <= d.span.line <= len(lines)


def _as_facts(register: Register) -> f.Facts:
    return f.Facts(tuple(f.UnitFacts(u.name, u.member_of, attributes=u.attributes, label=u.label, code=u.code,
                                     level=u.level, parent=u.parent, successor=u.successor, since=u.since,
                                     change=u.change) for u in register.units))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(registers(), st.sampled_from(["duckdb", "parquet"]))
def test_a_table_sources_units_table_is_the_same_register(tmp_path_factory, register, where):
    """The SQL path reads the units table's register columns as the files do (differential)."""
    pytest.importorskip("duckdb")
    from planrules.facts import sources

    facts = _as_facts(register)
    folder = tmp_path_factory.mktemp("register")
    target = folder / ("f.duckdb" if where == "duckdb" else "pq")
    (sources.write_duckdb if where == "duckdb" else sources.write_parquet)(facts, target)
    from_files = loads_facts(register_csv(register), "units.csv")
    with sources.open_source(target) as source:
        light = source.light_facts()
    def same(r: Register) -> tuple:  # attributes are columns, in the order each writer gives them
        return tuple(evolve(u, attributes=tuple(sorted(u.attributes))) for u in r.units)

    assert same(Register.of_facts(light)) == same(Register.of_facts(from_files)) == \
        same(Register(tuple(u for u in register.units
                            if u.member_of or any((u.label, u.code, u.level, u.parent, u.successor)))))


# ------------------------------------------------------ docs/registers.md --

import io  # noqa: E402
import shlex  # noqa: E402

from conftest import console_steps  # noqa: E402

from planrules.tooling.cli import run  # noqa: E402

DOC = Path(__file__).resolve().parents[1] / "docs" / "registers.md"


def _doc_blocks() -> list[tuple[int, str, str]]:
    """(line, info string, text) of each fenced block of docs/registers.md."""
    blocks, current, body = [], None, []
    for number, line in enumerate(DOC.read_text(encoding="utf-8").split("\n"), start=1):
        if current is None and line.startswith("```"):
            current, body = (number, line[3:].strip()), []
        elif current is not None and line.startswith("```"):
            blocks.append((current[0], current[1], "\n".join(body) + "\n"))
            current = None
        elif current is not None:
            body.append(line)
    return blocks


def _doc_files() -> dict[str, str]:
    return {word[len("file="):]: text for _, info, text in _doc_blocks()
            for word in info.split() if word.startswith("file=")}


def test_the_pages_example_registers_are_the_formats_examples():
    """Each register block of docs/registers.md is a register file; the two complete examples read."""
    files = _doc_files()
    assert {"ninh-binh.units.csv", "dang-bo.units.toml"} <= set(files)
    communes = loads_register(files["ninh-binh.units.csv"], "ninh-binh.units.csv")
    assert communes.of_level("xã", within="37") == ("14000", "14002") and communes.name_of("VN-37-14000") == "14000"
    assert communes.members("các_xã_điểm") == ("14000",) and communes.label_of("14000") == "Xã Vũ Dương"
    party = loads_register(files["dang-bo.units.toml"], "dang-bo.units.toml")
    assert party.members("các_chi_bộ") == ("chi_bộ_văn_phòng", "chi_bộ_tccb_htqt")
    shown = {info.split()[0] for _, info, _ in _doc_blocks()}
    assert shown == {"csv", "toml", "console"}


@pytest.mark.parametrize("block", [b for b in _doc_blocks() if b[1] == "console"], ids=lambda b: f"line{b[0]}")
def test_the_pages_console_blocks_show_real_output(block, tmp_path, monkeypatch):
    for name, text in _doc_files().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command, expected in console_steps(block[2], f"line {block[0]}"):
        out, err = io.StringIO(), io.StringIO()
        run(shlex.split(command)[1:], out, err)
        actual = out.getvalue() + err.getvalue()
        assert actual.rstrip("\n") == expected.rstrip("\n"), f"line {block[0]}: $ {command}\n{actual}"


def test_every_register_code_has_its_example_on_the_page():
    text = DOC.read_text(encoding="utf-8")
    for code in ("F144", "F147", "F148", "F149", "F155", "F156", "F157", "F158", "F120"):
        assert f"error[{code}]" in text, code


def test_the_cuc_register_fills_its_plans_group_with_the_chi_bo_the_text_names():
    """plans/…/cuc-van-thu-luu-tru/chi-bo.units.toml: each chi bộ a unit the plan declares, its label as the
    plan (and the source line it cites) writes it, each a member of các_chi_bộ."""
    import planrules

    folder = Path(__file__).resolve().parents[1] / "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru"
    plan = planrules.load(folder / "kh-10-du.plan")
    register = load_register(folder / "chi-bo.units.toml")
    declared = {u.name: u.label for u in plan.units}
    chi_bo = register.members("các_chi_bộ")
    assert chi_bo and set(chi_bo) == set(register.of_level("chi_bộ"))
    for name in (*chi_bo, *register.ancestors(chi_bo[0])):
        assert register.label_of(name) == declared[name], name


@given(registers())
def test_a_register_written_in_the_documented_toml_form_reads_back_the_same(register):
    text = register_toml(register)
    assert text.count("[units.") == len(register)
    assert loads_register(text, "r.units.toml").units == register.units


def test_a_code_that_is_another_units_name_says_where_that_unit_is():
    with pytest.raises(FactsError) as raised:
        loads_register("unit,code\nVN,37\n37,\n", "c.units.csv")
    (found,) = raised.value.diagnostics
    assert found.code == "F147" and found.hints[0].text("en") == 'unit "37" is at c.units.csv:3'
