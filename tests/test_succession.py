"""Mergers, renames and succession (issue 16, point 5): a register's `successor`, `since` and `change`, their
located errors (F155-F158), and how evaluation follows them (docs/evaluation.md, "Mergers, renames and
succession")."""

import datetime as _dt

import pytest

from planrules.base.diagnostics import FactsError
from planrules.facts.register import Registered
from planrules.facts.register_files import loads_register

CSV = """unit,label,successor,since,change
bo_a,Bộ A,bo_b,01/03/2025,merged
bo_b,Bộ B,,,
so_c,Sở C,so_d,2025-07-01,
so_d,Sở D,,,
"""

TOML = """[units.bo_a]
label = "Bộ A"
successor = "bo_b"
since = 2025-03-01
change = "sáp nhập"

[units.bo_b]
label = "Bộ B"

[units.so_c]
label = "Sở C"
successor = "so_d"
since = "01/07/2025"

[units.so_d]
label = "Sở D"
"""


def test_a_register_says_who_succeeds_whom_from_when_and_how_in_csv_and_toml_alike():
    csv = loads_register(CSV, "r.units.csv")
    toml = loads_register(TOML, "r.units.toml")
    assert csv.units == toml.units
    assert csv.get("bo_a") == Registered("bo_a", "Bộ A", successor="bo_b", since=_dt.date(2025, 3, 1),
                                         change="merged")
    assert (csv.get("so_c").change, csv.get("so_c").since) == ("succeeded", _dt.date(2025, 7, 1))
    assert csv.get("bo_b").successor is None and csv.get("bo_b").change is None


@pytest.mark.parametrize("text,name,code,line,column,words", [
    ("unit,successor,since\na,bb,01/03/2025\nb,,\n", "r.units.csv", "F155", 2, 3, "is not a unit of the register"),
    ("unit,successor\na,b\nb,\n", "r.units.csv", "F156", 2, 3, "no since"),
    ("unit,since\na,01/03/2025\n", "r.units.csv", "F156", 2, 3, "no successor"),
    ("unit,successor,since\na,b,01/03/2025\nb,a,01/04/2025\n", "r.units.csv", "F157", 2, 3, "succeeds itself"),
    ("unit,successor,since,change\na,b,01/03/2025,absorbed\nb,,,\n", "r.units.csv", "F158", 2, 16,
     "is not a change of a unit"),
    ("unit,successor,since\na,b,31/02/2025\nb,,\n", "r.units.csv", "F121", 2, 5, ""),
    ('[units.a]\nsuccessor = "b"\nsince = 2025-03-01\nchange = "fused"\n[units.b]\n', "r.units.toml", "F158", 4, 10,
     "is not a change"),
])
def test_each_succession_problem_is_located_with_its_code(text, name, code, line, column, words):
    with pytest.raises(FactsError) as raised:
        loads_register(text, name)
    found = raised.value.diagnostics[0]
    assert (found.code, found.span.line, found.span.column) == (code, line, column), raised.value.render("en")
    assert words in found.message.text("en")
    assert found.message.text("vi") != found.message.text("en")


def test_an_unknown_successor_says_did_you_mean_and_a_bad_change_the_accepted_words():
    with pytest.raises(FactsError) as raised:
        loads_register("unit,successor,since\nbộ_a,bộ_nội_vu,01/03/2025\nbộ_nội_vụ,,\n", "r.units.csv")
    assert any("bộ_nội_vụ" in h.text("en") for h in raised.value.diagnostics[0].hints)
    with pytest.raises(FactsError) as raised:
        loads_register("unit,successor,since,change\na,b,01/03/2025,mergd\nb,,,\n", "r.units.csv")
    hints = " ".join(h.text("en") for h in raised.value.diagnostics[0].hints)
    assert '"merged"' in hints and "renamed" in hints and "succeeded" in hints


def test_a_ring_of_successors_is_named_once():
    with pytest.raises(FactsError) as raised:
        loads_register("unit,successor,since\na,b,01/03/2025\nb,c,01/03/2025\nc,a,01/03/2025\n", "r.units.csv")
    assert [d.code for d in raised.value.diagnostics] == ["F157"]
    assert '"a" → "b" → "c" → "a"' in raised.value.diagnostics[0].message.text("en")


# ---------------------------------------------------------------- evaluation --

import attrs  # noqa: E402

import planrules  # noqa: E402
from planrules import parse  # noqa: E402
from planrules.evaluation.verdicts import Status  # noqa: E402
from planrules.facts import model as f  # noqa: E402

