"""Golden tests of the encoded plans under plans/quoc-gia/: content pinned against the seeds.

Each plan is loaded with `planrules.load` and what matters in it is pinned: identity,
bases, units, section and task addresses, leads, deadlines, targets. The traceability
tests read the seed texts in ../shared/seeds and check that every clause's `@` source
reference points at lines that really say what the clause says.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from fractions import Fraction
from pathlib import Path

import pytest

import planrules
from planrules.tooling import cli
from planrules.language import model as m

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

QD_534 = PLANS / "quoc-gia" / "qd-534-ttg.plan"
CUC = PLANS / "quoc-gia" / "bo-noi-vu" / "cuc-van-thu-luu-tru" / "kh-10-du.plan"
VU_DUONG = PLANS / "quoc-gia" / "ninh-binh" / "vu-duong" / "kh-104-ubnd.plan"
ENCODED = (QD_534, CUC, VU_DUONG)

SEED_CUC = "000_8cbe939b58de2ac8.txt"
SEED_VU_DUONG = "002_fd3af5f17558bdc9.txt"

PCT = m.QuantityUnit.PERCENT
DAYS = m.QuantityUnit.DAYS
YEARLY = m.EachYearPeriod()


def pct(n: int) -> m.Quantity:
    return m.Quantity(Fraction(n), PCT)


def days(value: Fraction) -> m.Quantity:
    return m.Quantity(Fraction(value), DAYS)


@pytest.fixture(scope="module")
def qd534() -> m.Plan:
    return planrules.load(QD_534)


@pytest.fixture(scope="module")
def cuc() -> m.Plan:
    return planrules.load(CUC)


@pytest.fixture(scope="module")
def vd() -> m.Plan:
    return planrules.load(VU_DUONG)


def addresses(items) -> list[str]:
    return [str(i.address) for i in items]


def target_key(t: m.Target) -> tuple:
    metric = t.metric.name if isinstance(t.metric, m.MetricName) else t.metric
    return (metric, t.category, t.comparator, t.threshold, t.period)


def task(plan: m.Plan, address: str) -> m.Task:
    found = plan.find_task(address)
    assert found is not None, f"{plan.number} has no task {address}"
    return found


def unit(plan: m.Plan, name: str) -> m.Unit:
    return next(u for u in plan.units if u.name == name)


# ------------------------------------------------------------ QĐ 534 --


def test_534_is_partial_and_says_so(qd534):
    """QĐ 534 is marked partial, has no source text of its own, and its heading comment says why."""
    assert qd534.number == "534/QĐ-TTg"
    assert qd534.status is m.PlanStatus.PARTIAL
    assert qd534.source_text is None
    assert (qd534.issuer, qd534.date) == ("Thủ tướng Chính phủ", dt.date(2026, 3, 31))
    heading = " ".join(c.text for c in qd534.preamble)
    assert "MỘT PHẦN" in heading and "reconstructed only" in heading


def test_534_rests_on_kl_226(qd534):
    """QĐ 534's one basis is Kết luận 226-KL/TW of 11/12/2025, quoted from the Cục seed."""
    (basis,) = qd534.bases
    assert (basis.kind, basis.number, basis.date) == (m.BasisKind.IMPLEMENTS, "226-KL/TW", dt.date(2025, 12, 11))
    assert basis.source == m.SourceRef(15, 15, SEED_CUC)
    assert qd534.tasks == () and qd534.units == ()
    assert qd534.parents == ("226-KL/TW",)  # not encoded: an external reference (P503)


