"""`render`: a report in the format asked for, the one door every caller writes a report through.

The formats are written by their own modules (`data` for TOML and JSON,
`text`, `markdown`, `html`); `render` picks one by name, so the command line, the
scenario runner and the public API write a report the same way. `chunks` gives
the same text in pieces, to be written as they come (JSON verdict by verdict).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..evaluation.rollup import RollUp
from ..evaluation.verdicts import Report
from .data import json_chunks, to_toml
from .html import to_html
from .markdown import rollup_to_markdown, to_markdown
from .phrases import check_lang
from .text import rollup_to_text, to_text

__all__ = ["FORMATS", "chunks", "render"]

FORMATS = ("text", "toml", "json", "md", "html")


def render(report: Report, format: str, lang: str = "en", *, width: int = 80, color: bool = False,
           rollup: RollUp | Sequence[RollUp] | None = None, units: bool = True, explain: bool = True) -> str:
    """`report` in `format`: "text" (for a terminal), "toml", "json", "md" (Markdown) or "html" (a web page).

    `lang` ("en" or "vi") is the language of text and Markdown; `width` and
    `color` apply to text only. TOML and JSON hold both languages. A
    `rollup` (`rollup.roll_up` of this report), or several (one per level:
    communes to provinces, and to the nation), is written with it, in every
    format: text and Markdown one after the other; TOML and JSON a `rollup`
    table for one, an array of them for several. `units=False` (text and
    Markdown, with a roll-up) writes the roll-ups alone: a national run's
    provinces and nation without its thousands of communes' verdicts.
    `explain=False` (TOML and JSON) leaves the explanations out.
    """
    return "".join(chunks(report, format, lang, width=width, color=color, rollup=rollup, units=units,
                          explain=explain))


def chunks(report: Report, format: str, lang: str = "en", *, width: int = 80, color: bool = False,
           rollup: RollUp | Sequence[RollUp] | None = None, units: bool = True, explain: bool = True) -> Iterator[str]:
    """`render`'s text in pieces: JSON verdict by verdict (`data.json_chunks`), the other formats whole."""
    rollups = (rollup,) if isinstance(rollup, RollUp) else tuple(rollup or ())
    metrics, labels = dict(report.metric_labels), dict(report.labels)
    if not explain and format not in ("toml", "json"):
        raise ValueError("a report without its explanations is a TOML or JSON report")
    if format == "html":
        if rollups or not units:
            raise ValueError("the web page shows a plan's units, not roll-ups: write roll-ups as text, md, toml "
                             "or json")
        yield to_html(report, lang)
    elif not units:
        if format not in ("text", "md") or not rollups:
            raise ValueError("a report without its units' verdicts is a text or Markdown roll-up")
        check_lang(lang)
        if format == "text":
            yield "\n".join(rollup_to_text(r, lang, width, color=color, metrics=metrics, units=labels) for r in rollups)
        else:
            yield "\n".join(rollup_to_markdown(r, lang, metrics=metrics, units=labels) for r in rollups)
    elif format == "text":
        text = to_text(report, lang, width, color=color, rollup=rollups[0] if rollups else None)
        yield text + "".join("\n" + rollup_to_text(r, lang, width, color=color, metrics=metrics, units=labels) for r in rollups[1:])
    elif format == "md":
        text = to_markdown(report, lang, rollup=rollups[0] if rollups else None)
        yield text + "".join("\n" + rollup_to_markdown(r, lang, metrics=metrics, units=labels) for r in rollups[1:])
    elif format == "toml":
        check_lang(lang)
        yield to_toml(report, rollups, explain=explain)
    elif format == "json":
        check_lang(lang)
        yield from json_chunks(report, rollups, explain=explain)
    else:
        raise ValueError(f"unknown report format {format!r}; expected one of: {', '.join(FORMATS)}")
