"""Small helpers the facts strategies share: the vocabulary to draw for, days, and register conditions.

They sit in one module so that valid facts, facts files, facts for a target
and invalid facts files draw days and judge conditions the same way.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from functools import lru_cache
from typing import Union

from hypothesis import strategies as st

from ..evaluation.ruleset import RuleSet
from ..language import model as m
from ..language.vocabulary import Vocabulary

VocabularyLike = Union[Vocabulary, RuleSet, None]
"""What a facts strategy draws for: a vocabulary, a compiled plan's (whose facts must fit it too), or the prelude's."""


def vocabulary_of(source: VocabularyLike) -> Vocabulary:
    """The vocabulary of `source`: itself, a rule set's, or the prelude's when None."""
    if source is None:
        return _standard_vocabulary()
    if isinstance(source, RuleSet):
        return source.vocabulary
    if isinstance(source, Vocabulary):
        return source
    raise TypeError(f"expected a Vocabulary, a RuleSet or None, not {type(source).__name__}")


@lru_cache(maxsize=None)
def _standard_vocabulary() -> Vocabulary:
    return Vocabulary.standard()


@lru_cache(maxsize=4096)
def days_between(first: _dt.date, last: _dt.date) -> st.SearchStrategy[_dt.date]:
    """Days from `first` to `last`, often the first or last one."""
    return st.one_of(st.dates(first, last), st.sampled_from([first, last]))


def year_span(year: int) -> tuple[_dt.date, _dt.date]:
    """The first and last day of `year`."""
    return _dt.date(year, 1, 1), _dt.date(year, 12, 31)


def condition_values(decl: m.FieldDecl) -> list:
    """The values a count's condition may give field `decl`: yes and no, or each category."""
    return [True, False] if decl.type is m.FieldType.BOOL else [c.name for c in decl.categories]


ABSENT = object()
"""A field left out of a record (or of an assignment): it meets no condition on that field."""


def meets(assignment: dict, where: Sequence[tuple[str, object]]) -> bool:
    """Whether field values `assignment` meet every (field, value) test of `where`."""
    return all(assignment.get(k, ABSENT) == v for k, v in where)
