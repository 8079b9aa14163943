"""Excel import benchmark: `make bench-xlsx`. Figures go into docs/performance.md by hand.

Builds the layout a city onboards from: the national template's sheet with one row per info item and
the resource's own cells merged down over its item rows (2,000 resources x 10 items, 20,000 rows), in
a copy of the demo repository; then times, each in a fresh process with its peak resident memory:
  - the peer: openpyxl reading every cell of the same workbook in read-only mode (what any import pays);
  - `catalog import-xlsx` into the copy: read, group, parse, write 2,000 files and validate them with
    the whole catalog;
  - the same import again (every entry unchanged);
  - that import without writing the annotated copy (the notes make the command write one by default).

    python bench/xlsx_import.py [--resources 2000] [--items 10] [--out bench/out/xlsx]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
HEADER = ["序号", "信息资源名称", "信息资源代码", "信息资源分类", "信息资源提供方", "信息资源摘要", "信息资源格式", "共享类型",
          "共享条件", "共享方式", "开放属性", "更新周期", "发布日期", "数据更新日期", "是否涉密",
          "信息项名称", "数据类型", "数据长度"]
ITEMS = [("案件编号", "C", 30), ("受理日期", "D", None), ("办理单位", "字符型", 100), ("案件类别", "字符型", 20),
         ("涉案金额", "N", 16), ("办结日期", "日期型", None), ("办理结果", "varchar", 200), ("承办人员编号", "C", 20),
         ("所在乡镇(街道)", "字符型", 60), ("备注", "备注型", None)]


def build_workbook(path: Path, resources: int, items: int) -> None:
    """Written with XlsxWriter: openpyxl checks each new merge against all earlier ones and takes an hour here."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("资源目录")
    sheet.merge_range(0, 0, 0, len(HEADER) - 1, "常德市公安局政务信息资源目录")
    sheet.write_row(1, 0, HEADER)
    own_columns = len(HEADER) - 3
    for n in range(resources):
        own = [n + 1, f"治安业务办理信息第{n + 1}类", f"430700-006-Y11-{n + 100:04d}", "业务/公安司法", "常德市公安局",
               f"公安机关办理第{n + 1}类治安业务的登记信息,来源于警务综合平台,用于执法监督和统计分析。", "数据库(Oracle)",
               "有条件共享", "仅向承担执法监督职责的单位提供,按案件编号逐条查询。", "共享平台/接口", "否", "每日",
               "2024/3/5", "2025年1月9日", "否"]
        first = 2 + n * items
        for k in range(items):
            sheet.write_row(first + k, own_columns, ITEMS[k % len(ITEMS)])
        for column, value in enumerate(own):
            sheet.merge_range(first, column, first + items - 1, column, value)
    book.close()


_IMPORT_ONLY = """
import datetime, sys
from pathlib import Path
from generator.intake.excel import import_xlsx
result = import_xlsx(Path(sys.argv[2]), Path(sys.argv[1]), "gaj", today=datetime.date(2026, 12, 1))
print(len(result.written), len(result.unchanged))
"""

_PEER = """
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
print(sum(1 for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for _ in row))
"""


def measure(command: list[str]) -> dict:
    """Wall time and the peak resident memory of a command run in its own process."""
    runner = ("import resource, subprocess, sys, time, json\n"
              "start = time.perf_counter()\n"
              "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
              "took = time.perf_counter() - start\n"
              "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
              "print(json.dumps({'seconds': round(took, 2), 'peak_mb': round(peak / 1024), 'exit': code}))\n")
    output = subprocess.run([sys.executable, "-c", runner, *command], capture_output=True, text=True, check=True)
    return json.loads(output.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=2000)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "xlsx")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    repo = args.out / "repo"
    for name in ("registry", "catalog", "nonshared", "requests", "feedback"):
        shutil.copytree(ROOT / name, repo / name)
    workbook = args.out / "gaj.xlsx"
    start = time.perf_counter()
    build_workbook(workbook, args.resources, args.items)
    print(f"workbook: {args.resources} resources x {args.items} items, {workbook.stat().st_size / 1e6:.1f} MB, "
          f"built in {time.perf_counter() - start:.0f} s", flush=True)
    catalog = [str(BIN / "catalog"), "import-xlsx", str(workbook), "--unit", "gaj", "--root", str(repo),
               "--today", "2026-12-01"]
    machine = f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}"
    figures = {"machine": machine,
               "peer (openpyxl read-only, every cell)": measure([sys.executable, "-c", _PEER, str(workbook)]),
               "catalog import-xlsx (new)": measure(catalog),
               "catalog import-xlsx (again, unchanged)": measure(catalog),
               "import only, without the annotated copy (unchanged)":
                   measure([sys.executable, "-c", _IMPORT_ONLY, str(workbook), str(repo)])}
    written = sum(1 for _ in (repo / "catalog" / "gaj").glob("430700-006-Y11-*.yaml"))
    figures["entry files of the unit after import"] = written
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
