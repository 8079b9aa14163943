"""Reading a workbook: the file itself, its sheets, the header row and the cells under it.

Only layout is decided here (which sheet, which row is the header, which column holds what, what a
cell shows); what a value means is left to `parsers`.
"""

from __future__ import annotations

import datetime
import warnings
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

from ..exports import FORMULA_STARTS
from .columns import (
    HEADER_SCAN,
    ITEM_SHEET_NAMES,
    MAIN_COLUMNS,
    MAIN_SHEET_NAMES,
    Column,
    column_key,
    header_lookup,
    header_row,
    normal_name,
    unknown_column,
)
from .limits import check_workbook
from .results import CellError, RowProblem

_PLACEHOLDERS = {"-", "--", "—", "/"}  # what clerks type for "nothing here"
_OLE2 = b"\xd0\xcf\x11\xe0"  # .xls and password-protected workbooks are OLE2 files, not zips


def open_workbook(workbook: Path):
    """The workbook, or why it cannot be read; never raises for a bad file."""
    try:
        with open(workbook, "rb") as file:
            head = file.read(8)
    except OSError as exc:
        return None, RowProblem("", 0, "", f"无法读取工作簿:{exc.strerror}。", "确认文件存在且有读取权限。")
    if head.startswith(_OLE2):
        return None, RowProblem("", 0, "", "这是旧版 Excel 97-2003 工作簿(.xls)或设了打开密码的工作簿,无法读取。",
                                "请用 Excel 或 WPS 打开,取消密码,另存为「Excel 工作簿(.xlsx)」后再导入。")
    too_big = check_workbook(workbook)  # before openpyxl, which would build every cell in memory
    if too_big:
        return None, too_big
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops, such as data validation
            return openpyxl.load_workbook(workbook, data_only=False), None
    except Exception:  # noqa: BLE001 - an untrusted file may fail in any layer of zipfile, XML or openpyxl
        return None, RowProblem("", 0, "", "无法读取工作簿:文件不是 .xlsx 格式,或者已经损坏。",
                                "用 Excel 或 WPS 打开它,另存为「Excel 工作簿(.xlsx)」后再导入。")


@dataclass
class Table:
    """A sheet's data under its header row: which column holds what."""

    sheet: str
    keys: dict[int, str]  # column index -> column key
    labels: dict[int, str]  # column index -> header as written, or the column letter
    rows: list[tuple[int, list]]  # (Excel row number, cells) of the non-empty rows


def column_label(table: Table, key: str) -> str | None:
    """The header, as written, of the column holding `key`."""
    return next((table.labels[index] for index, k in table.keys.items() if k == key), None)


def find_sheets(book):
    """The 资源目录 sheet (by name, else the first with a header), the 信息项 sheet if any, and the rest."""
    items = next((ws for ws in book.worksheets if normal_name(ws.title) in ITEM_SHEET_NAMES), None)
    candidates = [ws for ws in book.worksheets if ws is not items]
    main = next((ws for ws in candidates if normal_name(ws.title) in MAIN_SHEET_NAMES), None) or next(
        (ws for ws in candidates if header_row(cell_grid(ws), header_lookup(MAIN_COLUMNS)) is not None), None)
    main = main or (candidates[0] if candidates else None)
    return main, items, [ws for ws in candidates if ws is not main]


def has_content(sheet) -> bool:
    """Whether a sheet holds any value: an empty extra sheet is not worth a warning."""
    return any(value is not None for row in sheet.iter_rows(values_only=True) for value in row)


def cell_grid(sheet) -> list[list]:
    """The sheet's cells, a merged area's cells all standing for its top-left cell (as Excel shows them)."""
    anchors = {}
    for area in sheet.merged_cells.ranges:
        top = sheet.cell(area.min_row, area.min_col)
        anchors.update({(r, c): top for r in range(area.min_row, area.max_row + 1)
                        for c in range(area.min_col, area.max_col + 1)})
    return [[anchors.get((c.row, c.column), c) if isinstance(c, MergedCell) else c for c in row]
            for row in sheet.iter_rows()]


def read_table(sheet, columns: tuple[Column, ...]) -> tuple[Table | None, list[RowProblem]]:
    """Which column holds what, read from the header row, and the non-empty rows under it."""
    lookup, grid = header_lookup(columns), cell_grid(sheet)
    at = header_row(grid, lookup)
    if at is None:
        names = "、".join(c.header for c in columns if c.export)
        return None, [RowProblem(sheet.title, 0, "", f"找不到表头:前 {HEADER_SCAN} 行中没有一行写着能识别的列名。",
                                 f"表头写成:{names}。")]
    table, problems = Table(sheet.title, {}, {}, []), []
    for index, cell in enumerate(grid[at]):
        table.labels[index] = str(cell.value).strip() if cell.value is not None else f"{get_column_letter(index + 1)} 列"
        key = column_key(cell.value, lookup) if cell.value is not None else None
        if key in table.keys.values():
            problems.append(RowProblem(sheet.title, at + 1, table.labels[index], "与前面的一列重复,这一列的内容不会导入。",
                                       "删除重复的一列,或改正列名。"))
        elif key:
            table.keys[index] = key
        elif cell.value is not None:
            problems.append(unknown_column(sheet.title, at + 1, table.labels[index], lookup, columns))
    numbering = {index for index, key in table.keys.items() if key == "number"}
    table.rows = [(at + 2 + n, row) for n, row in enumerate(grid[at + 1:])
                  if any(_filled(cell) for index, cell in enumerate(row) if index not in numbering)]
    return table, problems


def _filled(cell) -> bool:
    """Whether a cell holds anything: a template's blank rows (numbered or not) are not resources."""
    value = cell.value
    return value is not None and (not isinstance(value, str) or value.strip() not in ("", *_PLACEHOLDERS))


def parse_cells(table: Table, number: int, cells: list, parsers: dict, importer) -> tuple[dict, list[RowProblem]]:
    """Parse each cell of a row by its column; None for an empty cell; problems for what cannot be mapped."""
    values, problems = {key: None for key in table.keys.values()}, []
    for index, cell in enumerate(cells):
        key = table.keys.get(index)
        try:
            value = _cell_value(cell)
            if key is None and value is not None:
                raise CellError("这一格有内容,但所在的列无法导入,本行没有导入。", "改正列名,或删除这一格的内容。")
            if key is not None and value is not None:
                values[key] = parsers[key](value, importer, key)
        except CellError as exc:
            problems.append(RowProblem(table.sheet, number, table.labels[index], exc.message, exc.hint))
    return values, problems


def _cell_value(cell):
    """The cell as the clerk sees it: text (export's formula guard undone), a number, a date as YYYY-MM-DD."""
    if cell.data_type == "f":
        raise CellError("这一格是公式,导入时得不到它的值。", "把公式换成它算出的内容:复制这一格,再「选择性粘贴 → 数值」。")
    value = cell.value
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = str(value)
    if text[:1] == "'" and text[1:2] and text[1] in (*FORMULA_STARTS, "'"):
        return text[1:]  # written so by export_xlsx
    text = text.strip()
    if not text or text in _PLACEHOLDERS:
        return None
    if text.startswith(FORMULA_STARTS) and not cell.quotePrefix:
        raise CellError(f"这一格以「{text[0]}」开头,在 Excel 中会被当作公式。",
                        f"如果这就是要填写的文字,在开头加一个英文单引号「'」;否则删去开头的「{text[0]}」。")
    return text
