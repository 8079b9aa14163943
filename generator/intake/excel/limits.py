"""Bounds on a workbook, checked on the zip before openpyxl reads any of it.

openpyxl's default mode builds every cell in memory, and every cell of every merged range: a 6 KB
workbook holding one merge over A3:XFD1048576, a million rows, one value in cell XFD1048576, or a
zip that inflates to gigabytes exhausted the machine before any check of ours ran, and the
MemoryError then read as 「文件不是 .xlsx 格式」. So, in this order and each before the next is read:

1. the zip's directory (`infolist`): members, compression ratio, inflated size;
2. the parts openpyxl parses whole (content types, workbook, shared strings, styles), by size;
3. each worksheet, found the way openpyxl finds it, streamed by `scan` within row, column, cell
   and merge caps, which also tells the reader where the values end.

The caps sit far above any real unit catalog (hundreds of resources, a few thousand info-item
rows, two or three dozen columns, well under 1 MB zipped); every refusal names its cause and what
to do, located at the sheet and row where that makes sense.
"""

from __future__ import annotations

import warnings
import zipfile
from xml.etree.ElementTree import fromstring

from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_rels_path

# openpyxl's own private helper, so that sheets are found as openpyxl finds them; types-openpyxl leaves it out.
from openpyxl.reader.excel import _find_workbook_part  # type: ignore[attr-defined]
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.xml.constants import ARC_CONTENT_TYPES

from ...core.problems import Problem, Refused
from .results import sheet_problem

MIB = 1024 * 1024
MAX_MEMBERS = 1000  # a workbook saved by Excel or WPS has a dozen parts, a few dozen with images
MAX_INFLATED = 64 * MIB  # all parts together once unzipped; a unit's catalog is well under 1 MiB
MAX_PARTS = 8 * MIB  # all parts but the worksheets together: openpyxl parses styles, shared strings, the
# workbook part and each sheet's relations whole, at up to 20 bytes of memory per byte; images count too
MAX_RATIO = 200  # unzipped / zipped for a part over 1 MiB; spreadsheet XML reaches 20-50, a bomb ~1000
# The sheet caps below leave room for a very large unit in the national template's layout: 2,000
# resources of 10 info items, one row per item (20,000 rows of 18 columns, 360,000 cells), its 15
# resource columns merged down over each resource (30,000 merges covering 300,000 cells).
MAX_ROWS = 30_000  # per sheet
MAX_COLUMNS = 100  # per sheet; the national template has about 25
MAX_CELLS = 600_000  # in all sheets, every written cell, formatted empty ones too
MAX_MERGES = 40_000  # merged ranges per sheet
MAX_MERGED_CELLS = 400_000  # cells in a sheet's merged ranges together, after clipping them to its values

SPLIT_HINT = "内容确实很多的,按处室或资源类别拆分成几个工作簿,分别导入。"
SAVE_AS_HINT = "用 Excel 或 WPS 打开它,另存为「Excel 工作簿(.xlsx)」后再导入。"


class Refusal(Refused):
    """A workbook not read any further, and the problem that says why."""


def not_xlsx() -> Problem:
    """The file is no workbook openpyxl could read, or a broken one."""
    return sheet_problem("xlsx-unreadable", "", 0, "", "无法读取工作簿:文件不是 .xlsx 格式,或者已经损坏。", SAVE_AS_HINT)


def whole(message: str, hint: str) -> Problem:
    """A problem with the workbook as a whole: nothing of it is imported."""
    return sheet_problem("xlsx-too-big", "", 0, "", "无法读取工作簿:" + message, hint)


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a zip whose directory already shows it too large, or built to inflate far beyond its size."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise Refusal(whole(f"工作簿里有 {len(members):,} 个部件,超过可读取的 {MAX_MEMBERS:,} 个,不像一份目录表。",
                            "确认选对了文件。" + SPLIT_HINT))
    bomb = next((m for m in members if m.file_size > MIB and m.file_size > MAX_RATIO * max(m.compress_size, 1)), None)
    if bomb:  # before the total: a bomb is named as one, whatever its size
        raise Refusal(whole(f"工作簿中的部件 {bomb.filename} 压缩后只有 {size_text(bomb.compress_size)},"
                            f"解压后却有 {size_text(bomb.file_size)}({bomb.file_size // max(bomb.compress_size, 1):,} 倍),"
                            "是专门构造的「压缩炸弹」,没有读取。",
                            "不要再打开或转发这个文件;请发来的人用 Excel 或 WPS 打开原表,另存为「Excel 工作簿(.xlsx)」后重新发送。"))
    inflated = sum(m.file_size for m in members)
    if inflated > MAX_INFLATED:
        raise Refusal(whole(f"工作簿解压后有 {size_text(inflated)},超过可读取的 {size_text(MAX_INFLATED)}"
                            "(一个单位的目录表通常不到 1 MB)。",
                            "确认选对了文件。多半是数据下方或右侧有大量带格式的空行、空列:选中它们整行(整列)删除,"
                            "删去不需要的图片和工作表,另存为后再导入;" + SPLIT_HINT))


def worksheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(title, part) of each worksheet, found as openpyxl finds them: a sheet may live under any name."""
    _check_part(archive, ARC_CONTENT_TYPES)
    # openpyxl passes an ElementTree element here itself; types-openpyxl asks for its own narrower protocol.
    package = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))  # type: ignore[arg-type]
    workbook = _find_workbook_part(package).PartName[1:]
    _check_part(archive, workbook)
    _check_part(archive, get_rels_path(workbook))
    parser = WorkbookParser(archive, workbook, keep_links=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of sheet entries it skips; so do we
        parser.parse()
        sheets = list(parser.find_sheets())
    names = set(archive.namelist())
    return [(sheet.name, rel.target) for sheet, rel in sheets if rel.target in names and "chartsheet" not in rel.Type]


def check_parts(archive: zipfile.ZipFile, worksheets: set[str]) -> None:
    """Refuse parts other than the worksheets (streamed) that together are larger than any catalog needs."""
    others = [m for m in archive.infolist() if m.filename not in worksheets]
    total = sum(m.file_size for m in others)
    if total > MAX_PARTS:
        biggest = max(others, key=lambda m: m.file_size)
        raise Refusal(whole(f"工作簿中工作表以外的部件(样式、文字表、图片等)解压后共有 {size_text(total)},"
                            f"超过可读取的 {size_text(MAX_PARTS)};其中最大的是 {biggest.filename}({size_text(biggest.file_size)})。",
                            _PARTS_HINT))


def _check_part(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse one of the parts read to find the worksheets, before it is read."""
    try:
        size = archive.getinfo(name).file_size
    except KeyError:
        return  # a missing part: openpyxl's attempt to read it reports the file as broken
    if size > MAX_PARTS:
        raise Refusal(whole(f"工作簿中的部件 {name} 解压后有 {size_text(size)},超过可读取的 {size_text(MAX_PARTS)}。",
                            _PARTS_HINT))


_PARTS_HINT = ("用 Excel 或 WPS 打开,删去图片和多余的格式(选中数据以外的区域「清除 → 全部清除」),"
               "另存为「Excel 工作簿(.xlsx)」后再导入;" + SPLIT_HINT)


def size_text(count: int) -> str:
    """A byte count as a clerk reads it."""
    if count < MIB:
        return f"{count / 1024:,.1f} KB"
    return f"{count / MIB:,.1f} MB" if count < 1024 * MIB else f"{count / 1024 / MIB:,.1f} GB"

