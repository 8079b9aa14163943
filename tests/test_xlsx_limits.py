"""Hostile workbooks are refused before they are read, naming the cause, quickly and in bounded memory.

Red-team finding: a 6 KB workbook with one merge over A3:XFD1048576, a million-row workbook and a
zip bomb (1.5 MB inflating to 1.6 GB) exhausted memory, and the message then said 「文件不是 .xlsx 格式」.
Each import runs in a child process whose address space is capped, as a CI machine would be.
"""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from casetools import make_repo

from generator.excel.limits import MAX_ROWS

MEMORY_CAP = 1536 * 1024 * 1024  # bytes of address space for the child: far below what the old reading took


def _base_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "资源目录"
    sheet.append(["信息资源名称", "信息资源摘要"])
    sheet.append(["城乡最低生活保障对象信息", "全市低保对象的认定和保障信息。"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite(workbook: bytes, target: Path, sheet_xml) -> Path:
    """The workbook with its first sheet's XML replaced by what `sheet_xml(old)` writes (chunks of bytes)."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                with out.open(info.filename, "w", force_zip64=True) as member:
                    for chunk in sheet_xml(data):
                        member.write(chunk)
            else:
                out.writestr(info, data)
    return target


def merge_bomb(tmp: Path) -> Path:
    def sheet(old: bytes):
        yield old.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>')
    return _rewrite(_base_workbook(), tmp / "合并.xlsx", sheet)


def million_rows(tmp: Path) -> Path:
    def sheet(old: bytes):
        head, tail = old.split(b"</sheetData>")
        yield head
        for start in range(3, 1_000_003, 10_000):
            yield b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n)  # 40 MB inflated
                           for n in range(start, start + 10_000))
        yield b"</sheetData>" + tail
    return _rewrite(_base_workbook(), tmp / "百万行.xlsx", sheet)


def zip_bomb(tmp: Path) -> Path:
    target = tmp / "压缩.xlsx"
    with zipfile.ZipFile(io.BytesIO(_base_workbook())) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        with out.open("xl/media/image1.png", "w", force_zip64=True) as member:
            chunk = bytes(16 * 1024 * 1024)
            for _ in range(16):  # 256 MB of zeros: about 250 KB on disk
                member.write(chunk)
    return target


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _import(root: Path, workbook: Path) -> tuple[subprocess.CompletedProcess, float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "import-xlsx", str(workbook), "--unit", "mzj",
                           "--root", str(root)], capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory)
    return done, time.perf_counter() - started


@pytest.mark.parametrize("make, cause", [
    (merge_bomb, "合并单元格覆盖了"), (million_rows, f"超过 {MAX_ROWS:,} 行"), (zip_bomb, "解压后有 256.0 MB")],
    ids=["merge-over-the-whole-sheet", "a-million-rows", "zip-bomb"])
def test_a_hostile_workbook_is_refused_by_its_cause(make, cause, tmp_path):
    root = make_repo(tmp_path)
    workbook = make(tmp_path)
    assert workbook.stat().st_size < 8 * 1024 * 1024  # small on disk, as the red team sent them
    done, seconds = _import(root, workbook)
    assert (done.returncode, done.stderr) == (1, "")
    assert cause in done.stdout and "不是 .xlsx 格式" not in done.stdout
    assert seconds < 30


def test_the_caps_leave_a_real_catalog_workbook_alone(tmp_path):
    root = make_repo(tmp_path)
    workbook = tmp_path / "目录.xlsx"
    workbook.write_bytes(_base_workbook())
    done, _ = _import(root, workbook)
    assert "无法读取工作簿" not in done.stdout
