"""Bounds on a workbook, checked on the zip before openpyxl reads it.

openpyxl builds every cell, and every cell of every merged range, in memory: a 6 KB workbook
holding one merge over A3:XFD1048576, a million rows, or a zip that inflates to gigabytes
exhausts the machine before any of our own checks runs. So the archive's members and the
worksheets' rows, cells and merges are counted here by streaming the XML, within caps far above
any real unit catalog (hundreds of resources, a few thousand info-item rows).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.utils.cell import range_boundaries

from .results import RowProblem

MAX_INFLATED = 64 * 1024 * 1024  # bytes once unzipped; a unit's catalog workbook is well under 1 MiB
MAX_MEMBERS = 1000
MAX_RATIO = 200  # inflated / compressed of one large member; spreadsheet XML reaches 20-50
MAX_ROWS = 20_000  # per sheet
MAX_CELLS = 1_000_000  # per sheet, written cells
MAX_MERGED_CELLS = 200_000  # per sheet, all merged ranges together
_SPLIT_HINT = "删去多余的工作表、图片和空行后另存再导入;内容确实很多的,按处室或资源类别拆成几个工作簿分别导入。"


def check_workbook(path: Path) -> RowProblem | None:
    """Why this workbook is too large to read safely, or None (also None when it is no zip at all)."""
    try:
        with zipfile.ZipFile(path) as archive:
            found = _archive_problem(archive)
            for member in _worksheets(archive):
                found = found or _sheet_problem(archive, member)
            return found
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None  # not a readable zip: openpyxl's attempt says so in the usual words


def _archive_problem(archive: zipfile.ZipFile) -> RowProblem | None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return _whole(f"工作簿里有 {len(members)} 个部件,超过可读取的 {MAX_MEMBERS} 个,不像一份目录表。", _SPLIT_HINT)
    inflated = sum(m.file_size for m in members)
    if inflated > MAX_INFLATED:
        return _whole(f"工作簿解压后有 {_size(inflated)},超过可读取的 {_size(MAX_INFLATED)}"
                      "(一个单位的目录表通常不到 1 MB)。", "确认选对了文件。" + _SPLIT_HINT)
    bomb = next((m for m in members if m.file_size > 1024 * 1024
                 and m.file_size > MAX_RATIO * max(m.compress_size, 1)), None)
    if bomb:
        return _whole(f"工作簿中的 {bomb.filename} 压缩比异常({bomb.file_size // max(bomb.compress_size, 1)} 倍),"
                      "像是恶意构造的压缩文件,没有读取。", "用 Excel 或 WPS 打开确认内容,另存为新的 .xlsx 文件后再导入。")
    return None


def _worksheets(archive: zipfile.ZipFile) -> list[str]:
    return sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def _sheet_problem(archive: zipfile.ZipFile, member: str) -> RowProblem | None:
    """Rows, cells and merged cells of one worksheet, counted while streaming its XML."""
    rows = cells = merged = 0
    try:
        with archive.open(member) as stream:
            for _, element in iterparse(stream, events=("end",)):
                tag = element.tag.rsplit("}", 1)[-1]
                rows, cells = rows + (tag == "row"), cells + (tag == "c")
                if tag == "mergeCell":
                    merged += _area(element.get("ref", ""))
                element.clear()  # keep nothing: memory stays flat however long the sheet is
                if rows > MAX_ROWS or cells > MAX_CELLS or merged > MAX_MERGED_CELLS:
                    return _too_big(member, rows, cells, merged)
    except (ParseError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None  # a broken sheet: openpyxl's attempt reports it
    return None


def _too_big(member: str, rows: int, cells: int, merged: int) -> RowProblem:
    name = member.rsplit("/", 1)[-1]
    if merged > MAX_MERGED_CELLS:
        return _whole(f"工作表 {name} 的合并单元格覆盖了 {merged:,} 个以上的单元格,超过可读取的 {MAX_MERGED_CELLS:,} 个"
                      "(例如合并到了表格最后一行或最后一列)。",
                      "选中整张表,取消合并单元格,只合并表头或同一资源的几行后再导入。")
    if rows > MAX_ROWS:
        return _whole(f"工作表 {name} 超过 {MAX_ROWS:,} 行,超过可读取的行数。", "删除表格末尾的空行和无关内容;" + _SPLIT_HINT)
    return _whole(f"工作表 {name} 的单元格超过 {MAX_CELLS:,} 个,超过可读取的数量。", "删除多余的列和空白格;" + _SPLIT_HINT)


def _area(ref: str) -> int:
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return 0
    if None in (min_col, min_row, max_col, max_row):
        return MAX_MERGED_CELLS + 1  # a whole row or column merged: unbounded
    return (max_col - min_col + 1) * (max_row - min_row + 1)


def _whole(message: str, hint: str) -> RowProblem:
    return RowProblem("", 0, "", "无法读取工作簿:" + message, hint)


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:,.1f} MB" if count < 1024 ** 3 else f"{count / 1024 ** 3:,.1f} GB"
