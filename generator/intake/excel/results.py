"""What an import or export reports: problems located by sheet, row and column, and the files touched.

Problems are data, collected for the whole workbook and reported once, so a clerk can fix every
cell in one pass instead of one per attempt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...core.problems import ERROR, Problem, Severity


def sheet_problem(rule: str, sheet: str, row: int, column: str, message: str, hint: str = "", *,
                  severity: Severity = ERROR, index: int = 0) -> Problem:
    """Something a workbook cell, row or sheet holds that could not be imported.

    `row` is the Excel row number (0 for a whole sheet or the workbook), `column` the column's header as
    written, or as it should be written ("" for a whole row or sheet). The file is the workbook the
    command was given, so it is left out. `index` is the column's number (1 for A) where it is known, so
    that the answer can be written back into that cell; 0 otherwise. A warning is a note: a value read
    from a variant (是 for 无条件开放, C for 字符型), reported so that nothing is normalised silently.
    """
    return Problem("", row, index, rule, severity, message, hint, sheet=sheet, field=column)


@dataclass
class ImportResult:
    """What an import did: files written (new or changed), moved away, left as they were, and why rows were not."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0  # rows of the 资源目录 sheet that hold anything
    resources: int = 0  # the resources those rows make (one row each, or a row per info item)
    refused: list[int] = field(default_factory=list)  # the first row of each resource not written
    opened: bool = False  # the workbook was read and may be loaded whole: its cells can be annotated


@dataclass
class ExportResult:
    """What an export wrote, and the entry files it had to leave out."""

    path: Path
    resources: int = 0
    items: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Noted:
    """A cell's value read from a variant the clerk wrote, with the note that says so."""

    value: object
    note: str


class CellError(Exception):
    """A cell that cannot be mapped; caught per cell and turned into a problem of its rule."""

    def __init__(self, rule: str, message: str, hint: str = "", key: str = ""):
        super().__init__(message)
        self.rule, self.message, self.hint = rule, message, hint
        self.key = key  # the column it concerns, when raised for a resource rather than a cell


MAX_LISTED = 1000  # problems listed one by one; past this many, more lines help nobody fix the workbook


@dataclass(frozen=True)
class Group:
    """One kind of problem: its place (sheet, rows, column), what it says, and whether it is only a note."""

    note: bool
    sheet: str
    rows: str  # 「第 4–9、12 行」, "" for the whole sheet or workbook
    column: str
    message: str
    hint: str

    @property
    def where(self) -> str:
        return "".join(part for part in (self.sheet and f"工作表「{self.sheet}」", self.rows,
                                         self.column and f"「{self.column}」列") if part) or "工作簿"


def grouped(problems: list[Problem]) -> list[Group]:
    """One group per kind of problem (same sheet, column, rule, message and hint), errors first, in order."""
    groups: dict[tuple, list[int]] = {}
    for p in sorted(problems, key=lambda p: p.severity is not ERROR):  # stable: the order found is kept
        groups.setdefault((p.severity is not ERROR, p.sheet, p.field, p.rule, p.message, p.hint), []).append(p.line)
    return [Group(note, sheet, row_ranges(rows), column, message, hint)
            for (note, sheet, column, _rule, message, hint), rows in groups.items()]


def report_lines(result: ImportResult) -> list[str]:
    """One Chinese line per kind of problem, listing its rows (「第 4–9、12 行」): where, what, and a hint;
    notes (values read from a variant) after the problems; at most MAX_LISTED lines."""
    groups = grouped(result.problems)
    lines = [("说明:" if g.note else "") + f"{g.where}:{g.message}" + (f" 提示:{g.hint}" if g.hint else "")
             for g in groups[:MAX_LISTED]]
    if len(groups) > MAX_LISTED:
        lines.append(f"工作簿:另有 {len(groups) - MAX_LISTED:,} 类问题没有逐一列出。"
                     " 提示:上面的问题多半出自同一原因(例如表头写错、多出一列),改正后再导入一次。")
    return lines


def row_ranges(rows: list[int]) -> str:
    """「第 4–9、12 行」: the rows in order, runs written as ranges; "" for the whole sheet (row 0)."""
    numbers = sorted(set(rows) - {0})
    if not numbers:
        return ""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "第 " + "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs) + " 行"


def summary_line(result: ImportResult) -> str:
    """The run in exact counts: resources read, files written, left unchanged, resources refused."""
    moved = f"(其中 {len(result.removed)} 个换了文件夹)" if result.removed else ""
    return (f"读取 {result.rows} 行,共 {result.resources} 项资源:写入 {len(result.written)} 个文件{moved},"
            f"{len(result.unchanged)} 个未变,{len(result.refused)} 项有错误没有导入。")
