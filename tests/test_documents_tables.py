"""Bad documents: not a document of its kind, a zip bomb, a table past the limits, no assignment table. Each is
one located D60x error, found before anything is unpacked where it can be, and reading never raises another
exception."""

from __future__ import annotations

import sys
import zipfile

import docx
import openpyxl
import pytest
from hypothesis import given, settings, strategies as st

from conftest import PLANS

from planrules.base.diagnostics import DocumentError
from planrules.documents import limits
from planrules.documents.appendix import read_appendix
from planrules.documents.tables import read_document


def _error(path) -> str:
    with pytest.raises(DocumentError) as info:
        read_appendix(read_document(path), str(path))
    (diagnostic,) = info.value.diagnostics
    return f"{diagnostic.code} {diagnostic.message.text('en')}"


def test_not_a_zip(tmp_path):
    path = tmp_path / "ke-hoach.docx"
    path.write_text("Kế hoạch 104/KH-UBND", encoding="utf-8")
    assert _error(path) == (f"D600 {path}: cannot be read as a Word document (.docx): it is not a zip package "
                            "(a .doc or .xls of old, or another file renamed?)")


def test_a_workbook_named_docx(tmp_path):
    path = tmp_path / "bang.docx"
    workbook = openpyxl.Workbook()
    workbook.save(path)
    assert _error(path) == f"D600 {path}: cannot be read as a Word document (.docx): it has no part word/document.xml"


def test_another_suffix(tmp_path):
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert _error(path) == f"D600 {path}: import reads .docx and .xlsx files, not '.pdf'"


def test_zip_bomb_is_refused_unpacked(tmp_path):
    """A part of zeros declared at its true size past the limit: refused from the zip directory alone."""
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<w/>")
        with package.open("word/zeros.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * 2**20
            for _ in range(limits.MAX_UNPACKED_BYTES // len(chunk) + 1):
                part.write(chunk)
    assert path.stat().st_size < 2**20  # small on disk
    assert _error(path).startswith(f"D601 {path}: its parts unpack to ")


def test_too_large_on_disk(tmp_path, monkeypatch):
    monkeypatch.setattr("planrules.documents.tables.MAX_DOCUMENT_BYTES", 100)
    path = tmp_path / "lon.xlsx"
    openpyxl.Workbook().save(path)
    assert _error(path).startswith(f"D601 {path}: ") and "more than the 100 a document may have" in _error(path)


def test_a_table_past_the_rows_limit(tmp_path, monkeypatch):
    monkeypatch.setattr("planrules.documents.grids.MAX_ROWS", 3)
    path = tmp_path / "dai.docx"
    document = docx.Document()
    document.add_table(rows=4, cols=2)
    document.save(path)
    assert _error(path) == f"D602 {path}: table 1 has more than 3 rows"


def test_no_assignment_table(tmp_path):
    path = tmp_path / "khong-bang.docx"
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Họ tên", "Chức vụ"
    document.save(path)
    assert _error(path) == (f"D603 {path}: no assignment table: no table has a header row naming the columns TT "
                            "and Nội dung (tables read: bảng 1)")


def test_the_header_in_ascii_and_other_words(tmp_path):
    path = tmp_path / "ascii.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Noi dung cong viec", "Don vi chu tri", "Phoi hop", "San pham", "Tien do"])
    sheet.append([1, "Rà soát quy chế", "Văn phòng", None, None, "Quý IV/2026"])
    workbook.save(path)
    appendix = read_appendix(read_document(path), str(path))
    (row,) = appendix.items
    assert row.task.leads == ("Văn phòng",) and row.task.deadlines[0].quarter == 4


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".docx", ".xlsx"]))
def test_any_bytes_are_read_or_refused_with_our_error(data, suffix, tmp_path_factory):
    path = tmp_path_factory.mktemp("b") / f"x{suffix}"
    path.write_bytes(data)
    with pytest.raises(DocumentError):
        read_appendix(read_document(path), str(path))


@settings(max_examples=40, deadline=None)
@given(parts=st.lists(st.binary(max_size=300), min_size=1, max_size=3))
def test_a_zip_of_broken_parts_is_refused_with_our_error(parts, tmp_path_factory):
    """A package with the right part names and garbage inside: python-docx fails as it may, we say D600."""
    path = tmp_path_factory.mktemp("z") / "x.docx"
    with zipfile.ZipFile(path, "w") as package:
        for name, data in zip(["word/document.xml", "[Content_Types].xml", "_rels/.rels"], parts):
            package.writestr(name, data)
    with pytest.raises(DocumentError) as info:
        read_appendix(read_document(path), str(path))
    assert info.value.diagnostics[0].code in ("D600", "D603")


@pytest.mark.parametrize(("module", "package", "suffix"), [("docx", "python-docx", ".docx"),
                                                           ("openpyxl", "openpyxl", ".xlsx")])
def test_without_the_office_extra_reading_says_which_package(module, package, suffix, tmp_path, monkeypatch):
    """`pip install -e .` installs no extra: a table read without python-docx or openpyxl is D604 naming the
    package and the extra, not D600 calling a good file damaged (its ModuleNotFoundError said as the reason)."""
    path = tmp_path / f"a{suffix}"
    if suffix == ".docx":
        document = docx.Document()
        document.add_table(rows=1, cols=1).cell(0, 0).text = "TT"
        document.save(path)
    else:
        openpyxl.Workbook().save(path)
    monkeypatch.setitem(sys.modules, module, None)  # `import module` raises ImportError
    with pytest.raises(DocumentError) as raised:
        read_document(str(path))
    (found,) = raised.value.diagnostics
    assert found.code == "D604" and package in found.message.text("en") and "planrules[office]" in found.message.text("en")


@pytest.mark.parametrize(("module", "fmt"), [("docx", "docx"), ("openpyxl", "xlsx")])
def test_without_the_office_extra_export_is_a_usage_error_not_a_traceback(module, fmt, tmp_path, monkeypatch):
    import io

    from planrules.tooling.cli import run

    monkeypatch.setitem(sys.modules, module, None)
    out, err = io.StringIO(), io.StringIO()
    code = run(["export", str(PLANS / "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"), "--library", str(PLANS), "--format", fmt, "-o", str(tmp_path / f"t.{fmt}"),
                "--lang", "en"], out, err)
    assert code == 2 and "error[D604]" in err.getvalue() and "Traceback" not in err.getvalue()
    assert not (tmp_path / f"t.{fmt}").exists()
