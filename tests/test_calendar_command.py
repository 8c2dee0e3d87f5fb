"""`planrules calendar` (`tooling.calendar_command`): docs/reports.md's examples replayed, iCalendar read back,
the H7xx mistakes refused with exit status 2 and nothing on standard output."""

from __future__ import annotations

import io
import re
import sys

import pytest
from conftest import ROOT, console_steps

from planrules.tooling.calendar_command import CODES
from planrules.tooling.cli import run

DOC = ROOT / "docs" / "reports.md"


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def _blocks() -> list[tuple[int, str, str, str]]:
    """(line, language and flags, file= name or "", text) of each fenced block of docs/reports.md."""
    text = DOC.read_text(encoding="utf-8")
    found = re.finditer(r"^```([^\n]*)\n(.*?)^```$", text, re.M | re.S)
    return [(text.count("\n", 0, b.start()) + 1, b.group(1), (re.findall(r"file=(\S+)", b.group(1)) or [""])[0],
             b.group(2)) for b in found]


@pytest.fixture
def doc_files(tmp_path, monkeypatch):
    """A folder holding every file docs/reports.md names (`file=`), as the working directory."""
    for _, _, name, text in _blocks():
        if name:
            (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


CONSOLES = [b for b in _blocks() if b[1] == "console"]


@pytest.mark.parametrize("block", CONSOLES, ids=lambda b: f"line{b[0]}")
def test_the_console_blocks_of_docs_reports_print_what_they_show(block, doc_files):
    for command, expected in console_steps(block[3], f"docs/reports.md:{block[0]}"):
        argv = command.split()
        assert argv[0] == "planrules", command
        code, out, err = cli(*argv[1:])
        assert (out + err).rstrip("\n") == expected, f"docs/reports.md:{block[0]}: $ {command}"
        assert (code == 2) == ("[H7" in err) and (out == "" or code == 0)


def test_the_ics_block_of_docs_reports_is_what_the_command_writes(doc_files):
    icalendar = pytest.importorskip("icalendar")
    (block,) = [b for b in _blocks() if b[1] == "text ics"]
    command, _, shown = block[3].partition("\n")
    assert command.startswith("$ planrules calendar ")
    code, out, _ = cli(*command[2:].split()[1:])
    assert code == 0 and out.endswith("\r\n") and "\n" not in out.replace("\r\n", "")  # RFC 5545 line ends
    written = icalendar.Calendar.from_ical(out)
    documented = icalendar.Calendar.from_ical(shown.replace("\n", "\r\n"))
    assert written == documented and len(written.walk("VEVENT")) == 1
    event = written.walk("VEVENT")[0]
    assert str(event["summary"]) == "TT 1: Báo cáo tình hình thực hiện kế hoạch — Văn phòng UBND"
    assert "moved to Monday 26/10/2026" in str(event["description"])


def test_every_code_is_in_the_table_and_printed_in_the_page():
    doc = DOC.read_text(encoding="utf-8")
    assert set(re.findall(r"^\| `(H7\d\d)` \|", doc, re.M)) == set(CODES)
    shown = "\n".join(b[3] for b in CONSOLES)
    assert set(re.findall(r"\[(H7\d\d)\]", shown)) == {"H700", "H701", "H702"}


def test_late_with_ics_and_ics_without_icalendar_are_refused(doc_files, monkeypatch):
    code, out, err = cli("calendar", "lich.plan", "--facts", "lich.toml", "--late", "--format", "ics", "--lang", "en")
    assert (code, out) == (2, "") and "error[H704]" in err
    monkeypatch.setitem(sys.modules, "icalendar", None)  # as if not installed
    code, out, err = cli("calendar", "lich.plan", "--format", "ics", "--lang", "en")
    assert (code, out) == (2, "") and "error[H703]" in err and "planrules[calendar]" in err


def test_the_calendars_mistakes_are_said_in_the_plans_language(doc_files, monkeypatch):
    """Without --lang or $PLANRULES_LANG, an H7xx (about no file) is in the calendar's language, the plan's; the
    facts' own problems stay in theirs (English unless --lang)."""
    monkeypatch.delenv("PLANRULES_LANG", raising=False)
    code, out, err = cli("calendar", "lich.plan", "--facts", "lich.toml", "--late", "--format", "ics")
    assert (code, out, err) == (2, "", "lỗi[H704]: --late liệt kê việc quá hạn dưới dạng văn bản: bỏ --format ics\n")
    (doc_files / "english.plan").write_text('plan: "9/KH"\nissued: 01/10/2026\nunit vp: "Office"\n', encoding="utf-8")
    code, _, err = cli("calendar", "english.plan", "--unit", "tp")
    assert code == 2 and err.startswith("error[H701]: the plan binds no unit tp")


def test_the_calendar_of_vu_duong_in_vietnamese_lists_every_unit_and_waiting_event():
    code, out, _ = cli("calendar", str(ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"),
                       "--library", str(ROOT / "plans"), "--lang", "vi")
    assert code == 0
    assert out.startswith("Lịch thực hiện kế hoạch 104/KH-UBND, từ ngày 04/06/2026 đến ngày 31/12/2026\n")
    for label in ("Văn phòng HĐND - UBND xã", "Phòng Văn hóa - Xã hội", "Trung tâm phục vụ hành chính công",
                  "Chờ sự kiện (chưa có ngày)", "chờ: có văn bản chỉ đạo của tỉnh"):
        assert label in out
    assert "vp_hđnd_ubnd" not in out


@pytest.mark.parametrize("lang, source", [("vi", "nguồn 104/KH-UBND, dòng"), ("en", "source 104/KH-UBND, line(s)")])
def test_the_calendar_names_the_source_document_by_the_plans_number_as_every_report_does(lang, source):
    """Where a deadline is written in the seed document is said as the other reports say it (`phrases.places`):
    by the plan's number and the line ("nguồn 104/KH-UBND, dòng 121"), never by the seed file's name; in the
    text and in the iCalendar DESCRIPTION."""
    plan = str(ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan")
    code, text, _ = cli("calendar", plan, "--lang", lang)
    assert code == 0
    flat = " ".join(text.split())
    assert flat.count(source) >= 10 and ".txt" not in flat
    # the same words, for the same deadline, as eval's report: TT 1, line 151
    assert f"{source} 151" in flat
    pytest.importorskip("icalendar")
    code, ics, _ = cli("calendar", plan, "--lang", lang, "--format", "ics")
    unfolded = ics.replace("\r\n ", "").replace("\\,", ",")  # (folded lines joined, commas unescaped)
    described = [line for line in unfolded.splitlines() if line.startswith("DESCRIPTION:")]
    assert code == 0 and described and all(source in line and ".txt" not in line for line in described)


def test_the_readme_calendar_excerpt_is_what_the_command_prints(monkeypatch):
    """README's calendar block is the whole output of its first `planrules calendar` line, byte for byte."""
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (command,) = re.findall(r"^(planrules calendar .*--unit .*)$", readme, re.M)
    (shown,) = re.findall(r"```text\n(Lịch thực hiện kế hoạch .*?)```", readme, re.S)
    monkeypatch.chdir(ROOT)
    code, out, _ = cli(*shlex.split(command)[1:])
    assert code == 0 and out == shown
    assert "[screenshot](docs/report-page.png)" in readme and (ROOT / "docs/report-page.png").read_bytes()[:8] \
        == b"\x89PNG\r\n\x1a\n"


def test_the_default_span_is_the_plans_and_never_ends_before_it_starts(tmp_path):
    plan = tmp_path / "p.plan"
    plan.write_text('kế hoạch: "7/KH"\nngày ban hành: 10/05/2026\nhiệu lực đến: 22/08/2026\nđơn vị vp: "Văn phòng"\n'
                    'nhiệm vụ TT 1 {\n    nội dung: "Báo cáo"\n    chủ trì: vp\n    sản phẩm: "Báo cáo"\n'
                    '    thời hạn: trước ngày 25 hằng tháng\n}\n', encoding="utf-8")
    code, out, _ = cli("calendar", str(plan), "--lang", "en")
    # May to August: the plan's end closes it, but August's report, opened before the end, is due after it
    assert code == 0 and out.startswith("Calendar of plan 7/KH, from 10/05/2026 to 24/08/2026\n")
    assert out.count("TT 1 · ") == 4 and "Monday, 24/08/2026" in out
    code, out, _ = cli("calendar", str(plan), "--to", "2026-08-22", "--lang", "en")
    assert code == 0 and out.count("TT 1 · ") == 3  # a span asked for is the span listed
    code, out, _ = cli("calendar", str(plan), "--from", "2027-01-01", "--lang", "en")
    assert code == 0 and out.startswith("Calendar of plan 7/KH, from 01/01/2027 to 31/12/2027\n")
    assert "Nothing falls due in this period." in out  # no occurrence opens after the plan's end
