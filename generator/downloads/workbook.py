"""XLSX downloads, written with XlsxWriter in constant memory and dated by the data, not the clock."""

from __future__ import annotations

import io
import re
import struct
from datetime import datetime

import xlsxwriter

from ..core import city
from ..model import requeststatus
from ..model.catalog import Catalog
from ..read.registry import Unit
from .tables import (
    COLUMNS,
    ITEM_COLUMNS,
    OVERDUE_COLUMNS,
    SHARED_COLUMNS,
    UNIT_COLUMNS,
    item_rows,
    overdue_rows,
    resource_row,
    safe_cell,
    shared_rows,
    unit_rows,
)

# Every text cell stays text exactly as the unit wrote it: no number, formula or link guessing.
WORKBOOK_OPTIONS = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                    "strings_to_urls": False}


def xlsx_bytes(catalog: Catalog) -> bytes:
    """The citywide workbook: 资源目录 and 单位 sheets (info items are in items.csv)."""
    return workbook_bytes(city.CATALOG_TITLE, catalog_date(catalog.resources), [
        ("资源目录", COLUMNS, [resource_row(r) for r in catalog.resources]),
        ("单位", UNIT_COLUMNS, unit_rows(catalog)),
    ])


def unit_xlsx_bytes(unit: Unit, resources) -> bytes:
    """One unit's workbook: 资源目录 and 信息项 sheets of its resources.

    Dated by the unit's own entries, so that another unit's change leaves it as it is.
    """
    return workbook_bytes(f"{unit.name}数据资源目录", catalog_date(resources), [
        ("资源目录", COLUMNS, [resource_row(r) for r in resources]),
        ("信息项", ITEM_COLUMNS, item_rows(resources)),
    ])


def catalog_date(resources) -> datetime:
    """The newest 发布日期 or 数据更新日期: a timestamp that changes only with the entries."""
    dates = [d for r in resources for d in (r.published, r.updated) if d]
    return datetime.fromisoformat(max(dates)) if dates else datetime(2000, 1, 1)


def workbook_bytes(title: str, stamp: datetime, sheets, choices: dict | None = None) -> bytes:
    """An XLSX of (name, header, rows) sheets, byte-identical for the same sheets and stamp.

    `choices` gives drop-down lists: {sheet: {header: (values, strict)}}; a strict list refuses other
    values, a loose one (several values in a cell, such as 共享方式) only says which ones are offered.

    XlsxWriter's constant_memory mode writes each row to a temporary file as it comes,
    many times faster than openpyxl and with flat memory.
    """
    raw = io.BytesIO()
    book = xlsxwriter.Workbook(raw, WORKBOOK_OPTIONS)
    # `created` is also written as the modified date; without it XlsxWriter reads the clock.
    book.set_properties({"title": title, "author": city.PUBLISHER, "created": stamp})
    bold = book.add_format({"bold": True})
    for name, header, rows in sheets:
        add_sheets(book, bold, name, header, rows, (choices or {}).get(name, {}))
    book.close()
    return fixed_time_zip(raw.getvalue(), stamp)


# Excel holds at most 1,048,576 rows a sheet, the header included: a unit may one day have
# more info items than that.
MAX_SHEET_ROWS = 1_048_576


def add_sheets(book, bold, title: str, header, rows, choices: dict | None = None) -> None:
    """As many sheets as the rows need: 信息项, 信息项(2), 信息项(3)…"""
    size = MAX_SHEET_ROWS - 1
    for part, start in enumerate(range(0, max(len(rows), 1), size), start=1):
        sheet = add_sheet(book, bold, title if part == 1 else f"{title}({part})", header, rows[start:start + size])
        add_choices(sheet, header, choices or {})


def add_choices(sheet, header, choices: dict) -> None:
    """A drop-down list on every row under the header of each column that has one."""
    for number, text in enumerate(header):
        if text in choices:
            values, strict = choices[text]
            sheet.data_validation(1, number, MAX_SHEET_ROWS - 1, number, {
                "validate": "list", "source": list(values), "error_type": "stop" if strict else "information",
                "error_title": f"「{text}」", "error_message": ("请从下拉列表中选择。" if strict else
                                                              "下拉列表中是可选的值;多个值用顿号(、)隔开。")})


