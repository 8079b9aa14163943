"""Hostile workbooks are refused (or clipped) before they are read, naming the cause, quickly and in bounded memory.

Red-team finding: a 6 KB workbook with one merge over A3:XFD1048576, a million-row workbook and a
zip bomb (1.5 MB inflating to 1.6 GB) exhausted memory, and the message then said 「文件不是 .xlsx 格式」.
The three are built here, small on disk, and imported by the CLI in a child process whose address
space is capped (a regression fails fast instead of taking the machine) and whose peak memory is
measured. Every other cap has its own workbook and its exact problem, located at sheet and row.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import resource
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from casetools import make_repo

from generator.intake.excel import ImportResult, import_xlsx, report_lines, sheet_problem, sheets
from generator.intake.excel.limits import MAX_CELLS, MAX_MERGES, MAX_ROWS, size_text

ROOT = Path(__file__).parent.parent
SHEET = "xl/worksheets/sheet1.xml"
HEADER = ["信息资源名称", "信息资源摘要"]
ROW = ["城乡最低生活保障对象信息", "全市低保对象的认定和保障信息。"]
ADDRESS_SPACE = 1536 * 1024 * 1024  # the child's cap; the old reading took several GB on each hostile workbook
PEAK_MB, SECONDS = 300, 10  # measured: about 40 MB and half a second for each

# --- building workbooks -------------------------------------------------------------------


def parts(*rows: list) -> dict[str, bytes]:
    """The parts of a workbook openpyxl writes: one sheet 资源目录 holding these rows."""
    book = openpyxl.Workbook()
    book.active.title = "资源目录"
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_sheet(target: Path, rows=(HEADER, ROW), body=b"", after=b"", dimension=None, **extra) -> Path:
    """The workbook with `body` (bytes, or chunks streamed) appended to its sheet's rows and `after` to
    its sheetData; `extra` parts added (name -> bytes)."""
    found = parts(*rows)
    head, tail = found.pop(SHEET).split(b"</sheetData>")
    if dimension:
        head = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="%s"/>' % dimension.encode(), head)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(SHEET, "w", force_zip64=True) as member:
            for chunk in (head, *([body] if isinstance(body, bytes) else body), b"</sheetData>", after, tail):
                member.write(chunk)
        for name, data in {**found, **extra}.items():
            archive.writestr(name, data)
    return target


def merge_bomb(tmp: Path) -> Path:
    """6 KB: one merge over A3:XFD1048576, and a <dimension> that claims the same."""
    return with_sheet(tmp / "合并.xlsx", after=b'<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>',
                      dimension="A1:XFD1048576")


def million_rows(tmp: Path) -> Path:
    """A million numbered rows of one value each: 5 MB on disk, 41 MB inflated (under the size cap)."""
    rows = (b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(start, start + 10_000))
            for start in range(3, 1_000_003, 10_000))
    return with_sheet(tmp / "百万行.xlsx", body=rows)


def zip_bomb(tmp: Path) -> Path:
    """1.7 MB on disk, 1.6 GB inflated: one cell's inline text of 1.6 billion letters, deflated once and the
    compressed block repeated (a full flush resets deflate's state, so each copy inflates alike)."""
    found = parts(HEADER, ROW)
    head, tail = found.pop(SHEET).split(b"</sheetData>")
    head += b'<row r="3"><c r="A3" t="inlineStr"><is><t>'
    tail = b"</t></is></c></row></sheetData>" + tail
    chunk, copies = b"a" * 1024 * 1024, 1600
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(chunk, crc)
    body = _flushed(head) + _flushed(chunk) * copies + _deflated(tail)
    members = {name: (_deflated(data), zlib.crc32(data), len(data)) for name, data in found.items()}
    members[SHEET] = (body, zlib.crc32(tail, crc), len(head) + len(chunk) * copies + len(tail))
    return _write_zip(tmp / "压缩.xlsx", members)


def _flushed(data: bytes) -> bytes:
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return squeezer.compress(data) + squeezer.flush(zlib.Z_FULL_FLUSH)


def _deflated(data: bytes) -> bytes:
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return squeezer.compress(data) + squeezer.flush()


def _write_zip(target: Path, members: dict[str, tuple[bytes, int, int]]) -> Path:
    """A zip written by hand from raw deflate streams (zipfile cannot take one already compressed)."""
    out, directory = bytearray(), bytearray()
    for name, (body, crc, size) in members.items():
        raw = name.encode()
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(body), size,
                                 len(raw), 0, 0, 0, 0, 0, len(out)) + raw
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(body), size, len(raw), 0)
        out += raw + body
    count = len(members)
    out += directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), len(out), 0)
    target.write_bytes(bytes(out))
    return target