def test_534_targets_are_the_quoted_ones(qd534):
    """QĐ 534 holds exactly the eight targets both seeds quote, each pointing into a seed by name."""
    at_least, at_most = m.Comparator.AT_LEAST, m.Comparator.AT_MOST
    assert [target_key(t) for t in qd534.targets] == [
        ("tỷ_lệ_hội_nghị_trực_tuyến", None, at_least, pct(60), YEARLY),
        ("giảm_hội_nghị", None, at_least, pct(10), YEARLY),
        ("tỷ_lệ_hồ_sơ_trực_tuyến", None, at_least, pct(95), YEARLY),
        ("tỷ_lệ_số_hóa_văn_bản", None, at_least, pct(95), YEARLY),
        ("tỷ_lệ_văn_bản_điện_tử", None, at_least, pct(100), None),
        ("thời_lượng_hội_nghị", "quán_triệt", at_most, days(Fraction(1, 2)), None),
        ("thời_lượng_hội_nghị", "chuyên_môn", at_most, days(Fraction(1)), None),
        ("thời_lượng_hội_nghị", "quan_trọng", at_most, days(Fraction(3, 2)), None),
    ]
    assert [str(t.source) for t in qd534.targets] == [
        f"{SEED_CUC}:29", f"{SEED_CUC}:29", f"{SEED_VU_DUONG}:31", f"{SEED_VU_DUONG}:31",
        f"{SEED_VU_DUONG}:87", f"{SEED_VU_DUONG}:77", f"{SEED_VU_DUONG}:77", f"{SEED_VU_DUONG}:77",
    ]


@pytest.mark.parametrize("path", ENCODED, ids=lambda p: p.stem)
def test_conference_duration_caps(path):
    """Every plan caps conferences at 1/2, 1 and 3/2 days for quán triệt, chuyên môn and quan trọng."""
    plan = planrules.load(path)
    caps = {
        t.category: t.threshold
        for t in plan.targets
        if isinstance(t.metric, m.MetricName) and t.metric.name == "thời_lượng_hội_nghị"
    }
    assert caps == {
        "quán_triệt": days(Fraction(1, 2)),
        "chuyên_môn": days(Fraction(1)),
        "quan_trọng": days(Fraction(3, 2)),
    }
    assert all(
        t.comparator is m.Comparator.AT_MOST for t in plan.targets if t.category is not None
    )


@pytest.mark.parametrize("path", (CUC, VU_DUONG), ids=lambda p: p.stem)
def test_children_never_loosen_a_restated_534_target(path, qd534):
    """Wherever a child restates a QĐ 534 target on the same metric, its threshold is as strict or stricter."""
    child = planrules.load(path)
    assert child.parents[0] == "534/QĐ-TTg"
    parent = {(t.metric.name, t.category): t for t in qd534.targets}
    restated = 0
    for t in child.targets:
        p = parent.get((t.metric.name, t.category))
        if p is None:
            continue
        restated += 1
        assert t.comparator is p.comparator, (t, p)
        if t.comparator is m.Comparator.AT_LEAST:
            assert t.threshold.fraction >= p.threshold.fraction, (t, p)
        else:
            assert t.threshold.fraction <= p.threshold.fraction, (t, p)
    assert restated >= 6


# ------------------------------------------------------- Cục 10-KH/ĐU --


def test_cuc_identity(cuc):
    """Kế hoạch 10-KH/ĐU has its number, issuer, place, date, signer, recipients, seed and parent."""
    assert cuc.number == "10-KH/ĐU"
    assert cuc.issuer == "Đảng ủy Cục Văn thư và Lưu trữ nhà nước"
    assert (cuc.place, cuc.date) == ("Hà Nội", dt.date(2026, 5, 6))
    assert (cuc.signer, cuc.signer_title) == ("Đặng Thanh Tùng", None)
    assert cuc.recipients == ("BTV Đảng ủy", "Các Chi bộ", "UBKT", "Lưu: ĐU")
    assert cuc.source_text == SEED_CUC
    assert cuc.parents == ("534/QĐ-TTg",)
    assert cuc.status is m.PlanStatus.COMPLETE
    assert cuc.title.startswith("Thực hiện Quyết định số 534/QĐ-TTg ngày 31/3/2026")
    assert cuc.title.endswith("tại Cục Văn thư và Lưu trữ nhà nước")


def test_cuc_bases(cuc):
    """The Cục plan rests on KL 226 and QĐ 534, both from the Căn cứ sentence on line 15."""
    assert [(b.kind, b.number, b.date, b.source) for b in cuc.bases] == [
        (m.BasisKind.BASIS, "226-KL/TW", dt.date(2025, 12, 11), m.SourceRef(15, 15)),
        (m.BasisKind.BASIS, "534/QĐ-TTg", dt.date(2026, 3, 31), m.SourceRef(15, 15)),
    ]


