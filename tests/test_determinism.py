"""The same inputs give byte-identical outputs, whatever the machine around them.

`planrules check --format json`, `eval` in every format, `export` and `tree` are run on the
real plans and facts and compared byte for byte across:

- file order: the plans and facts copied in another order (so the file system lists them
  differently), paths given on the command line in another order, files renamed (the names
  mapped back before comparing);
- hash order: `PYTHONHASHSEED` (the order of sets and of dicts built from them);
- locale and time zone: `TZ` from UTC+14 (Pacific/Kiritimati) to UTC-10 (America/Adak),
  `LC_ALL`/`LANG` Vietnamese (vi_VN.UTF-8, used whether or not the machine has it) and C.

Every evaluation gives `--as-of`: without it the date is today's in Viet Nam (tests/test_evaluate.py).
Each environment is one subprocess that runs every command (`planrules.tooling.cli.run`), so the
whole file takes a few seconds; one more runs the real `python -m planrules` under the
most hostile environment and compares its bytes too.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VU = "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
CUC = "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan"
VU_FACTS = "examples/vu-duong/facts.toml"
CUC_FACTS = "examples/cuc-van-thu-luu-tru/facts.toml"
CSV_FACTS = "tests/fixtures/facts/csv"  # a folder of tables, which do not fit the plan: errors, in order

# Broken plans: diagnostics at one place must come out in one order (they once followed a set's order).
BROKEN = {
    "broken/khoi.plan": '}\nnhiệm vụ TT 9 @163 {\n\n    nội dung: " ch"ế độ báo cáo định kỳ thuộc phạm vi chức năng\n',
    "broken/tu-vung.plan": 'bản ghi x {\n    a "A": chuỗi\n    b "B" có hoặc không\n    c: một trong\n'
                           'chỉ số m "M": tỷ lệ x có b trừ\n',
    "broken/ke-hoach.plan": 'kế hoạch: "1"\nngày ban hành: 31/02/2026\nkế hoạch: "2"\nđơn vị a "x"\n'
                            'nhiệm vụ TT 1 {\n    chủ trì: a, b\n    thời hạn: trước 30/02/2026 và quý V\n}\n}\n',
}

COMMANDS: dict[str, list[str]] = {
    "check-json": ["check", "plans", "--format", "json"],
    "check-broken-json": ["check", "broken", "--format", "json"],
    "check-broken-text-vi": ["check", "broken", "--lang", "vi"],
    "check-text-vi": ["check", "plans", "--lang", "vi"],
    "tree": ["tree", "plans"],
    "export-vu-json": ["export", VU, "--library", "plans", "--format", "json"],
    "export-cuc-toml": ["export", CUC, "--library", "plans", "--format", "toml"],
    "eval-csv-folder": ["eval", VU, "--facts", CSV_FACTS, "--as-of", "2026-12-31", "--format", "json"],
    **{
        f"eval-vu-{fmt}": ["eval", VU, "--facts", VU_FACTS, "--library", "plans", "--as-of", "2026-11-30",
                           "--format", fmt]
        for fmt in ("json", "toml", "md", "text")
    },
    **{
        f"eval-cuc-{fmt}-vi": ["eval", CUC, "--facts", CUC_FACTS, "--library", "plans", "--as-of", "31/12/2026",
                               "--format", fmt, "--lang", "vi"]
        for fmt in ("json", "toml", "md", "text")
    },
}

# Runs each command in one process and prints {name: [exit code, stdout, stderr]} as JSON.
DRIVER = r"""
import io, json, sys
from planrules.tooling.cli import run
out = {}
for name, argv in json.loads(sys.stdin.read()):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(argv, stdout, stderr)
    out[name] = [code, stdout.getvalue(), stderr.getvalue()]
sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False, sort_keys=True).encode("utf-8"))
"""

BASE_ENV = {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
ENVIRONMENTS = {
    "hash-1": {"PYTHONHASHSEED": "1"},
    "hash-random": {"PYTHONHASHSEED": "random"},
    "kiritimati-vi": {"PYTHONHASHSEED": "2718", "TZ": "Pacific/Kiritimati", "LC_ALL": "vi_VN.UTF-8",
                      "LANG": "vi_VN.UTF-8"},
    "adak-c": {"PYTHONHASHSEED": "31415", "TZ": "America/Adak", "LC_ALL": "C", "LANG": "C"},
}


def _env(overrides: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONHASHSEED"))}
    env.update(BASE_ENV)
    env.update(overrides)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    return env


def run_all(cwd: Path, commands: dict[str, list[str]], overrides: dict[str, str] | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", DRIVER], input=json.dumps(list(commands.items())).encode("utf-8"),
        capture_output=True, cwd=cwd, env=_env(overrides or {}), timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return json.loads(done.stdout.decode("utf-8"))


def copy_inputs(target: Path, order: int | None, rename: dict[str, str] | None = None) -> Path:
    """plans/, examples/ and the CSV facts copied into `target`, file by file in a shuffled order (seeded)."""
    files = [p for top in ("plans", "examples", CSV_FACTS) for p in (ROOT / top).rglob("*") if p.is_file()]
    files.sort()
    if order is not None:
        random.Random(order).shuffle(files)
    for source in files:
        relative = source.relative_to(ROOT).as_posix()
        destination = target / (rename or {}).get(relative, relative)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    for name, text in (BROKEN.items() if order is None else reversed(BROKEN.items())):
        (target / name).parent.mkdir(exist_ok=True)
        (target / name).write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict:
    """Every command's output in a plain copy, in the plain environment: what every variation must give."""
    folder = copy_inputs(tmp_path_factory.mktemp("base"), None)
    found = run_all(folder, COMMANDS)
    for name, (code, out, err) in found.items():
        if name == "eval-csv-folder":
            assert code == 2 and out == "" and "F202" in err, err
        elif name.startswith("check-broken"):
            assert code == 2 and out.count("E10") >= 6 and not err, (name, out, err)
        else:  # on stderr only the parents not encoded (C303: 138/QĐ-UBND, 226-KL/TW), for eval and export
            assert code in (0, 1) and out and not re.sub(r"^\S*: [^:]*\[C303\]: .*\n(?: .*\n)*", "", err, flags=re.M), (
                name, err)
            assert ("[C303]" in err) == name.startswith(("eval", "export")), name
    return found


@pytest.mark.parametrize("name", sorted(ENVIRONMENTS))
def test_hash_seed_locale_and_time_zone_change_nothing(base, tmp_path, name):
    folder = copy_inputs(tmp_path, None)
    found = run_all(folder, COMMANDS, ENVIRONMENTS[name])
    assert [n for n in COMMANDS if found[n] != base[n]] == []


@pytest.mark.parametrize("order", [1, 2, 3])
def test_the_order_files_are_written_in_changes_nothing(base, tmp_path, order):
    """Copies made file by file in shuffled orders, so directory listings come back in other orders."""
    folder = copy_inputs(tmp_path, order)
    found = run_all(folder, COMMANDS, {"PYTHONHASHSEED": str(order)})
    assert [n for n in COMMANDS if found[n] != base[n]] == []


def test_the_order_paths_are_given_in_changes_nothing(base, tmp_path):
    folder = copy_inputs(tmp_path, 4)
    plans = sorted(str(p.relative_to(folder)) for p in (folder / "plans").rglob("*")
                   if p.name.endswith((".plan", ".units.toml", ".units.csv")))  # check reads registers too
    tables = sorted(str(p.relative_to(folder)) for p in (folder / CSV_FACTS).glob("*.csv"))
    commands = {
        "check-json": ["check", *reversed(plans), "--format", "json"],
        "check-json-twice": ["check", *plans, "plans", *plans, "--format", "json"],
        "eval-csv-folder": ["eval", VU, "--facts", *reversed(tables), "--as-of", "2026-12-31", "--format", "json"],
    }
    found = run_all(folder, commands)
    assert found["check-json"] == base["check-json"]
    assert found["check-json-twice"] == base["check-json"]
    # the tables given one by one, backwards, give the folder's errors: sorted by place, each at the
    # row that causes it (a unit's groups at its row of units.csv, not at the first table naming it)
    assert found["eval-csv-folder"] == base["eval-csv-folder"]


# Each plan under a new name that sorts elsewhere; the vocabulary file too.
RENAMES = {
    "plans/prelude.plan": "plans/zz-tu-vung.plan",
    "plans/quoc-gia/qd-534-ttg.plan": "plans/quoc-gia/zz-quyet-dinh.plan",
    CUC: "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/00-cuc.plan",
    VU: "plans/quoc-gia/ninh-binh/vu-duong/00-vu-duong.plan",
}


def test_renamed_files_change_nothing_but_their_names(base, tmp_path):
    """With every plan renamed, each output is the same once the new names are read as the old ones."""
    folder = copy_inputs(tmp_path, 5, RENAMES)
    commands = {name: [RENAMES.get(arg, arg) for arg in argv] for name, argv in COMMANDS.items()}
    found = run_all(folder, commands)

    def back(text: str) -> str:
        for old, new in RENAMES.items():
            text = text.replace(new, old)
        return text

    for name in COMMANDS:
        code, out, err = found[name]
        if name.startswith("check"):
            if name == "check-json":  # the files are listed by path: compare them by (old) name
                files = json.loads(back(out))["files"]
                expected = json.loads(base[name][1])
                assert sorted(files, key=lambda f: f["file"]) == expected["files"]
            else:
                assert sorted(back(out).splitlines()) == sorted(base[name][1].splitlines())
        elif name == "tree":  # the tree shows numbers and titles, and its order follows paths among siblings
            assert sorted(back(out).splitlines()) == sorted(base[name][1].splitlines())
        elif name.endswith(("-text", "-text-vi")):  # wrapped to 80 columns: the new names are longer or shorter
            assert [code, back(out).split(), back(err)] == [base[name][0], base[name][1].split(), base[name][2]]
        else:
            assert [code, back(out), back(err)] == base[name], name


