"""Facts: the values units report (model) on one table layout derived from the vocabulary (layout).

Readers fill it from TOML and CSV files (loader, toml_text, toml_facts, csv_facts, fact_rows over the
one set of value readers in values) and from DuckDB, Parquet and PostgreSQL (sources, over its engines,
with table_checks in SQL and small_tables); every F1xx problem is worded once (findings) and placed by
the reader's collector (collector for a file's line, table_problems for a table's row). table_schema and
json_schema render the layout and the TOML format; messages is the package's one catalogue.
"""
