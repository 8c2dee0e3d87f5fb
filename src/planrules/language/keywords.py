"""The keyword table: each grammar keyword's Vietnamese and English spelling.

The grammar (grammar/plan.lark) is what the parser accepts; this table is
what the printer writes and what error messages name. The third spelling,
ASCII-folded Vietnamese, is derived with `fold`. tests/test_keywords.py
checks that every terminal accepts exactly these three spellings.
"""

from __future__ import annotations

import re
import unicodedata

# terminal name -> (Vietnamese, English)
KEYWORDS: dict[str, tuple[str, str]] = {
    "KW_PLAN": ("kế hoạch", "plan"),
    "KW_TITLE": ("tiêu đề", "title"),
    "KW_ISSUER": ("cơ quan ban hành", "issuer"),
    "KW_PLACE": ("địa điểm", "place"),
    "KW_ISSUED": ("ngày ban hành", "issued"),
    "KW_EFFECTIVE": ("hiệu lực từ", "effective from"),
    "KW_UNTIL": ("hiệu lực đến", "effective until"),
    "KW_SIGNER": ("người ký", "signed by"),
    "KW_POSITION": ("chức vụ", "position"),
    "KW_RECIPIENTS": ("nơi nhận", "recipients"),
    "KW_SOURCE_TEXT": ("văn bản gốc", "source text"),
    "KW_STATUS": ("trạng thái", "status"),
    "KW_PARTIAL": ("một phần", "partial"),
    "KW_COMPLETE": ("đầy đủ", "complete"),
    "KW_PARENTS": ("cấp trên", "parents"),
    "KW_BASIS": ("căn cứ", "basis"),
    "KW_IMPLEMENTS": ("thực hiện", "implements"),
    "KW_DATED": ("ngày", "dated"),
    "KW_UNIT": ("đơn vị", "unit"),
    "KW_ROLE": ("vai trò", "role"),
    "KW_GROUP": ("nhóm", "group"),
    "KW_ALL": ("tất cả", "all"),
    "KW_LEVEL": ("cấp", "level"),
    "KW_TERRITORY": ("địa bàn", "territory"),
    "KW_EVENT": ("sự kiện", "event"),
    "KW_RECORD": ("bản ghi", "record"),
    "KW_EXTEND": ("bổ sung", "extend"),
    "KW_T_DATE": ("ngày tháng", "date"),
    "KW_T_BOOL": ("có hoặc không", "yes or no"),
    "KW_T_INT": ("số nguyên", "integer"),
    "KW_T_DAYS": ("số ngày", "days"),
    "KW_T_DECIMAL": ("số thập phân", "decimal"),
    "KW_T_PERCENT": ("phần trăm", "percent"),
    "KW_T_TEXT": ("chuỗi", "text"),
    "KW_T_ENUM": ("một trong", "one of"),
    "KW_METRIC": ("chỉ số", "metric"),
    "KW_COUNT": ("số lượng", "count of"),
    "KW_SHARE": ("tỷ lệ", "share of"),
    "KW_CUT": ("mức giảm", "cut in"),
    "KW_SUM": ("tổng", "sum of"),
    "KW_REPORTED": ("số liệu báo cáo", "reported"),
    "KW_MEASURED_IN": ("tính bằng", "in"),
    "KW_RATIO": ("tỷ số", "ratio of"),
    "KW_OVER": ("trên", "to"),
    "KW_VS_PREVIOUS_YEAR": ("so với năm trước", "vs previous year"),
    "KW_OF": ("của", "of"),
    "KW_EACH": ("mỗi", "each"),
    "KW_BY": ("theo", "by"),
    "KW_WHERE": ("có", "where"),
    "KW_EXCEPT": ("trừ", "except"),
    "KW_AND": ("và", "and"),
    "KW_OR": ("hoặc", "or"),
    "KW_IN": ("thuộc", "in"),
    "KW_NOT": ("không", "not"),
    "KW_SECTION": ("mục", "section"),
    "KW_PARAGRAPH": ("đoạn", "paragraph"),
    "KW_TASK": ("nhiệm vụ", "task"),
    "KW_ROW": ("TT", "row"),
    "KW_CONTENT": ("nội dung", "content"),
    "KW_LEAD": ("chủ trì", "lead"),
    "KW_JOINTLY": ("chung", "jointly"),
    "KW_SEVERALLY": ("mỗi đơn vị", "each"),
    "KW_WITH": ("phối hợp", "with"),
    "KW_DELIVERABLE": ("sản phẩm", "deliverable"),
    "KW_DEADLINE": ("thời hạn", "deadline"),
    "KW_REPORTS_TO": ("báo cáo cho", "reports to"),
    "KW_TARGET": ("chỉ tiêu", "target"),
    "KW_SCOPE": ("phạm vi", "scope"),
    "KW_WHOLE_TERRITORY": ("toàn địa bàn", "whole territory"),
    "KW_MONITORED_BY": ("theo dõi", "monitored by"),
    "KW_ASSESSED_BY": ("đánh giá bởi", "assessed by"),
    "KW_TASKS_COMPLETED": ("nhiệm vụ hoàn thành", "tasks completed"),
    "KW_ON_TIME": ("đúng hạn", "on time"),
    "KW_AT_LEAST": ("tối thiểu", "at least"),
    "KW_AT_MOST": ("không quá", "at most"),
    "KW_YEARLY": ("hằng năm", "yearly"),
    "KW_IN_YEAR": ("trong năm", "in year"),
    "KW_UNTIL_YEAR": ("đến năm", "until year"),
    "KW_MONTHLY": ("hằng tháng", "monthly"),
    "KW_HALF_YEARLY": ("định kỳ 6 tháng", "half-yearly"),
    "KW_QUARTERLY": ("hằng quý", "quarterly"),
    "KW_WEEKLY": ("hằng tuần", "weekly"),
    "KW_MONDAY": ("thứ Hai", "Monday"),
    "KW_TUESDAY": ("thứ Ba", "Tuesday"),
    "KW_WEDNESDAY": ("thứ Tư", "Wednesday"),
    "KW_THURSDAY": ("thứ Năm", "Thursday"),
    "KW_FRIDAY": ("thứ Sáu", "Friday"),
    "KW_SATURDAY": ("thứ Bảy", "Saturday"),
    "KW_SUNDAY": ("Chủ nhật", "Sunday"),
    "KW_BEFORE": ("trước", "before"),
    "KW_BY_DATE": ("đến", "by"),
    "KW_DAY": ("ngày", "days"),
    "KW_OF_ISSUE": ("kể từ ngày ban hành", "of issue"),
    "KW_ONGOING": ("thường xuyên", "ongoing"),
    "KW_END_OF_YEAR": ("cuối năm", "end of year"),
    "KW_IN_MONTH": ("trong tháng", "within month"),
    "KW_HARD": ("không gia hạn", "no extension"),
    "KW_WITHIN": ("trong vòng", "within"),
    "KW_WORKING_DAYS": ("ngày làm việc", "working days"),
    "KW_QUARTER": ("quý", "quarter"),
    "KW_ONCE": ("khi", "once"),
    "KW_AFTER": ("sau khi", "after"),
    "KW_APPENDIX": ("Phụ lục", "Appendix"),
    "KW_ARTICLE": ("Điều", "Article"),
    "KW_CLAUSE": ("khoản", "clause"),
    "KW_POINT": ("điểm", "point"),
    "KW_PREAMBLE": ("mở đầu", "preamble"),
    # issue 17: running totals, data windows, spans, one yearly-and-ongoing duty (last: errors name older ones first)
    "KW_CUMULATIVE": ("lũy kế", "cumulative"),
    "KW_FROM_YEAR": ("từ năm", "from year"),
    "KW_FROM_DATE": ("từ ngày", "from"),
    "KW_DATA": ("số liệu", "data"),
    "KW_SPAN": ("giai đoạn", "during"),
    "KW_YEARLY_ONGOING": ("hằng năm và thường xuyên", "yearly and ongoing"),
    "KW_PREVIOUS_YEAR": ("năm trước", "of the previous year"),
    "KW_DATA_TO": ("đến ngày", "to"),
    "KW_IF": ("nếu", "if"),
    # issue 18: strict comparators, ranges, what nothing to measure means (language/bounds.py)
    "KW_MORE_THAN": ("trên", "more than"),
    "KW_LESS_THAN": ("dưới", "less than"),
    "KW_RANGE_FROM": ("từ", "from"),
    "KW_RANGE_TO": ("đến", "to"),
    "KW_IF_NONE": ("nếu không phát sinh", "if none"),
    "KW_MET": ("đạt", "met"),
    "KW_NOT_APPLICABLE": ("không áp dụng", "not applicable"),
    # issue 18: growth, a fixed base year, average growth, percentage points
    "KW_GROWTH": ("mức tăng", "growth in"),
    "KW_AVERAGE_GROWTH": ("tăng trưởng bình quân", "average growth in"),
    "KW_VS_YEAR": ("so với năm", "vs year"),
    "KW_POINTS": ("điểm %", "points"),
}

