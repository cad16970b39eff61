"""Hostile workbooks (zip bombs, a cell at column XFD on a million rows, millions of cells) are refused fast with a
clear message, before openpyxl spends minutes or gigabytes on them; reading runs in a worker process with a time and
memory limit (jamstat/sources/sandbox.py). The fixtures are built here, small, never committed."""

from __future__ import annotations

import io
import multiprocessing
import struct
import time
import zipfile

import pytest

from jamstat.sources import sandbox, upload

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook ' + NS + ' xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets>'
            '</workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Område</t></is></c>'
              '<c r="B1" t="inlineStr"><is><t>År</t></is></c></row>')


def workbook(rows: bytes, strings: bytes = b"") -> bytes:
    """A minimal valid workbook with one sheet of the given <row> XML."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", f"<sst {NS}>".encode() + strings + b"</sst>")
        archive.writestr("xl/worksheets/sheet1.xml",
                         f"<worksheet {NS}><sheetData>".encode() + rows + b"</sheetData></worksheet>")
    return buffer.getvalue()


def claim_size(data: bytes, member: str, size: int) -> bytes:
    """The workbook with the zip's headers claiming that member unpacks to size bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    out = bytearray(data)
    struct.pack_into("<I", out, info.header_offset + 22, size)  # local file header: uncompressed size
    central = out.index(b"PK\x01\x02")
    while out[central + 46:central + 46 + len(member)] != member.encode():
        central = out.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", out, central + 24, size)  # central directory: uncompressed size
    return bytes(out)


def refused(data: bytes, seconds: float = 60) -> tuple[upload.UploadError, float]:
    started = time.monotonic()
    with pytest.raises(upload.UploadError) as info:
        sandbox.read_table(data, "bomb.xlsx", seconds=seconds)
    return info.value, time.monotonic() - started


def good_rows(count: int) -> bytes:
    return HEADER_ROW.encode() + b"".join(
        b'<row r="%d"><c r="A%d"><v>1780</v></c><c r="B%d"><v>2020</v></c></row>' % (n, n, n)
        for n in range(2, count + 2))


def test_a_cell_at_column_xfd_on_a_million_rows_is_refused_fast():
    rows = HEADER_ROW.encode() + b"".join(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (n, n)
                                          for n in range(2, 1_000_002))
    data = workbook(rows)
    assert len(data) < 8 * 2**20  # a small file ...
    error, seconds = refused(data)
    assert error.code == "too_many_far_cells" and seconds < 15, (error.code, seconds)  # ... refused in seconds
    assert "kolumn 200" in upload.message(error, "sv") and "column 200" in upload.message(error, "en")


def test_shared_strings_that_unpack_to_a_gigabyte_are_refused_unread():
    data = claim_size(workbook(good_rows(3), b"<si><t>x</t></si>"), "xl/sharedStrings.xml", 1000 * 2**20)
    error, seconds = refused(data)
    assert error.code == "unpacked_too_big" and seconds < 10
    message = upload.message(error, "sv")
    # The file's own size and what it unpacks to, never the unpacked size as the file's size.
    assert f"({upload.text.format_number(len(data) / 2**20, 1, 'sv')} MB)" in message and "1\u202f000" in message


def test_a_highly_packed_part_is_refused_as_a_bomb():
    data = workbook(good_rows(3), b"<si><t>" + b"x" * (40 * 2**20) + b"</t></si>")
    assert len(data) < 2**20
    error, _ = refused(data)
    assert error.code == "xlsx_packed"
    assert "40,0 MB" in upload.message(error, "sv")


def test_cells_beyond_the_limit_are_counted_before_openpyxl(monkeypatch):
    """The cell and row limits (in-process, with the limits lowered; the worker checks the same code)."""
    monkeypatch.setattr(upload, "MAX_CELLS", 1000)
    with pytest.raises(upload.UploadError) as info:
        upload.read_table(workbook(good_rows(600)), "tabell.xlsx")
    assert info.value.code == "too_many_cells"
    monkeypatch.setattr(upload, "MAX_CELLS", 20_000_000)
    monkeypatch.setattr(upload, "MAX_ROWS", 100)
    with pytest.raises(upload.UploadError) as info:
        upload.read_table(workbook(good_rows(150)), "tabell.xlsx")
    assert info.value.code == "too_many_rows"


def test_a_sound_workbook_reads_the_same_in_the_worker():
    data = upload.template_xlsx("sv")
    assert sandbox.read_table(data, "mall.xlsx").frame.equals(upload.read_table(data, "mall.xlsx").frame)


def test_the_worker_is_killed_at_its_time_limit():
    data = workbook(good_rows(200_000))  # a sound sheet that takes openpyxl seconds to read
    error, seconds = refused(data, seconds=0.5)
    assert error.code == "read_timeout" and seconds < 5
    assert "0 sekunder" in upload.message(error, "sv")
    time.sleep(0.2)
    assert not [p for p in multiprocessing.active_children() if p.is_alive()]  # killed, not left running


def test_the_worker_is_stopped_at_its_memory_limit():
    data = workbook(good_rows(100_000))
    with pytest.raises(upload.UploadError) as info:
        sandbox.read_table(data, "stor.xlsx", memory_bytes=440 * 2**20)  # the interpreter itself needs ~390 MB
    assert info.value.code == "read_memory"
    assert "440 MB" in upload.message(info.value, "sv")


def test_the_worker_does_not_rerun_the_app(tmp_path):
    """Under Streamlit (and AppTest) __main__ is app.py: a worker must not run it again (multiprocessing would)."""
    import sys
    import types
    script, marker = tmp_path / "app.py", tmp_path / "ran"
    script.write_text(f"open({str(marker)!r}, 'w').write('ran')\n", encoding="utf-8")
    fake = types.ModuleType("__main__")
    fake.__file__ = str(script)
    real = sys.modules["__main__"]
    sys.modules["__main__"] = fake
    try:
        raw = sandbox.read_table(upload.template_xlsx("sv"), "mall.xlsx")
    finally:
        sys.modules["__main__"] = real
    assert len(raw.frame) == 2 and not marker.exists()
