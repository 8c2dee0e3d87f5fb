"""Finding and reading `.plan` files: one file, or every file below a folder.

Reading is strict: a file that is not UTF-8, or a folder with no plans, is a
located `PlanLoadError`, never a silent skip. Parsing is `syntax.parse`; this
module only decides which files and in what order (sorted by path, so that
results never depend on the order the file system lists them in).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from attrs import evolve, field, frozen

from . import model as m
from ..base.diagnostics import Diagnostic, Message, PlanError, PlanLoadError, Severity
from ..base.files import Refused, read_file, walk
from ..base.resources import PRELUDE, read
from ..base.source import Source, Span
from .messages import LanguageMessage
from .syntax import parse
from .limits import MAX_PLAN_BYTES, check_size

if TYPE_CHECKING:
    from ..base.progress import Progress


class Cache(Protocol):
    """What parsing asks of a compile cache (`tooling.cache.Cache` is one), given by the caller.

    The cache is wired in from above (the command line, the pipeline), so this
    stage never imports it.
    """

    def plan_key(self, path: str, content: str | bytes) -> str: ...
    def get(self, key: str) -> object: ...
    def put(self, key: str, value: object) -> None: ...
    def put_encoded(self, key: str, payload: str) -> None: ...

# Every code this stage gives, and what it means (docs/checks.md).
CODES: dict[str, str] = {
    "E001": "a file or folder cannot be read: missing, too large, not UTF-8, no plans in it",
    "P501": "two plans with the same number",
    "P502": "a cycle of parents",
    "P503": "a parent that is not encoded here (information)",
}

SUFFIX = ".plan"


def read_text(path: str | Path) -> str:
    """The text of `path` as UTF-8, or a `PlanLoadError` naming the file."""
    return decode_text(read_bytes(path), str(path))


def read_bytes(path: str | Path) -> bytes:
    """The bytes of `path`, refused unread when it is larger than a plan may be or not a regular file (`files`)."""
    try:
        data, size = read_file(path, MAX_PLAN_BYTES)  # bounded: a device or a growing file never fills memory
    except Refused as refusal:
        raise PlanLoadError([_refusal(refusal)]) from None
    check_size(max(size, len(data)), str(path))  # refused unread: nothing large is loaded
    return data


def _refusal(refusal: Refused) -> Diagnostic:
    """E001 for a path the file guard refused: placed on the path, quoting none of it."""
    return _load_error(Path(refusal.path), Message.of("unreadable", path=refusal.path, reason=refusal.reason))


def decode_text(data: bytes, path: str) -> str:
    """`data` read from `path` as UTF-8 text, or a `PlanLoadError` pointing at the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        span = Span(path, line, column, line, column + 1)
        raise PlanLoadError(
            [Diagnostic("E001", Message.of("not_utf8", path=path, offset=error.start), span)]
        ) from None


def _load_error(where: Path, message: Message) -> Diagnostic:
    return Diagnostic("E001", message, Span(str(where), 1, 1, 1, 1))


def load(path: str | Path, *, cache: "Cache | None" = None) -> m.Plan:
    """Read and parse one `.plan` file; the plan's `span` is its `kế hoạch:` line (line 1 for a vocabulary).

    With `cache`, a plan parsed before from the same text is read back instead.
    """
    (read,) = parse_files([Path(path)], cache=cache)
    if read.error is not None:
        raise read.error
    return read.plan  # type: ignore[return-value]


def _parse_text(text: str, path: str) -> m.Plan:
    plan = parse(text, source=path)
    place = header_place(Source.from_text(text, path), "plan") if plan.number is not None else None
    return evolve(plan, span=place or Span(path, 1, 1, 1, 1))


@frozen
class ParsedFile:
    """One file read: its plan, or the error that kept it from parsing (never both)."""

    path: str
    text: str | None  # None when the file could not be read
    plan: m.Plan | None
    error: PlanError | None = None
    key: str | None = None  # its cache key, when a cache was used

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return self.error.diagnostics if self.error is not None else ()


