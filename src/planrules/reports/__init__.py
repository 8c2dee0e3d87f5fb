"""Reports: verdicts rendered as text, Markdown, TOML and JSON, and a rule set exported as data."""