def test_cuc_sections(cuc):
    """The Cục plan has every heading of sections I-III, numbered and lettered, in order."""
    assert addresses(cuc.sections) == [
        "I", "I.1", "I.2",
        "II", "II.1", "II.2", "II.3", "II.3.a", "II.3.b", "II.4", "II.4.a", "II.4.b", "II.5", "II.6",
        "III", "III.1", "III.2", "III.3",
    ]
    assert cuc.sections[0].title == "MỤC ĐÍCH, YÊU CẦU"
    assert addresses(cuc.paragraphs) == ["I.1.a", "I.1.b", "I.1.c", "I.2.a", "I.2.b", "I.2.c", "III-2"]


def test_cuc_units(cuc):
    """The Cục plan declares each cell, committee, role and group it names, with its kind."""
    kinds = {u.name: u.kind for u in cuc.units}
    G, R, U = m.UnitKind.GROUP, m.UnitKind.ROLE, m.UnitKind.UNIT
    assert kinds == {
        "cục": U, "đảng_ủy_cục": U, "bí_thư_chi_bộ": R, "các_chi_bộ": G,
        "chi_bộ_trung_tâm_lưu_trữ_điện_tử": U, "chi_bộ_tccb_htqt": U, "chi_bộ_các_trung_tâm": G,
        "các_đơn_vị_thuộc_cục": G, "các_chi_bộ_và_đơn_vị": G, "cơ_quan_chủ_trì_soạn_thảo": R,
        "chi_bộ_văn_phòng": U, "bí_thư_đảng_ủy": R, "cục_trưởng": R, "ban_thường_vụ": U,
        "đảng_ủy_viên_phụ_trách_văn_phòng": R, "ubkt": U,
    }
    assert unit(cuc, "bí_thư_chi_bộ").label == "Bí thư chi bộ, người đứng đầu đơn vị"
    assert unit(cuc, "ubkt").label == "Ủy ban kiểm tra Đảng ủy Cục"
    unlisted = unit(cuc, "chi_bộ_các_trung_tâm")
    assert (unlisted.members, unlisted.all_units) == ((), False)
    assert unit(cuc, "các_chi_bộ_và_đơn_vị").members == ("các_chi_bộ", "các_đơn_vị_thuộc_cục")
    assert not unit(cuc, "các_chi_bộ").all_units


def test_cuc_tasks_and_leads(cuc):
    """Every lettered item and dash item of sections II-III is a task with the lead the text names."""
    assert [(str(t.address), t.leads, t.collaborators) for t in cuc.tasks] == [
        ("II.1.a", ("các_chi_bộ",), ()),
        ("II.1.b", ("chi_bộ_trung_tâm_lưu_trữ_điện_tử",), ("chi_bộ_tccb_htqt",)),
        ("II.2.a", ("bí_thư_chi_bộ",), ()),
        ("II.2.b", ("chi_bộ_các_trung_tâm",), ()),
        ("II.2.c", ("chi_bộ_tccb_htqt",), ()),
        ("II.3.a-1", ("các_chi_bộ_và_đơn_vị",), ()),
        ("II.3.a-2", ("các_chi_bộ_và_đơn_vị",), ()),
        ("II.3.a-3", ("cơ_quan_chủ_trì_soạn_thảo",), ()),
        ("II.3.b", ("chi_bộ_văn_phòng",), ()),
        ("II.4.a", ("chi_bộ_văn_phòng",), ()),
        ("II.4.b-1", ("các_chi_bộ",), ()),
        ("II.4.b-2", ("các_chi_bộ",), ()),
        ("II.4.b-3", ("các_chi_bộ",), ()),
        ("II.5-1", (), ()),
        ("II.5-2", (), ()),
        ("II.5-3", (), ()),
        ("II.6.a", ("chi_bộ_tccb_htqt",), ()),
        ("II.6.b", ("bí_thư_chi_bộ",), ()),
        ("III.1.a", ("các_chi_bộ",), ()),
        ("III.1.b", ("các_chi_bộ",), ()),
        ("III.1.c", ("các_chi_bộ",), ()),
        ("III.2.a", ("chi_bộ_tccb_htqt",), ()),
        ("III.2.b", ("chi_bộ_tccb_htqt",), ("đảng_ủy_viên_phụ_trách_văn_phòng",)),
        ("III.3", ("ubkt",), ()),
        ("III-1", ("các_chi_bộ_và_đơn_vị",), ()),
    ]


