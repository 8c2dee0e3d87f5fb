"""The hierarchy of a library of plans, as text: parents above their children.

Each plan shows its number, issuer, date, status (complete or partial) and
what the checks found in its file; a parent named by `cấp trên` but not encoded
is shown once as external, with its children below it. A plan with several
parents appears under each, its subtree printed in full only the first time.
Plans caught in a cycle of parents are listed at the end.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..language import model as m
from ..base.diagnostics import Diagnostic, Severity, stands_for
from ..language.library import Library
from .messages import ChecksMessage

def _word(key: str, lang: str, **args) -> str:
    """The tree's word `key` (the checks catalogue's) in `lang`, its arguments filled in."""
    return ChecksMessage.of(key, **args).text(lang)


def render_tree(library: Library, findings: Sequence[Diagnostic] = (), lang: str = "en") -> str:
    plans = [p for p in library.plans if not p.is_vocabulary]
    by_number: dict[str, m.Plan] = {}
    for plan in plans:
        by_number.setdefault(plan.number, plan)
    path_of = {id(p): path for p, path in zip(library.plans, library.paths)}
    children: dict[str, list[m.Plan]] = {}
    for plan in plans:
        for parent in plan.parents:
            children.setdefault(parent, []).append(plan)

    def status(plan: m.Plan) -> str:
        path = path_of.get(id(plan), "")
        mine = [d for d in findings if d.span is not None and d.span.file == path]
        errors = sum(stands_for(d) for d in mine if d.severity is Severity.ERROR)
        warnings = sum(stands_for(d) for d in mine if d.severity is Severity.WARNING)
        parts = [_word("tree_partial" if plan.status is m.PlanStatus.PARTIAL else "tree_complete", lang)]
        if errors:
            parts.append(_word("tree_errors", lang, n=errors))
        if warnings:
            parts.append(_word("tree_warnings", lang, n=warnings))
        if not errors and not warnings:
            parts.append(_word("tree_ok", lang))
        head = f"{plan.number}"
        who = ", ".join(x for x in (plan.issuer, plan.date.strftime("%d/%m/%Y") if plan.date else None) if x)
        return f"{head} — {who} [{'; '.join(parts)}] {path}".replace(" —  [", " [")

    lines: list[str] = []
    shown: set[int] = set()

    def walk(number: str, prefix: str, last: bool, depth: int) -> None:
        for i, child in enumerate(sorted(children.get(number, ()), key=lambda p: path_of.get(id(p), ""))):
            is_last = i == len(children[number]) - 1
            branch = "└── " if is_last else "├── "
            again = id(child) in shown
            lines.append(prefix + branch + status(child) + (f" {_word('tree_again', lang)}" if again else ""))
            if not again and depth < 64:
                shown.add(id(child))
                walk(child.number, prefix + ("    " if is_last else "│   "), is_last, depth + 1)

    roots = [p for p in plans if not any(parent in by_number for parent in p.parents)]
    external = sorted({parent for p in plans for parent in p.parents if parent not in by_number})
    entries = [(path_of.get(id(p), ""), "plan", p) for p in roots] + [("", "external", n) for n in external]
    for _, kind, item in sorted(entries, key=lambda e: (e[1] == "external", e[0], str(e[2] if e[1] == "external" else ""))):
        if kind == "plan":
            if id(item) in shown:
                continue
            lines.append(status(item))
            shown.add(id(item))
            walk(item.number, "", True, 0)
        else:
            lines.append(f"{item} [{_word('tree_external', lang)}]")
            walk(item, "", True, 0)
    cyclic = [p for p in plans if id(p) not in shown]
    if cyclic:
        lines.append(_word("tree_cycle", lang))
        lines.extend("  " + status(p) for p in sorted(cyclic, key=lambda p: path_of.get(id(p), "")))
    return "\n".join(lines) + "\n"
