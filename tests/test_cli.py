"""Tests of cli.py: the `planrules` command's output and exit codes."""

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from planrules.tooling.cli import run

# A task with all of the "6 rõ", so that the lint has nothing to say about it.
GOOD = (
    'kế hoạch: "1/KH"\nngày ban hành: 01/06/2026\nđơn vị vp: "Văn phòng"\nđơn vị ubnd: "UBND"\n\n'
    'nhiệm vụ TT 1 {\n    nội dung: "Báo cáo kết quả"\n    chủ trì: vp\n    sản phẩm: "Báo cáo"\n'
    '    thời hạn: thường xuyên\n    báo cáo cho: ubnd\n}\n'
)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.plan").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_check_clean_folder_exits_0(folder):
    """A folder of valid plans checks clean."""
    code, out, _ = cli("check", "--lang", "en", str(folder))
    assert code == 0
    assert out.strip() == "1 file(s), 0 error(s), 0 warning(s), 0 info"
    assert cli("check", str(folder))[1].strip() == "1 tệp, 0 lỗi, 0 cảnh báo, 0 thông tin"  # the plan's language


def test_check_syntax_error_exits_2_with_location(folder):
    """A syntax error is printed with file:line:column and exits 2."""
    (folder / "b.plan").write_text('kế hoạch: "2"\nđơn vị x "X"\n', encoding="utf-8")
    code, out, _ = cli("check", "--lang", "en", str(folder))
    assert code == 2
    assert f"{folder / 'b.plan'}:2:10: error[E100]" in out


def test_check_unknown_unit_exits_1(folder):
    """A lead that names no declared unit is an error finding (exit 1), with a suggestion."""
    (folder / "a.plan").write_text(GOOD.replace("chủ trì: vp", "chủ trì: vpp"), encoding="utf-8")
    code, out, _ = cli("check", "--lang", "en", str(folder))
    assert code == 1
    assert "unknown unit vpp" in out and 'did you mean vp?' in out
    assert ":8:14: error[R201]" in out and " 8 |     chủ trì: vpp" in out


def test_check_json(folder):
    """--format json gives one entry per file with its diagnostics."""
    (folder / "a.plan").write_text(GOOD.replace("chủ trì: vp", "chủ trì: ghost"), encoding="utf-8")
    code, out, _ = cli("check", "--format", "json", str(folder))
    payload = json.loads(out)
    assert code == 1 and payload["errors"] == 1
    (entry,) = payload["files"]
    assert entry["diagnostics"][0]["code"] == "R201"
    assert (entry["diagnostics"][0]["line"], entry["diagnostics"][0]["column"]) == (8, 14)


def test_check_in_vietnamese(folder):
    """--lang vi prints messages and the summary in Vietnamese."""
    (folder / "a.plan").write_text(GOOD.replace("chủ trì: vp", "chủ trì: ghost"), encoding="utf-8")
    _, out, _ = cli("check", "--lang", "vi", str(folder))
    assert "đơn vị ghost chưa được khai báo" in out
    assert "1 tệp, 1 lỗi, 0 cảnh báo, 0 thông tin" in out


def test_missing_path_is_usage_error(tmp_path):
    """A path that does not exist exits 2 and says so."""
    code, _, err = cli("check", str(tmp_path / "nope.plan"))
    assert code == 2 and "no such file" in err


def test_not_utf8_is_located(tmp_path):
    """A file that is not UTF-8 is a located error, not a traceback."""
    (tmp_path / "bad.plan").write_bytes('kế hoạch: "1"\n'.encode("utf-8") + b"\xff\xfe\n")
    code, out, _ = cli("check", str(tmp_path))
    assert code == 2 and "is not UTF-8" in out and ":2:1:" in out


def test_no_command_prints_help_and_exits_2():
    """Running with no subcommand is a usage error."""
    code, _, err = cli()
    assert code == 2 and "usage: planrules" in err


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["fmt", "--help"]])
def test_help_is_complete(argv):
    """--help of the command and each subcommand exits 0 and documents every option, on standard output."""
    code, printed, _ = cli(*argv)
    assert code == 0
    if argv[0] == "check":
        assert all(word in printed for word in ("--format", "--lang", "PATH"))
    if argv[0] == "fmt":
        assert all(word in printed for word in ("--check", "--to", "PATH"))