def test_cuc_chi_bo_plans_due_before_15_may(cuc):
    """III.1.a: the cells' own plans are due strictly before 15/5/2026."""
    t = task(cuc, "III.1.a")
    assert t.deadlines == (m.OnDate(date=dt.date(2026, 5, 15), inclusive=False, source=m.SourceRef(99, 99)),)
    assert t.content.endswith("hoàn thành trước ngày 15/5/2026.")


def test_cuc_reporting_calendar(cuc):
    """III.1.b: monthly before the 25th, 6-month before 05/6, annual before 05/12, to the TCCB&HTQT cell."""
    t = task(cuc, "III.1.b")
    here = m.SourceRef(101, 101)
    assert t.deadlines == (
        m.MonthlyBefore(day=25, label="hàng tháng", source=here),
        m.YearlyBefore(day=5, month=6, label="06 tháng", source=here),
        m.YearlyBefore(day=5, month=12, label="hằng năm", source=here),
    )
    assert t.reports_to == ("chi_bộ_tccb_htqt",)
    assert unit(cuc, "chi_bộ_tccb_htqt").label == "Chi bộ Tổ chức cán bộ và Hợp tác quốc tế"
    assert t.deliverable == "báo cáo kết quả thực hiện"
    assert task(cuc, "III.2.a").reports_to == ("đảng_ủy_cục",)


def test_cuc_targets(cuc):
    """The Cục's targets: I.2.a and II.4.b-1 (60% online, 10% cut, yearly) and II.5-1 (100% e-documents)."""
    at_least = m.Comparator.AT_LEAST
    standalone = [(str(t.address), *target_key(t)) for t in cuc.body if isinstance(t, m.Target)]
    assert standalone == [
        ("I.2.a", "tỷ_lệ_hội_nghị_trực_tuyến", None, at_least, pct(60), YEARLY),
        ("I.2.a", "giảm_hội_nghị", None, at_least, pct(10), YEARLY),
    ]
    assert [target_key(t) for t in task(cuc, "II.4.b-1").targets] == [
        ("giảm_hội_nghị", None, at_least, pct(10), YEARLY),
        ("tỷ_lệ_hội_nghị_trực_tuyến", None, at_least, pct(60), YEARLY),
    ]
    assert [target_key(t) for t in task(cuc, "II.5-1").targets] == [
        ("tỷ_lệ_văn_bản_điện_tử", None, at_least, pct(100), None),
    ]
    assert len(task(cuc, "II.4.b-2").targets) == 3
    assert sum(len(t.targets) for t in cuc.tasks) == 6


def test_cuc_event_triggered_proposal(cuc):
    """III-1: proposals go to the TCCB&HTQT cell once a difficulty arises, an event the plan declares."""
    t = task(cuc, "III-1")
    (deadline,) = t.deadlines
    assert isinstance(deadline, m.AfterEvent)
    assert deadline.event in {e.name for e in cuc.events}
    assert t.reports_to == ("chi_bộ_tccb_htqt",)


def test_cuc_page_joined_paragraph(cuc):
    """II.2.a, broken over lines 45 and 47, is one task whose content joins both halves with one space."""
    t = task(cuc, "II.2.a")
    assert t.source == m.SourceRef(45, 47)
    assert "thực hiện lồng ghép các nội dung về lề lối làm việc" in t.content


# ----------------------------------------------------- Vũ Dương 104 --


def test_vu_duong_identity(vd):
    """Kế hoạch 104/KH-UBND has its number, issuer, date, signer, position, recipients, seed and parents."""
    assert vd.number == "104/KH-UBND"
    assert vd.issuer == "Ủy ban nhân dân xã Vũ Dương"
    assert (vd.date, vd.place) == (dt.date(2026, 6, 4), None)
    assert (vd.signer, vd.signer_title) == ("Nguyễn Hồng Quân", "KT. CHỦ TỊCH - PHÓ CHỦ TỊCH")
    assert vd.parents == ("534/QĐ-TTg", "138/QĐ-UBND")
    assert vd.source_text == SEED_VU_DUONG
    assert vd.recipients == (
        "Sở Nội vụ", "Thường trực Đảng ủy xã", "Thường trực HĐND xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
        "Các PCT UBND xã", "Các cơ quan đơn vị có liên quan", "Lưu: VT, VHXX",
    )
    assert vd.title.endswith("trên địa bàn xã Vũ Dương")


