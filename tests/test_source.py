"""base/source.py: `paused_gc`, the cyclic collector paused while many acyclic objects are made."""

from __future__ import annotations

import gc
import weakref

import pytest

from planrules.base.source import paused_gc


class Node:
    """A container the collector tracks, able to make a cycle."""

    def __init__(self):
        self.other = None


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.parametrize("promote", [False, True])
def test_the_collector_is_paused_inside_and_on_again_after(collector_on, promote):
    with paused_gc(promote=promote):
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.parametrize("promote", [False, True])
def test_a_collector_that_was_off_stays_off(promote):
    was = gc.isenabled()
    gc.disable()
    try:
        with paused_gc(promote=promote):
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


@pytest.mark.parametrize("promote", [False, True])
def test_what_a_promoting_pause_made_is_in_the_oldest_generation_untraversed(collector_on, promote):
    gc.collect()
    with paused_gc(promote=promote):
        kept = [Node() for _ in range(1000)]
    oldest = {id(x) for x in gc.get_objects(generation=2)}
    # promoted: no young collection will walk them; otherwise young (a full collection is thousands away)
    assert all(id(x) in oldest for x in kept) if promote else not any(id(x) in oldest for x in kept)


def test_a_cycle_made_during_a_promoting_pause_is_collected_by_the_next_full_collection(collector_on):
    with paused_gc(promote=True):
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
    assert gone() is not None  # a cycle: reference counting cannot free it
    gc.collect()
    assert gone() is None  # promoted, not leaked
