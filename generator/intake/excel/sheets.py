"""Reading a workbook: the file itself, its sheets, the header row and the cells under it.

Only layout is decided here (which sheet, which row is the header, which column holds what, what a
cell shows); what a value means is left to `parsers`. The file is untrusted: `scan` bounds it first,
then openpyxl reads it in read-only mode, streaming, and only the rows and columns up to the last
value; everything the importer needs is taken out while the file is open, so nothing later reads it.
"""

from __future__ import annotations

import datetime
import warnings
import zipfile
from contextlib import closing
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import NamedTuple

import openpyxl
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from ...core.problems import WARNING, Problem
from ...downloads.tables import FORMULA_STARTS
from .columns import (
    HEADER_SCAN,
    ITEM_SHEET_NAMES,
    MAIN_COLUMNS,
    MAIN_SHEET_NAMES,
    Column,
    header_cell,
    header_lookup,
    header_row,
    header_rows,
    normal_name,
    unknown_column,
)
from .limits import MAX_MERGED_CELLS, MAX_ROWS, SPLIT_HINT, Refusal, not_xlsx, whole
from .results import CellError, Noted, sheet_problem
from .scan import SheetScan, scan_workbook

_PLACEHOLDERS = {"-", "--", "—", "/"}  # what clerks type for "nothing here"
_OLE2 = b"\xd0\xcf\x11\xe0"  # .xls and password-protected workbooks are OLE2 files, not zips


@dataclass(frozen=True, slots=True)
class Cell:
    """What the importer needs of a cell: its value, whether it is a formula, whether Excel marks it as text."""

    value: object = None
    formula: bool = False
    quoted: bool = False  # Excel's leading apostrophe: text even if it starts like a formula


EMPTY = Cell()


@dataclass
class Sheet:
    """A sheet as read: its cells as Excel shows them, up to its last value, and notes on how it was read."""

    title: str
    grid: list[list[Cell]]  # rows from row 1, all as wide as the last column holding a value
    has_content: bool
    notes: list[Problem]


@dataclass
class Book:
    """The sheets an import looks at: the 资源目录 sheet, the 信息项 sheet, and the others (only named)."""

    main: Sheet | None
    items: Sheet | None
    others: list[Sheet]
    # Whether the whole workbook may be loaded (not streamed), as annotating it does: a merge far past the
    # values is read clipped, but a full load would expand every cell it covers.
    loadable: bool = True


class _Source(NamedTuple):
    scan: SheetScan
    sheet: ReadOnlyWorksheet


def open_workbook(workbook: Path) -> tuple[Book | None, Problem | None]:
    """The workbook's sheets, or why it cannot be read; never raises for a bad file."""
    try:
        with open(workbook, "rb") as file:
            head = file.read(8)
    except OSError as exc:
        return None, sheet_problem("xlsx-unreadable", "", 0, "", f"无法读取工作簿:{exc.strerror}。", "确认文件存在且有读取权限。")
    if head.startswith(_OLE2):
        return None, sheet_problem("xlsx-unreadable", "", 0, "", "这是旧版 Excel 97-2003 工作簿(.xls)或设了打开密码的工作簿,无法读取。",
                                "请用 Excel 或 WPS 打开,取消密码,另存为「Excel 工作簿(.xlsx)」后再导入。")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about what it drops, such as data validation
            with zipfile.ZipFile(workbook) as archive:
                scans = scan_workbook(archive)  # before openpyxl reads any of it
            return _read(workbook, scans), None
    except Refusal as refusal:
        return None, refusal.problem
    except MemoryError:  # the caps should make this unreachable; if not, say so rather than 「不是 .xlsx」
        return None, whole("读取时内存不足,工作簿太大。", "删去多余的行、列、图片和工作表,另存为后再导入;" + SPLIT_HINT)
    except Exception:
        return None, not_xlsx()


def _read(workbook: Path, scans: list[SheetScan]) -> Book:
    """Read the sheets openpyxl finds where the scan found them; only the 资源目录 and 信息项 sheets in full."""
    book = openpyxl.load_workbook(workbook, read_only=True, data_only=False, keep_links=False)
    try:
        # The read-only sheet's part, which openpyxl keeps privately (types-openpyxl leaves it out).
        by_part = {ws._worksheet_path: ws for ws in book.worksheets}  # type: ignore[attr-defined]
        main, items, others = find_sheets([_Source(scan, by_part[scan.part]) for scan in scans])
        loadable = sum(scan.merged_as_written for scan in scans) <= MAX_MERGED_CELLS
        return Book(_sheet(main), _sheet(items), [Sheet(s.scan.title, [], s.scan.rows > 0, []) for s in others],
                    loadable)
    finally:
        book.close()


def find_sheets(sources: list[_Source]):
    """The 资源目录 sheet (by name, else the first with a header), the 信息项 sheet if any, and the rest."""
    items = next((s for s in sources if normal_name(s.scan.title) in ITEM_SHEET_NAMES), None)
    candidates = [s for s in sources if s is not items]
    lookup = header_lookup(MAIN_COLUMNS)
    main = next((s for s in candidates if normal_name(s.scan.title) in MAIN_SHEET_NAMES), None) or next(
        (s for s in candidates if header_row(read_grid(s, HEADER_SCAN), lookup) is not None), None)
    main = main or (candidates[0] if candidates else None)
    return main, items, [s for s in candidates if s is not main]


