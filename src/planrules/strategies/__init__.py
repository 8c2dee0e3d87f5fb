"""planrules.strategies: the public Hypothesis kit for property-testing plans and facts.

It owns the strategies of plans and `.plan` text, of facts (meeting or
violating a target, valid facts and facts files, invalid facts files with
their codes) and of parent/child plan pairs. It is the last stage: it may
build on every stage before it, and nothing in planrules imports it.
"""

from .target_facts import *  # noqa: F403 - the kit's public names
from .target_facts import TargetLike, VocabularyLike
from .target_facts import __all__ as __all__
