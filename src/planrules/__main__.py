"""`python -m planrules` runs the command line."""

from .tooling.cli import main

main()
