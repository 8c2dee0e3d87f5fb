"""Who a target binds (`phạm vi:` / `scope:`) and who monitors it (`theo dõi:` / `monitored by:`): issue 16, point 3.

The language (parse, print, resolve), the units a scope binds when evaluated,
the watcher carried to every report format, and inheritance comparing scopes.
"""

import pytest

from planrules import format, parse, prelude, resolve
from planrules.base.source import Source
from planrules.language import model as m

HEAD = '''kế hoạch: "1/KH"
ngày ban hành: 01/01/2026
đơn vị bnv: "Bộ Nội vụ"
đơn vị hà_nội: "Thành phố Hà Nội"
đơn vị huế: "Thành phố Huế"
nhóm các_tỉnh: "Các tỉnh, thành phố" = hà_nội, huế
'''


# ------------------------------------------------------------- language --


@pytest.mark.parametrize(("scope", "watch", "expected_scope", "expected_watch"), [
    ("phạm vi: các_tỉnh", "theo dõi: bnv", m.Scope(("các_tỉnh",)), ("bnv",)),
    ("pham vi: các_tỉnh", "theo doi: bnv", m.Scope(("các_tỉnh",)), ("bnv",)),
    ("scope: các_tỉnh", "monitored by: bnv", m.Scope(("các_tỉnh",)), ("bnv",)),
    ("phạm vi: toàn địa bàn", "", m.Scope(()), ()),
    ("pham vi: toan dia ban", "", m.Scope(()), ()),
    ("scope: whole territory", "", m.Scope(()), ()),
    ("phạm vi: hà_nội, huế", "", m.Scope(("hà_nội", "huế")), ()),
    ("", "theo dõi: bnv, các_tỉnh", None, ("bnv", "các_tỉnh")),
    ("", "", None, ()),
])
def test_scope_and_watcher_in_three_spellings(scope, watch, expected_scope, expected_watch):
    """A target's scope and watcher, after its period, in Vietnamese, ASCII-folded and English."""
    plan = parse(HEAD + f"chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% hằng năm {scope} {watch}\n")
    (target,) = plan.targets
    assert (target.scope, target.monitored_by) == (expected_scope, expected_watch)
    assert target.period == m.EachYearPeriod()


def test_scope_and_watcher_inside_a_task_and_without_a_period():
    plan = parse(HEAD + "nhiệm vụ TT 1 {\n    chủ trì: bnv\n"
                 "    chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% phạm vi: các_tỉnh theo dõi: bnv\n}\n")
    (target,) = plan.targets
    assert (target.scope, target.monitored_by, target.period) == (m.Scope(("các_tỉnh",)), ("bnv",), None)
    assert target.scope.whole_territory is False and m.Scope(()).whole_territory is True


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("tail", [
    "phạm vi: các_tỉnh theo dõi: bnv",
    "phạm vi: toàn địa bàn",
    "theo dõi: bnv, các_tỉnh",
    "hằng năm phạm vi: hà_nội, huế",
])
def test_scope_and_watcher_print_back(tail, lang):
    """The formatter writes a scope and a watcher back, in either language, to the same plan."""
    text = HEAD + ("nhiệm vụ TT 1 {\n    chủ trì: bnv\n    chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% "
                   f"{tail}\n}}\nchỉ tiêu II.1: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 90% {tail}\n")
    plan = parse(text)
    printed = format(plan, lang=lang)
    assert parse(printed) == plan
    assert format(parse(printed), lang=lang) == printed
    word = {"vi": "phạm vi:", "en": "scope:"}[lang] if "phạm vi" in tail else {"vi": "theo dõi:", "en": "monitored by:"}[lang]
    assert word in printed


def test_scope_and_watcher_names_must_be_declared():
    """An undeclared name in a scope or a watcher is R201, at the name, with the closest declared one."""
    text = HEAD + "chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% phạm vi: các_tinh theo dõi: bộ_nv\n"
    found = resolve([parse(text, source="p.plan")], prelude(), {"p.plan": Source("p.plan", text)})
    assert [d.code for d in found] == ["R201", "R201"]
    assert [d.span.column for d in found] == [text.splitlines()[-1].index(n) + 1 for n in ("các_tinh", "bộ_nv")]
    assert [h.text("en") for d in found for h in d.hints] == ["did you mean các_tỉnh?", "did you mean bnv?"]


def test_a_scope_keyword_is_still_a_name_part_elsewhere():
    """`phạm_vi` and `theo_dõi` (one word each) stay names."""
    plan = parse(HEAD + 'đơn vị phạm_vi: "P"\nđơn vị theo_dõi: "T"\n'
                 "chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% phạm vi: phạm_vi theo dõi: theo_dõi\n")
    assert (plan.targets[0].scope, plan.targets[0].monitored_by) == (m.Scope(("phạm_vi",)), ("theo_dõi",))
