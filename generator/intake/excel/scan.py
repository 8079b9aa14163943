"""One worksheet's XML streamed before openpyxl reads it: where its values end, and its merged ranges.

expat calls back on each element's start and no tree is built, so memory stays flat however long
the sheet is; the first cap passed stops the stream with a problem located at its sheet and row. The
reader then asks openpyxl for exactly the rows and columns up to the last value, so neither a
`<dimension ref>` claiming A1:XFD1048576 nor formatted cells far below the data are ever expanded.
Tags are matched in the one namespace openpyxl reads rows, cells and merges in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.xml.constants import SHEET_MAIN_NS

from ...core.problems import Problem
from .limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_MERGED_CELLS,
    MAX_MERGES,
    MAX_ROWS,
    SPLIT_HINT,
    Refusal,
    check_archive,
    check_parts,
    worksheet_parts,
)
from .results import sheet_problem

_DIGITS = "0123456789"  # a cell's `r` is its column's letters, then its row
_SHEET_END = (16384, 1048576)  # the last column and row of any sheet: where "A:A" or "3:3" ends
_UNMERGE_HINT = "选中整张表,取消单元格合并,只合并表头或确实需要合并的几格,另存为后再导入。"


@dataclass
class SheetScan:
    """What streaming a worksheet found: the extent of its values, its merges clipped to it, notes for the clerk."""

    title: str
    part: str
    rows: int = 0  # the last row holding a value; 0 for a sheet without any
    columns: int = 0  # the last column holding a value
    cells: int = 0  # written cells (<c>), formatted empty ones too
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_col, min_row, max_col, max_row
    notes: list[Problem] = field(default_factory=list)
    merged_as_written: int = 0  # cells the merges cover before clipping: what a full (not streamed) load expands


def scan_workbook(archive) -> list[SheetScan]:
    """Every worksheet streamed within the caps, once the zip's directory and the parts read whole passed theirs."""
    check_archive(archive)
    parts = worksheet_parts(archive)
    check_parts(archive, {part for _, part in parts})
    scans: list[SheetScan] = []
    for title, part in parts:  # the cell cap is the workbook's: what it bounds is the time and memory of one import
        scans.append(scan_sheet(archive, title, part, sum(scan.cells for scan in scans)))
    return scans


def scan_sheet(archive, title: str, part: str, cells_before: int = 0) -> SheetScan:
    """Stream one worksheet; raise Refusal when it passes a cap, expat's error when it is broken."""
    scanner = _Scanner(SheetScan(title, part), MAX_CELLS - cells_before)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = scanner.start
    with archive.open(part) as stream:
        parser.ParseFile(stream)
    return scanner.finish()