PLAN = """kế hoạch: "5/KH-BNV"
ngày ban hành: 10/01/2025
đơn vị bo_a: "Bộ A"
nhiệm vụ TT 1 {
    chủ trì: bo_a
    thời hạn: hằng quý
}
nhiệm vụ TT 2 {
    chủ trì: bo_a
    chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 90% hằng năm
}
"""


def register_of(change: str = "merged", since: str = "01/03/2025", chain: str = ""):
    rows = f"unit,label,successor,since,change\nbo_a,Bộ A,bo_b,{since},{change}\nbo_b,Bộ B,{chain},,\n"
    if chain:
        rows = rows.replace(f"bo_b,Bộ B,{chain},,", f"bo_b,Bộ B,{chain},01/07/2025,succeeded") + f"{chain},Bộ C,,,\n"
    return loads_register(rows, "r.units.csv")


def rules_of(register=None):
    return planrules.compile(parse(PLAN, source="s.plan"), register=register)


def facts_of(deliveries: dict[str, list[_dt.date]], online: dict[str, dict[int, tuple[int, int]]] = {}) -> f.Facts:
    """Each unit's TT 1 deliveries; its dossiers by year as (all, online)."""
    names = dict.fromkeys([*deliveries, *online])
    return f.Facts(tuple(f.UnitFacts(
        u, deliveries=tuple(f.Delivery("TT 1", d) for d in deliveries.get(u, ())),
        counts=tuple(c for year, (total, done) in online.get(u, {}).items() for c in (
            f.Count("hồ_sơ_tthc", year, total), f.Count("hồ_sơ_tthc", year, done, (("trực_tuyến", True),)))))
        for u in names))


def of(report, unit: str, rule_prefix: str):
    return [v for v in report.verdicts if v.unit == unit and v.rule.startswith(rule_prefix)]


AS_OF = _dt.date(2026, 1, 31)


def test_the_successor_is_a_unit_of_the_plan_and_bound_where_its_predecessor_is():
    rules = rules_of(register_of())
    assert "bo_b" in rules.bound and "bo_a" in rules.bound
    report = rules.evaluate(facts_of({"bo_a": []}), AS_OF)
    assert "bo_b" in report.units  # judged without facts: unknown
    assert {v.status for v in of(report, "bo_b", "")} == {Status.UNKNOWN}
    assert rules_of(None).bound == ("bo_a",)


def test_a_successors_delivery_after_the_day_answers_the_predecessors_open_occurrence_and_says_so():
    report = rules_of(register_of()).evaluate(
        facts_of({"bo_a": [], "bo_b": [_dt.date(2025, 3, 20), _dt.date(2025, 2, 1)]}), AS_OF)
    quarters = {v.period: v for v in of(report, "bo_a", "TT 1")}
    q4_2024 = quarters.get("2024-Q4")
    q1, q2 = quarters["2025-Q1"], quarters["2025-Q2"]
    assert (q1.status, q1.delivered, q1.answered_by) == (Status.MET, _dt.date(2025, 3, 20), ("bo_b",))
    assert q1.explanation[0].text("en") == "Answered by bo_b, into which bo_a merged on 01/03/2025."
    assert "sáp nhập" in q1.explanation[0].text("vi")
    assert (q2.status, q2.answered_by) == (Status.NOT_MET, ())  # B's delivery before the day never counts
    assert q4_2024 is None or q4_2024.answered_by == ()
    assert of(report, "bo_b", "TT 1") == []  # the deadline stays listed under A, once


@pytest.mark.parametrize("change, words", [("succeeded", "Answered by bo_b, successor of bo_a since 01/03/2025."),
                                           ("renamed", "Answered by bo_b, bo_a's name since 01/03/2025."),
                                           ("", "Answered by bo_b, successor of bo_a since 01/03/2025.")])
def test_each_change_is_said_in_its_words(change, words):
    report = rules_of(register_of(change)).evaluate(facts_of({"bo_b": [_dt.date(2025, 3, 20)]}), AS_OF)
    (q1,) = [v for v in of(report, "bo_a", "TT 1") if v.period == "2025-Q1"]
    assert q1.explanation[0].text("en") == words and q1.status is Status.MET


def test_the_predecessors_own_earlier_delivery_still_counts():
    report = rules_of(register_of()).evaluate(
        facts_of({"bo_a": [_dt.date(2025, 3, 15)], "bo_b": [_dt.date(2025, 3, 20)]}), AS_OF)
    (q1,) = [v for v in of(report, "bo_a", "TT 1") if v.period == "2025-Q1"]
    assert (q1.delivered, q1.answered_by) == (_dt.date(2025, 3, 15), ())


