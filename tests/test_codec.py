"""The cache's serialisation: every plan and finding comes back equal, and nothing else is accepted.

Decoding is the boundary where data from disk becomes objects, so besides
the round trips it is fuzzed: whatever JSON it is given, the answer is a value
or a `CodecError`, never another exception and never an object of a class
outside the cache's list.
"""

import functools
import json

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from planrules import load, load_dir

from planrules.language import codec
from planrules import strategies as ps
from planrules.checks.check import check
from planrules.base.diagnostics import Diagnostic, Message
from planrules.base.source import Span

from conftest import PLANS


def spans(value, out=None):
    """Every span inside `value`, in order: they are not part of plan equality, so compare them apart."""
    out = [] if out is None else out
    if isinstance(value, tuple):
        for v in value:
            spans(v, out)
    elif attrs.has(type(value)):
        for a in attrs.fields(type(value)):
            item = getattr(value, a.name)
            if isinstance(item, Span):
                out.append((a.name, item))
            else:
                spans(item, out)
    return out


@pytest.mark.parametrize("path", sorted(PLANS.rglob("*.plan")), ids=lambda p: p.name)
def test_bundled_plans_come_back_equal_with_their_spans(path):
    plan = load(path)
    back = codec.decode(codec.encode(plan))
    assert back == plan
    assert spans(back) == spans(plan) and spans(plan)


@settings(max_examples=60)
@given(ps.plans())
def test_generated_plans_round_trip(plan):
    back = codec.decode(codec.encode(plan))
    assert back == plan and spans(back) == spans(plan)


def test_findings_round_trip_with_the_line_they_show():
    findings = tuple(check(load_dir(PLANS)))
    assert findings
    back = codec.decode(codec.encode(findings))
    assert back == findings
    assert [d.render("vi") for d in back] == [d.render("vi") for d in findings]


def test_vietnamese_is_written_as_it_is():
    plan = load(PLANS / "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan")
    assert "Ủy ban nhân dân" in codec.encode(plan) or "UBND" in codec.encode(plan)
    assert "\\u" not in codec.encode(plan)


@pytest.mark.parametrize("value", [1.5, [1, 2], {1, 2}, {"a": 1}, object(), b"x"])
def test_values_outside_the_model_are_refused(value):
    with pytest.raises(codec.CodecError):
        codec.encode(value)


