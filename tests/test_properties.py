"""Property tests of the .plan language: round trips, spellings, normal forms, and fuzzing the parser.

The plans come from `planrules.strategies`. Fuzzing checks that `parse`
never fails with anything but a `PlanError` carrying located diagnostics,
and that fuzzed input which does parse survives a format round trip.
Run a bigger campaign with `HYPOTHESIS_PROFILE=fuzz pytest -k fuzz tests/test_properties.py`.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from lark import Token, Tree

from planrules import PlanError, format, parse
from planrules.language import keywords
from planrules.language.keywords import KEYWORDS, fold
from planrules.base.source import normalize
from planrules.strategies import LANGUAGES, names, plan_texts, plans
from planrules.language.syntax import parser

languages = st.sampled_from(LANGUAGES)


# ------------------------------------------------------------- helpers --


def keyword_tokens(text: str) -> list[Token]:
    """The keyword tokens of valid `.plan` text, in order, as the real (contextual) parser reads them."""
    tree = parser().parse(text, start="start")
    found = tree.scan_values(lambda v: isinstance(v, Token) and v.type.startswith("KW_"))
    return sorted(found, key=lambda t: t.start_pos)


def respell(text: str, spell) -> str:
    """`text` with each keyword token replaced by `spell(token)`; names, text and numbers untouched."""
    out, position = [], 0
    for token in keyword_tokens(text):
        out.append(text[position : token.start_pos])
        out.append(spell(token))
        position = token.end_pos
    out.append(text[position:])
    return "".join(out)


def all_spellings(terminal: str) -> list[str]:
    """Every spelling the grammar accepts for a keyword: Vietnamese, ASCII-folded, English, aliases."""
    return sorted(keywords.spellings(terminal))


def assert_parses_or_fails_cleanly(text: str) -> None:
    """`parse(text)` gives a plan that survives a format round trip, or raises a PlanError placed inside the text.

    Every diagnostic must have a span in the (NFC-normalised) text: line 1
    to one past the last line, column 1 to one past the end of its line.
    """
    try:
        plan = parse(text, source="fuzz.plan")
    except PlanError as error:
        assert error.diagnostics, "a PlanError without diagnostics"
        lines = normalize(text).split("\n")
        for d in error.diagnostics:
            assert d.span is not None, d
            assert d.span.file == "fuzz.plan"
            assert 1 <= d.span.line <= len(lines) + 1, (d.span, len(lines))
            width = len(lines[d.span.line - 1]) if d.span.line <= len(lines) else 0
            assert 1 <= d.span.column <= width + 1, (d.span, width)
            assert d.render("en") and d.render("vi")
        assert error.render("vi")
    else:
        # Input that parses, canonical or not, formats to text that parses back to it.
        canonical = format(plan)
        assert parse(canonical) == plan
        assert format(parse(canonical)) == canonical


# ---------------------------------------------------------- round trips --


@given(plans(), languages)
def test_parse_inverts_format(plan, lang):
    """Parsing a generated plan's canonical text, in either language, gives back the same plan."""
    assert parse(format(plan, lang)) == plan


@given(plans(), languages)
def test_format_is_idempotent(plan, lang):
    """Formatting the parse of canonical text gives the same text, in the language the text was written in."""
    text = format(plan, lang)
    reparsed = parse(text)
    assert format(reparsed) == text
    assert format(reparsed, lang) == text


@given(plans())
def test_language_is_detected_from_the_keywords(plan):
    """A plan written with keywords in one language is read back as being in that language."""
    for lang in LANGUAGES:
        text = format(plan, lang)
        if keyword_tokens(text):
            assert parse(text).language == lang


# ----------------------------------------------------------- spellings --


@given(plans())
def test_vietnamese_english_and_folded_keywords_are_the_same_plan(plan):
    """The plan in Vietnamese, in English and with ASCII-folded Vietnamese keywords parses to one model."""
    vietnamese = format(plan, "vi")
    english = format(plan, "en")
    folded = respell(vietnamese, lambda token: fold(str(token)))
    assert parse(vietnamese) == parse(english) == parse(folded) == plan
    assert format(parse(folded)) == vietnamese  # written back with diacritics