class _Scanner:
    """Numbers rows and cells as openpyxl does: one without `r` follows the one before it."""

    def __init__(self, scan: SheetScan, cells_left: int):
        self.scan, self.cells_left = scan, cells_left
        self.row = self.row_count = 0
        self.cell_ref, self.after_ref = "", 0  # the last cell's `r`, and cells without one since
        self.valued = False  # whether the current cell's value was seen already
        self.merges: list[tuple[int, int, int, int, str]] = []
        ns = SHEET_MAIN_NS + "}"
        value = self._value
        self.handlers = {ns + "row": self._row, ns + "c": self._cell, ns + "v": value, ns + "f": value,
                         ns + "is": value, ns + "mergeCell": self._merge}

    def start(self, name: str, attributes: dict) -> None:
        handler = self.handlers.get(name)
        if handler:
            handler(attributes)

    def _row(self, attributes: dict) -> None:
        self.row_count += 1
        self.row, self.cell_ref, self.after_ref = _row_number(attributes.get("r"), self.row), "", 0
        # Formatted empty rows count too: openpyxl walks each of them. Checked a row late, so that a
        # row past the cap holding a value is named by that value (`_value`) rather than by the count.
        if self.row_count > MAX_ROWS + 1:
            raise Refusal(_too_long(self.scan.title, self.row, f"到这一行,工作表已有 {MAX_ROWS:,} 多行(包括只带格式的空行)"))

    def _cell(self, attributes: dict) -> None:
        self.scan.cells += 1
        ref = attributes.get("r")
        self.cell_ref, self.after_ref = (ref, 0) if ref else (self.cell_ref, self.after_ref + 1)
        self.valued = False
        if self.scan.cells > self.cells_left:
            raise Refusal(_too_many_cells(self.scan.title, self.row))

    def _value(self, _attributes: dict) -> None:
        """A cell's <v>, <f> or <is>: it shows something; a bare <c> is only formatting."""
        if self.valued:
            return
        self.valued = True
        column = self.after_ref + (column_index_from_string(self.cell_ref.rstrip(_DIGITS)) if self.cell_ref else 0)
        if self.row > MAX_ROWS:
            raise Refusal(_too_long(self.scan.title, self.row, f"这一行还有内容,超过可读取的 {MAX_ROWS:,} 行"))
        if column > MAX_COLUMNS:
            raise Refusal(sheet_problem("xlsx-too-big", self.scan.title, self.row, get_column_letter(column),
                                     f"这一格还有内容,超过可读取的 {MAX_COLUMNS} 列(到 {get_column_letter(MAX_COLUMNS)} 列),"
                                     "整个工作簿没有导入。",
                                     "目录表只有二三十列:选中右侧多余的列整列删除,另存为后再导入。"))
        if self.row > self.scan.rows:
            self.scan.rows = self.row
        if column > self.scan.columns:
            self.scan.columns = column

    def _merge(self, attributes: dict) -> None:
        if len(self.merges) >= MAX_MERGES:
            raise Refusal(sheet_problem("xlsx-too-big", self.scan.title, 0, "", f"合并区域超过 {MAX_MERGES:,} 处,整个工作簿没有导入。",
                                     _UNMERGE_HINT))
        ref = attributes.get("ref") or ""
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            return  # openpyxl's reader ignores merges altogether; an unreadable one shows nothing
        self.merges.append((min_col or 1, min_row or 1, max_col or _SHEET_END[0], max_row or _SHEET_END[1], ref))

    def finish(self) -> SheetScan:
        """The merges clipped to the values: beyond them a merge shows nothing, and expanding it costs memory."""
        scan, area = self.scan, 0
        for min_col, min_row, max_col, max_row, ref in self.merges:
            scan.merged_as_written += (max_col - min_col + 1) * (max_row - min_row + 1)
            if max_row > MAX_ROWS:
                scan.notes.append(_far_merge(scan, ref, min_row, min_col, max_row))
            clipped = (min_col, min_row, min(max_col, scan.columns), min(max_row, scan.rows))
            if clipped[0] <= clipped[2] and clipped[1] <= clipped[3]:
                area += (clipped[2] - clipped[0] + 1) * (clipped[3] - clipped[1] + 1)
                scan.merges.append(clipped)
        if area > MAX_MERGED_CELLS:  # only overlapping merges can cover more cells than the values span
            raise Refusal(sheet_problem("xlsx-too-big", scan.title, 0, "",
                                        f"合并区域合计覆盖 {area:,} 个单元格,超过可读取的 {MAX_MERGED_CELLS:,} 个"
                                        "(多半是合并区域互相重叠),整个工作簿没有导入。", _UNMERGE_HINT))
        return scan


def _far_merge(scan: SheetScan, ref: str, row: int, column: int, last: int) -> Problem:
    data = f"表中的数据只到第 {scan.rows:,} 行" if scan.rows else "表中没有数据"
    return sheet_problem("xlsx-merge-clipped", scan.title, row, get_column_letter(column),
                      f"合并区域 {ref} 一直合并到第 {last:,} 行,远超出表中的数据({data});只按有数据的部分读取。",
                      "取消这处合并,只合并确实需要合并的几格,另存为后再导入。")


def _too_long(title: str, row: int, what: str) -> Problem:
    return sheet_problem("xlsx-too-big", title, row, "", what + ",整个工作簿没有导入。",
                      "一个单位的目录通常只有几百行。如果这些行是多余的(空行、格式、草稿),选中它们整行删除"
                      "(不是只清除内容),另存为后再导入;" + SPLIT_HINT)


def _too_many_cells(title: str, row: int) -> Problem:
    return sheet_problem("xlsx-too-big", title, row, "", f"到这一行,工作簿已有 {MAX_CELLS:,} 多个单元格(包括只带格式的空白格),"
                      "超过可读取的数量,整个工作簿没有导入。",
                      "删去多余的行和列,或选中数据以外的区域「清除 → 全部清除」,另存为后再导入;" + SPLIT_HINT)


def _row_number(r: str | None, previous: int) -> int:
    """As openpyxl reads a row's `r`: an integer, possibly written as 5.0; none means the next row."""
    if r is None:
        return previous + 1
    try:
        return int(r)
    except ValueError:
        number = float(r)
        if not number.is_integer():
            raise
        return int(number)