def _parse_encoded(path: str, text: str) -> str | PlanError:
    """A worker's job: parse `text` and return the plan encoded for the cache, or the error.

    Failures are not cached: they are rare, and the error keeps its class
    (a load error, a syntax error) only as the exception itself.
    """
    from . import codec
    try:
        return codec.encode(_parse_text(text, path))
    except PlanError as error:
        return error


def parse_files(files: list[Path], *, cache: "Cache | None" = None, jobs: int = 1,
                progress: "Progress | None" = None) -> list[ParsedFile]:
    """Read and parse `files`, in their order, reading unchanged plans back from `cache`.

    With `jobs` > 1 the plans the cache does not hold are parsed by that many
    processes (parsing is pure: a file's plan depends on its path and text
    only). A file that cannot be read or parsed gives its errors, not an
    exception, so that one run reports every file's problems.
    """
    texts: list[tuple[str, str | PlanError]] = []
    for file in files:
        try:
            texts.append((str(file), read_text(file)))
        except PlanError as error:
            texts.append((str(file), error))
    return parse_texts(texts, cache=cache, jobs=jobs, progress=progress)


def parse_texts(texts: list[tuple[str, str | PlanError]], *, cache: "Cache | None" = None,
                jobs: int = 1, progress: "Progress | None" = None) -> list[ParsedFile]:
    """`parse_files` for files already read: (path, text, or the error reading it).

    `progress` (a `progress.Progress`) shows the parsing of what the cache lacks.
    """
    from . import codec
    from ..base.progress import QUIET

    progress = progress or QUIET

    out: list[ParsedFile | None] = []
    todo: list[tuple[int, str, str, str | None]] = []  # index, path, text, key
    for path, text in texts:
        if isinstance(text, PlanError):
            out.append(ParsedFile(path, None, None, text))
            continue
        key = cache.plan_key(path, text) if cache is not None else None
        found = cache.get(key) if cache is not None else None
        if isinstance(found, m.Plan):
            out.append(ParsedFile(path, text, found, None, key))
        else:
            out.append(None)
            todo.append((len(out) - 1, path, text, key))
    if not todo:
        return out  # type: ignore[return-value]
    if jobs > 1 and len(todo) > 1:
        parsed = _in_processes(todo, jobs)
        try:
            for (i, path, text, key), payload in zip(todo, progress(parsed, len(todo), "parsing")):
                if isinstance(payload, PlanError):
                    out[i] = ParsedFile(path, text, None, payload, key)
                    continue
                if cache is not None and key is not None:
                    cache.put_encoded(key, payload)
                out[i] = ParsedFile(path, text, codec.decode(payload), None, key)  # type: ignore[arg-type]
        finally:
            parsed.close()  # stopped early (Ctrl-C, SIGTERM, an error): the workers are stopped now, not at exit
        return out  # type: ignore[return-value]
    for i, path, text, key in progress(todo, len(todo), "parsing"):
        try:
            plan = _parse_text(text, path)
        except PlanError as error:
            out[i] = ParsedFile(path, text, None, error, key)
            continue
        if cache is not None and key is not None:
            cache.put(key, plan)
        out[i] = ParsedFile(path, text, plan, None, key)
    return out  # type: ignore[return-value]


def _in_processes(todo: list[tuple[int, str, str, str | None]], jobs: int):
    """Parse in `jobs` processes, yielding the encoded results in order as they arrive.

    However the parent stops (an interrupt, a signal turned into one, an
    error, a worker that died: `BrokenProcessPool`), the work not started is
    cancelled and the workers are waited for (each finishes the chunk it
    holds, at most 32 plans) before the exception goes on: none is left
    parsing or orphaned. They are not killed: a worker killed while sending
    its result leaves half a message in the pipe, and the executor's thread
    then waits for the rest forever, at exit. Workers ignore Ctrl-C (the
    parent, in the same process group, decides), take SIGTERM's default
    action, and on Linux die with the parent.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    chunk = max(1, min(32, len(todo) // (jobs * 8) or 1))
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_setup)
    try:
        yield from pool.map(_parse_encoded, [t[1] for t in todo], [t[2] for t in todo], chunksize=chunk)
    except BaseException:
        _stop_workers(pool)
        raise
    pool.shutdown()


def _worker_setup() -> None:
    """In a worker: the parent handles Ctrl-C, SIGTERM kills, and the parent's death kills (Linux)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (AttributeError, OSError):  # not Linux
        pass