@given(plans(), st.data())
def test_keywords_in_mixed_spellings_case_and_spacing_are_the_same_plan(plan, data):
    """Each keyword may be spelt any accepted way, in any letter case, with any spaces or tabs between its words."""
    text = format(plan, data.draw(languages))

    def spell(token: Token) -> str:
        word = data.draw(st.sampled_from(all_spellings(token.type)))
        word = data.draw(st.sampled_from([word, word.upper(), word.title()]))
        gaps = st.text(" \t", min_size=1, max_size=3)
        return "".join(part if part != " " else data.draw(gaps) for part in _split_spaces(word))

    assert parse(respell(text, spell)) == plan


def _split_spaces(word: str) -> list[str]:
    parts: list[str] = []
    for i, piece in enumerate(word.split(" ")):
        if i:
            parts.append(" ")
        parts.append(piece)
    return parts


def join_deadlines(text: str, lang: str) -> str:
    """Join runs of deadline lines with the same label and source into one line, `A và B` ("A and B")."""
    and_ = KEYWORDS["KW_AND"][0 if lang == "vi" else 1]
    deadline = "    " + KEYWORDS["KW_DEADLINE"][0 if lang == "vi" else 1]
    # "hằng năm và thường xuyên" is one duty (docs/deadlines.md), not two deadlines joined: never made here
    one_duty = (KEYWORDS["KW_YEARLY"][0 if lang == "vi" else 1], KEYWORDS["KW_ONGOING"][0 if lang == "vi" else 1])
    out: list[str] = []
    for line in text.split("\n"):
        if out and line.startswith(deadline) and out[-1].startswith(deadline):
            head, _, when = line.rpartition(": ")  # a deadline itself never holds ": "
            previous_head, _, previous = out[-1].rpartition(": ")
            if head == previous_head and (previous.rsplit(f" {and_} ", 1)[-1], when) != one_duty:
                out[-1] += f" {and_} {when}"
                continue
        out.append(line)
    return "\n".join(out)


def respell_values(text: str, data) -> str:
    """`text` with numbers, dates, quarters, comparators, metric names and spacing in other accepted forms.

    Dates become ISO or unpadded, quarters Arabic or lower case, whole
    numbers get leading zeros or become "n,0" / "n/1", decimals switch
    separator or gain zeros, fractions are unreduced (1/2 may become ½),
    comparators become symbols, a bare metric name gets parentheses, and
    spaces between tokens become runs of spaces and tabs.
    """
    tree = parser().parse(text, start="start")
    edits: list[tuple[int, int, str]] = []
    leaves: list[Token] = []

    def variant(token: Token, node: Tree, parent: Tree | None) -> str:
        value = str(token)
        choose = lambda options: data.draw(st.sampled_from(options))  # noqa: E731
        if token.type == "DATE_DMY":
            day, month, year = value.split("/")
            return choose([value, f"{year}-{month}-{day}", f"{int(day)}/{int(month)}/{year}"])
        if token.type == "DAY_MONTH":
            day, month = value.split("/")
            return choose([value, f"{int(day)}/{int(month)}"])
        if token.type == "QUARTER_NUM":
            return choose([value, value.lower(), str({"I": 1, "II": 2, "III": 3, "IV": 4}[value])])
        if token.type == "KW_AT_LEAST":
            return choose([value, ">=", "≥"])
        if token.type == "KW_AT_MOST":
            return choose([value, "<=", "≤"])
        if node.data == "integer":
            return choose([value, "0" + value, value + ",0", value + ".00", value + "/1"])
        if node.data == "decimal":
            swapped = value.replace(",", "#").replace(".", ",").replace("#", ".")
            return choose([value, swapped, value + "0"])
        if node.data == "fraction":
            numerator, denominator = (int(x) for x in value.split("/"))
            options = [value, f"{numerator * 3}/{denominator * 3}"]
            return choose(options + (["½"] if (numerator, denominator) == (1, 2) else []))
        if token.type == "INT":  # years, rows, source lines, days of the month
            return choose([value, "0" + value])
        if node.data == "metric_name" and parent is not None and parent.data == "target_body":
            return choose([value, f"({value})", f"( {value} )"])
        return value

    def visit(node: Tree, parent: Tree | None) -> None:
        for child in node.children:
            if isinstance(child, Tree):
                visit(child, node)
            elif isinstance(child, Token):
                leaves.append(child)
                new = variant(child, node, parent)
                if new != str(child):
                    edits.append((child.start_pos, child.end_pos, new))

    visit(tree, None)
    leaves.sort(key=lambda t: t.start_pos)
    for before, after in zip(leaves, leaves[1:]):
        gap = text[before.end_pos : after.start_pos]
        if gap and not gap.strip(" ") and data.draw(st.booleans()):
            edits.append((before.end_pos, after.start_pos, data.draw(st.text(" \t", min_size=1, max_size=3))))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