def test_vu_duong_bases(vd):
    """Vũ Dương rests on KL 226 and QĐ 534 (Căn cứ) and implements the province's plan 138 (Thực hiện)."""
    assert [(b.kind, b.number, b.date, b.source) for b in vd.bases] == [
        (m.BasisKind.BASIS, "226-KL/TW", dt.date(2025, 12, 11), m.SourceRef(7, 7)),
        (m.BasisKind.BASIS, "534/QĐ-TTg", dt.date(2026, 3, 31), m.SourceRef(9, 9)),
        (m.BasisKind.IMPLEMENTS, "138/QĐ-UBND", dt.date(2026, 4, 25), m.SourceRef(11, 11)),
    ]
    assert vd.bases[2].description.startswith("Kế hoạch số 138/QĐ-UBND ngày 25/4/2026 của UBND tỉnh Ninh Bình")


def test_vu_duong_sections_and_paragraphs(vd):
    """Vũ Dương has every heading of sections I-V and every paragraph, numbered per heading."""
    assert addresses(vd.sections) == [
        "I", "I.1", "I.2", "II", "II.1", "II.2", "II.3", "II.4", "II.5", "II.6",
        "III", "IV", "V", "V.1", "V.2", "V.3",
    ]
    counts: dict[str, int] = {}
    for p in vd.paragraphs:
        counts[str(p.address).rsplit("-", 1)[0]] = counts.get(str(p.address).rsplit("-", 1)[0], 0) + 1
    assert counts == {"I.1": 5, "I.2": 4, "II.1": 4, "II.2": 3, "II.3": 4, "II.4": 5, "II.5": 3, "II.6": 6,
                      "III": 1, "IV": 1}
    assert vd.sections[11].title == "KINH PHÍ THỰC HIỆN"
    assert [(str(t.address), t.leads) for t in vd.tasks if t.address.row is None] == [
        ("V.1-1", ("các_cơ_quan_đơn_vị",)),
        ("V.1-2", ("các_cơ_quan_đơn_vị",)),
        ("V.2-1", ("phòng_vhxh",)),
        ("V.2-2", ("phòng_vhxh",)),
        ("V.3", ("vp_hđnd_ubnd",)),
        ("V-1", ("các_cơ_quan_đơn_vị",)),
    ]


def test_vu_duong_units(vd):
    """Vũ Dương declares its offices, the centre, the commune UBND, a role, and 'Các cơ quan, đơn vị' = all."""
    assert {(u.name, u.kind, u.label) for u in vd.units} == {
        ("ubnd_xã", m.UnitKind.UNIT, "Ủy ban nhân dân xã Vũ Dương"),
        ("người_đứng_đầu", m.UnitKind.ROLE, "người đứng đầu cơ quan, đơn vị"),
        ("các_cơ_quan_đơn_vị", m.UnitKind.GROUP, "Các cơ quan, đơn vị"),
        ("phòng_vhxh", m.UnitKind.UNIT, "Phòng Văn hóa - Xã hội"),
        ("vp_hđnd_ubnd", m.UnitKind.UNIT, "Văn phòng HĐND - UBND xã"),
        ("trung_tâm_phục_vụ_hcc", m.UnitKind.UNIT, "Trung tâm phục vụ hành chính công"),
    }
    assert unit(vd, "các_cơ_quan_đơn_vị").all_units


def test_vu_duong_section_targets(vd):
    """Section-level targets: I.2-1 (four), II.4-3 (cut, online), II.4-4 (three caps), II.5-2, II.5-3."""
    standalone = [(str(t.address), t.metric.name, t.threshold, t.period) for t in vd.body if isinstance(t, m.Target)]
    assert standalone == [
        ("I.2-1", "tỷ_lệ_hội_nghị_trực_tuyến", pct(60), YEARLY),
        ("I.2-1", "giảm_hội_nghị", pct(10), YEARLY),
        ("I.2-1", "tỷ_lệ_hồ_sơ_trực_tuyến", pct(95), YEARLY),
        ("I.2-1", "tỷ_lệ_số_hóa_văn_bản", pct(95), YEARLY),
        ("II.4-3", "giảm_hội_nghị", pct(10), YEARLY),
        ("II.4-3", "tỷ_lệ_hội_nghị_trực_tuyến", pct(60), YEARLY),
        ("II.4-4", "thời_lượng_hội_nghị", days(Fraction(1, 2)), None),
        ("II.4-4", "thời_lượng_hội_nghị", days(Fraction(1)), None),
        ("II.4-4", "thời_lượng_hội_nghị", days(Fraction(3, 2)), None),
        ("II.5-2", "tỷ_lệ_hồ_sơ_trực_tuyến", pct(95), None),
        ("II.5-2", "tỷ_lệ_số_hóa_văn_bản", pct(95), None),
        ("II.5-3", "tỷ_lệ_văn_bản_điện_tử", pct(100), None),
    ]