# --- the three red-team workbooks, through the CLI ---------------------------------------


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: int


def _cap_address_space():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_import(root: Path, workbook: Path, tmp: Path) -> Run:
    """`catalog import-xlsx` in a child process: its exit code, output, wall time and peak resident memory."""
    out, err = tmp / "stdout.txt", tmp / "stderr.txt"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "generator", "import-xlsx", str(workbook), "--unit", "mzj",
                                  "--root", str(root)], stdout=stdout, stderr=stderr, cwd=ROOT,
                                 preexec_fn=_cap_address_space)
        status, usage = _wait(child, started + 120)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return Run(child.returncode, out.read_text("utf-8"), err.read_text("utf-8"), seconds, usage.ru_maxrss // 1024)


def _wait(child: subprocess.Popen, deadline: float):
    """wait4 rather than wait: it gives this one child's resource usage (ru_maxrss in KiB on Linux)."""
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            return status, usage
        if time.perf_counter() > deadline:
            child.kill()
            child.wait()
            pytest.fail("the import still ran after two minutes")
        time.sleep(0.02)


def _bomb_line(workbook: Path) -> str:
    """The bomb's line, its sizes read from the file: another zlib build may deflate to a few bytes more or less."""
    with zipfile.ZipFile(workbook) as archive:
        packed, size = archive.getinfo(SHEET).compress_size, archive.getinfo(SHEET).file_size
    assert size > 1.5 * 1024 ** 3 and packed < 1.8 * 1024 * 1024  # 1.6 GB from under 1.8 MB
    return (f"工作簿:无法读取工作簿:工作簿中的部件 xl/worksheets/sheet1.xml 压缩后只有 {size_text(packed)},解压后却有 1.6 GB"
            f"({size // packed:,} 倍),是专门构造的「压缩炸弹」,没有读取。 提示:不要再打开或转发这个文件;"
            "请发来的人用 Excel 或 WPS 打开原表,另存为「Excel 工作簿(.xlsx)」后重新发送。")


RED_TEAM = {
    "merge-over-the-whole-sheet": (merge_bomb, lambda _: (
        "工作表「资源目录」第 3 行「A」列:合并区域 A3:XFD1048576 一直合并到第 1,048,576 行,远超出表中的数据(表中的数据只到第 2 行);"
        "只按有数据的部分读取。 提示:取消这处合并,只合并确实需要合并的几格,另存为后再导入。")),
    "a-million-rows": (million_rows, lambda _: (
        "工作表「资源目录」第 30001 行:这一行还有内容,超过可读取的 30,000 行,整个工作簿没有导入。 提示:一个单位的目录通常只有几百行。"
        "如果这些行是多余的(空行、格式、草稿),选中它们整行删除(不是只清除内容),另存为后再导入;"
        "内容确实很多的,按处室或资源类别拆分成几个工作簿,分别导入。")),
    "zip-bomb": (zip_bomb, _bomb_line),
}


@pytest.mark.parametrize("name", list(RED_TEAM))
def test_a_red_team_workbook_is_named_by_its_cause_quickly_in_bounded_memory(name, tmp_path):
    make, first_line = RED_TEAM[name]
    root, workbook = make_repo(tmp_path), make(tmp_path)
    assert workbook.stat().st_size < 6 * 1024 * 1024  # small on disk, as the red team sent them
    run = run_import(root, workbook, tmp_path)
    assert (run.code, run.stderr) == (1, "")  # no traceback, no internal error (70)
    assert run.stdout.splitlines()[0] == first_line(workbook)
    assert "不是 .xlsx" not in run.stdout
    assert run.peak_mb < PEAK_MB and run.seconds < SECONDS, (run.peak_mb, run.seconds)


# --- every cap, its workbook and its exact problem ------------------------------------------


def _rows(count: int, start: int = 2, cells: bytes = b'<c r="A%d"><v>1</v></c>') -> bytes:
    """Rows numbered from `start`, each holding `cells` with %d standing for the row number."""
    return b"".join(b'<row r="%d">%s</row>' % (n, cells.replace(b"%d", b"%d" % n)) for n in range(start, start + count))


def _hint(*parts: str) -> str:
    return "".join(parts) + "内容确实很多的,按处室或资源类别拆分成几个工作簿,分别导入。"


_ROWS_HINT = _hint("一个单位的目录通常只有几百行。如果这些行是多余的(空行、格式、草稿),选中它们整行删除(不是只清除内容),另存为后再导入;")
_UNMERGE = "选中整张表,取消单元格合并,只合并表头或确实需要合并的几格,另存为后再导入。"
_PARTS_HINT = _hint("用 Excel 或 WPS 打开,删去图片和多余的格式(选中数据以外的区域「清除 → 全部清除」),另存为「Excel 工作簿(.xlsx)」后再导入;")


def too_many_members(tmp: Path) -> Path:
    return with_sheet(tmp / "x.xlsx", **{f"xl/media/{n}.txt": b"" for n in range(1000)})


def too_large_inflated(tmp: Path) -> Path:
    """65 MiB in a part compressing about 100-fold: large, not a bomb (written like `zip_bomb`, 0.7 MB)."""
    found = parts(HEADER)
    chunk, copies = os.urandom(8 * 1024).hex().encode() + b" " * (1024 * 1024 - 16 * 1024), 65
    crc = 0
    for _ in range(copies):
        crc = zlib.crc32(chunk, crc)
    members = {name: (_deflated(data), zlib.crc32(data), len(data)) for name, data in found.items()}
    members["xl/media/notes.txt"] = (_flushed(chunk) * copies + _deflated(b""), crc, len(chunk) * copies)
    return _write_zip(tmp / "x.xlsx", members)


def large_other_parts(tmp: Path) -> Path:
    return with_sheet(tmp / "x.xlsx", **{"xl/media/image1.png": os.urandom(9 * 1024 * 1024)})


def rows_past_the_cap(tmp: Path) -> Path:
    return with_sheet(tmp / "x.xlsx", rows=[HEADER], body=_rows(1, start=MAX_ROWS + 1))


def formatted_empty_rows(tmp: Path) -> Path:
    empty = b"".join(b'<row r="%d" s="1" customFormat="1"/>' % n for n in range(2, MAX_ROWS + 3))
    return with_sheet(tmp / "x.xlsx", rows=[HEADER], body=empty)


def value_in_cell_xfd1048576(tmp: Path) -> Path:
    return with_sheet(tmp / "x.xlsx", rows=[HEADER], body=b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def value_past_column_cv(tmp: Path) -> Path:
    return with_sheet(tmp / "x.xlsx", rows=[HEADER], body=b'<row r="2"><c r="CW2"><v>1</v></c></row>')


def too_many_cells(tmp: Path) -> Path:
    cells = b"".join(b'<c r="%s%%d" s="1"/>' % column.encode() for column in "ABCDEFGHIJKLMNOPQRST")
    return with_sheet(tmp / "x.xlsx", rows=[HEADER], body=_rows(MAX_CELLS // 20, cells=cells))


def too_many_cells_in_two_sheets(tmp: Path) -> Path:
    """The cap is the workbook's: 300,020 cells in 资源目录 and as many in 信息项 pass it in 信息项's row 15,000."""
    book = openpyxl.Workbook(write_only=True)
    for title in ("资源目录", "信息项"):
        sheet = book.create_sheet(title)
        for _ in range(MAX_CELLS // 2 // 20 + 1):
            sheet.append([1] * 20)
    book.save(tmp / "x.xlsx")
    return tmp / "x.xlsx"


def too_many_merges(tmp: Path) -> Path:
    merges = b"".join(b'<mergeCell ref="A%d:B%d"/>' % (n, n) for n in range(1, MAX_MERGES + 2))
    return with_sheet(tmp / "x.xlsx", rows=[HEADER], after=b"<mergeCells>%s</mergeCells>" % merges)


def overlapping_merges(tmp: Path) -> Path:
    """Values span A1:CV1001 (100,100 cells); five merges over it cover 498,000."""
    refs = (b"A2:CV1001", b"A2:CV1001", b"A2:CV1001", b"B2:CV1001", b"B2:CV1001")
    merges = b"".join(b'<mergeCell ref="%s"/>' % ref for ref in refs)
    return with_sheet(tmp / "x.xlsx", rows=[HEADER], body=b'<row r="1001"><c r="CV1001"><v>1</v></c></row>',
                      after=b"<mergeCells>%s</mergeCells>" % merges)


def broken_deflate(tmp: Path) -> Path:
    target = with_sheet(tmp / "x.xlsx", rows=[HEADER])
    data = bytearray(target.read_bytes())
    with zipfile.ZipFile(target) as archive:
        offset = archive.getinfo(SHEET).header_offset
    name_length, extra_length = struct.unpack("<HH", data[offset + 26:offset + 30])  # the local header's own
    start = offset + 30 + name_length + extra_length + 5
    data[start:start + 20] = bytes(b ^ 0x55 for b in data[start:start + 20])
    target.write_bytes(bytes(data))
    return target


CAPS = {
    too_many_members: sheet_problem("xlsx-too-big", "", 0, "", "无法读取工作簿:工作簿里有 1,009 个部件,超过可读取的 1,000 个,不像一份目录表。",
                                 _hint("确认选对了文件。")),
    too_large_inflated: sheet_problem("xlsx-too-big",
        "", 0, "", "无法读取工作簿:工作簿解压后有 65.0 MB,超过可读取的 64.0 MB(一个单位的目录表通常不到 1 MB)。",
        _hint("确认选对了文件。多半是数据下方或右侧有大量带格式的空行、空列:选中它们整行(整列)删除,删去不需要的图片和工作表,另存为后再导入;")),
    large_other_parts: sheet_problem("xlsx-too-big",
        "", 0, "", "无法读取工作簿:工作簿中工作表以外的部件(样式、文字表、图片等)解压后共有 9.0 MB,超过可读取的 8.0 MB;"
        "其中最大的是 xl/media/image1.png(9.0 MB)。", _PARTS_HINT),
    rows_past_the_cap: sheet_problem("xlsx-too-big", "资源目录", 30001, "",
                                     "这一行还有内容,超过可读取的 30,000 行,整个工作簿没有导入。", _ROWS_HINT),
    formatted_empty_rows: sheet_problem("xlsx-too-big", "资源目录", 30002, "", "到这一行,工作表已有 30,000 多行(包括只带格式的空行),整个工作簿没有导入。",
                                     _ROWS_HINT),
    value_in_cell_xfd1048576: sheet_problem("xlsx-too-big", "资源目录", 1048576, "", "这一行还有内容,超过可读取的 30,000 行,整个工作簿没有导入。",
                                         _ROWS_HINT),
    value_past_column_cv: sheet_problem("xlsx-too-big", "资源目录", 2, "CW", "这一格还有内容,超过可读取的 100 列(到 CV 列),整个工作簿没有导入。",
                                     "目录表只有二三十列:选中右侧多余的列整列删除,另存为后再导入。"),
    too_many_cells: sheet_problem("xlsx-too-big", "资源目录", 30001, "", "到这一行,工作簿已有 600,000 多个单元格(包括只带格式的空白格),"
                               "超过可读取的数量,整个工作簿没有导入。",
                               _hint("删去多余的行和列,或选中数据以外的区域「清除 → 全部清除」,另存为后再导入;")),
    too_many_cells_in_two_sheets: sheet_problem("xlsx-too-big", "信息项", 15000, "",
                                             "到这一行,工作簿已有 600,000 多个单元格(包括只带格式的空白格),"
                                             "超过可读取的数量,整个工作簿没有导入。",
                                             _hint("删去多余的行和列,或选中数据以外的区域「清除 → 全部清除」,另存为后再导入;")),
    too_many_merges: sheet_problem("xlsx-too-big", "资源目录", 0, "", "合并区域超过 40,000 处,整个工作簿没有导入。", _UNMERGE),
    overlapping_merges: sheet_problem("xlsx-too-big", "资源目录", 0, "",
                                      "合并区域合计覆盖 498,000 个单元格,超过可读取的 400,000 个(多半是合并区域互相重叠),"
                                      "整个工作簿没有导入。", _UNMERGE),
    broken_deflate: sheet_problem("xlsx-unreadable", "", 0, "", "无法读取工作簿:文件不是 .xlsx 格式,或者已经损坏。",
                               "用 Excel 或 WPS 打开它,另存为「Excel 工作簿(.xlsx)」后再导入。"),
}


@pytest.mark.parametrize("make", list(CAPS), ids=lambda make: make.__name__)
def test_each_cap_refuses_the_workbook_with_its_located_problem(make, tmp_path):
    result = import_xlsx(make_repo(tmp_path), make(tmp_path), "mzj")
    assert (result.problems, result.written, result.rows) == ([CAPS[make]], [], 0)


def test_a_merge_far_past_the_data_is_clipped_with_a_note(tmp_path):
    """The sheet is read up to its values: its one row is imported as if the merge stopped there."""
    result = import_xlsx(make_repo(tmp_path), merge_bomb(tmp_path), "mzj")
    assert result.problems[0] == sheet_problem("xlsx-merge-clipped",
        "资源目录", 3, "A", "合并区域 A3:XFD1048576 一直合并到第 1,048,576 行,远超出表中的数据(表中的数据只到第 2 行);只按有数据的部分读取。",
        "取消这处合并,只合并确实需要合并的几格,另存为后再导入。")
    assert result.rows == 1 and {p.line for p in result.problems[1:]} == {2}  # no phantom rows below the data


def test_a_sheet_stored_under_another_name_is_still_bounded(tmp_path):
    """openpyxl finds sheets through the workbook's relationships, not by name; so does the scan."""
    target = merge_bomb(tmp_path)
    with zipfile.ZipFile(target) as source:
        found = {name: source.read(name) for name in source.namelist()}
    found["xl/data.bin"] = found.pop(SHEET)
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        found[name] = found[name].replace(b"worksheets/sheet1.xml", b"data.bin")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in found.items():
            archive.writestr(name, data)
    result = import_xlsx(make_repo(tmp_path), target, "mzj")
    assert result.problems[0].message.startswith("合并区域 A3:XFD1048576 一直合并到第 1,048,576 行")


def test_a_dimension_claiming_the_whole_sheet_is_not_expanded(tmp_path):
    plain = import_xlsx(make_repo(tmp_path / "a"), with_sheet(tmp_path / "a.xlsx"), "mzj")
    claimed = import_xlsx(make_repo(tmp_path / "b"), with_sheet(tmp_path / "b.xlsx", dimension="A1:XFD1048576"), "mzj")
    assert (claimed.problems, claimed.rows) == (plain.problems, plain.rows) and plain.rows == 1


def test_a_merge_within_the_caps_below_the_data_adds_no_rows_and_no_note(tmp_path):
    target = with_sheet(tmp_path / "x.xlsx", after=b'<mergeCells><mergeCell ref="A2:A5000"/></mergeCells>')
    plain = import_xlsx(make_repo(tmp_path / "a"), with_sheet(tmp_path / "y.xlsx"), "mzj")
    assert import_xlsx(make_repo(tmp_path / "b"), target, "mzj").problems == plain.problems


def test_the_caps_leave_a_large_real_workbook_alone(tmp_path):
    """An info-item sheet of a large unit: 15,000 rows of six columns is read whole."""
    book = openpyxl.Workbook(write_only=True)
    items = book.create_sheet("信息项")
    items.append(["资源代码", "信息项名称", "数据类型", "长度", "小数位数", "说明"])
    for n in range(15_000):
        items.append([f"430700-007-Y11-{n % 500:04d}", f"字段{n}", "字符型", 20, 0, "说明文字"])
    book.save(tmp_path / "x.xlsx")
    book, problem = sheets.open_workbook(tmp_path / "x.xlsx")
    assert problem is None and len(book.items.grid) == 15_001 and len(book.items.grid[0]) == 6


def test_running_out_of_memory_is_named_as_such(tmp_path, monkeypatch):
    def exhausted(*_):
        raise MemoryError
    monkeypatch.setattr(sheets, "_read", exhausted)
    book, problem = sheets.open_workbook(with_sheet(tmp_path / "x.xlsx"))
    assert (book, problem.message) == (None, "无法读取工作簿:读取时内存不足,工作簿太大。")


def test_one_kind_of_problem_is_one_line_listing_its_rows():
    """Observed: a national-template workbook gave about 300 lines, every problem repeated on every row."""
    problem = sheet_problem("xlsx-column-unknown", "资源目录", 2, "C 列", "这一格有内容,但所在的列无法导入,本行没有导入。")
    rows = [*range(4, 10), 12, 14, 15]
    lines = report_lines(ImportResult(problems=[dataclasses.replace(problem, line=n) for n in rows * 2]))
    assert lines == ["工作表「资源目录」第 4–9、12、14–15 行「C 列」列:这一格有内容,但所在的列无法导入,本行没有导入。"]


def test_the_report_lists_the_first_thousand_kinds_of_problem_and_counts_the_rest():
    problems = [sheet_problem("xlsx-option", "资源目录", n + 2, "共享类型", f"「共享类型」的值「{n}」不在可选范围内。")
                for n in range(1234)]
    lines = report_lines(ImportResult(problems=problems))
    assert len(lines) == 1001 and lines[0] == "工作表「资源目录」第 2 行「共享类型」列:「共享类型」的值「0」不在可选范围内。"
    assert lines[-1] == ("工作簿:另有 234 类问题没有逐一列出。 提示:上面的问题多半出自同一原因(例如表头写错、多出一列),改正后再导入一次。")