def _sheet(source: _Source | None) -> Sheet | None:
    if source is None:
        return None
    return Sheet(source.scan.title, read_grid(source, MAX_ROWS), source.scan.rows > 0, source.scan.notes)


def read_grid(source: _Source, limit: int) -> list[list[Cell]]:
    """The first `limit` rows up to the last value, a merged area's cells all showing its top-left one (as in Excel)."""
    rows, columns = min(limit, source.scan.rows), source.scan.columns
    if rows == 0:
        return []  # iter_rows would take a missing bound from the sheet's own <dimension>
    # types-openpyxl types the read-only sheet's iter_rows as the ordinary sheet's method: a stub error.
    cells = source.sheet.iter_rows(min_row=1, max_row=rows, min_col=1, max_col=columns)  # type: ignore[misc]
    with closing(cells) as stream:
        grid = [[EMPTY if cell is EMPTY_CELL else _cell(cell) for cell in row] for row in islice(stream, rows)]
    for min_col, min_row, max_col, max_row in source.scan.merges:  # clipped to the values by the scan
        if min_row <= len(grid):
            anchor = grid[min_row - 1][min_col - 1]
            for row in grid[min_row - 1:max_row]:
                row[min_col - 1:max_col] = [anchor] * (max_col - min_col + 1)
    return grid


def _cell(cell) -> Cell:
    if cell.value is None and cell.data_type != "f":
        return EMPTY
    return Cell(cell.value, cell.data_type == "f", cell.has_style and bool(cell.style_array.quotePrefix))


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


def read_table(sheet: Sheet, columns: tuple[Column, ...]) -> tuple[Table | None, list[Problem]]:
    """Which column holds what, read from the header row (or two, a parent merged over its sub-columns),
    and the non-empty rows under it."""
    lookup, grid = header_lookup(columns), sheet.grid
    rows = header_rows(grid, lookup)
    if rows is None:
        names = "、".join(c.header for c in columns if c.export)
        return None, [sheet_problem("xlsx-header-missing", sheet.title, 0, "", f"找不到表头:前 {HEADER_SCAN} 行中没有一行写着能识别的列名。",
                                 f"表头写成:{names}。")]
    upper, at = rows
    table, problems = Table(sheet.title, {}, {}, []), []
    for index, cell in enumerate(grid[at]):
        parent = grid[upper][index].value if upper is not None else None
        label, key = header_cell(parent, cell.value, lookup)
        table.labels[index] = label or f"{get_column_letter(index + 1)} 列"
        if key in table.keys.values():
            problems.append(sheet_problem("xlsx-column-duplicate", sheet.title, at + 1, table.labels[index],
                                          "与前面的一列重复,这一列的内容不会导入。", "删除重复的一列,或改正列名。"))
        elif key:
            table.keys[index] = key
        elif label:
            problems.append(unknown_column(sheet.title, at + 1, table.labels[index], lookup, columns))
    numbering = {index for index, key in table.keys.items() if key == "number"}
    table.rows = [(at + 2 + n, row) for n, row in enumerate(grid[at + 1:])
                  if any(is_filled(cell) for index, cell in enumerate(row) if index not in numbering)]
    return table, problems


def is_filled(cell) -> bool:
    """Whether a cell holds anything: a template's blank rows (numbered or not) are not resources."""
    value = cell.value
    return value is not None and (not isinstance(value, str) or value.strip() not in ("", *_PLACEHOLDERS))


def parse_cells(table: Table, number: int, cells: list, parsers: dict, importer,
                only: set[int] | None = None) -> tuple[dict, list[Problem]]:
    """Parse each cell of a row by its column (of `only` these columns, when given); None for an empty
    cell; problems for what cannot be mapped, and a note for each value read from a variant."""
    values, problems = dict.fromkeys(table.keys.values()), []
    for index, cell in enumerate(cells):
        if only is not None and index not in only:
            continue
        key = table.keys.get(index)
        try:
            value = _cell_value(cell)
            if key is None and value is not None:
                raise CellError("xlsx-column-unknown", "这一格有内容,但所在的列无法导入,本行没有导入。", "改正列名,或删除这一格的内容。")
            if key is not None and value is not None:
                parsed = parsers[key](value, importer, key)
                if isinstance(parsed, Noted):
                    problems.append(sheet_problem("xlsx-normalised", table.sheet, number, table.labels[index],
                                                  parsed.note, severity=WARNING, index=index + 1))
                    parsed = parsed.value
                values[key] = parsed
        except CellError as exc:
            problems.append(sheet_problem(exc.rule, table.sheet, number, table.labels[index], exc.message, exc.hint,
                                          index=index + 1))
    return values, problems


def _cell_value(cell):
    """The cell as the clerk sees it: text (export's formula guard undone), a number, a date as YYYY-MM-DD."""
    if cell.formula:
        raise CellError("xlsx-formula", "这一格是公式,导入时得不到它的值。", "把公式换成它算出的内容:复制这一格,再「选择性粘贴 → 数值」。")
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
    if text.startswith(FORMULA_STARTS) and not cell.quoted:
        raise CellError("xlsx-formula-text", f"这一格以「{text[0]}」开头,在 Excel 中会被当作公式。",
                        f"如果这就是要填写的文字,在开头加一个英文单引号「'」;否则删去开头的「{text[0]}」。")
    return text
