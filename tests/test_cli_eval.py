"""`planrules eval` and `planrules export` on the bundled plans and sample facts."""

import io
import json
import tomllib

import pytest
from conftest import ROOT

from planrules.cli import run
from planrules.report import from_json, from_toml

VU_DUONG = str(ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan")
CUC = str(ROOT / "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan")
VU_FACTS = str(ROOT / "examples/vu-duong/facts.toml")
CUC_FACTS = str(ROOT / "examples/cuc-van-thu-luu-tru/facts.toml")


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_eval_prints_a_report_and_exits_zero(monkeypatch):
    # Run as the README does, from the checkout with relative paths: fact
    # origins quote the path as given, and an absolute path depends on where
    # the checkout lives.
    monkeypatch.chdir(ROOT)
    code, out, err = cli(
        "eval", "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan",
        "--facts", "examples/vu-duong/facts.toml", "--as-of", "2026-11-30", "--library", "plans",
    )
    assert (code, err) == (0, "")
    assert "Report on plan 104/KH-UBND, as of 30/11/2026" in out
    assert "phòng_vhxh" in out and "trung_tâm_phục_vụ_hcc" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_only_a_single_unbreakable_word_may_pass_the_width():
    # Paths are quoted whole, so from a deep checkout a line may pass 80
    # columns, but only because it holds a word (a path) that alone does.
    code, out, _ = cli("eval", VU_DUONG, "--facts", VU_FACTS, "--as-of", "2026-11-30", "--library", str(ROOT / "plans"))
    assert code == 0
    for line in out.splitlines():
        if len(line) > 80:
            indent = len(line) - len(line.lstrip())
            # room for the "at " before the path and the " ·" after it
            assert any(indent + len("at ") + len(word) + len(" ·") > 80 for word in line.split()), line


def test_strict_exits_one_when_something_is_not_met():
    code, out, _ = cli("eval", CUC, "--facts", CUC_FACTS, "--as-of", "2026-11-30", "--strict")
    assert code == 1 and "not met" in out


@pytest.mark.parametrize("fmt, read", [("json", from_json), ("toml", from_toml)])
def test_machine_formats_read_back(fmt, read):
    code, out, _ = cli("eval", CUC, "--facts", CUC_FACTS, "--as-of", "31/12/2026", "--format", fmt)
    assert code == 0
    report = read(out)
    assert report.plan == "10-KH/ĐU" and str(report.as_of) == "2026-12-31" and report.verdicts


def test_markdown_and_vietnamese():
    code, out, _ = cli("eval", VU_DUONG, "--facts", VU_FACTS, "--as-of", "2026-12-31", "--format", "md", "--lang", "vi")
    assert code == 0 and out.startswith("#") and "không đạt" in out


def test_unit_filter_and_unknown_unit():
    code, out, _ = cli("eval", VU_DUONG, "--facts", VU_FACTS, "--as-of", "2026-12-31", "--unit", "phòng_vhxh",
                       "--format", "json")
    assert code == 0 and {v["unit"] for v in json.loads(out)["verdicts"]} == {"phòng_vhxh"}
    code, out, err = cli("eval", VU_DUONG, "--facts", VU_FACTS, "--unit", "phòng_xyz")
    assert code == 2 and out == "" and "phòng_xyz" in err


def test_bad_facts_get_every_problem_located_and_no_report(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[units."vp_hđnd_ubnd"]\n[[units."vp_hđnd_ubnd".counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = -1\n'
        '[[units."vp_hđnd_ubnd".records."hội_nghị"]]\n"loại" = "quán triệt"\n',
        encoding="utf-8",
    )
    code, out, err = cli("eval", VU_DUONG, "--facts", str(bad))
    assert code == 2 and out == ""
    assert f"{bad}:5:9: error[F123]" in err and f"{bad}:7:10: error[F113]" in err and "^" in err


def test_facts_that_do_not_fit_the_plan_are_refused(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[units."phòng_xyz"]\n[[units."phòng_xyz".deliveries]]\ntask = "TT 99"\ndate = 2026-01-01\n',
                   encoding="utf-8")
    code, out, err = cli("eval", VU_DUONG, "--facts", str(bad), "--lang", "vi")
    assert code == 2 and out == ""
    assert "F201" in err and "F204" in err and "phòng_vhxh" in err  # with a did-you-mean


@pytest.mark.parametrize("as_of", ["2026-13-01", "tomorrow", "31/02/2026"])
def test_bad_as_of(as_of):
    code, out, err = cli("eval", VU_DUONG, "--facts", VU_FACTS, "--as-of", as_of)
    assert code == 2 and out == "" and "E002" in err


def test_missing_files_are_usage_errors(tmp_path):
    code, _, err = cli("eval", VU_DUONG, "--facts", str(tmp_path / "nope.toml"))
    assert code == 2 and "no such file" in err


def test_export_lists_every_effective_target_with_its_source():
    code, out, _ = cli("export", CUC, "--library", str(ROOT / "plans"))
    assert code == 0
    data = tomllib.loads(out)
    assert data["plan"] == "10-KH/ĐU"
    inherited = [t for t in data["targets"] if t.get("inherited_from") == "534/QĐ-TTg"]
    assert {t["metric"] for t in inherited} == {"tỷ_lệ_hồ_sơ_trực_tuyến", "tỷ_lệ_số_hóa_văn_bản", "thời_lượng_hội_nghị"}
    edocs = next(t for t in data["targets"] if t["rule"] == "II.5-1#1")
    assert (edocs["kind"], edocs["comparator"], edocs["threshold_fraction"], edocs["excluding"]) == (
        "share", ">=", "1", {"mật": True})
    assert edocs["source"] == "83" and edocs["document"] == "000_8cbe939b58de2ac8.txt"
    monthly = next(d for d in data["deadlines"] if d["rule"] == "III.1.b@1")
    assert (monthly["kind"], monthly["day"], monthly["label"]) == ("MonthlyBefore", 25, "hàng tháng")
    code, out, _ = cli("export", CUC, "--format", "json")
    assert code == 0 and json.loads(out)["targets"]


def test_an_ascii_terminal_still_gets_utf8_not_a_traceback():
    import os
    import subprocess
    import sys

    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
           "PYTHONIOENCODING": ""}
    done = subprocess.run([sys.executable, "-m", "planrules", "eval", VU_DUONG, "--facts", VU_FACTS,
                           "--as-of", "2026-12-31", "--format", "json"], capture_output=True, env=env, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert json.loads(done.stdout.decode("utf-8"))["plan"] == "104/KH-UBND"
