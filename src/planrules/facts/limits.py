"""Limits on hostile input to the facts readers (docs/architecture.md, "Hostile input and limits").

Each is refused with a located error naming it, never a RecursionError, a hang
or memory running out. They live together so that the documentation, the
readers and the tests read one set of numbers.
"""

from __future__ import annotations

__all__ = ["CSV_FIELD_LIMIT", "MAX_CSV_ROWS", "MAX_DEPTH", "MAX_DIGITS", "MAX_FACTS_BYTES", "MAX_NAME",
           "MAX_SHEET_COLUMNS", "MAX_TOML_ENTRIES", "MAX_XLSX_ENTRIES", "MAX_XLSX_UNZIPPED"]

# with a located error naming it, never a RecursionError, a hang or memory running out.
# Reading costs about 3 KB of memory per record or row, so a facts file may be at most
# MAX_FACTS_BYTES and a CSV table at most MAX_CSV_ROWS data rows (report counts, not
# records, for registers larger than that). TOML nests at most MAX_DEPTH levels (tables,
# arrays, dotted keys); a facts file needs six.
MAX_FACTS_BYTES = 16 * 2**20
MAX_CSV_ROWS = 200_000
# A TOML facts file may hold at most MAX_TOML_ENTRIES entries: keys given a value, table
# headers and array elements (a record of four fields is five). Counted by the scanner that
# runs before tomllib, so a file with more is refused having cost one quick pass, before
# tomllib builds it (a million records: 370 MB) or a record is read. At the bound, the worst
# file (half a million unknown keys, each an error) costs 760 MB and 14 s; a file of records, 300 MB.
MAX_TOML_ENTRIES = 500_000
MAX_DEPTH = 32
# The most digits a number may have, before or after its point or in its exponent: more is
# no count or share anyone reports, and reading 1e999999999 exactly would never end.
MAX_DIGITS = 100
# The largest CSV cell read (the csv module's own default is 128 KiB): a text field of a
# record may hold a whole document.
CSV_FIELD_LIMIT = MAX_FACTS_BYTES
# The longest name (a unit, an id, a kind, a metric, a category, a task, an event, a group, an
# attribute's value), in characters of its NFC text: names are what reports and messages carry.
# A text field may hold a document: it is bounded by what a CSV cell holds (CSV_FIELD_LIMIT).
MAX_NAME = 1000
# A workbook (.xlsx) is a zip of XML files: at most MAX_FACTS_BYTES on disk, and at most
# MAX_XLSX_UNZIPPED once unpacked, in at most MAX_XLSX_ENTRIES files, both read from the zip's
# directory before anything is unpacked (a zip bomb is refused unread; the zip reader stops at
# the sizes its directory states). A sheet is a table of at most MAX_CSV_ROWS data rows, read a
# row at a time, and of at most MAX_SHEET_COLUMNS columns: a cell past them is refused, never
# left unread in silence (cells far past a workbook's stated dimension are not looked at).
MAX_XLSX_UNZIPPED = 128 * 2**20
MAX_XLSX_ENTRIES = 10_000
MAX_SHEET_COLUMNS = 256
