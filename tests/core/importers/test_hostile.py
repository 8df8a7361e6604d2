"""Hostile files: each gets a clear error quickly, without exhausting memory or crashing the reader."""

import gzip
import os
import re
import zipfile

import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.importers import import_history, safety

from .builders import long_frame, volumes, write_xlsx


def _rewrite(src, dst, edit):
    """Copy a zip, passing each member's bytes through edit(name, data)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, edit(info.filename, zin.read(info)))
    return dst


@pytest.fixture
def good_xlsx(tmp_path):
    return write_xlsx(tmp_path / "good.xlsx", {"Calls": long_frame(volumes(days=1))})


def test_xml_entity_bomb_is_refused(tmp_path, good_xlsx):
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b"]>")

    def edit(name, data):
        if name.endswith("sheet1.xml"):
            return lol + re.sub(rb"^<\?xml[^>]*\?>", b"", data).replace(b"<t>Date</t>", b"<t>&lol9;</t>")
        return data

    bomb = _rewrite(good_xlsx, tmp_path / "bomb.xlsx", edit)
    with pytest.raises(WfmError, match="declares a DTD or XML entities.*refused as unsafe"):
        import_history(bomb)


def test_external_entity_is_refused(tmp_path):
    good_xlsx = tmp_path / "shared.xlsx"
    long_frame(volumes(days=1)).to_excel(good_xlsx, index=False, engine="xlsxwriter")  # writes sharedStrings
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2")

    def edit(name, data):
        if name.endswith("sharedStrings.xml"):
            head = f'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode()
            return head + re.sub(rb"^<\?xml[^>]*\?>", b"", data).replace(b"<t>Date</t>", b"<t>&xxe;</t>")
        return data

    xxe = _rewrite(good_xlsx, tmp_path / "xxe.xlsx", edit)
    with pytest.raises(WfmError, match="xl/sharedStrings.xml declares a DTD") as info:
        import_history(xxe)
    assert "hunter2" not in str(info.value)


def test_zip_bomb_member_is_refused(tmp_path):
    bomb = tmp_path / "zipbomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as member:
            block = b" " * (1 << 20)
            for _ in range(40):
                member.write(block)
    assert bomb.stat().st_size < 200_000
    with pytest.raises(WfmError, match="expands [0-9]+-fold.*possible zip bomb"):
        import_history(bomb)


def test_zip_that_expands_beyond_the_total_limit_is_refused(tmp_path, good_xlsx, monkeypatch):
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 2_000)
    with pytest.raises(WfmError, match="would expand to .* GB; refused as a possible zip bomb"):
        import_history(good_xlsx)


def test_far_away_cell_is_refused_before_the_reader_allocates_it(tmp_path, good_xlsx):
    # python-calamine allocates the whole used range; one cell at XFD1048576 would abort the process
    def edit(name, data):
        if name.endswith("sheet1.xml"):
            data = re.sub(rb"<dimension[^>]*/>", b"", data)
            return data.replace(b"</sheetData>",
                                b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>')
        return data

    far = _rewrite(good_xlsx, tmp_path / "far.xlsx", edit)
    with pytest.raises(WfmError, match="reaches row 1,048,576, column 16,384; refused"):
        import_history(far)


def test_absurd_declared_dimension_is_refused(tmp_path, good_xlsx):
    def edit(name, data):
        if name.endswith("sheet1.xml"):
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:ZZZ9999999"', data)
        return data

    with pytest.raises(WfmError, match="claims 9,999,999 rows"):
        import_history(_rewrite(good_xlsx, tmp_path / "dim.xlsx", edit))


def test_ods_with_millions_of_repeated_cells_is_refused(tmp_path):
    path = tmp_path / "calls.ods"
    with pd.ExcelWriter(path, engine="odf") as writer:
        long_frame(volumes(days=1)).to_excel(writer, sheet_name="Calls", index=False)
    row = (b'<table:table-row table:number-rows-repeated="3000000"><table:table-cell '
           b'table:number-columns-repeated="500" office:value-type="float" office:value="1"><text:p>1</text:p>'
           b"</table:table-cell></table:table-row>")

    def edit(name, data):
        return data.replace(b"</table:table>", row + b"</table:table>", 1) if name == "content.xml" else data

    with pytest.raises(WfmError, match="repeats cells with values to .* refused"):
        import_history(_rewrite(path, tmp_path / "repeat.ods", edit))


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods", ".xlsm"])
def test_binary_junk_renamed_as_a_workbook(tmp_path, suffix):
    junk = tmp_path / f"junk{suffix}"
    junk.write_bytes(os.urandom(50_000))
    with pytest.raises(WfmError, match="is not .*file \\(its first bytes are"):
        import_history(junk)


def test_truncated_workbook_is_reported_damaged(tmp_path, good_xlsx):
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good_xlsx.read_bytes()[:3000])
    with pytest.raises(WfmError, match="damaged"):
        import_history(cut)


def test_binary_junk_named_csv(tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01\x02" * 1000)
    with pytest.raises(WfmError, match="binary file, not delimited text"):
        import_history(junk)


def test_gzip_bomb_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_TEXT_BYTES", 1_000_000)
    bomb = tmp_path / "bomb.csv.gz"
    bomb.write_bytes(gzip.compress(b"Date,Calls\n" + b"2024-01-01,1\n" * 200_000))
    with pytest.raises(WfmError, match="expands beyond .*gzip bomb"):
        import_history(bomb)


def test_unsupported_extension(tmp_path):
    odd = tmp_path / "calls.pdf"
    odd.write_bytes(b"%PDF-1.4")
    with pytest.raises(WfmError, match="files ending .pdf cannot be imported"):
        import_history(odd)


def _ods_with(tmp_path, extra_row: bytes, name: str):
    path = tmp_path / "calls.ods"
    with pd.ExcelWriter(path, engine="odf") as writer:
        long_frame(volumes(days=1)).to_excel(writer, sheet_name="Calls", index=False)

    def edit(member, data):
        return data.replace(b"</table:table>", extra_row + b"</table:table>", 1) if member == "content.xml" else data

    return _rewrite(path, tmp_path / name, edit)


def test_ods_with_a_cell_repeated_across_thousands_of_columns_is_refused(tmp_path):
    row = (b'<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
           b'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>')
    with pytest.raises(WfmError, match="repeats cells with values"):
        import_history(_ods_with(tmp_path, row, "wide.ods"))


def test_ods_with_libreoffice_style_empty_repeats_imports(tmp_path):
    # LibreOffice ends sheets with a million empty rows of 1,024 empty cells, written once
    row = (b'<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
           b'table:number-columns-repeated="1024"/></table:table-row>')
    result = import_history(_ods_with(tmp_path, row, "blank_tail.ods"))
    assert result.history.queues == ["Sales", "Support"]
