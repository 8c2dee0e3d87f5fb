"""Limits on hostile Word and Excel files (docs/documents.md, "Bad files").

A `.docx` or `.xlsx` file is a zip of XML parts: its size on disk says little
about what reading it costs. The file is refused unread past
`MAX_DOCUMENT_BYTES` (through `base.files.read_file`), and before any part is
unpacked when the sizes its zip directory declares add up past
`MAX_UNPACKED_BYTES` (a zip bomb), or it has more than `MAX_PARTS` parts;
Python's zip reader never unpacks a part past its declared size. At the
bound, python-docx and openpyxl hold about ten times the XML in memory.
A table is read at most `MAX_ROWS` rows and `MAX_COLUMNS` columns, a cell at
most `MAX_CELL_CHARS` characters: past any of them the file is refused with
the table and row named, never read half.
"""

from __future__ import annotations

__all__ = ["MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_DOCUMENT_BYTES", "MAX_PARTS", "MAX_ROWS", "MAX_UNPACKED_BYTES"]

MAX_DOCUMENT_BYTES = 16 * 2**20
MAX_UNPACKED_BYTES = 48 * 2**20
MAX_PARTS = 2_000
MAX_ROWS = 10_000
MAX_COLUMNS = 64
MAX_CELL_CHARS = 100_000
