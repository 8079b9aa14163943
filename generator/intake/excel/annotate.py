"""The answer written back into the clerk's own workbook: every problem cell highlighted with a Chinese
comment on it, and a first sheet that summarises the run. The clerk fixes the cells in WPS or Excel and
imports again; nothing in the clerk's sheets is changed but the highlight and the comments.

Only a workbook the importer could open gets here, so it has passed the caps in `limits` already.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from ...core.problems import ERROR, Problem
from ...downloads.tables import safe_cell
from .results import ImportResult, grouped, summary_line

SUMMARY_SHEET = "导入结果"
_ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")  # Excel's own light red for a bad cell
_NOTE_FILL = PatternFill("solid", fgColor="FFEB9C")  # and its light yellow for a neutral one
_AUTHOR = "目录导入"


def annotated_path(workbook: Path) -> Path:
    """Where the answer goes when the clerk names no file: beside the workbook, never over it."""
    return workbook.with_name(f"{workbook.stem}-导入结果.xlsx")


def annotate(workbook: Path, out: Path, result: ImportResult) -> None:
    """Write a copy of `workbook` to `out` with the problems of `result` on their cells and a summary sheet."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about parts it does not keep, such as extensions
        book = openpyxl.load_workbook(workbook)
    for (title, row, column), problems in _by_cell(result.problems, book).items():
        _mark(book[title].cell(row, column), problems)
    _summary(book, result)
    book.save(out)


def _by_cell(problems: list[Problem], book) -> dict[tuple[str, int, int], list[Problem]]:
    """The problems of each cell: a whole row's go on its first cell, a merged area's on its top-left cell,
    a whole sheet's only in the summary."""
    anchors: dict[str, dict[tuple[int, int], tuple[int, int]]] = {}
    cells: dict[tuple[str, int, int], list[Problem]] = {}
    for p in problems:
        if p.sheet in book.sheetnames and p.line > 0:
            if p.sheet not in anchors:
                anchors[p.sheet] = _merge_anchors(book[p.sheet])
            row, column = anchors[p.sheet].get((p.line, p.column or 1), (p.line, p.column or 1))
            cells.setdefault((p.sheet, row, column), []).append(p)
    return cells


def _merge_anchors(sheet) -> dict[tuple[int, int], tuple[int, int]]:
    """Each cell of a merged area to its top-left cell, the one that can hold a comment. Bounded: a workbook
    is loaded whole only when its merges cover few enough cells (`Book.loadable`)."""
    anchors = {}
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                anchors[row, column] = (merged.min_row, merged.min_col)
    return anchors


def _mark(cell, problems: list[Problem]) -> None:
    """Highlight the cell and put every problem of it in one comment."""
    errors = any(p.severity is ERROR for p in problems)
    cell.fill = _ERROR_FILL if errors else _NOTE_FILL
    text = "\n".join(("" if p.severity is ERROR else "说明:") + p.message + (f"\n提示:{p.hint}" if p.hint else "")
                     for p in problems)
    if cell.comment is not None:
        text = f"{cell.comment.text}\n\n{text}"  # the clerk's own comment is kept, ours after it
    comment = Comment(text, _AUTHOR)
    comment.width, comment.height = 360, min(60 + 40 * len(problems), 400)
    cell.comment = comment


def _summary(book, result: ImportResult) -> None:
    """The first sheet: the counts, then one row per kind of problem with where it is."""
    if SUMMARY_SHEET in book.sheetnames:
        del book[SUMMARY_SHEET]  # the answer to an earlier run, imported again
    sheet = book.create_sheet(SUMMARY_SHEET, 0)
    sheet.append([summary_line(result)])
    sheet.append(["红色单元格有错误,这项资源没有导入;黄色单元格是按常见写法读入的值,请核对。把鼠标移到单元格上可看到说明。"])
    sheet.append([])
    sheet.append(["类别", "位置", "问题", "怎么改"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for group in grouped(result.problems):
        sheet.append(["说明" if group.note else "错误", safe_cell(group.where), safe_cell(group.message),
                      safe_cell(group.hint)])
    for letter, width in zip("ABCD", (8, 40, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.active = 0
