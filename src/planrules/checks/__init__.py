"""Checks of a library of plans: structure, names, lint, inheritance, silences, and the tree of plans."""
