"""Checks of a library of plans: structure, names, lint, inheritance, silences, and the tree of plans.

`lint` (one plan: L4xx), `inheritance` (a child against its parents: I3xx),
`check` (every stage in order, the silences, the compile cache), `tree` (the
hierarchy as text); `messages` is the package's one catalogue.
"""