def test_targets_after_the_day_are_the_successors_and_the_year_holding_it_the_predecessors():
    online = {"bo_a": {2025: (100, 95), 2026: (100, 10)}, "bo_b": {2025: (100, 50), 2026: (100, 99)}}
    rules = rules_of(register_of(since="01/03/2025"))
    report = rules.evaluate(facts_of({}, online), _dt.date(2026, 12, 31))
    a = {v.period: v for v in of(report, "bo_a", "TT 2")}
    b = {v.period: v for v in of(report, "bo_b", "TT 2")}
    assert a["2025"].status is Status.MET and "within this period" in a["2025"].explanation[0].text("en")
    assert a["2026"].status is Status.NOT_APPLICABLE and "bo_b" in a["2026"].explanation[0].text("en")
    assert (b["2025"].status, b["2026"].status) == (Status.NOT_MET, Status.MET)


def test_a_successor_gets_no_verdict_for_periods_that_ended_before_the_day():
    rules = rules_of(register_of(since="01/01/2026"))
    online = {"bo_a": {2025: (100, 95)}, "bo_b": {2025: (100, 50), 2026: (100, 99)}}
    report = rules.evaluate(facts_of({}, online), _dt.date(2026, 12, 31))
    assert sorted(v.period for v in of(report, "bo_b", "TT 2")) == ["2026"]
    a = {v.period: v.status for v in of(report, "bo_a", "TT 2")}
    assert a == {"2025": Status.MET, "2026": Status.NOT_APPLICABLE}


def test_a_chain_follows_through():
    rules = rules_of(register_of(chain="bo_c"))
    assert {"bo_b", "bo_c"} <= set(rules.bound)
    report = rules.evaluate(facts_of({"bo_c": [_dt.date(2025, 9, 20)]}), AS_OF)
    (q3,) = [v for v in of(report, "bo_a", "TT 1") if v.period == "2025-Q3"]
    assert (q3.status, q3.answered_by) == (Status.MET, ("bo_c",))
    assert q3.explanation[0].text("en") == "Answered by bo_c, successor of bo_b since 01/07/2025."


def test_a_predecessor_left_out_of_the_facts_keeps_what_its_successor_answered():
    report = rules_of(register_of()).evaluate(facts_of({"bo_b": [_dt.date(2025, 3, 20)]}), AS_OF)
    (q1,) = [v for v in of(report, "bo_a", "TT 1") if v.period == "2025-Q1"]
    assert (q1.status, q1.answered_by) == (Status.MET, ("bo_b",))
    (y2026,) = [v for v in of(report, "bo_a", "TT 2") if v.period == "2026"]
    assert y2026.status is Status.NOT_APPLICABLE


def test_a_successors_delivery_of_a_task_it_took_over_is_no_f215():
    rules = rules_of(register_of())
    assert [d.code for d in rules.gaps(facts_of({"bo_b": [_dt.date(2025, 3, 20)]}))] == []


# ------------------------------------------------ both paths, and properties --

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from planrules.facts.register import Register  # noqa: E402
from planrules.strategies.registers import succession_days  # noqa: E402

LEVEL_PLAN = ('kế hoạch: "9/KH"\nđịa bàn: "VN"\nngày ban hành: 01/02/2025\nnhóm các_xã: "Các xã" = cấp xã\n'
              'chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 60% hằng năm phạm vi: các_xã\n'
              'nhiệm vụ I {\n    nội dung: "Báo cáo"\n    chủ trì: các_xã\n    thời hạn: hằng quý\n}\n')