def test_top_level_help_names_every_command():
    """The top-level --help says what planrules does: every command's verb, not only "check and format"."""
    code, out, _ = cli("--help")
    assert code == 0
    description = " ".join(out.split()).lower()
    for verb in ("check", "format", "evaluate", "export", "schema", "scenario", "hierarchy"):
        assert verb in description.split("positional arguments")[0].split("options:")[0], verb


def test_fmt_check_then_rewrite(tmp_path):
    """fmt --check reports a badly laid out file and exits 1; fmt rewrites it; then --check passes."""
    path = tmp_path / "a.plan"
    path.write_text('ke hoach:"1/KH"   don vi vp:"Văn phòng"', encoding="utf-8")
    code, out, _ = cli("fmt", "--check", str(path))
    assert code == 1 and out == f"cần định dạng lại {path}\n"  # each file's line in its language
    assert cli("fmt", "--check", "--lang", "en", str(path))[1] == f"would reformat {path}\n"
    assert path.read_text(encoding="utf-8").startswith("ke hoach")
    assert cli("fmt", str(path)) == (0, f"đã định dạng lại {path}\n", "")
    assert path.read_text(encoding="utf-8") == 'kế hoạch: "1/KH"\n\nđơn vị vp: "Văn phòng"\n'
    english = tmp_path / "b.plan"
    english.write_text('plan:"1/KH"   unit vp:"Office"', encoding="utf-8")
    assert cli("fmt", str(path), str(english)) == (0, f"reformatted {english}\n", "")
    assert cli("fmt", "--check", str(path))[0] == 0


def test_fmt_translates_keywords(tmp_path):
    """fmt --to en writes the same plan with English keywords."""
    path = tmp_path / "a.plan"
    path.write_text(GOOD, encoding="utf-8")
    assert cli("fmt", "--to", "en", str(path))[0] == 0
    text = path.read_text(encoding="utf-8")
    assert "task row 1 {" in text and "lead: vp" in text and "deadline: ongoing" in text


def test_fmt_refuses_broken_file(tmp_path):
    """fmt leaves a file with syntax errors untouched and exits 2."""
    path = tmp_path / "a.plan"
    path.write_text("kế hoạch \"1\"\n", encoding="utf-8")
    code, _, err = cli("fmt", str(path))
    assert code == 2 and "E100" in err
    assert path.read_text(encoding="utf-8") == "kế hoạch \"1\"\n"


def test_console_script_runs():
    """The installed console script and `python -m planrules` both answer --version.

    The script is looked for beside the interpreter running the suite (the venv's bin folder),
    not on PATH: the README's commands call `.venv/bin/python` without activating the venv.
    """
    script = Path(sys.executable).with_name("planrules")
    assert script.is_file(), f"console script not installed beside {sys.executable}"
    for argv in ([str(script), "--version"], [sys.executable, "-m", "planrules", "--version"]):
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stdout.startswith("planrules ")


BROKEN_VI = 'kế hoạch: "2"\nđơn vị x "X"\n'
BROKEN_EN = 'plan: "3"\nunit y "Y"\n'


def test_messages_follow_each_files_language_unless_lang_says(tmp_path):
    """Without --lang, each file's messages are in its language (that of its first keyword); --lang overrides."""
    (tmp_path / "vi.plan").write_text(BROKEN_VI, encoding="utf-8")
    (tmp_path / "en.plan").write_text(BROKEN_EN, encoding="utf-8")
    code, out, _ = cli("check", str(tmp_path))
    assert code == 2
    vi = [line for line in out.splitlines() if line.startswith(str(tmp_path / "vi.plan"))]
    en = [line for line in out.splitlines() if line.startswith(str(tmp_path / "en.plan"))]
    assert vi and all("lỗi[E100]" in line and "cần" in line for line in vi)
    assert en and all("error[E100]" in line and "expected" in line for line in en)
    for lang, word in (("en", "error[E100]"), ("vi", "lỗi[E100]")):
        _, out, _ = cli("check", "--lang", lang, str(tmp_path))
        assert sum(word in line for line in out.splitlines()) == 2
    for name, word in (("vi.plan", "lỗi[E100]"), ("en.plan", "error[E100]")):
        code, _, err = cli("fmt", str(tmp_path / name))
        assert code == 2 and word in err
        assert word in cli("export", str(tmp_path / name))[2]


PLANS = Path(__file__).resolve().parents[1] / "plans"


def _listed(out: str) -> list[str]:
    """The finding lines of a check's text output: "file:line:col: severity[CODE]: …"."""
    return [line for line in out.splitlines() if re.match(r"^\S+:\d+:\d+: \S+\[[A-Z]\d{3}\]: ", line)]