# Extra spellings the grammar also accepts (never written by the printer),
# with their language. Vietnamese ones are accepted ASCII-folded too.
ALIASES: dict[str, tuple[tuple[str, str], ...]] = {
    "KW_DAY": (("day", "en"),),
    "KW_POINTS": (("điểm phần trăm", "vi"), ("percentage points", "en"), ("point", "en")),
    "KW_YEARLY": (("hàng năm", "vi"),),  # the seeds write both hằng and hàng
    "KW_CUMULATIVE": (("luỹ kế", "vi"),),  # the older placement of the tone mark
    "KW_DATA": (("số liệu tính", "vi"),),
    "KW_YEARLY_ONGOING": (("hàng năm và thường xuyên", "vi"),),  # "số liệu tính từ ngày 15/12 năm trước"
    "KW_MONTHLY": (("hàng tháng", "vi"),),
    "KW_WORKING_DAYS": (("working day", "en"),),
    "KW_IN_MONTH": (("cuối tháng", "vi"), ("end of month", "en")),  # "by the end of month 6/2025"
    "KW_QUARTERLY": (("hàng quý", "vi"),),
    "KW_WEEKLY": (("hàng tuần", "vi"),),
    # weekdays are as often written with their number: "thứ 6 hằng tuần"
    "KW_MONDAY": (("thứ 2", "vi"),),
    "KW_TUESDAY": (("thứ 3", "vi"),),
    "KW_WEDNESDAY": (("thứ 4", "vi"),),
    "KW_THURSDAY": (("thứ 5", "vi"),),
    "KW_FRIDAY": (("thứ 6", "vi"),),
    "KW_SATURDAY": (("thứ 7", "vi"),),
    "KW_HALF_YEARLY": (("định kỳ 06 tháng", "vi"),),  # as Vũ Dương writes "06 tháng"
    "KW_MORE_THAN": (("lớn hơn", "vi"),),
    "KW_LESS_THAN": (("nhỏ hơn", "vi"),),
}