def test_vu_duong_has_exactly_eleven_appendix_rows(vd):
    """The appendix is exactly rows TT 1..11, in order, each with its seed line range."""
    rows = [t for t in vd.tasks if t.address.row is not None]
    assert [t.address.row for t in rows] == list(range(1, 12))
    assert [(t.source.first, t.source.last) for t in rows] == [
        (151, 151), (152, 152), (153, 155), (156, 156), (157, 157), (158, 158),
        (159, 161), (162, 162), (163, 163), (164, 166), (167, 167),
    ]
    assert all(t.collaborators == ("các_cơ_quan_đơn_vị",) for t in rows)
    assert all(t.deliverable for t in rows)


def test_vu_duong_appendix_leads(vd):
    """Each row has the lead(s) of its 'Cơ quan chủ trì' cell; rows 5 and 8 keep both, in order."""
    leads = {t.address.row: t.leads for t in vd.tasks if t.address.row is not None}
    vp, vh, tt = "vp_hđnd_ubnd", "phòng_vhxh", "trung_tâm_phục_vụ_hcc"
    assert leads == {
        1: (vp,), 2: (vp,), 3: (vp,), 4: (vh,), 5: (vh, vp), 6: (vh,),
        7: (vh,), 8: (tt, vp), 9: (vp,), 10: (vh,), 11: (vh,),
    }


def test_vu_duong_appendix_deadlines(vd):
    """Each row's 'Thời hạn' cell becomes the right kind of deadline."""
    kinds = {
        t.address.row: tuple(type(d).__name__ for d in t.deadlines) for t in vd.tasks if t.address.row is not None
    }
    assert kinds == {
        1: ("Ongoing",), 2: ("EachYear",), 3: ("EachYear",), 4: ("Ongoing",), 5: ("InQuarter",),
        6: ("Ongoing",), 7: ("AfterEvent",), 8: ("EndOfYear",), 9: ("Ongoing",),
        10: ("EachYear", "Ongoing"), 11: ("EachYear", "Ongoing"),
    }


def test_vu_duong_event_triggered_rows(vd):
    """Row 5 is due in quarter IV once the province's directive arrives; row 7 after a province directive."""
    events = {e.name for e in vd.events}
    (q4,) = task(vd, "TT 5").deadlines
    assert (q4.quarter, q4.year) == (4, None)
    assert q4.trigger in events
    (after,) = task(vd, "TT 7").deadlines
    assert isinstance(after, m.AfterEvent) and after.event in events
    assert after.event != q4.trigger


def test_vu_duong_row_2_cuts_documents_15_percent(vd):
    """Row 2 has one target: administrative documents cut by at least 15% against the previous year, yearly."""
    (t,) = task(vd, "TT 2").targets
    assert t.metric == m.MetricName("giảm_văn_bản_hành_chính")
    assert (t.comparator, t.threshold, t.period) == (m.Comparator.AT_LEAST, m.Quantity(Fraction(15), PCT), YEARLY)
    assert t.address == m.Address(row=2)


def test_vu_duong_row_3_repaired(vd):
    """Row 3, broken over a page, is joined back: content, lead, deliverable and its two targets."""
    t = task(vd, "TT 3")
    assert t.content.endswith("đạt từ 60% trở lên trên tổng số hội nghị")
    assert (t.leads, t.deliverable) == (("vp_hđnd_ubnd",), "Báo cáo kết quả thực hiện")
    assert [target_key(x) for x in t.targets] == [
        ("giảm_hội_nghị", None, m.Comparator.AT_LEAST, pct(10), YEARLY),
        ("tỷ_lệ_hội_nghị_trực_tuyến", None, m.Comparator.AT_LEAST, pct(60), YEARLY),
    ]


