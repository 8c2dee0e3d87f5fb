"""Facts: the values units report, the table layout they share, the readers (TOML, CSV, DuckDB, Parquet, PostgreSQL), their checks and schemas."""
