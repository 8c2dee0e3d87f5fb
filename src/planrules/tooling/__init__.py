"""Tooling: what a user runs on top of the pipeline.

`cli` is the `planrules` command (check, fmt, eval, export, schema, test,
tree); `cache` the compile cache it injects into the stages that parse and
check plans; `scenario_files` reads scenario files (`*.test.toml`) and
`scenarios` runs them and reports; `messages` is the tooling's catalogue.
Every evaluation goes through `planrules.pipeline`.
"""
