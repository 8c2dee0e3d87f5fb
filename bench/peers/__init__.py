"""The engines planrules is measured against in bench/run.py, each computing the same verdicts.

`rulebook` turns a commune's parsed plan into a plain table of targets and
reads a commune's CSV facts into plain Python structures; `handwritten` is the
floor (a plain Python function), `rego` runs `commune.rego` with regopy, and
`duck` is one vectorised DuckDB query over every commune at once.
"""
