"""evaluation/year_only.py, attacked: every rule that reads a year-only kind's records by day is refused (F235),
whatever reads them — a target's own kind or a term of a ratio — and a rule counted by calendar year is not."""

from __future__ import annotations

import datetime as dt

import pytest
from test_mapping_shapes import PLAN, foreign_database, judged, refused

RATIO = "chỉ số vb_trên_hn: tỷ số (số lượng văn_bản_gửi có điện_tử) trên (số lượng hội_nghị)"
FLIPPED = "chỉ số vb_trên_hn: tỷ số (số lượng hội_nghị) trên (số lượng văn_bản_gửi có điện_tử)"


def with_ratio(metric: str, period: str) -> str:
    plan = PLAN.replace("chỉ số số_văn_bản_gửi: số lượng văn_bản_gửi",
                        f"chỉ số số_văn_bản_gửi: số lượng văn_bản_gửi\n{metric}")
    return plan.replace("chỉ tiêu: số_văn_bản_gửi không quá 3 trong năm 2025",
                        f"chỉ tiêu: vb_trên_hn tối thiểu 10% {period}")


@pytest.mark.parametrize("metric", [RATIO, FLIPPED], ids=["numerator", "denominator"])
def test_a_ratio_over_a_year_only_kind_judged_on_a_day_inside_the_year_is_refused(tmp_path, metric):
    # Documents sent have only a year: whether any was sent by 30/06 is unknowable, so no verdict may say so.
    (problem,) = refused(foreign_database(tmp_path / "f.duckdb"), plan=with_ratio(metric, "đến ngày 30/06/2025"))
    assert (problem.code, problem.span.file, problem.span.line) == ("F235", "foreign.mapping.toml", 15)
    assert problem.message.text() == ('II#2 needs the date of each văn_bản_gửi record (records count up to '
                                      '30/06/2025), but the mapping gives văn_bản_gửi only a year')


def test_a_ratio_over_a_year_only_kind_by_calendar_year_is_judged(tmp_path):
    verdicts = judged(foreign_database(tmp_path / "f.duckdb"), plan=with_ratio(RATIO, "trong năm 2025"),
                      as_of=dt.date(2025, 12, 31))
    assert verdicts["VN-00001", "II#2"].status.value == "met"  # 2 electronic documents for 2 conferences
