"""`render`: a report in the format asked for, the one door every caller writes a report through.

The formats are written by their own modules (`data` for TOML and JSON,
`text`, `markdown`); `render` picks one by name, so the command line, the
scenario runner and the public API write a report the same way.
"""

from __future__ import annotations

from ..evaluation.rollup import RollUp
from ..evaluation.verdicts import Report
from .data import to_json, to_toml
from .markdown import to_markdown
from .phrases import check_lang
from .text import to_text

__all__ = ["FORMATS", "render"]

FORMATS = ("text", "toml", "json", "md")


def render(report: Report, format: str, lang: str = "en", *, width: int = 80, color: bool = False,
           rollup: RollUp | None = None) -> str:
    """`report` in `format`: "text" (for a terminal), "toml", "json" or "md" (Markdown).

    `lang` ("en" or "vi") is the language of text and Markdown; `width` and
    `color` apply to text only. TOML and JSON hold both languages. A
    `rollup` (`rollup.roll_up` of this report) is written with it, in every
    format.
    """
    if format == "text":
        return to_text(report, lang, width, color=color, rollup=rollup)
    if format == "md":
        return to_markdown(report, lang, rollup=rollup)
    if format == "toml":
        check_lang(lang)
        return to_toml(report, rollup)
    if format == "json":
        check_lang(lang)
        return to_json(report, rollup)
    raise ValueError(f"unknown report format {format!r}; expected one of: {', '.join(FORMATS)}")
