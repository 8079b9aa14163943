"""What an import or export reports: problems located by sheet, row and column, and the files touched.

Problems are data, collected for the whole workbook and reported once, so a clerk can fix every
cell in one pass instead of one per attempt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...core.problems import ERROR, Problem


def sheet_problem(rule: str, sheet: str, row: int, column: str, message: str, hint: str = "") -> Problem:
    """Something a workbook cell, row or sheet holds that could not be imported.

    `row` is the Excel row number (0 for a whole sheet or the workbook), `column` the column's header as
    written, or as it should be written ("" for a whole row or sheet). The file is the workbook the
    command was given, so it is left out.
    """
    return Problem("", row, 0, rule, ERROR, message, hint, sheet=sheet, field=column)


@dataclass
class ImportResult:
    """What an import did: files written (new or changed), moved away, left as they were, and why rows were not."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0


@dataclass
class ExportResult:
    """What an export wrote, and the entry files it had to leave out."""

    path: Path
    resources: int = 0
    items: int = 0
    problems: list[Problem] = field(default_factory=list)


class CellError(Exception):
    """A cell that cannot be mapped; caught per cell and turned into a problem of its rule."""

    def __init__(self, rule: str, message: str, hint: str = ""):
        super().__init__(message)
        self.rule, self.message, self.hint = rule, message, hint


MAX_LISTED = 1000  # problems listed one by one; past this many, more lines help nobody fix the workbook


def report_lines(result: ImportResult) -> list[str]:
    """One Chinese line per problem: where (sheet, row, column), what, and a hint; at most MAX_LISTED of them."""
    lines = []
    for p in result.problems[:MAX_LISTED]:
        where = "".join(part for part in (p.sheet and f"工作表「{p.sheet}」", p.line and f"第 {p.line} 行",
                                          p.field and f"「{p.field}」列") if part)  # row 0: the whole workbook
        lines.append(f"{where or '工作簿'}:{p.message}" + (f" 提示:{p.hint}" if p.hint else ""))
    if len(result.problems) > MAX_LISTED:
        lines.append(f"工作簿:另有 {len(result.problems) - MAX_LISTED:,} 处问题没有逐一列出。"
                     " 提示:上面的问题多半出自同一原因(例如表头写错、多出一列),改正后再导入一次。")
    return lines
