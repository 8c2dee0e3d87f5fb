"""Tooling: the command line, the compile cache and its codec, and the scenario runner."""
