"""`planrules eval` and `planrules export` on the bundled plans and sample facts."""

import io
import json
import re
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

from planrules.tooling.cli import run
from planrules.reports.data import from_json, from_toml

VU_DUONG = str(ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan")
CUC = str(ROOT / "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan")
VU_FACTS = str(ROOT / "examples/vu-duong/facts.toml")
CUC_FACTS = str(ROOT / "examples/cuc-van-thu-luu-tru/facts.toml")


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def but_parents(err: str, codes: tuple[str, ...] = ("C303",)) -> str:
    """`err` without the warnings of `codes`: by default those (C303) about parents not in the library, which the
    samples' plans have."""
    return re.sub(rf"^\S*: [^:\[]*\[(?:{'|'.join(codes)})\]: .*\n(?:[ ].*\n)*", "", err, flags=re.M)


def test_eval_prints_a_report_and_exits_zero(monkeypatch):
    # Run as the README does, from the checkout with relative paths: fact
    # origins quote the path as given, and an absolute path depends on where
    # the checkout lives.
    monkeypatch.chdir(ROOT)
    code, out, err = cli(
        "eval", "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan",
        "--facts", "examples/vu-duong/facts.toml", "--as-of", "2026-11-30", "--library", "plans",
    )
    assert (code, but_parents(err)) == (0, "") and err.count("[C303]") == 2  # 138/QĐ-UBND, 226-KL/TW
    assert out.startswith("Báo cáo thực hiện kế hoạch 104/KH-UBND, tính đến ngày 30/11/2026\n")  # the plan's language
    assert "\nPhòng Văn hóa - Xã hội\n" in out and "\nTrung tâm phục vụ hành chính công\n" in out  # by label
    assert max(len(line) for line in out.splitlines()) <= 80


def test_only_a_single_unbreakable_word_may_pass_the_width():
    # Paths are quoted whole, so from a deep checkout a line may pass 80
    # columns, but only because it holds a word (a path) that alone does.
    code, out, _ = cli("eval", VU_DUONG, "--facts", VU_FACTS, "--as-of", "2026-11-30", "--library", str(ROOT / "plans"),
                       "--lang", "en")
    assert code == 0
    for line in out.splitlines():
        if len(line) > 80:
            indent = len(line) - len(line.lstrip())
            # room for the "at " before the path and the " ·" after it
            assert any(indent + len("at ") + len(word) + len(" ·") > 80 for word in line.split()), line


def test_strict_exits_one_when_something_is_not_met():
    code, out, _ = cli("eval", CUC, "--facts", CUC_FACTS, "--as-of", "2026-11-30", "--strict", "--lang", "en")
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


BOTH_ROUNDS = """[facts]
period = { from = 2025-01-01, to = 2026-12-31 }

[units."phòng_xyz"]

[[units."vp_hđnd_ubnd".records."hội_nghị"]]
id = "HN-01"
"ngày" = 2026-03-02
"loại" = "quán_triệt"

[[units."vp_hđnd_ubnd".records."hội_nghị"]]
id = "HN-01"
"ngày" = 2027-03-02
"trực_tuyến" = "maybe"

[[units."vp_hđnd_ubnd".deliveries]]
task = "TT 99"
date = "31/02/2026"
"""


def test_every_problem_of_a_bad_facts_file_is_listed_in_one_run(tmp_path):
    """The loader's problems and the plan's, together, sorted by place: an unknown unit (F201); a record
    with one bad field (F120) whose date lies outside the period (F150) and whose id repeats (F140);
    a delivery with a bad date (F121) for a task the plan lacks (F204). No verdict."""
    bad = tmp_path / "bad.toml"
    bad.write_text(BOTH_ROUNDS, encoding="utf-8")
    code, out, err = cli("eval", VU_DUONG, "--facts", str(bad), "--as-of", "2026-11-30")
    assert code == 2 and out == ""
    found = re.findall(rf"^{re.escape(str(bad))}:(\d+):(\d+): error\[(F\d+)\]", err, re.M)
    assert [(int(line), code) for line, _, code in found] == [
        (4, "F201"), (11, "F140"), (13, "F150"), (14, "F120"), (16, "F204"), (18, "F121")]
    assert "did you mean phòng_vhxh?" in err and "did you mean TT 9?" in err


def test_the_scenarios_get_every_problem_of_their_facts_files_too(tmp_path):
    (tmp_path / "bad.toml").write_text(BOTH_ROUNDS, encoding="utf-8")
    (tmp_path / "x.test.toml").write_text(
        f'plan = "{VU_DUONG}"\n[[scenario]]\nname = "s"\nas_of = 2026-11-30\nfacts = ["bad.toml"]\n'
        '[[scenario.expect]]\nunit = "vp_hđnd_ubnd"\nrule = "TT 2#1"\nstatus = "met"\n', encoding="utf-8")
    code, out, err = cli("test", str(tmp_path))
    assert code == 2
    assert re.findall(r"error\[(F\d+)\]", err) == ["F201", "F140", "F150", "F120", "F204", "F121"]


def test_an_empty_facts_file_judges_every_unit_the_plan_binds(tmp_path):
    empty = tmp_path / "empty.toml"
    empty.write_text("# nothing reported yet\n", encoding="utf-8")
    code, out, err = cli("eval", VU_DUONG, "--facts", str(empty), "--as-of", "2026-11-30", "--strict", "--lang", "en")
    # every verdict unknown: nothing is not met, so --strict passes, but nothing reads as compliance
    assert (code, but_parents(err)) == (0, "") and "No verdicts" not in out
    total = next(line for line in out.splitlines() if line.startswith("Total"))
    # restated targets count once, and so does a joint deliverable (TT 5, TT 8: 45, not 47, since issue 16)
    assert total.split() == ["Total", "0", "0", "0", "45", "0", "45"]
    assert "No facts reported for unit Trung tâm phục vụ hành chính công" in out


@pytest.mark.parametrize("strict, code, label", [(True, 1, "error"), (False, 0, "warning")])
def test_no_verdict_at_all_never_passes_silently(tmp_path, strict, code, label):
    """The Cục's tasks bind groups, not named units: without its register beside it (a copy of the plan alone),
    facts naming no unit give no verdict at all."""
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    alone = tmp_path / "kh-10-du.plan"
    alone.write_text(Path(CUC).read_text(encoding="utf-8"), encoding="utf-8")
    cuc = str(alone)
    found, out, err = cli("eval", cuc, "--facts", str(empty), "--as-of", "2026-11-30", "--lang", "en",
                          *(["--strict"] if strict else []))
    assert found == code and "No verdicts." in out
    # the Cục's groups, which no unit of empty facts belongs to, are said too (F214)
    assert err.count("[F214]") == 2  # các_chi_bộ, chi_bộ_các_trung_tâm
    assert but_parents(err, ("C303", "F214")) == f"{label}[F213]: no verdict: plan 10-KH/ĐU binds none of the units judged (none), so nothing " \
                  "was evaluated\n"
    _, _, err = cli("eval", cuc, "--facts", str(empty), "--strict", "--lang", "vi")
    assert "[F213]: không có kết quả đánh giá: kế hoạch 10-KH/ĐU không ràng buộc đơn vị nào" in err


def test_the_cuc_judges_each_chi_bo_of_its_register_even_without_facts(tmp_path):
    """With chi-bo.units.toml beside the plan, "Các chi bộ" has members: each is bound, so empty facts give each
    of them unknown verdicts ("no facts reported"), never no verdict."""
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    found, out, err = cli("eval", CUC, "--facts", str(empty), "--as-of", "2026-11-30", "--format", "json")
    report = from_json(out)
    registered = ("chi_bộ_trung_tâm_lưu_trữ_điện_tử", "chi_bộ_tccb_htqt", "chi_bộ_văn_phòng")
    assert found == 0 and set(registered) <= set(report.units)
    assert {v.status.value for v in report.verdicts if v.unit in registered} == {"unknown"}
    assert "[F213]" not in err and "các_chi_bộ" not in err  # bound, not empty (F214 names only the other group)


def test_a_bound_unit_left_out_of_the_facts_cannot_be_rolled_up_silently(tmp_path):
    facts = tmp_path / "f.toml"
    facts.write_text('[units."vp_hđnd_ubnd"]\nattributes = { "xã" = "Vũ Dương" }\n'
                     '[units."phòng_vhxh"]\nattributes = { "xã" = "Vũ Dương" }\n', encoding="utf-8")
    code, out, err = cli("eval", VU_DUONG, "--facts", str(facts), "--group-by", "xã")
    assert code == 2 and out == ""
    assert but_parents(err) == ("error[F212]: unit trung_tâm_phục_vụ_hcc has no xã to be rolled up by: plan 104/KH-UBND binds "
                   "it (a task it leads, a target's scope, or a group it is in) but the facts do not mention it; list it "
                   "in the units table with its xã\n")


@pytest.mark.parametrize("as_of", ["2026-13-01", "tomorrow", "31/02/2026"])
def test_bad_as_of(as_of):
    code, out, err = cli("eval", VU_DUONG, "--facts", VU_FACTS, "--as-of", as_of)
    assert code == 2 and out == "" and "E002" in err


def test_missing_files_are_usage_errors(tmp_path):
    code, _, err = cli("eval", VU_DUONG, "--facts", str(tmp_path / "nope.toml"), "--lang", "en")
    assert code == 2 and "no such file" in err
    code, _, err = cli("eval", VU_DUONG, "--facts", str(tmp_path / "nope.toml"))  # in the plan's language
    assert code == 2 and "không có tệp hay thư mục này" in err


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


# ------------------------------------------------------------- table sources --


@pytest.fixture(scope="module")
def vu_duong_tables(tmp_path_factory):
    """The Vũ Dương sample facts written as a DuckDB file and as a Parquet folder."""
    from planrules import compile as compile_plan, load, load_dir
    from planrules.facts.loader import load_facts
    from planrules.facts.sources import write_duckdb, write_parquet

    rules = compile_plan(load(VU_DUONG), load_dir(ROOT / "plans"))
    facts = load_facts(VU_FACTS, vocabulary=rules.vocabulary)
    folder = tmp_path_factory.mktemp("tables")
    write_duckdb(facts, folder / "facts.duckdb", rules.vocabulary)
    write_parquet(facts, folder / "parquet", rules.vocabulary)
    return folder


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("where", ["facts.duckdb", "parquet"])
def test_eval_from_a_table_source_reports_what_the_toml_does(vu_duong_tables, where, fmt):
    common = ("--as-of", "2026-11-30", "--library", str(ROOT / "plans"), "--format", fmt)
    from_toml = cli("eval", VU_DUONG, "--facts", VU_FACTS, *common)
    from_tables = cli("eval", VU_DUONG, "--facts", str(vu_duong_tables / where), *common)
    assert from_toml[0] == from_tables[0] == 0
    # the same report but for where each fact was read: a file and line, or a table and row
    assert _without_origins(from_tables[1], fmt) == _without_origins(from_toml[1], fmt)


def _without_origins(out: str, fmt: str):
    """`out` with each place a fact was read from (file:line (table[row]), or db (table[row])) blanked."""
    import re

    place = re.compile(r"\S+ \([^()\s]*\[\d+\]\)")
    if fmt == "text":
        return place.sub("<origin>", re.sub(r"\s+", " ", out))
    report = json.loads(out)
    for v in report["verdicts"]:
        v["records"] = [place.sub("<origin>", r) for r in v.get("records", ())]
        for x in v.get("violations", ()):
            x["origin"] = place.sub("<origin>", x["origin"])
    return report


def test_a_table_source_goes_alone(vu_duong_tables):
    code, _, err = cli("eval", VU_DUONG, "--facts", str(vu_duong_tables / "facts.duckdb"), VU_FACTS,
                       "--as-of", "2026-11-30")
    assert code == 2 and "F101" in err and "give it alone" in err


def test_a_connection_string_is_not_a_missing_file_and_its_password_is_not_shown(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "psycopg" else real(name, *a))
    code, _, err = cli("eval", VU_DUONG, "--facts", "postgresql://ai:bí-mật@127.0.0.1:1/x", "--as-of", "2026-11-30")
    # named by host, port and database as the driver reads the string: no user, no password
    assert code == 2 and "planrules[sql]" in err and "bí-mật" not in err and "postgresql://127.0.0.1:1/x:" in err


# ------------------------------------------------------------------ roll-up --


def test_group_by_prints_the_roll_up_in_text_and_carries_it_in_json(tmp_path):
    attributes = tmp_path / "units.csv"
    attributes.write_text("unit,tỉnh,xã\nvp_hđnd_ubnd,Ninh Bình,Vũ Dương\nphòng_vhxh,Ninh Bình,Vũ Dương\n"
                          "trung_tâm_phục_vụ_hcc,Ninh Bình,Vũ Dương\n", encoding="utf-8")
    argv = ("eval", VU_DUONG, "--facts", VU_FACTS, str(attributes), "--as-of", "2026-12-31",
            "--library", str(ROOT / "plans"), "--group-by", "tỉnh", "--lang", "en")
    code, out, err = cli(*argv)
    assert (code, but_parents(err)) == (0, "") and "Roll-up by tỉnh of plan 104/KH-UBND" in out and "Ninh Bình" in out
    code, out, _ = cli(*argv, "--format", "json")
    rolled = json.loads(out)["rollup"]
    assert code == 0 and rolled and "Ninh Bình" in json.dumps(rolled, ensure_ascii=False)
    assert cli(*argv[:-2])[1] == cli(*argv[:-2])[1] and "Roll-up" not in cli(*argv[:-2])[1]


def test_group_by_an_attribute_no_unit_has_is_a_located_error():
    code, out, err = cli("eval", VU_DUONG, "--facts", VU_FACTS, "--as-of", "2026-12-31", "--group-by", "tỉnh")
    assert code == 2 and out == "" and "F211" in err and "tỉnh" in err


def test_eval_reads_a_database_through_a_mapping_of_its_own_names(vu_duong_tables, tmp_path):
    import duckdb

    renamed = tmp_path / "theirs.duckdb"
    con = duckdb.connect(str(renamed))
    con.execute(f"ATTACH '{vu_duong_tables / 'facts.duckdb'}' AS ours (READ_ONLY)")
    con.execute('CREATE TABLE meetings AS SELECT "unit" AS commune, "id", "ngày" AS held_on, "loại", '
                '"trực_tuyến", "thời_lượng" FROM ours."hội_nghị"')
    for table in [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_catalog = 'ours'").fetchall()]:
        if table != "hội_nghị":
            con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM ours."{table}"')
    con.close()
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[tables."hội_nghị"]\ntable = "meetings"\n[tables."hội_nghị".columns]\n'
                       'unit = "commune"\n"ngày" = "held_on"\n', encoding="utf-8")
    common = ("--as-of", "2026-11-30", "--library", str(ROOT / "plans"), "--format", "json")
    plain = cli("eval", VU_DUONG, "--facts", str(vu_duong_tables / "facts.duckdb"), *common)
    mapped = cli("eval", VU_DUONG, "--facts", str(renamed), "--mapping", str(mapping), *common)
    assert plain[0] == mapped[0] == 0
    assert _without_origins(mapped[1], "json") == _without_origins(plain[1], "json")
    unmapped = cli("eval", VU_DUONG, "--facts", str(renamed), *common)
    assert unmapped[0] == 2 and "F105" in unmapped[2] and "meetings" in unmapped[2]  # not a table of the layout


def test_a_mapping_with_toml_facts_is_a_usage_error(tmp_path):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[tables."hội_nghị"]\ntable = "meetings"\n', encoding="utf-8")
    code, _, err = cli("eval", VU_DUONG, "--facts", VU_FACTS, "--mapping", str(mapping), "--as-of", "2026-11-30")
    assert code == 2 and "--mapping" in err and "F101" in err


@pytest.mark.parametrize("where", ["facts.duckdb", "parquet"])
def test_group_by_reads_the_attributes_of_a_table_source(tmp_path, where):
    from planrules import compile as compile_plan, load, load_dir
    from planrules.facts.loader import load_facts
    from planrules.facts.sources import open_source, write_duckdb, write_parquet

    units = tmp_path / "units.csv"
    units.write_text("unit,tỉnh\nvp_hđnd_ubnd,Ninh Bình\nphòng_vhxh,Ninh Bình\ntrung_tâm_phục_vụ_hcc,Ninh Bình\n",
                     encoding="utf-8")
    rules = compile_plan(load(VU_DUONG), load_dir(ROOT / "plans"))
    facts = load_facts(VU_FACTS, units, vocabulary=rules.vocabulary)
    (write_duckdb if where.endswith("duckdb") else write_parquet)(facts, tmp_path / where, rules.vocabulary)
    with open_source(tmp_path / where, rules.vocabulary) as source:
        assert [u.attributes for u in source.light_facts(rules.vocabulary).units] == \
            [u.attributes for u in facts.units] == [(("tỉnh", "Ninh Bình"),)] * 3
    common = ("--as-of", "2026-12-31", "--library", str(ROOT / "plans"), "--group-by", "tỉnh", "--format", "json")
    from_toml = cli("eval", VU_DUONG, "--facts", VU_FACTS, str(units), *common)
    from_tables = cli("eval", VU_DUONG, "--facts", str(tmp_path / where), *common)
    assert from_toml[0] == from_tables[0] == 0
    rolled = [json.loads(out)["rollup"] for out in (from_toml[1], from_tables[1])]
    assert rolled[0] and "Ninh Bình" in json.dumps(rolled[0], ensure_ascii=False)
    place = re.compile(r"\S+ \([^()\s]*\[\d+\]\)")  # where a fact was read differs, nothing else
    assert place.sub("<origin>", json.dumps(rolled[0], ensure_ascii=False)) == \
        place.sub("<origin>", json.dumps(rolled[1], ensure_ascii=False))


# ---------------------------------------------------- the database sample --

SAMPLE = ROOT / "examples/tinh-mau"


def test_the_database_sample_gives_one_report_from_duckdb_and_parquet_with_its_roll_up():
    common = ("--as-of", "2026-12-31", "--group-by", "tỉnh", "--format", "json")
    plan = str(SAMPLE / "ke-hoach.plan")
    duck = cli("eval", plan, "--facts", str(SAMPLE / "facts.duckdb"), *common)
    parquet = cli("eval", plan, "--facts", str(SAMPLE / "parquet"), *common)
    assert duck[0] == parquet[0] == 0
    reports = [json.loads(out) for out in (duck[1], parquet[1])]
    assert [(v["rule"], v["unit"], v["status"], v.get("value")) for v in reports[0]["verdicts"]] == \
        [(v["rule"], v["unit"], v["status"], v.get("value")) for v in reports[1]["verdicts"]]
    assert len(reports[0]["units"]) == 6 and "tinh_01" in json.dumps(reports[0]["rollup"])


# ------------------------------------------------------------------ empty option values --

EMPTY_OPTIONS = [
    ("eval", "PLAN", "--facts", "FACTS", "--as-of", ""),
    ("eval", "PLAN", "--facts", "FACTS", "--group-by", ""),
    ("eval", "PLAN", "--facts", "FACTS", "--unit", ""),
    ("eval", "PLAN", "--facts", "FACTS", "--library", ""),
    ("eval", "PLAN", "--facts", "FACTS", "--mapping", ""),
    ("eval", "PLAN", "--facts", ""),
    ("eval", "PLAN", "--facts", "FACTS", ""),
    ("eval", "", "--facts", "FACTS"),
    ("eval", "PLAN", "--facts", "FACTS", "--as-of", "  "),
    ("eval", "PLAN", "--facts", "FACTS", "--group-by", " "),
    ("export", "PLAN", "--library", ""),
    ("export", ""),
    ("schema", "PLAN", "--library", ""),
    ("check", ""),
    ("check", "PLAN", ""),
    ("fmt", "", "--check"),
    ("tree", ""),
    ("test", ""),
]


@pytest.mark.parametrize("argv", EMPTY_OPTIONS, ids=lambda a: " ".join(repr(x) for x in a))
def test_an_empty_option_value_is_refused_not_read_as_absent(argv, tmp_path, monkeypatch):
    """`--as-of ''` once meant today, `--group-by ''` no roll-up, `--library ''` no parents, a path '' the
    current folder: an empty (or blank) value is a usage error that names the option, never a default."""
    import shutil

    monkeypatch.chdir(tmp_path)  # '' would be this folder: make it one that holds a plan and facts
    shutil.copyfile(VU_DUONG, tmp_path / "a.plan")
    shutil.copyfile(VU_FACTS, tmp_path / "f.toml")
    names = {"PLAN": VU_DUONG, "FACTS": VU_FACTS}
    code, out, err = cli(*(names.get(a, a) for a in argv))
    assert (code, out) == (2, ""), err
    assert "Traceback" not in err
    blank = next(i for i, a in enumerate(argv) if i and not a.strip())
    option = argv[blank - 1] if argv[blank - 1].startswith("--") else None
    assert "empty" in err and (option is None or f"argument {option}" in err), err


# ------------------------------------------------------------------ parents left out --


@pytest.mark.parametrize("command", [("eval", "--facts", CUC_FACTS, "--as-of", "2026-12-31"), ("export",),
                                     ("schema",)])
def test_a_parent_not_given_is_said_on_stderr_at_the_plans_cap_tren(command):
    """Without --library every inherited target vanished without a word; now each missing parent is a located
    warning (C303) on stderr, and the exit status stays that of the command."""
    code, out, err = cli(command[0], CUC, *command[1:], "--lang", "en")
    assert code == 0 and out
    assert err == (f"{CUC}:14:11: warning[C303]: parent plan 534/QĐ-TTg is not in the library: none of its targets "
                   "is inherited or evaluated\n"
                   ' 14 | cấp trên: "534/QĐ-TTg"\n    |           ^^^^^^^^^^^^\n'
                   "  hint: encode it, or give the folder holding it with --library\n")


def test_a_parent_missing_from_the_library_is_named_too():
    code, out, err = cli("eval", VU_DUONG, "--facts", VU_FACTS, "--as-of", "2026-11-30", "--library",
                         str(ROOT / "plans"), "--format", "json", "--lang", "vi")
    assert code == 0
    assert [line for line in err.splitlines() if "[C303]" in line] == [
        f"{VU_DUONG}:23:25: cảnh báo[C303]: kế hoạch cấp trên 138/QĐ-UBND không có trong thư viện: không chỉ tiêu "
        "nào của nó được kế thừa và đánh giá",
        f"{ROOT / 'plans/quoc-gia/qd-534-ttg.plan'}:19:11: cảnh báo[C303]: kế hoạch cấp trên 226-KL/TW không có trong thư viện: không chỉ tiêu "
        "nào của nó được kế thừa và đánh giá",
    ]
    assert from_json(out).missing_parents == ("138/QĐ-UBND", "226-KL/TW")


def test_missing_files_are_listed_in_one_order_whatever_the_order_given(tmp_path):
    names = [str(tmp_path / "b.toml"), str(tmp_path / "a.toml")]
    first = cli("eval", VU_DUONG, "--facts", *names)
    assert first == cli("eval", VU_DUONG, "--facts", *reversed(names))
    assert first[0] == 2 and first[2].index("a.toml") < first[2].index("b.toml")


def test_a_group_no_one_belongs_to_is_a_warning_and_under_strict_a_failure(tmp_path):
    """F214 on stderr at the group's declaration; `--strict` fails on it, as on no verdict at all."""
    plan = tmp_path / "ke-hoach.plan"
    plan.write_text('kế hoạch: "9/KH"\nngày ban hành: 01/06/2026\nđơn vị a: "A"\nnhóm các_tổ: "Các tổ"\n'
                    'nhiệm vụ TT 2 {\n    nội dung: "Tổng kết"\n    chủ trì: các_tổ\n    thời hạn: trước 30/09/2026\n}\n'
                    'chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60% trong năm 2026\n', encoding="utf-8")
    facts = tmp_path / "f.toml"
    facts.write_text("[units.a]\n", encoding="utf-8")
    common = ("eval", str(plan), "--facts", str(facts), "--as-of", "2026-12-31", "--lang", "en")
    code, out, err = cli(*common)
    assert code == 0 and "[unknown]" in out
    assert err == (f"{plan}:4:1: warning[F214]: group các_tổ leads TT 2, but plan 9/KH lists none of its units and "
                   "no unit of the facts belongs to it (member_of): nothing of TT 2 is judged\n"
                   ' 4 | nhóm các_tổ: "Các tổ"\n   | ^^^^^^^^^^^^^^^^^^^^^\n')
    code, _, err = cli(*common, "--strict")
    assert code == 1 and "error[F214]" in err


# ------------------------------------------------------------------ docs/evaluation.md, replayed --

EVALUATION_DOC = ROOT / "docs" / "evaluation.md"


def _doc_blocks(text: str) -> list[tuple[int, str, str, str]]:
    """(line, language, file= name or "", text) of each fenced block of a page."""
    found = re.finditer(r"^```(\S*)([^\n]*)\n(.*?)^```$", text, re.M | re.S)
    return [(text.count("\n", 0, b.start()) + 1, b.group(1), (re.findall(r"file=(\S+)", b.group(2)) or [""])[0],
             b.group(3)) for b in found]


EVALUATION_CONSOLES = [b for b in _doc_blocks(EVALUATION_DOC.read_text(encoding="utf-8")) if b[1] == "console"]


@pytest.mark.parametrize("block", EVALUATION_CONSOLES, ids=lambda b: f"line{b[0]}")
def test_the_console_blocks_of_docs_evaluation_print_what_they_show(block, tmp_path, monkeypatch):
    from conftest import console_steps

    for _, _, name, text in _doc_blocks(EVALUATION_DOC.read_text(encoding="utf-8")):
        if name:  # a folder of its own for an example whose register must not be found beside the others' plans
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command, expected in console_steps(block[3], f"docs/evaluation.md:{block[0]}"):
        argv = command.split()
        assert argv[0] == "planrules", command
        _, out, err = cli(*argv[1:])
        assert (out + err).rstrip("\n") == expected, f"docs/evaluation.md:{block[0]}: $ {command}"


def test_docs_evaluation_shows_every_f2xx_it_documents_being_printed():
    shown = "\n".join(b[3] for b in EVALUATION_CONSOLES)
    assert {"F214", "F215"} <= set(re.findall(r"(?:error|warning)\[(F2\d\d)\]", shown))


@pytest.mark.parametrize("header, as_of, reason", [
    ("hiệu lực từ: 15/05/2026\n", "12/05/2026", "Plan 12/KH-UBND takes effect on 15/05/2026: it does not bind before then"),
    ("", "09/05/2026", "Plan 12/KH-UBND is issued on 10/05/2026: it does not bind before then"),
])
def test_no_verdict_before_a_plan_of_deadlines_binds_says_why(tmp_path, header, as_of, reason):
    """A plan of deadlines only has nothing due before it binds: F213 says so, not that it binds no unit."""
    plan = tmp_path / "p.plan"
    plan.write_text('kế hoạch: "12/KH-UBND"\nngày ban hành: 10/05/2026\n' + header + 'đơn vị vp: "Văn phòng"\n'
                    'nhiệm vụ TT 1 {\n    nội dung: "Báo cáo"\n    chủ trì: vp\n    sản phẩm: "Báo cáo"\n'
                    '    thời hạn: trước ngày 20 hằng tháng\n}\n', encoding="utf-8")
    facts = tmp_path / "f.toml"
    facts.write_text('[units."vp"]\n', encoding="utf-8")
    code, out, err = cli("eval", str(plan), "--facts", str(facts), "--as-of", as_of, "--strict", "--lang", "en")
    assert code == 1 and "No verdicts." in out
    assert f"error[F213]: no verdict: {reason} (as of {as_of}). Nothing of it is due by then" in err
    assert "binds none of the units" not in err
    _, _, err = cli("eval", str(plan), "--facts", str(facts), "--as-of", as_of, "--lang", "vi")
    assert "cảnh báo[F213]: không có kết quả đánh giá: Kế hoạch 12/KH-UBND" in err and "Chưa có gì đến hạn" in err


NATIONAL = ROOT / "examples/quoc-gia"


def test_the_national_example_judges_every_commune_of_its_register_and_rolls_up_two_levels():
    """The plan lists no unit: the register beside it gives 3,321 communes, every one judged (unknown without
    facts), rolled up to its province and to the nation in one run."""
    import csv

    with (NATIONAL / "don-vi.units.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    communes = [r["unit"] for r in rows if r["level"] == "xã"]
    provinces = sorted(r["unit"] for r in rows if r["level"] == "tỉnh")
    assert "đơn vị" not in (NATIONAL / "ke-hoach.plan").read_text(encoding="utf-8")
    code, out, err = cli("eval", str(NATIONAL / "ke-hoach.plan"), "--facts", str(NATIONAL / "facts.duckdb"),
                         "--as-of", "2026-12-31", "--group-by", "tỉnh", "--group-by", "quốc_gia", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert sorted(data["units"]) == sorted(communes) and len(communes) == 3321
    by_province, nation = data["rollup"]
    assert [g["group"] for g in by_province["groups"]] == provinces and len(provinces) == 34
    assert [(g["group"], len(g["units"])) for g in nation["groups"]] == [("VN", 3321)]
    assert all(len(a["coverage"]["bound"]) == 3321 for a in nation["aggregates"])
    # codes are shown with their labels: every commune's, every province's and the nation's, as the register has them
    labels = {r["unit"]: r["label"] for r in rows}
    assert {x["unit"]: x["label"] for x in data["labels"]} == {c: labels[c] for c in communes}
    assert [g["label"] for g in by_province["groups"]] == [labels[p] for p in provinces]
    assert nation["groups"][0]["label"] == labels["VN"]


def test_only_rollup_prints_the_rollups_alone_and_needs_a_grouping():
    args = ("eval", str(NATIONAL / "ke-hoach.plan"), "--facts", str(NATIONAL / "facts.duckdb"), "--as-of",
            "2026-12-31", "--only-rollup", "--lang", "en")
    code, out, err = cli(*args, "--group-by", "quốc_gia")
    assert code == 0 and out.startswith("Roll-up by quốc_gia of plan 534/QĐ-TTg-MẪU, as of 31/12/2026\n")
    assert "00007\n=====" not in out and "3,321 unit(s): Xã Hòa Vĩnh (00007)" in out  # members by their labels
    for extra in ((), ("--group-by", "tỉnh", "--format", "json")):
        code, out, err = cli(*args, *extra)
        assert (code, out) == (2, "") and "--only-rollup prints roll-ups" in err


# ------------------------------------------------- the report's language --

_VI_PLAN = '''kế hoạch: "9/KH-UBND"
ngày ban hành: 01/03/2026
đơn vị vp: "Văn phòng UBND"

nhiệm vụ TT 1 {
    nội dung: "Báo cáo kết quả"
    chủ trì: vp
    sản phẩm: "Báo cáo"
    thời hạn: đến ngày 30/06/2026
}
'''

_HEADINGS = {"en": "Report on plan 9/KH-UBND, as of 31/12/2026\n",
             "vi": "Báo cáo thực hiện kế hoạch 9/KH-UBND, tính đến ngày 31/12/2026\n"}
_CALENDARS = {"en": "Calendar of plan 9/KH-UBND", "vi": "Lịch thực hiện kế hoạch 9/KH-UBND"}


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory):
    """The same plan in Vietnamese and (through `fmt --to en`) in English keywords, and an empty facts file."""
    folder = tmp_path_factory.mktemp("languages")
    (folder / "vi.plan").write_text(_VI_PLAN, encoding="utf-8")
    (folder / "en.plan").write_text(_VI_PLAN, encoding="utf-8")
    assert cli("fmt", str(folder / "en.plan"), "--to", "en")[0] == 0
    assert (folder / "en.plan").read_text(encoding="utf-8").startswith("plan:")
    (folder / "facts.toml").write_text("", encoding="utf-8")
    return folder


@pytest.mark.parametrize("plan", ["en", "vi"])
@pytest.mark.parametrize("variable", [None, "", "en", "vi"])
@pytest.mark.parametrize("flag", [None, "en", "vi"])
def test_the_report_is_in_the_plans_language_unless_the_variable_or_lang_says_otherwise(two_plans, monkeypatch,
                                                                                         plan, variable, flag):
    """--lang, else $PLANRULES_LANG (empty: unset), else the plan's own language: for eval (every format for
    people) and for the calendar."""
    if variable is None:
        monkeypatch.delenv("PLANRULES_LANG", raising=False)
    else:
        monkeypatch.setenv("PLANRULES_LANG", variable)
    expected = flag or variable or plan
    lang = ("--lang", flag) if flag else ()
    path = str(two_plans / f"{plan}.plan")
    code, out, err = cli("eval", path, "--facts", str(two_plans / "facts.toml"), "--as-of", "2026-12-31", *lang)
    assert code == 0 and out.startswith(_HEADINGS[expected]), err
    code, out, _ = cli("eval", path, "--facts", str(two_plans / "facts.toml"), "--as-of", "2026-12-31",
                       "--format", "md", *lang)
    assert out.startswith("# " + _HEADINGS[expected])
    code, out, _ = cli("calendar", path, *lang)
    assert code == 0 and out.startswith(_CALENDARS[expected])