def _stop_workers(pool) -> None:
    """Cancel what the workers have not started and wait for them to end (a broken pool's are already gone)."""
    pool.shutdown(wait=True, cancel_futures=True)


def plan_files(path: str | Path) -> list[Path]:
    """Every `.plan` file at or below `path`, sorted (`find_plans` of one path)."""
    return find_plans([path])


def find_plans(paths: Iterable[str | Path]) -> list[Path]:
    """Every `.plan` file at or below each of `paths`, each once: a file named is itself, a folder is walked.

    A folder is walked by `files.walk`: a `.plan` found there must be a regular
    file inside it once its links are followed. Raises one `PlanLoadError`
    listing every folder that cannot be listed, every entry refused and every
    folder named that holds no plan (a typo in a CI path must not pass as a
    clean library).
    """
    found: dict[Path, None] = {}
    problems: list[Diagnostic] = []
    for given in paths:
        path = Path(given)
        if not os.path.isdir(path):  # never raises: an unreadable or over-long path is the reader's to say
            found.setdefault(path, None)
            continue
        listing = walk(path, lambda name: name.endswith(SUFFIX))
        problems.extend(_refusal(r) for r in listing.refused)
        if not listing.files and not listing.refused:
            problems.append(_load_error(path, LanguageMessage.of("no_plans", path=str(path))))
        found.update(dict.fromkeys(listing.files))
    if problems:
        raise PlanLoadError(problems)
    return list(found)