def test_the_command_line_itself_writes_the_same_bytes(base, tmp_path):
    """The real entry point, under the most hostile environment, prints exactly what `run` gave."""
    folder = copy_inputs(tmp_path, 6)
    for name in ("eval-vu-json", "eval-cuc-text-vi", "export-cuc-toml", "check-json"):
        done = subprocess.run([sys.executable, "-m", "planrules", *COMMANDS[name]], capture_output=True, cwd=folder,
                              env=_env(ENVIRONMENTS["kiritimati-vi"]), timeout=300)
        assert done.stdout == base[name][1].encode("utf-8"), name
        assert done.returncode == base[name][0] and done.stderr == base[name][2].encode("utf-8")


# ------------------------------------------------------------------ the order of --facts --

from hypothesis import given, settings, strategies as st  # noqa: E402

ORDER_FILES = {
    "vp.toml": '[units."vp_hđnd_ubnd"]\n[[units."vp_hđnd_ubnd".counts]]\nkind = "hội_nghị"\nyear = 2025\ncount = 10\n',
    "trung-tam.toml": '[units."trung_tâm_phục_vụ_hcc"]\n[[units."trung_tâm_phục_vụ_hcc".counts]]\n'
                      'kind = "hội_nghị"\nyear = 2026\ncount = 0\n',
    "su-kien.toml": '[[events]]\nevent = "chỉ_đạo_của_tỉnh_về_chuyển_đổi_số"\ndate = 2026-09-15\n',
    "hội_nghị.csv": "unit,id,ngày,loại,trực_tuyến,thời_lượng\n"
                    "phòng_vhxh,VH-1,10/06/2026,quán_triệt,x,1/2\nvp_hđnd_ubnd,VP-1,11/06/2026,chuyên_môn,,1\n",
    "units.csv": "unit,xã\nphòng_vhxh,Vũ Dương\nvp_hđnd_ubnd,Vũ Dương\ntrung_tâm_phục_vụ_hcc,Vũ Dương\n",
}


@pytest.fixture(scope="module")
def order_files(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("order")
    for name, text in ORDER_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / name) for name in ORDER_FILES]


def _eval_in_order(files: list[str], fmt: str) -> tuple[int, str, str]:
    import io

    from planrules.tooling.cli import run

    out, err = io.StringIO(), io.StringIO()
    code = run(["eval", str(ROOT / VU), "--facts", *files, "--as-of", "2026-12-31", "--format", fmt,
                "--group-by", "xã", "--no-cache"], out, err)
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=12, deadline=None)
@given(data=st.data())
def test_the_report_does_not_depend_on_the_order_of_facts(order_files, data):
    """TOML files and CSV tables given to --facts in any order give the same bytes, as a folder of them does."""
    fmt = data.draw(st.sampled_from(["json", "text"]))
    shuffled = data.draw(st.permutations(order_files))
    first = _eval_in_order(sorted(order_files), fmt)
    assert first[0] == 0 and first[1], first[2]
    assert _eval_in_order(list(shuffled), fmt) == first
    assert _eval_in_order([str(Path(order_files[0]).parent)], fmt) == first  # the folder itself


@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_the_problems_of_facts_files_do_not_depend_on_their_order(order_files, tmp_path_factory, data):
    """Facts that do not load are listed in one order whatever the order of the files given."""
    from planrules.base.diagnostics import FactsError
    from planrules.facts.loader import load_facts

    broken = tmp_path_factory.mktemp("broken")
    for i, name in enumerate(("a.toml", "b.toml", "c.csv")):
        text = f"[units.x{i}]\ncounts = 3\n" if name.endswith(".toml") else "unit,kind,year,count\nx,k,năm,1\n"
        (broken / name).write_text(text, encoding="utf-8")
    files = sorted(str(p) for p in broken.iterdir())

    def problems(paths):
        with pytest.raises(FactsError) as error:
            load_facts(*paths)
        return [d.render() for d in error.value.diagnostics]

    assert problems(data.draw(st.permutations(files))) == problems(files)


def test_fmt_lists_the_files_it_would_change_in_one_order(tmp_path):
    """`fmt --check b.plan a.plan` once listed them in the order given."""
    import io

    from planrules.tooling.cli import run

    for name in ("b.plan", "a.plan", "c.plan"):
        (tmp_path / name).write_text(f'ke hoach:"{name}"   don vi vp:"Văn phòng"', encoding="utf-8")
    outputs = set()
    for order in (["b.plan", "a.plan", "c.plan"], ["c.plan", "b.plan", "a.plan"], ["a.plan", "c.plan", "b.plan"]):
        out = io.StringIO()
        assert run(["fmt", "--check", *(str(tmp_path / n) for n in order)], out, io.StringIO()) == 1
        outputs.add(out.getvalue())
    assert len(outputs) == 1 and outputs.pop().count("cần định dạng lại") == 3  # (plans in Vietnamese)
