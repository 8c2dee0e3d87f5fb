"""Reports: verdicts rendered as text, Markdown, TOML and JSON, and a rule set exported as data.

`phrases` (the words every format shares), then the formats: `data` (TOML
and JSON, written and read back), `text` (a terminal), `markdown`; `render`
picks one by name; `export` writes a rule set as data; `messages` is the
package's one catalogue.
"""
