"""Facts: the values units report (model), the units registers list (register), on one table layout derived from the vocabulary (layout).

Readers fill it from TOML and CSV files (loader, toml_text, toml_facts, csv_facts) and from DuckDB,
Parquet and PostgreSQL (sources, over its engines, with table_checks in SQL and small_tables); each row of
counts, values, deliveries, events (and a file's records) is built by the one builder (fact_rows, over the
one set of value readers in values). Every F1xx problem is worded once (findings) and reported through
one interface (collector.Collector), placed by the reader's collector: a file's line (collector), a
table's row (table_problems). table_schema and json_schema render the layout and the TOML format;
messages is the package's one catalogue.
"""