@pytest.mark.parametrize("text", [
    "",
    "{",
    '{"a": 1}',  # untagged
    '{"@": "Popen", "args": "rm -rf /"}',  # not a class of ours
    '{"@": "system"}',
    '{"@": "FieldType"}',  # an enum named as a record
    '{"@e": "Span", "v": 1}',  # a record named as an enum
    '{"@e": "Severity", "v": "fatal"}',
    '{"@": "Span", "file": "a", "line": 1}',  # a field missing
    '{"@": "Span", "file": "a", "line": 1, "column": 1, "end_line": 1, "end_column": 1, "evil": 1}',
    '{"@q": [1, 0]}',
    '{"@q": [1.5, 2]}',
    '{"@q": "1/2"}',
    '{"@d": "2026-02-30"}',
    '{"@d": 5}',
    "[" * 100000 + "]" * 100000,
])
def test_what_the_codec_did_not_write_is_a_codec_error(text):
    with pytest.raises(codec.CodecError):
        codec.decode(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.sampled_from(["@", "@e", "@q", "@d", "v", "Span", "Plan", "Severity", "Fraction", "2026-01-01"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["@", "@e", "@q", "@d", "v", "file", "line", "name", "x"]), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300)
@given(json_values)
def test_any_json_decodes_to_a_value_or_a_codec_error(value):
    try:
        codec.decode(json.dumps(value))
    except codec.CodecError:
        pass


SPAN = '"file": "a.plan", "line": {line}, "column": 1, "end_line": 1, "end_column": 2'


@pytest.mark.parametrize("line", [
    "1.5",  # a float: the codec never writes one, and a line number of 1.5 crashed `check`
    "1e3",
    "NaN",
    "Infinity",
    "9" * 5000,  # past Python's own 4300 digits: a ValueError that escaped `decode` and crashed every run
    "9" * 1001,
    '"1"',
    "true",
    "null",
    "[1]",
    '{"@q": [1, 2]}',
])
def test_a_field_of_the_wrong_type_is_a_codec_error(line):
    with pytest.raises(codec.CodecError):
        codec.decode("{\"@\": \"Span\", " + SPAN.format(line=line) + "}")


@pytest.mark.parametrize("text", [
    "{\"@\": \"Span\", " + SPAN.format(line=10 ** 12) + "}",  # a caret 10**12 columns wide
    '{"@": "Message", "key": "no such message"}',
    '{"@": "Message", "key": "bad_as_of"}',  # its text needs {text}
    '{"@": "Message", "key": "bad_as_of", "args": [["text", 5]]}',
])
def test_a_value_planrules_cannot_show_is_a_codec_error(text):
    with pytest.raises(codec.CodecError):
        codec.decode(text)


def test_fields_are_checked_deep_inside_a_value():
    finding = check(load_dir(PLANS))[0]
    text = codec.encode((finding,))
    assert codec.decode(text) == (finding,)
    line = f'"line":{finding.span.line},'
    assert line in text
    for wrong in ('"line":"7",', '"line":7.0,', '"line":[7],', '"line":false,'):
        with pytest.raises(codec.CodecError):
            codec.decode(text.replace(line, wrong, 1))
    severity = f'"v":"{finding.severity.value}"'
    with pytest.raises(codec.CodecError):  # an enum where a Span belongs
        codec.decode(text.replace(f'"span":{{"@":"Span"', '"span":{"@e":"Severity",' + severity + ',"x":{"@":"Span"', 1))


def test_every_field_type_of_a_cached_class_is_checked():
    """A field whose type the codec cannot check would let anything through: none may exist."""
    for name, cls in codec._CLASSES.items():
        if attrs.has(cls):
            for field_name, check_ in codec._checks(cls).items():
                assert check_ is not codec._anything, (name, field_name)


def _leaves(value, path=()):
    """Every scalar in decoded JSON, with the path to it."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, (*path, i))
    elif not (path and path[-1] in ("@", "@e")):
        yield path, value


def _set(value, path, new):
    for step in path[:-1]:
        value = value[step]
    value[path[-1]] = new


@settings(max_examples=200, deadline=None)
@given(data=st.data(), wrong=st.sampled_from([1.5, "x", 10 ** 1200, -1, True, None, [], [1, "a"], {"@d": "2026-01-01"}]))
def test_a_leaf_changed_to_another_type_is_refused_or_still_well_typed(data, wrong):
    """Whatever leaf of a real entry is changed to whatever value, decoding refuses it or gives well-typed values."""
    findings = _FINDINGS()
    tree = json.loads(codec.encode(findings))
    path, old = data.draw(st.sampled_from(list(_leaves(tree))))
    _set(tree, path, wrong)
    try:
        back = codec.decode(json.dumps(tree))
    except codec.CodecError:
        return
    assert codec.decode(codec.encode(back)) == back  # encodable again: every value is of a cached type
    assert type(old) is type(wrong) or old is None or wrong is None or isinstance(old, (list, dict))
    for d in back:
        d.render("en"), d.render("vi")  # noqa: B018 - a well-typed finding renders


@functools.cache
def _FINDINGS() -> tuple:  # noqa: N802 - a constant, computed once
    return tuple(check(load_dir(PLANS)))[:40]


# A package's own messages: a subclass of `Message` with its own catalogue, as each package of planrules has.
_OWN = {"own_key": ("{name} is mine", "{name} là của tôi")}


class OwnMessage(Message):
    catalogue = _OWN


def test_a_message_of_a_package_comes_back_of_its_class_rendered_from_its_catalogue():
    finding = Diagnostic("X001", OwnMessage.of("own_key", name="A"), Span("a.plan", 1, 1, 1, 2),
                         hints=(OwnMessage.of("own_key", name="B"), Message.of("bad_as_of", text="x")))
    text = codec.encode((finding,))
    assert f'"@":"{__name__}:OwnMessage"' in text and '"@":"Message"' in text
    (back,) = codec.decode(text)
    assert back == finding
    assert type(back.message) is OwnMessage and type(back.hints[1]) is Message
    assert back.render("vi") == finding.render("vi")
    assert "A là của tôi" in back.render("vi")


@pytest.mark.parametrize("text", [
    f'{{"@": "{__name__}:OwnMessage", "key": "bad_as_of", "args": [["text", "x"]]}}',  # base's key, not its own
    f'{{"@": "{__name__}:OwnMessage", "key": "own_key"}}',  # its text needs {{name}}
    f'{{"@": "{__name__}:OwnMessage", "key": "own_key", "args": [["name", 5]]}}',
    f'{{"@": "{__name__}:Message", "key": "own_key", "args": [["name", "A"]]}}',  # no such class there
    f'{{"@": "{__name__}:Span", "file": "a", "line": 1, "column": 1, "end_line": 1, "end_column": 1}}',
    '{"@": "planrules.base.source:Span", "file": "a", "line": 1, "column": 1, "end_line": 1, "end_column": 1}',
    '{"@": "planrules.language.model:Plan"}',  # a cached class, but no message: named by its name only
    '{"@": "planrules.base.diagnostics:Message", "key": "bad_as_of", "args": [["text", "x"]]}',
    '{"@": "subprocess:Popen", "args": "rm -rf /"}',
    '{"@": "os:system"}',
    '{"@": ":"}',
    '{"@": "planrules.nothing.messages:Message"}',
])
def test_a_tag_naming_no_message_of_a_package_is_a_codec_error(text):
    with pytest.raises(codec.CodecError):
        codec.decode(text)


def test_a_class_that_is_no_message_is_not_written():
    @attrs.frozen
    class Stranger:
        name: str

    with pytest.raises(codec.CodecError):
        codec.encode(Stranger("x"))


def test_a_packages_messages_module_not_yet_imported_is_imported_and_no_other(monkeypatch):
    """A cached check read first thing in a process meets messages whose module nothing imported yet."""
    imported = []

    def import_module(name):
        imported.append(name)
        if name == "planrules.later.messages":
            type("LaterMessage", (Message,), {"catalogue": _OWN, "__module__": name, "__qualname__": "LaterMessage"})
        return None

    monkeypatch.setattr(codec.importlib, "import_module", import_module)
    monkeypatch.setattr(codec, "_MESSAGE_CLASSES", {})  # forget the class this test makes up, once it is done
    later = codec.decode('{"@": "planrules.later.messages:LaterMessage", "key": "own_key", "args": [["name", "A"]]}')
    assert type(later).__module__ == "planrules.later.messages" and later.text("vi") == "A là của tôi"
    for module in ("os", "planrules.later.sub.messages", "planrules.later.messages_x", "planrules.later.model"):
        with pytest.raises(codec.CodecError):
            codec.decode(f'{{"@": "{module}:LaterMessage", "key": "own_key", "args": [["name", "A"]]}}')
    assert imported == ["planrules.later.messages"]
