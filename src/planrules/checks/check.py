"""Every check of a library of plans, in one call: structure, names, lint, inheritance.

`check(library)` runs, in order: the library's structure (duplicate numbers,
cycles, external parents: `library.structure`), name resolution
(`resolver.resolve`), the lint of each plan (`lint.lint`) and the inheritance
check (`inheritance.check_inheritance`); then applies the silences written in
the plans and returns the findings sorted by file and line.

A finding is silenced on one clause by a comment directly above it, with a
written reason:

    # planrules: bỏ qua L401: hai cơ quan cùng chủ trì theo văn bản gốc
    nhiệm vụ TT 5 @157 { ... }

(`ignore` is the English verb; several codes are separated by commas.) The
silence covers the findings of those codes located inside that statement. A
silence without a reason (S001), naming a code that does not exist (S002) or
silencing nothing (S003) is itself a finding, so silences cannot rot unseen;
so is a comment that starts like a silence but is not written as one (S004),
which would otherwise silence nothing without a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from attrs import evolve, frozen

from ..language import model as m
from ..base.diagnostics import Diagnostic, Severity, capped, stands_for
from .messages import ChecksMessage
from .inheritance import check_inheritance
from ..language.library import Library, prelude as standard_prelude, structure
from .lint import lint
from ..language.resolver import resolve
from ..base.source import Source, Span

Finding = Diagnostic


_DIRECTIVE = re.compile(
    r"^\s*planrules\s*:\s*(?P<verb>bỏ qua|bo qua|ignore)\s+(?P<codes>[A-Za-z]\d{3}(?:\s*,\s*[A-Za-z]\d{3})*)"
    r"\s*(?::\s*(?P<reason>.*?))?\s*$",
    re.IGNORECASE,
)


# A comment that starts like a silence: "planrules" then a colon, a verb or a code.
_LOOKS_LIKE = re.compile(r"^\s*planrules?\b\s*(?::|(?:bỏ|bo)\s*qua\b|ignore\b|[A-Za-z]\d{3}\b)", re.IGNORECASE)
# What such a comment most likely means: its codes and its reason, for the hint.
_LENIENT = re.compile(
    r"^\s*planrules?\b\s*:?\s*(?:(?:bỏ|bo)\s*qua|ignore)?\s*:?\s*"
    r"(?P<codes>[A-Za-z]\d{3}(?:\s*[,;]?\s*[A-Za-z]\d{3})*)\b\s*[:—–-]*\s*(?P<reason>.*?)\s*$",
    re.IGNORECASE,
)


def _malformed(comment: m.Comment) -> Diagnostic:
    """S004 about `comment`, with the directive it most likely means as a hint."""
    meant = _LENIENT.match(comment.text)
    if meant is None:
        hint = ChecksMessage.of("hint_silence_form")
    else:
        codes = ", ".join(c.upper() for c in re.findall(r"[A-Za-z]\d{3}", meant["codes"]))
        reason = meant["reason"] or ("<reason>", "<lý do>")
        hint = ChecksMessage.of("hint_silence_as", codes=codes, reason=reason)
    return Diagnostic("S004", ChecksMessage.of("silence_malformed"), comment.span, Severity.WARNING, (hint,))


@frozen
class Silence:
    """A silence comment: the codes it names, why, and the statement it covers."""

    codes: tuple[str, ...]
    reason: str
    comment: m.Comment
    file: str
    first: int  # lines of the statement covered
    last: int


# Every code a silence may name: what the checking stages declare they give.
CODES: dict[str, str] = {
    "S001": "a silence without a written reason",
    "S002": "a silence naming a code that no check gives",
    "S003": "a silence that silences nothing",
    "S004": "a comment that looks like a silence but is not written as one (warning)",
}


def summarised(findings: Iterable[Diagnostic], minimum: Severity) -> list[tuple[Severity, str, int]]:
    """The findings below `minimum`, counted per code: (severity, code, count), most severe first, then by code.

    What `planrules check` prints instead of listing them: on the real plans the
    38 info findings of L402 would otherwise come before the first warning.
    A closing "… and N more" counts the N findings it stands for.
    """
    counts: dict[tuple[Severity, str], int] = {}
    for d in findings:
        if d.severity.rank < minimum.rank:
            counts[(d.severity, d.code)] = counts.get((d.severity, d.code), 0) + stands_for(d)
    return [(s, code, n) for (s, code), n in sorted(counts.items(), key=lambda item: (-item[0][0].rank, item[0][1]))]


def known_codes() -> frozenset[str]:
    """Every code a finding of `check` can carry."""
    from . import inheritance
    from . import lint as lint_module
    from ..language import library
    from ..language import resolver
    from ..language import syntax

    modules = (inheritance, lint_module, library, resolver, syntax)
    return frozenset(CODES).union(*(module.CODES for module in modules))


def silences(plan: m.Plan) -> tuple[list[Silence], list[Diagnostic]]:
    """The silence comments of `plan`, and the findings about malformed ones."""
    out: list[Silence] = []
    problems: list[Diagnostic] = []
    body = plan.body
    first_line = next((s.span.line for s in body if s.span is not None and not isinstance(s, m.Comment)), None)
    candidates = [(c, None) for c in plan.preamble]  # the file's heading and the header's comments: the header
    candidates += [(c, None) for note in plan.header_comments for c in note.comments]
    candidates += [(s, i) for i, s in enumerate(body) if isinstance(s, m.Comment)]
    for comment, index in candidates:
        if comment.span is None:
            continue
        match = _DIRECTIVE.match(comment.text)
        if match is None:
            if _LOOKS_LIKE.match(comment.text):
                problems.append(_malformed(comment))
            continue
        codes = tuple(c.strip().upper() for c in match["codes"].split(","))
        reason = (match["reason"] or "").strip()
        if not reason:
            problems.append(Diagnostic("S001", ChecksMessage.of("silence_without_reason", codes=", ".join(codes)),
                                       comment.span))
            continue
        if index is None:  # in the file's heading: covers the header
            target = (1, (first_line or 2) - 1)
        else:
            following = next((s for s in body[index + 1:] if not isinstance(s, m.Comment)), None)
            if following is None or following.span is None:
                continue
            target = (following.span.line, following.span.end_line)
        out.append(Silence(codes, reason, comment, comment.span.file, *target))
    return out, problems


def _covered(finding: Diagnostic, silence: Silence) -> bool:
    span = finding.span
    return (
        span is not None and finding.code in silence.codes and span.file == silence.file
        and silence.first <= span.line <= silence.last
    )


class Silencer:
    """The silences of some plans, told each finding as it is found, before any cap.

    Findings are capped per code and file (`errors.capped`), and the resolver
    caps lazily as it finds them; a silence must see every finding, listed or
    not, or a silence of the 120th of 150 would be unused (S003) and its finding
    counted in "… and N more".
    """

    def __init__(self, plans: Iterable[m.Plan]):
        self._known = known_codes()
        self._every: list[Silence] = []
        self._problems: list[Diagnostic] = []
        for plan in plans:
            found, problems = silences(plan)
            self._every += found
            self._problems += problems
        self._by_place: dict[tuple[str, str], list[int]] = {}  # (file, code) -> silences naming it
        for i, silence in enumerate(self._every):
            for code in silence.codes:
                self._by_place.setdefault((silence.file, code), []).append(i)
        self._used: set[tuple[int, str]] = set()

    def keeps(self, finding) -> bool:
        """False when a silence covers `finding` (a `Diagnostic`, or anything with a code and a span): it is used."""
        span = finding.span
        if span is None:
            return True
        for i in self._by_place.get((span.file, finding.code), ()):
            if _covered(finding, self._every[i]):
                self._used.add((i, finding.code))
                return False
        return True

    def findings(self) -> list[Diagnostic]:
        """The findings about the silences themselves (S001-S004): call once every finding has been told."""
        out = list(self._problems)
        for i, silence in enumerate(self._every):
            for code in silence.codes:
                if code not in self._known:
                    out.append(Diagnostic("S002", ChecksMessage.of("silence_unknown_code", code=code),
                                          silence.comment.span, Severity.WARNING))
                elif (i, code) not in self._used:
                    out.append(Diagnostic("S003", ChecksMessage.of("silence_unused", code=code), silence.comment.span,
                                          Severity.WARNING))
        return out


def check(target: Library | m.Plan | str | Path, *, prelude: m.Plan | None = None,
          sources: dict[str, Source] | None = None) -> list[Finding]:
    """Every finding about `target` (a library, one plan, or a path to a file or folder).

    Raises `PlanError` only when a file cannot be read or parsed; everything
    else is a finding, sorted by file, line and column.
    """
    if isinstance(target, (str, Path)):
        from ..language.library import load_dir

        target = load_dir(target)
    library = target if isinstance(target, Library) else Library((target,), (str(target.span.file),) if target.span else ("",))
    prelude = prelude if prelude is not None else standard_prelude()
    silencer = Silencer(library.plans)  # before any cap: the resolver's is as it finds
    keeps = silencer.keeps
    findings: list[Diagnostic] = [f for f in structure(library) if keeps(f)]
    findings += resolve(library.plans, prelude, sources, keep=keeps)
    for plan in library.plans:
        if not plan.is_vocabulary:
            findings += filter(keeps, lint(plan, library))
    findings += filter(keeps, check_inheritance(library, prelude))
    findings += silencer.findings()
    # At most MAX_FINDINGS_PER_CODE of a code per file, then "… and N more": the output stays linear in the input.
    return sorted((_with_line(f, sources) for f in capped(sorted(findings, key=_order))), key=_order)


def _order(d: Diagnostic) -> tuple:
    span = d.span or Span("", 0, 0, 0, 0)
    return (span.file, span.line, span.column, d.code)


def _with_line(d: Diagnostic, sources: dict[str, Source] | None) -> Diagnostic:
    """`d` with the text of its line, for the caret, read from `sources` or the file."""
    if d.span is None or d.line_text is not None:
        return d
    source = (sources or {}).get(d.span.file)
    if source is None:
        from ..base.diagnostics import PlanError
        from ..language.library import read_text

        try:  # through the file guard: a span may name a FIFO or a kernel file (parse(text, source=...))
            source = Source.from_text(read_text(d.span.file), d.span.file)
        except PlanError:
            return d
        if sources is not None:
            sources[d.span.file] = source
    return evolve(d, line_text=source.line_text(d.span.line))


# ------------------------------------------------------------ files, cached --


@frozen
class CheckRun:
    """The outcome of checking files: every finding, parse failures included.

    `broken` says a file could not be read or parsed; then its errors are the
    findings and nothing else was checked (a library with a hole in it would
    give findings that are not true of the real one). `cached` says the
    findings were read back from the cache, nothing being parsed.
    """

    files: tuple[str, ...]
    findings: tuple[Diagnostic, ...]
    broken: bool = False
    cached: bool = False
    key: str | None = None  # the cache key of these findings, when a cache was used


@frozen
class Gathered:
    """The `.plan` files below some paths, with the cache key of checking them together.

    The key is known before anything is parsed, so a caller can look up what
    it keeps for that library (findings, a printed report) first. The files'
    contents are not kept: a check that has to run reads them again.
    """

    files: tuple[str, ...]
    key: str | None = None  # None without a cache, or when a file cannot be read
    problems: tuple[Diagnostic, ...] = ()  # folders that cannot be walked, entries refused, folders without plans


def gather(paths: Iterable[str | Path], *, prelude: m.Plan | None = None, cache=None) -> Gathered:
    """Find every `.plan` file at or below `paths` (each once) and, with a cache, the key of their check."""
    from ..base.diagnostics import PlanError
    from ..language.library import find_plans, read_bytes

    try:
        files = dict.fromkeys(str(file) for file in find_plans(paths))
    except PlanError as error:
        return Gathered((), None, error.diagnostics)
    if cache is None:
        return Gathered(tuple(files))
    contents: list[tuple[str, str | bytes]] = []
    for file in files:
        try:
            contents.append((file, read_bytes(file)))
        except PlanError:
            return Gathered(tuple(files))  # a file that cannot be read: nothing is cached for this library
    return Gathered(tuple(files), _library_key(cache, contents, prelude))


def _library_key(cache, contents: list[tuple[str, str | bytes]], prelude: m.Plan | None) -> str:
    from ..language import codec

    parts = [(path, cache.plan_key(path, content)) for path, content in contents]
    if prelude is not None:
        parts.append(("<prelude>", codec.encode(prelude)))
    return cache.check_key(parts)


def check_files(paths: Iterable[str | Path] | Gathered, *, prelude: m.Plan | None = None, cache=None,
                jobs: int = 1, progress=None) -> CheckRun:
    """Check every `.plan` file at or below `paths` as one library, using `cache` (a `cache.Cache`) if given.

    With a cache, the findings of an unchanged set of files are read back
    without parsing anything, and only the plans whose text changed are
    parsed again; `jobs` processes parse those. The findings are the same
    with or without a cache (tests/test_cache.py).
    """
    from ..base.diagnostics import PlanError
    from ..language.library import parse_texts, read_text

    given = paths if isinstance(paths, Gathered) else gather(paths, prelude=prelude, cache=cache)
    if given.problems:
        return CheckRun(given.files, given.problems, broken=True)
    if cache is not None and given.key is not None:
        found = _cached_findings(cache, given.key)
        if found is not None:
            return CheckRun(given.files, found, cached=True, key=given.key)
    texts: list[tuple[str, str | PlanError]] = []
    for path in given.files:
        try:
            texts.append((path, read_text(path)))
        except PlanError as error:
            texts.append((path, error))
    read = parse_texts(texts, cache=cache, jobs=jobs, progress=progress)
    failed = [d for r in read for d in r.errors]
    if failed:
        return CheckRun(given.files, tuple(failed), broken=True)
    library = Library(tuple(r.plan for r in read), tuple(r.path for r in read))  # type: ignore[misc]
    # The key of what was read now (a file may have changed since `gather`).
    key = _library_key(cache, [(r.path, r.text) for r in read], prelude) if cache is not None else None  # type: ignore[misc]
    sources = _Sources((path, text) for path, text in texts)  # type: ignore[misc]
    del read, texts  # the plans live on in `library`, the texts (compactly) in `sources`
    findings = tuple(check(library, prelude=prelude, sources=sources))  # type: ignore[arg-type]
    if cache is not None and key is not None:
        _keep_findings(cache, key, findings)
    return CheckRun(given.files, findings, key=key)


class _Sources:
    """File name -> `Source`, holding each text as UTF-8 bytes and a few decoded ones at a time.

    A check of a national library needs every file's text to point findings
    at their line, but one file at a time: findings come file by file. As
    bytes the texts take half the memory of Python strings, without the
    index of line starts.
    """

    def __init__(self, texts: Iterable[tuple[str, str]], keep: int = 8):
        self._data = {path: text.encode("utf-8") for path, text in texts}
        self._decoded: dict[str, Source] = {}
        self._keep = keep

    def get(self, path: str, default: Source | None = None) -> Source | None:
        source = self._decoded.pop(path, None)
        if source is None:
            data = self._data.get(path)
            if data is None:
                return default
            source = Source.from_text(data.decode("utf-8"), path)
        self._decoded[path] = source  # most recently used last
        while len(self._decoded) > self._keep:
            del self._decoded[next(iter(self._decoded))]
        return source

    def __setitem__(self, path: str, source: Source) -> None:
        self._decoded[path] = source

    def __bool__(self) -> bool:
        return bool(self._data)


# Findings are kept one entry per file, with an index of those files: on the
# national corpus they are over a hundred thousand, and one entry for all of
# them would be a JSON text of hundreds of megabytes, built in memory at once.


def _keep_findings(cache, key: str, findings: tuple[Diagnostic, ...]) -> None:
    by_file: dict[str, list[Diagnostic]] = {}
    for d in findings:
        by_file.setdefault(d.span.file if d.span else "", []).append(d)
    for file, group in by_file.items():
        cache.put(cache.derived_key(key, "findings", file), tuple(group))
    cache.put(key, tuple(by_file))


def _cached_findings(cache, key: str) -> tuple[Diagnostic, ...] | None:
    """The findings kept under `key`, in their order, or None unless every part of them is there and sound."""
    files = cache.get(key)
    if not (isinstance(files, tuple) and all(isinstance(f, str) for f in files)):
        return None
    out: list[Diagnostic] = []
    for file in files:
        group = cache.get(cache.derived_key(key, "findings", file))
        if not (isinstance(group, tuple) and all(isinstance(d, Diagnostic) for d in group)):
            return None
        out.extend(group)
    return tuple(sorted(out, key=_order))  # stable: equal places keep the order they were found in