@given(plans(), languages, st.data())
def test_non_canonical_forms_are_the_same_plan(plan, lang, data):
    """Deadlines joined with 'và', other number, date, quarter and comparator forms, and other spacing read the same."""
    text = join_deadlines(format(plan, lang), lang)
    assert parse(text) == plan
    assert parse(respell_values(text, data)) == plan


@given(plans(), languages)
def test_nfd_text_is_the_same_plan(plan, lang):
    """A plan's text saved decomposed (NFD) parses to the same model as the composed text."""
    text = format(plan, lang)
    assert parse(unicodedata.normalize("NFD", text)) == plan


@given(names())
def test_generated_names_are_names(name):
    """Every generated name lexes as one NAME where a unit list expects names."""
    plan = parse(f"nhiệm vụ TT 1 {{\n    chủ trì: {name}, {name}\n}}\n")
    assert plan.tasks[0].leads == (name, name)


# ---------------------------------------------------------------- fuzz --

_PIECES = sorted(
    {s for t in KEYWORDS for s in all_spellings(t)}
    | {'"', '"x"', '"a\\"b"', ":", "{", "}", "(", ")", ",", "=", "@", "-", "%", "½", ">=", "<=", "≥", "≤", "#",
       "\n", "\n    ", " ", "\t", "\r", "0", "12", "31", "2026", "99999", "04/06/2026", "31/02/2026", "2026-06-04",
       "05/06", "29/02", "31/04", "1/3", "1/0", "1,5", "0.25", "II", "II.4.b", "III-4", "IV", "V", "TT",
       "vp", "hội_nghị", "x1", "_"}
)


@st.composite
def token_soups(draw) -> str:
    """Text made of keywords, punctuation, numbers and names: reaches the parser's deeper states."""
    pieces = draw(st.lists(st.one_of(st.sampled_from(_PIECES), names()), max_size=40))
    gaps = draw(st.lists(st.sampled_from([" ", " ", "", "\n", "\n    "]), min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + g for p, g in zip(pieces, gaps))


_noise = st.one_of(st.sampled_from(_PIECES), st.text(max_size=6))
_small_plan_texts = plan_texts(max_statements=6)
_edits = st.sampled_from(["delete", "insert", "replace", "duplicate", "truncate", "swap"])
_edit_lengths = st.sampled_from([1, 3, 10, 40])


@st.composite
def mutated_plan_texts(draw) -> str:
    """Canonical plan text with a few random edits: slices deleted, inserted, replaced, duplicated, or cut off."""
    text = draw(_small_plan_texts)
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + draw(_edit_lengths))))
        edit = draw(_edits)
        if edit == "delete":
            text = text[:start] + text[end:]
        elif edit == "insert":
            text = text[:start] + draw(_noise) + text[start:]
        elif edit == "replace":
            text = text[:start] + draw(_noise) + text[end:]
        elif edit == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        elif edit == "truncate":
            text = text[:start]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@given(st.text())
def test_fuzz_random_text(text):
    """Any text either parses or raises a PlanError with every diagnostic placed inside the text."""
    assert_parses_or_fails_cleanly(text)


@given(token_soups())
def test_fuzz_token_soup(text):
    """Keywords, punctuation and names in random order either parse or fail cleanly, each error placed."""
    assert_parses_or_fails_cleanly(text)


@given(mutated_plan_texts())
def test_fuzz_mutated_plans(text):
    """Valid plan text with random edits either parses or fails cleanly, each error placed."""
    assert_parses_or_fails_cleanly(text)


@given(plan_texts(), st.data())
def test_fuzz_any_prefix_of_a_plan(text, data):
    """Every prefix of a valid plan (a file cut off while saving) parses or fails cleanly."""
    assert_parses_or_fails_cleanly(text[: data.draw(st.integers(0, len(text)))])