def test_check_lists_warnings_and_summarises_info_by_code():
    """By default the info findings (184 L402 on the real plans) are one line per code with a count, after the
    warnings and errors listed; --min-severity info lists them all, error lists only errors."""
    _, out, _ = cli("check", "--lang", "en", str(PLANS))
    _, everything, _ = cli("check", "--lang", "en", "--min-severity", "info", str(PLANS))
    listed, all_listed = _listed(out), _listed(everything)
    infos = [line for line in all_listed if " info[" in line]
    assert infos and all(" info[" not in line for line in listed)
    assert listed == [line for line in all_listed if " info[" not in line]
    codes = {re.search(r"info\[(\w+)\]", line)[1] for line in infos}
    summary = [line for line in out.splitlines() if line.startswith("info[")]
    assert len(summary) == len(codes)
    for line in summary:
        code = re.search(r"\[(\w+)\]", line)[1]
        # a "… and N more" line (at most 100 of a code per file: NQ 03's L402) stands for N findings
        count = sum(int(more[1]) if (more := re.search(r"… and (\d+) more", i)) else 1
                    for i in infos if f"info[{code}]" in i)
        assert f": {count} " in line
    assert out.splitlines()[-1] == everything.splitlines()[-1]  # the totals count everything
    _, errors_only, _ = cli("check", "--lang", "en", "--min-severity", "error", str(PLANS))
    assert _listed(errors_only) == [line for line in all_listed if " error[" in line]
    assert any(line.startswith("warning[L401]: 22 ") for line in errors_only.splitlines())  # Vũ Dương 2, NQ 03 20
    _, vi, _ = cli("check", str(PLANS))
    assert any(line.startswith("thông tin[L402]: ") for line in vi.splitlines())


def test_check_json_keeps_everything_unless_min_severity_is_given():
    """JSON lists every finding by default; with --min-severity, those below are summarised by code."""
    full = json.loads(cli("check", "--format", "json", str(PLANS))[1])
    infos = sum(d.get("count", 1) for f in full["files"] for d in f["diagnostics"] if d["severity"] == "info")
    assert infos == full["infos"] > 0 and "summarised" not in full  # a "… and N more" note has its count
    cut = json.loads(cli("check", "--format", "json", "--min-severity", "warning", str(PLANS))[1])
    assert all(d["severity"] != "info" for f in cut["files"] for d in f["diagnostics"])
    assert sum(s["count"] for s in cut["summarised"]) == cut["infos"] == full["infos"]


@pytest.mark.parametrize(("argv", "english", "vietnamese"), [
    (["eval", "{plan}", "--facts", "{plan}", "--only-rollup"],
     "planrules: --only-rollup prints roll-ups: give --group-by, and --format text or md",
     "planrules: --only-rollup chỉ in phần tổng hợp: hãy dùng cùng --group-by, và --format text hoặc md"),
    (["eval", "{plan}", "--facts", "{plan}", "--format", "html", "--group-by", "tỉnh"],
     "planrules: the web page (--format html) shows a plan's units, not roll-ups: leave out --group-by, or write "
     "roll-ups with --format text, md, toml or json",
     "planrules: trang web (--format html) trình bày các đơn vị của kế hoạch, không trình bày phần tổng hợp: hãy "
     "bỏ --group-by, hoặc ghi phần tổng hợp bằng --format text, md, toml hoặc json"),
    (["check", "{folder}/none.plan"], "planrules: {folder}/none.plan: no such file or folder",
     "planrules: {folder}/none.plan: không có tệp hay thư mục này"),
])
def test_usage_mistakes_the_command_line_finds_itself_are_said_in_the_language_chosen(argv, english, vietnamese,
                                                                                      folder, monkeypatch):
    argv = [a.format(plan=folder / "a.plan", folder=folder) for a in argv]
    assert cli(*argv, "--lang", "en") == (2, "", english.format(folder=folder) + "\n")
    assert cli(*argv, "--lang", "vi") == (2, "", vietnamese.format(folder=folder) + "\n")
    monkeypatch.setenv("PLANRULES_LANG", "vi")
    assert cli(*argv) == (2, "", vietnamese.format(folder=folder) + "\n")
    monkeypatch.delenv("PLANRULES_LANG")  # neither: a report's mistakes in its (Vietnamese) plan's language
    assert cli(*argv) == (2, "", (vietnamese if argv[0] == "eval" else english).format(folder=folder) + "\n")
