"""A Word or Excel file read as `Grid`s: what the importer reads, whatever the file's kind.

`read_document` vets the file (`base.files.read_file`, bounded), checks the zip
package before anything is unpacked (`limits`), then hands it to
`docx_table` or `xlsx_table`.
"""

from __future__ import annotations

import io
import os
import zipfile

from ..base.diagnostics import DocumentError
from ..base.files import Refused, read_file
from .grids import Grid, fail
from .limits import MAX_DOCUMENT_BYTES, MAX_PARTS, MAX_UNPACKED_BYTES
from .messages import DocumentMessage

__all__ = ["KINDS", "read_document"]

# A document's kind by its suffix: the catalogue key naming it, and the part its package must have.
KINDS = {".docx": ("kind_docx", "word/document.xml"), ".xlsx": ("kind_xlsx", "xl/workbook.xml")}


def read_document(path: str | os.PathLike) -> list[Grid]:
    """Every table of a `.docx` (or sheet of a `.xlsx`) at `path`, or a `DocumentError` saying why not."""
    file = os.fspath(path)
    suffix = os.path.splitext(file)[1].lower()
    if suffix not in KINDS:
        raise fail("unknown_suffix", file=file, suffix=repr(suffix or file))
    kind, part = KINDS[suffix]
    kind_words = DocumentMessage.of(kind)
    kind_said = (kind_words.text("en"), kind_words.text("vi"))
    try:
        data, size = read_file(file, MAX_DOCUMENT_BYTES)
    except Refused as refused:
        raise fail("not_a_document", file=file, kind=kind_said, reason=refused.reason) from None
    if size > MAX_DOCUMENT_BYTES:
        raise fail("document_too_large", file=file, size=size, limit=MAX_DOCUMENT_BYTES)
    _vet_package(file, data, kind_said, part)
    if suffix == ".docx":
        from .docx_table import read_grids
    else:
        from .xlsx_table import read_grids
    try:
        return read_grids(data, file)
    except DocumentError:
        raise
    except Exception as error:  # noqa: BLE001 - a third-party parser on a hostile file: said, never a traceback
        reason = f"{type(error).__name__}: {error}"[:300]
        raise fail("not_a_document", file=file, kind=kind_said, reason=reason) from None


def _vet_package(file: str, data: bytes, kind: tuple[str, str], part: str) -> None:
    """The zip directory read (nothing unpacked): a zip at all, not a bomb, with the part its kind needs."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        said = DocumentMessage.of("not_a_zip")
        raise fail("not_a_document", file=file, kind=kind, reason=(said.text("en"), said.text("vi"))) from None
    if len(members) > MAX_PARTS:
        raise fail("too_many_parts", file=file, count=len(members), limit=MAX_PARTS)
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise fail("unpacks_too_large", file=file, size=unpacked, limit=MAX_UNPACKED_BYTES)
    if part not in {member.filename for member in members}:
        said = DocumentMessage.of("part_missing", part=part)
        raise fail("not_a_document", file=file, kind=kind, reason=(said.text("en"), said.text("vi")))
