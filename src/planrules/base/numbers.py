"""Numbers as each language writes them: 35,000,000 and 66.67 in English, 35.000.000 and 66,67 in Vietnamese.

Every number a report shows a person — a value against its threshold, a
count in a summary table, a sum of a roll-up, a caption of a workbook —
goes through here, so that one report never mixes "1234", "1,234" and
"1.234". Identifiers, years and the numbers of machine formats (TOML,
JSON, CSV, Parquet) are not numbers for people and are written as they are.
"""

from __future__ import annotations

__all__ = ["SEPARATORS", "count_text", "decimal_text"]

# (thousands, decimal) separators of each language
SEPARATORS = {"en": (",", "."), "vi": (".", ",")}


def count_text(n: int, lang: str = "en") -> str:
    """A whole number with its thousands grouped: 35000000 is "35,000,000" in English, "35.000.000" in Vietnamese."""
    return decimal_text(n < 0, abs(n), "", lang)


def decimal_text(negative: bool, whole: int, decimals: str, lang: str = "en") -> str:
    """`whole` (≥ 0) and its decimal digits `decimals` ("" for none) as `lang` writes them: "-1,234.5" / "-1.234,5"."""
    thousands, point = SEPARATORS.get(lang, SEPARATORS["en"])
    digits = str(whole)
    head = len(digits) % 3 or 3
    groups = [digits[:head], *(digits[i:i + 3] for i in range(head, len(digits), 3))]
    text = ("-" if negative else "") + thousands.join(groups)
    return f"{text}{point}{decimals}" if decimals else text