@frozen
class Library:
    """Plans read from a folder, with the files they came from, indexed by number.

    `plans[i]` was read from `paths[i]`. Everything a library answers is in
    path order, whatever the order of `plans`: `by_number` gives the first plan
    by path when a number is duplicated (P501), `parents` keeps the order of
    `cấp trên`, `children` and `roots` are sorted by path.
    """

    plans: tuple[m.Plan, ...]
    paths: tuple[str, ...]
    _order: tuple[int, ...] = field(init=False, eq=False, repr=False)  # indices of plans, by path
    _numbers: dict[str, tuple[int, ...]] = field(init=False, eq=False, repr=False)  # number -> indices, by path
    _texts: dict[str, object] = field(init=False, eq=False, repr=False, factory=dict)  # path -> Source | None

    @_order.default
    def _sort(self) -> tuple[int, ...]:
        return tuple(sorted(range(len(self.plans)), key=lambda i: (self._path(i), i)))

    @_numbers.default
    def _index(self) -> dict[str, tuple[int, ...]]:
        numbers: dict[str, list[int]] = {}
        for i in self._order:
            number = self.plans[i].number
            if number is not None:
                numbers.setdefault(number, []).append(i)
        return {k: tuple(v) for k, v in numbers.items()}

    def _path(self, i: int) -> str:
        if i < len(self.paths):
            return self.paths[i]
        span = self.plans[i].span
        return span.file if span is not None else ""

    def _at(self, plan: m.Plan) -> int | None:
        found = next((i for i, p in enumerate(self.plans) if p is plan), None)
        if found is None:
            found = next((i for i, p in enumerate(self.plans) if p == plan), None)
        return found

    def path_of(self, plan: m.Plan) -> str | None:
        """The file `plan` was read from, or None when it is not in this library."""
        i = self._at(plan)
        return None if i is None else self._path(i)

    def ordered(self) -> tuple[m.Plan, ...]:
        """Every plan, sorted by path."""
        return tuple(self.plans[i] for i in self._order)

    def by_number(self, number: str) -> m.Plan | None:
        """The plan whose number is `number` (the first by path if several are), or None when it is not encoded here."""
        found = self._numbers.get(number)
        return self.plans[found[0]] if found else None

    def numbered(self, number: str) -> tuple[m.Plan, ...]:
        """Every plan whose number is `number`, by path (more than one is P501)."""
        return tuple(self.plans[i] for i in self._numbers.get(number, ()))

    def parents(self, plan: m.Plan) -> tuple[m.Plan, ...]:
        """The parents of `plan` encoded here, in the order of its `cấp trên`, each once."""
        out: list[m.Plan] = []
        for number in dict.fromkeys(plan.parents):
            parent = self.by_number(number)
            if parent is not None and not any(parent is p for p in out):
                out.append(parent)
        return tuple(out)

    def external(self, plan: m.Plan) -> tuple[str, ...]:
        """The numbers in the `cấp trên` of `plan` that no plan here has (external references)."""
        return tuple(n for n in dict.fromkeys(plan.parents) if n not in self._numbers)

    def children(self, plan: m.Plan) -> tuple[m.Plan, ...]:
        """The plans that name `plan` in their `cấp trên`, by path."""
        if plan.number is None or self.by_number(plan.number) is not plan:
            return ()
        return tuple(p for p in self.ordered() if plan.number in p.parents)

    def roots(self) -> tuple[m.Plan, ...]:
        """The plans (not vocabularies) with no parent encoded here, by path."""
        return tuple(p for p in self.ordered() if not p.is_vocabulary and not self.parents(p))

    @property
    def vocabularies(self) -> tuple[m.Plan, ...]:
        """The vocabulary files (`.plan` without a number), by path."""
        return tuple(p for p in self.ordered() if p.is_vocabulary)

    def header_span(self, plan: m.Plan, header: str = "plan", text: str | None = None) -> Span | None:
        """Where the `kế hoạch:` (header="plan") or `cấp trên:` (header="parents") line of `plan` is.

        With `text`, the place of `"text"` (quoted) on that header, which may run
        over several lines. Read from the plan's file; None when there is no file.
        """
        path = self.path_of(plan)
        source = self._source(path) if path else None
        if source is None:
            return plan.span if header == "plan" else None
        return header_place(source, header, text)

    def _source(self, path: str) -> Source | None:
        if path not in self._texts:
            try:
                self._texts[path] = Source.from_text(read_text(path), path)
            except PlanError:
                self._texts[path] = None
        return self._texts[path]  # type: ignore[return-value]

    def __len__(self) -> int:
        return len(self.plans)


_HEADERS = {
    "plan": re.compile(r"(kế[ \t]+hoạch|ke[ \t]+hoach|plan)[ \t]*:", re.IGNORECASE),
    "parents": re.compile(r"(cấp[ \t]+trên|cap[ \t]+tren|parents)[ \t]*:", re.IGNORECASE),
}


def header_place(source: Source, header: str, text: str | None = None) -> Span | None:
    """The span of a header line of `source` ("plan" or "parents"), or of `"text"` on it."""
    pattern = _HEADERS[header]
    for line in range(1, source.line_count + 1):
        found = pattern.match(source.line_text(line))
        if found is None:
            continue
        if text is None:
            content = source.line_text(line).rstrip()
            return Span(source.name, line, 1, line, len(content) + 1)
        quoted = f'"{text}"'
        for at in range(line, source.line_count + 1):
            content = source.line_text(at)
            if at > line and not content[:1].isspace():
                break  # the header's value ended
            column = content.find(quoted)
            if column >= 0:
                return Span(source.name, at, column + 1, at, column + 1 + len(quoted))
        return Span(source.name, line, 1, line, found.end() + 1)
    return None


# ------------------------------------------------------------- structure --