# the weekday keywords, Monday (ISO weekday 1) to Sunday (7)
WEEKDAYS: tuple[str, ...] = (
    "KW_MONDAY", "KW_TUESDAY", "KW_WEDNESDAY", "KW_THURSDAY", "KW_FRIDAY", "KW_SATURDAY", "KW_SUNDAY",
)


def spellings(terminal: str) -> dict[str, str]:
    """Every spelling the grammar accepts for `terminal` (lower case) -> its language."""
    vietnamese, english = KEYWORDS[terminal]
    found = {english.lower(): "en"}
    for word, lang in ((vietnamese, "vi"), *ALIASES.get(terminal, ())):
        found[word.lower()] = lang
        if lang == "vi":
            found[fold(word).lower()] = "vi"
    return found


def fold(text: str) -> str:
    """ASCII-fold Vietnamese: drop the tone and vowel marks, đ -> d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def spelling(terminal: str, lang: str) -> str:
    """The keyword `terminal` as the printer writes it in `lang` ("vi" or "en")."""
    vietnamese, english = KEYWORDS[terminal]
    return english if lang == "en" else vietnamese


def language_of(terminal: str, text: str) -> str | None:
    """Which language a keyword token was written in, or None if ambiguous.

    ASCII-folded Vietnamese counts as Vietnamese. Words spelled the same in
    both ("theo"... only when identical) give None.
    """
    words = " ".join(text.lower().split())
    vietnamese, english = KEYWORDS[terminal]
    written = [(english, "en"), (vietnamese, "vi"), (fold(vietnamese), "vi"), *ALIASES.get(terminal, ())]
    written += [(fold(word), "vi") for word, lang in ALIASES.get(terminal, ()) if lang == "vi"]
    langs = {lang for word, lang in written if word.lower() == words}
    return langs.pop() if len(langs) == 1 else None


def _spelling_languages() -> dict[str, str]:
    """Every spelling of every keyword (lower case, single-spaced) -> its language."""
    found: dict[str, str] = {}
    for terminal in KEYWORDS:
        for word, lang in spellings(terminal).items():
            found[" ".join(word.split())] = lang
    return found


_SPELLINGS = _spelling_languages()
_ANY_KEYWORD = re.compile(  # the longest spelling first: "ngày ban hành" before "ngày"
    r"(?<!\w)(?:"
    + "|".join(r"[ \t]+".join(map(re.escape, w.split())) for w in sorted(_SPELLINGS, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)
_NOT_CODE = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|#[^\n]*')  # unrolled, as grammar/plan.lark's STRING


def text_language(text: str) -> str:
    """The language of a `.plan` text: that of its first keyword, as the parser decides `Plan.language`.

    Read from the text alone, so that messages about a file that does not
    parse are in its language too. Quoted text and comments are skipped; a
    text without a keyword is Vietnamese, as a plan without one is.
    """
    code = _NOT_CODE.sub(lambda m: " " * len(m.group()), unicodedata.normalize("NFC", text))
    for match in _ANY_KEYWORD.finditer(code):
        return _SPELLINGS[" ".join(match.group().lower().split())]
    return "vi"
