"""`python -m planrules` runs the command line."""

from .cli import main

main()
