"""Finding and reading `.plan` files: one file, or every file below a folder.

Reading is strict: a file that is not UTF-8, or a folder with no plans, is a
located `PlanLoadError`, never a silent skip. Parsing is `syntax.parse`; this
module only decides which files and in what order (sorted by path, so that
results never depend on the order the file system lists them in).
"""

from __future__ import annotations

from pathlib import Path

from attrs import frozen

from . import model as m
from .errors import Diagnostic, Message, PlanError, PlanLoadError
from .resources import PRELUDE, read
from .source import Span
from .syntax import parse

SUFFIX = ".plan"


def read_text(path: str | Path) -> str:
    """The text of `path` as UTF-8, or a `PlanLoadError` naming the file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PlanLoadError([_load_error(path, "unreadable", path=str(path), reason=error.strerror or error)]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        span = Span(str(path), line, column, line, column + 1)
        raise PlanLoadError(
            [Diagnostic("E001", Message.of("not_utf8", path=str(path), offset=error.start), span)]
        ) from None


def _load_error(path: Path, key: str, **args) -> Diagnostic:
    return Diagnostic("E001", Message.of(key, **args), Span(str(path), 1, 1, 1, 1))


def load(path: str | Path) -> m.Plan:
    """Read and parse one `.plan` file."""
    return parse(read_text(path), source=str(path))


def plan_files(path: str | Path) -> list[Path]:
    """Every `.plan` file at or below `path`, sorted."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob(f"*{SUFFIX}") if p.is_file())
    return [path]


@frozen
class Library:
    """Plans read from a folder, in path order, with the files they came from."""

    plans: tuple[m.Plan, ...]
    paths: tuple[str, ...]

    def by_number(self, number: str) -> m.Plan | None:
        """The plan whose number is `number`, or None when it is not encoded here."""
        return next((p for p in self.plans if p.number == number), None)

    @property
    def vocabularies(self) -> tuple[m.Plan, ...]:
        return tuple(p for p in self.plans if p.is_vocabulary)

    def __len__(self) -> int:
        return len(self.plans)


def load_dir(path: str | Path) -> Library:
    """Parse every `.plan` file below `path`; raise one `PlanError` listing all their errors."""
    files = plan_files(path)
    if Path(path).is_dir() and not files:
        raise PlanLoadError([_load_error(Path(path), "no_plans", path=str(path))])
    plans: list[m.Plan] = []
    diagnostics: list[Diagnostic] = []
    for file in files:
        try:
            plans.append(load(file))
        except PlanError as error:
            diagnostics.extend(error.diagnostics)
    if diagnostics:
        raise PlanError(diagnostics)
    return Library(tuple(plans), tuple(str(f) for f in files))


def prelude() -> m.Plan:
    """The standard vocabulary shipped with planrules (plans/prelude.plan)."""
    return parse(read(PRELUDE), source="prelude.plan")
