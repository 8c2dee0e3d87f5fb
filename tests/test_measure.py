"""Counting facts (measure.py): records first, then aggregates, never a guess."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planrules.facts import model as f
from planrules.language import model as m
from planrules.evaluation.conditions import condition
from planrules.evaluation.measure import Counted, Missing, UnitIndex

AS_OF = dt.date(2026, 12, 31)
DATED = frozenset({"hội_nghị", "văn_bản_gửi"})


def conference(day, online, kind="chuyên_môn", **extra):
    values = (("ngày", day), ("loại", kind), ("trực_tuyến", online), *extra.items())
    return f.Record("hội_nghị", tuple((k, v) for k, v in values if v is not None), date=day)


def index(records=(), counts=(), as_of=AS_OF):
    return UnitIndex(f.UnitFacts("u", records=tuple(records), counts=tuple(counts)), as_of, DATED)


def test_records_are_counted_by_condition_and_year():
    records = [conference(dt.date(2026, 3, d), online=d % 2 == 0) for d in range(1, 11)]
    records.append(conference(dt.date(2025, 3, 1), online=True))
    got = index(records).count("hội_nghị", 2026, (("trực_tuyến", True),))
    assert isinstance(got, Counted) and got.value == 5
    assert index(records).count("hội_nghị", 2026, ()).value == 10


def test_facts_after_as_of_have_not_happened_yet():
    records = [conference(dt.date(2026, 3, 1), True), conference(dt.date(2026, 9, 1), True)]
    assert index(records, as_of=dt.date(2026, 6, 30)).count("hội_nghị", 2026, ()).value == 1


def test_a_record_lacking_a_needed_field_makes_the_count_unknown():
    records = [conference(dt.date(2026, 3, 1), True), conference(dt.date(2026, 3, 2), None)]
    got = index(records).count("hội_nghị", 2026, (("trực_tuyến", True),))
    assert isinstance(got, Missing) and got.reason == "field_missing" and got.field == "trực_tuyến"
    # ... but not a count that does not look at the field
    assert index(records).count("hội_nghị", 2026, ()).value == 2


def test_an_undated_record_of_a_dated_kind_makes_every_year_unknown():
    record = f.Record("hội_nghị", (("trực_tuyến", True),), date=None)
    got = index([record, conference(dt.date(2026, 1, 5), True)]).count("hội_nghị", 2026, ())
    assert isinstance(got, Missing) and got.reason == "no_date"


def test_absence_is_unknown_not_zero():
    got = index().count("hội_nghị", 2026, ())
    assert isinstance(got, Missing) and got.reason == "no_facts"
    zero = index(counts=[f.Count("hội_nghị", 2026, 0)]).count("hội_nghị", 2026, ())
    assert isinstance(zero, Counted) and zero.value == 0


def test_a_yes_no_field_is_turned_around_from_aggregates():
    counts = [f.Count("văn_bản_gửi", 2026, 120), f.Count("văn_bản_gửi", 2026, 5, (("mật", True),))]
    got = index(counts=counts).count("văn_bản_gửi", 2026, (("mật", False),))
    assert got.value == 115


def test_share_with_exclusion_from_aggregates():
    counts = [
        f.Count("văn_bản_gửi", 2026, 120),
        f.Count("văn_bản_gửi", 2026, 5, (("mật", True),)),
        f.Count("văn_bản_gửi", 2026, 110, (("mật", False), ("điện_tử", True))),
    ]
    ix = index(counts=counts)
    neg = (("mật", True),)
    assert ix.count("văn_bản_gửi", 2026, (("điện_tử", True),), neg).value == 110
    assert ix.count("văn_bản_gửi", 2026, (), neg).value == 115


def test_a_missing_aggregate_stays_unknown():
    counts = [f.Count("văn_bản_gửi", 2026, 120)]
    got = index(counts=counts).count("văn_bản_gửi", 2026, (("điện_tử", True),), (("mật", True),))
    assert isinstance(got, Missing)


def test_condition_of_contradictory_tests_is_none():
    assert condition([m.FlagIsSet("a"), m.FlagNotSet("a")]) is None
    assert condition([m.FlagIsSet("a"), m.FieldEquals("b", "x")]) == (("a", True), ("b", "x"))


@given(st.lists(st.tuples(st.booleans(), st.booleans()), max_size=40))
def test_records_and_the_aggregates_they_imply_give_the_same_counts(flags):
    """Whatever is counted from records, the same counts as aggregates give the same numbers."""
    records = [
        f.Record("văn_bản_gửi", (("ngày", dt.date(2026, 1, 1)), ("điện_tử", e), ("mật", s)), date=dt.date(2026, 1, 1))
        for e, s in flags
    ]
    total = len(flags)
    secret = sum(s for _, s in flags)
    good = sum(e and not s for e, s in flags)
    counts = [
        f.Count("văn_bản_gửi", 2026, total),
        f.Count("văn_bản_gửi", 2026, secret, (("mật", True),)),
        f.Count("văn_bản_gửi", 2026, good, (("mật", False), ("điện_tử", True))),
    ]
    neg = (("mật", True),)
    pos = (("điện_tử", True),)
    if not records:
        return
    from_records = index(records)
    from_counts = index(counts=counts)
    for where, excl in (((), neg), (pos, neg), ((), None)):
        assert from_records.count("văn_bản_gửi", 2026, where, excl).value == \
            from_counts.count("văn_bản_gửi", 2026, where, excl).value


@pytest.mark.parametrize("kind", ["cán_bộ"])
def test_undated_kinds_are_snapshots_for_any_year(kind):
    staff = [f.Record(kind, (("đào_tạo_kỹ_năng_số", i < 2),)) for i in range(3)]
    ix = index(staff)
    assert ix.count(kind, 2026, (("đào_tạo_kỹ_năng_số", True),)).value == 2
    assert ix.count(kind, 2031, ()).value == 3


def test_a_derived_zero_is_zero_for_stricter_conditions():
    """10 documents, all 10 secret: no non-secret one, so no non-secret electronic one either."""
    counts = [f.Count("văn_bản_gửi", 2026, 10), f.Count("văn_bản_gửi", 2026, 10, (("mật", True),))]
    ix = index(counts=counts)
    neg = (("mật", True),)
    assert ix.count("văn_bản_gửi", 2026, (), neg).value == 0
    assert ix.count("văn_bản_gửi", 2026, (("điện_tử", True),), neg).value == 0
    # ... but a non-zero looser count says nothing about a stricter one
    counts[1] = f.Count("văn_bản_gửi", 2026, 4, (("mật", True),))
    assert isinstance(index(counts=counts).count("văn_bản_gửi", 2026, (("điện_tử", True),), neg), Missing)