def add_sheet(book, bold, title: str, header, rows):
    """A sheet with a bold, frozen, filterable header row and columns as wide as their text."""
    sheet = book.add_worksheet(title)
    for number, column in enumerate(zip(header, *rows, strict=False)):
        sheet.set_column(number, number, column_width(column))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(header) - 1)
    for number, text in enumerate(header):
        sheet.write_string(0, number, text, bold)
    for number, row in enumerate(rows, start=1):
        write_row(sheet, number, row)
    return sheet


def write_row(sheet, number: int, row) -> None:
    """Text as text (formulas defused), numbers as numbers; empty cells are left out."""
    for column, value in enumerate(row):
        if isinstance(value, str):
            if value:
                sheet.write_string(number, column, safe_cell(value))
        elif value is not None:
            sheet.write_number(number, column, value)


# Characters an Excel column shows twice as wide: CJK and everything after it.
WIDE = re.compile("[\u2e80-\U0010ffff]")


def column_width(values) -> int:
    """Excel width for a column: CJK characters count double, long text is capped."""
    widest = max(map(text_width, {v for v in values if v is not None}), default=0)
    return min(max(widest + 2, 8), 60)


def text_width(value) -> int:
    """Display width of a cell; only the first 60 characters matter under the cap."""
    text = str(value)[:60]
    return len(text) + len(WIDE.findall(text))


# Zip records (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16): signature, then fields at fixed offsets.
LOCAL_HEADER, CENTRAL_HEADER, END_OF_CENTRAL = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"


def fixed_time_zip(data: bytes, stamp: datetime) -> bytes:
    """The same zip with every entry dated `stamp` and marked as a Unix file with mode 644.

    XlsxWriter dates each entry by the modification time and mode of a temporary file, read
    back through the local time zone. Only those header fields are rewritten: the compressed
    data, their CRCs and the entry order are kept, so nothing is compressed twice.
    """
    out = bytearray(data)
    when = dos_date_time(stamp)
    count, offset = struct.unpack_from("<H4xL", out, out.rindex(END_OF_CENTRAL) + 10)
    for _ in range(count):
        offset = redate_entry(out, offset, when)
    return bytes(out)


def redate_entry(out: bytearray, offset: int, when: tuple[int, int]) -> int:
    """Rewrite one central directory entry and its local header; return the next entry's offset."""
    if out[offset:offset + 4] != CENTRAL_HEADER:
        raise ValueError("not a zip central directory entry")
    out[offset + 5] = 3  # made on Unix, whichever system builds it
    struct.pack_into("<HH", out, offset + 12, *when)
    struct.pack_into("<L", out, offset + 38, 0o100644 << 16)  # a regular file, rw-r--r--
    local = struct.unpack_from("<L", out, offset + 42)[0]
    if out[local:local + 4] != LOCAL_HEADER:
        raise ValueError("not a zip local file header")
    struct.pack_into("<HH", out, local + 10, *when)
    return offset + 46 + sum(struct.unpack_from("<3H", out, offset + 28))  # name, extra field, comment


def dos_date_time(stamp: datetime) -> tuple[int, int]:
    """The MS-DOS (time, date) pair zip headers carry, to two seconds (years 1980-2107 only)."""
    stamp = min(max(stamp, datetime(1980, 1, 1)), datetime(2107, 12, 31, 23, 59, 58))  # an archive's old dates
    return ((stamp.hour << 11) | (stamp.minute << 5) | (stamp.second // 2),
            ((stamp.year - 1980) << 9) | (stamp.month << 5) | stamp.day)


def shared_xlsx_bytes(catalog: Catalog) -> bytes:
    """The shared catalog's workbook: 共享目录 and 逾期提供清单 sheets, dated by the newest request step."""
    return workbook_bytes(city.SHARED_TITLE, requeststatus.latest_date(catalog), [
        ("共享目录", SHARED_COLUMNS, shared_rows(catalog)),
        ("逾期提供清单", OVERDUE_COLUMNS, overdue_rows(catalog)),
    ])