def structure(library: Library) -> list[Diagnostic]:
    """What is wrong with the library as a whole: duplicate numbers (P501), cycles (P502), external parents (P503).

    Sorted by file and line; the same whatever the order of `library.plans`.
    """
    out: list[Diagnostic] = []
    path = library._path
    for number, indices in library._numbers.items():
        first = indices[0]
        for other in indices[1:]:
            plan = library.plans[other]
            out.append(Diagnostic(
                "P501", LanguageMessage.of("duplicate_number", number=number, first=path(first), second=path(other)),
                library.header_span(plan, "plan") or plan.span, Severity.ERROR,
                (LanguageMessage.of("hint_duplicate_number", number=number, first=path(first)),),
            ))
    for ring, rest in parent_cycles(library):
        start = library.plans[ring[0]]
        following = library.plans[(ring + rest)[1 % len(ring + rest)]]
        text = " → ".join(f"{library.plans[i].number} ({path(i)})" for i in ring) + f" → {start.number}"
        if rest:
            others = ", ".join(f"{library.plans[i].number} ({path(i)})" for i in rest)
            text = (f"{text} (also caught in it: {others})", f"{text} (cùng nằm trong vòng lặp: {others})")
        out.append(Diagnostic(
            "P502", LanguageMessage.of("parent_cycle", cycle=text),
            library.header_span(start, "parents", following.number) or start.span, Severity.ERROR,
            (LanguageMessage.of("hint_parent_cycle", number=following.number, file=path(ring[0])),),
        ))
    for plan in library.ordered():
        for number in library.external(plan):
            out.append(Diagnostic("P503", LanguageMessage.of("external_parent", number=number),
                                  library.header_span(plan, "parents", number) or plan.span, Severity.INFO))
    return sorted(out, key=_place)


def _place(d: Diagnostic) -> tuple:
    span = d.span
    return (span.file, span.line, span.column, d.code) if span else ("", 0, 0, d.code)


def parent_cycles(library: Library) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Each cycle of parents once: (a ring of plans in cấp trên order from the first by path, the others).

    A strongly connected component with more than one plan, or a plan that
    names itself, is a cycle; when a component holds several cycles, the
    shortest ring through its first plan is shown and its other plans are
    listed beside it.
    """
    edges = {i: [library._numbers[n][0] for n in dict.fromkeys(library.plans[i].parents) if n in library._numbers]
             for i in library._order}
    rank = {i: r for r, i in enumerate(library._order)}
    out = []
    for component in _components(library._order, edges):
        members = set(component)
        start = min(component, key=rank.__getitem__)
        if len(component) == 1 and start not in edges[start]:
            continue
        ring = _ring(start, members, edges)
        rest = tuple(sorted(members - set(ring), key=rank.__getitem__))
        out.append((ring, rest))
    return sorted(out, key=lambda c: rank[c[0][0]])


def _ring(start: int, members: set[int], edges: dict[int, list[int]]) -> tuple[int, ...]:
    """The shortest path from `start` back to itself inside `members` (breadth first, in cấp trên order)."""
    previous: dict[int, int] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in edges[node]:
            if nxt not in members:
                continue
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return tuple(reversed(path))
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return (start,)


def _components(nodes: tuple[int, ...], edges: dict[int, list[int]]) -> list[list[int]]:
    """Tarjan's strongly connected components, iteratively (no recursion limit on deep libraries)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    out: list[list[int]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            for k in range(position, len(edges[node])):
                nxt = edges[node][k]
                if nxt not in index:
                    work.append((node, k + 1))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


def load_dir(path: str | Path, *, cache: "Cache | None" = None, jobs: int = 1) -> Library:
    """Parse every `.plan` file below `path`; raise one `PlanError` listing all their errors.

    `cache` and `jobs` as for `parse_files`.
    """
    files = plan_files(path)
    read = parse_files(files, cache=cache, jobs=jobs)
    diagnostics = [d for r in read for d in r.errors]
    if diagnostics:
        raise PlanError(diagnostics)
    return Library(tuple(r.plan for r in read), tuple(r.path for r in read))  # type: ignore[misc]


def prelude() -> m.Plan:
    """The standard vocabulary shipped with planrules (plans/prelude.plan)."""
    return parse(read(PRELUDE), source="prelude.plan")