def test_vu_duong_rows_7_and_10_repaired(vd):
    """Rows 7 and 10, broken over pages, have their split cells joined back exactly."""
    t7 = task(vd, "TT 7")
    assert t7.content == (
        "Ban hành quy định hoặc kế hoạch về ứng dụng công nghệ thông tin và chuyển đổi số trong công tác quản lý, điều hành"
    )
    assert t7.deliverable == "Quy định/kế hoạch chuyển đổi số được ban hành và triển khai"
    t10 = task(vd, "TT 10")
    assert t10.deliverable == (
        "Các chương trình tập huấn được triển khai; phấn đấu 100% cán bộ, công chức, viên chức được đào tạo kỹ năng số"
    )
    assert [target_key(x) for x in t10.targets] == [
        ("tỷ_lệ_đào_tạo_kỹ_năng_số", None, m.Comparator.AT_LEAST, pct(100), None),
    ]


def test_vu_duong_row_8(vd):
    """Row 8 is due by the end of 2026 with three targets for 2026: dossiers, digitisation, e-documents."""
    t = task(vd, "TT 8")
    assert t.deadlines == (m.EndOfYear(year=2026),)
    in_2026 = m.YearPeriod(2026)
    assert [target_key(x) for x in t.targets] == [
        ("tỷ_lệ_hồ_sơ_trực_tuyến", None, m.Comparator.AT_LEAST, pct(95), in_2026),
        ("tỷ_lệ_số_hóa_văn_bản", None, m.Comparator.AT_LEAST, pct(95), in_2026),
        ("tỷ_lệ_văn_bản_điện_tử", None, m.Comparator.AT_LEAST, pct(100), in_2026),
    ]


def test_vu_duong_source_typos_are_kept(vd):
    """Typos of the source ('lễ lối', '226- KL/TW', 'Phân đấu', 'VHXX') are copied, not corrected."""
    assert "chấp hành lễ lối làm việc theo Kết luận 226- KL/TW" in task(vd, "TT 11").content
    para = {str(p.address): p.text for p in vd.paragraphs}
    assert para["II.4-3"].startswith("Xây dựng kế hoạch tổ chức hội nghị, cuộc họp hằng năm; phân đấu giảm")
    assert vd.recipients[-1] == "Lưu: VT, VHXX"


def test_vu_duong_half_yearly_report(vd):
    """V.2-1 reports 'định kỳ 6 tháng và cả năm': a half-yearly and a yearly deadline, labelled."""
    t = task(vd, "V.2-1")
    assert [(type(d).__name__, d.label) for d in t.deadlines] == [("EachHalfYear", "6 tháng"), ("EachYear", "cả năm")]
    assert t.collaborators == ("vp_hđnd_ubnd",)


# -------------------------------------------------- all three plans --


@pytest.mark.parametrize("path", ENCODED, ids=lambda p: p.stem)
def test_every_clause_has_a_source_ref(path):
    """Every section, paragraph, task, target, unit, event and basis carries a source reference."""
    plan = planrules.load(path)
    kinds = (m.Section, m.Paragraph, m.Task, m.Target, m.Unit, m.Event, m.Basis)
    missing = [s for s in plan.body if isinstance(s, kinds) and s.source is None]
    missing += [t for t in plan.targets if t.source is None]
    assert missing == []


@pytest.mark.parametrize("path", ENCODED, ids=lambda p: p.stem)
def test_task_addresses_are_unique(path):
    """No two tasks, and no two paragraphs, of a plan share an address."""
    plan = planrules.load(path)
    for items in (plan.tasks, plan.paragraphs):
        names = addresses(items)
        assert len(names) == len(set(names))


# ---------------------------------------------------- traceability --