@st.composite
def succession_cases(draw):
    """A register of up to five communes, some succeeded by a later one from a drawn day (said by the register,
    or by the facts' units table), the communes' dossiers and quarterly reports, and a day to judge at."""
    size = draw(st.integers(2, 5))
    names = [f"{i:05d}" for i in range(size)]
    heirs = [draw(st.none() | st.sampled_from(names[i + 1:])) if i + 1 < size else None for i in range(size)]
    days = [draw(succession_days()) if h else None for h in heirs]
    changes = [draw(st.sampled_from(f.CHANGES)) if h else None for h in heirs]
    in_facts = draw(st.booleans())
    units = [Registered("VN", level="quốc_gia"), Registered("09999", level="xã", parent="VN")]
    if not in_facts:  # else the facts' units table says who the communes are, and who succeeds whom
        units += [Registered(n, f"Xã {n}", level="xã", parent="VN", successor=h, since=d, change=c)
                  for n, h, d, c in zip(names, heirs, days, changes)]
    rules = planrules.compile(parse(LEVEL_PLAN, "r.plan"), register=Register(tuple(units)))
    facts = []
    for n, h, d, c in zip(names, heirs, days, changes):
        if not draw(st.booleans()) and not in_facts:
            continue
        records = tuple(f.Record("hồ_sơ_tthc", (("ngày", day), ("trực_tuyến", online)), id=f"{n}-{i}", date=day)
                        for i, (day, online) in enumerate(draw(st.lists(st.tuples(
                            st.dates(_dt.date(2025, 2, 1), _dt.date(2026, 12, 31)), st.booleans()), max_size=5))))
        given = draw(st.lists(st.dates(_dt.date(2025, 2, 1), _dt.date(2027, 3, 31)), max_size=4))
        facts.append(f.UnitFacts(n, records=records, deliveries=tuple(f.Delivery("I", x) for x in given),
                                 **({"label": f"Xã {n}", "level": "xã", "parent": "VN", "successor": h, "since": d,
                                     "change": c} if in_facts else {})))
    return rules, f.Facts(tuple(facts)), draw(st.sampled_from([_dt.date(2026, 6, 30), _dt.date(2027, 3, 31)]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(succession_cases())
def test_successions_judge_alike_in_duckdb_and_python(case):
    """The verdicts a succession changes are the same from a table source as from Python facts."""
    pytest.importorskip("duckdb")
    from sql_cases import same_meaning

    from planrules.facts import sources

    rules, facts, as_of = case
    python = rules.evaluate(facts, as_of)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.duckdb"
        sources.write_duckdb(facts, path, rules.vocabulary)
        with sources.DuckDBSource(path) as source:
            sql = rules.evaluate(source, as_of)
    assert sorted(sql.units) == sorted(python.units)
    same_meaning(sql, python)
    assert [v.answered_by for v in sql.verdicts] == [v.answered_by for v in python.verdicts]


@st.composite
def moves(draw):
    """A's quarterly deliveries, the day B takes over, and the plan's register with and without it."""
    since = draw(st.dates(_dt.date(2025, 2, 1), _dt.date(2026, 6, 30)))
    given = draw(st.lists(st.dates(_dt.date(2025, 1, 10), _dt.date(2026, 12, 31)), max_size=6, unique=True))
    change = draw(st.sampled_from(f.CHANGES))
    return since, given, change


def _register(since: _dt.date | None, change: str = "succeeded"):
    if since is None:
        return Register((Registered("bo_a"), Registered("bo_b")))
    return Register((Registered("bo_a", successor="bo_b", since=since, change=change), Registered("bo_b")))


@settings(max_examples=60, deadline=None)
@given(moves())
def test_without_a_delivery_by_the_successor_the_occurrences_due_before_the_day_are_unchanged(drawn):
    since, given, change = drawn
    facts = facts_of({"bo_a": given})
    with_it = rules_of(_register(since, change)).evaluate(facts, AS_OF)
    without = rules_of(_register(None)).evaluate(facts, AS_OF)
    before = [v for v in of(without, "bo_a", "TT 1") if v.due < since]
    assert before == [v for v in of(with_it, "bo_a", "TT 1") if v.due < since]


@settings(max_examples=60, deadline=None)
@given(moves(), st.data())
def test_moving_a_delivery_from_the_predecessor_to_the_successor_after_the_day_never_unmeets(drawn, data):
    since, given, change = drawn
    movable = [d for d in given if d >= since]
    if not movable:
        return
    moved = data.draw(st.sampled_from(movable))
    rules = rules_of(_register(since, change))
    before = rules.evaluate(facts_of({"bo_a": given, "bo_b": []}), AS_OF)
    after = rules.evaluate(facts_of({"bo_a": [d for d in given if d != moved], "bo_b": [moved]}), AS_OF)
    pairs = list(zip(of(before, "bo_a", "TT 1"), of(after, "bo_a", "TT 1")))
    assert len(pairs) == len(of(before, "bo_a", "TT 1")) == len(of(after, "bo_a", "TT 1"))
    for was, now in pairs:
        assert was.period == now.period
        assert not (was.status is Status.MET and now.status is Status.NOT_MET), (was, now)
        assert now.status == was.status and now.delivered == was.delivered


def test_a_successors_delivery_before_the_day_counts_for_nothing_and_is_said_f215():
    rules = rules_of(register_of())
    (found,) = rules.gaps(facts_of({"bo_b": [_dt.date(2025, 2, 1)]}))
    assert found.code == "F215"