def _normal(text: str) -> str:
    """Seed or plan text without Markdown/HTML marks, NFC, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"</?b>|\*+", "", text)
    text = re.sub(r"(?m)^\s*#+\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _normal(text).casefold())


def _is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(word in it for word in needle)


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[str]]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS}")
    return {
        p.name: unicodedata.normalize("NFC", p.read_text(encoding="utf-8")).split("\n")
        for p in SEEDS.glob("*.txt")
    }


def _cited(plan: m.Plan, ref: m.SourceRef, seeds: dict[str, list[str]]) -> str:
    document = ref.document or plan.source_text
    assert document in seeds, f"{plan.number}: unknown seed {document!r}"
    lines = seeds[document]
    assert 1 <= ref.first <= ref.last <= len(lines), f"{plan.number}: {ref} is outside {document}"
    assert lines[ref.first - 1].strip() and lines[ref.last - 1].strip(), f"{plan.number}: {ref} starts or ends on a blank line"
    return _normal(" ".join(lines[ref.first - 1 : ref.last]))


def _clauses(plan: m.Plan):
    """(what, text, source ref) for every text the plan copies from its seed."""
    for s in plan.body:
        if isinstance(s, m.Task):
            yield f"task {s.address}", s.content, s.source
            if s.deliverable is not None:
                yield f"deliverable of {s.address}", s.deliverable, s.source
        elif isinstance(s, m.Paragraph):
            yield f"paragraph {s.address}", s.text, s.source
        elif isinstance(s, m.Section):
            yield f"section {s.address}", s.title, s.source
        elif isinstance(s, (m.Unit, m.Event)):
            yield f"{type(s).__name__} {s.name}", s.label, s.source
        elif isinstance(s, m.Basis):
            yield f"basis {s.number}", s.description, s.source


@pytest.mark.parametrize("path", ENCODED, ids=lambda p: p.stem)
def test_task_and_paragraph_openings_occur_in_cited_lines(path, seeds):
    """For every task and paragraph, the first 20 characters of its text occur in the seed lines it cites."""
    plan = planrules.load(path)
    clauses = [*plan.tasks, *plan.paragraphs]
    assert plan.number == "534/QĐ-TTg" or len(clauses) > 20
    for clause in clauses:
        text = clause.content if isinstance(clause, m.Task) else clause.text
        opening = _normal(text)[:20]
        assert opening in _cited(plan, clause.source, seeds), f"{plan.number} {clause.address}: {opening!r}"


@pytest.mark.parametrize("path", ENCODED, ids=lambda p: p.stem)
def test_copied_text_is_exact(path, seeds):
    """Every copied text occurs verbatim in its cited lines, or (a row or paragraph split across lines) word for word in order."""
    plan = planrules.load(path)
    for what, text, ref in _clauses(plan):
        cited = _cited(plan, ref, seeds)
        if _normal(text) in cited:
            continue
        assert ref.last > ref.first, f"{plan.number} {what}: {text!r} not found verbatim at {ref}"
        assert _is_subsequence(_words(text), _words(cited)), f"{plan.number} {what}: {text!r} not at {ref}"


def _spellings(q: m.Quantity) -> set[str]:
    """How the seeds may write a threshold: 60%, 1/2 ngày, 1 ngày, 01 ngày, 1,5 ngày."""
    v = q.value
    if q.unit is PCT:
        return {f"{v.numerator}%"} if v.denominator == 1 else {f"{float(v):g}%".replace(".", ",")}
    forms = {f"{v.numerator}/{v.denominator}"}
    if v.denominator == 1:
        forms |= {str(v.numerator), f"{v.numerator:02d}"}
    else:
        forms.add(f"{float(v):g}".replace(".", ","))
    return {f"{f} ngày" for f in forms}


@pytest.mark.parametrize("path", ENCODED, ids=lambda p: p.stem)
def test_target_thresholds_occur_in_cited_lines(path, seeds):
    """Every target's threshold (60%, 1/2 ngày, 1,5 ngày, ...) is written in the seed lines it cites."""
    plan = planrules.load(path)
    assert plan.targets
    for t in plan.targets:
        cited = _cited(plan, t.source, seeds)
        assert any(f in cited for f in _spellings(t.threshold)), f"{plan.number} {t.address}: {t.threshold} not at {t.source}"


# ------------------------------------------------------------- tools --


def test_plans_are_formatted():
    """`planrules fmt --check plans` would change no file."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["fmt", "--check", str(PLANS)], out, err)
    assert (code, out.getvalue(), err.getvalue()) == (0, "", "")


def test_plans_check_clean():
    """`planrules check plans` finds no error in any plan."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["check", "--lang", "en", str(PLANS)], out, err)
    assert code == 0, out.getvalue() + err.getvalue()
    assert " 0 error(s)" in out.getvalue()
