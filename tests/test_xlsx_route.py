"""The Excel route: a unit's entries exported to a workbook and imported back, hand-made workbooks
with the usual header variants, and the exact Chinese problems of a workbook that cannot all be mapped."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import openpyxl
import pytest

from generator.check.validate import validate
from generator.downloads.workbook import unit_xlsx_bytes
from generator.intake.excel import (
    EXPORT_HEADER,
    ITEM_HEADER,
    Supplied,
    entry_text,
    export_xlsx,
    import_xlsx,
    report_lines,
    sheet_problem,
)
from generator.model.catalog import load_catalog
from generator.read.load import load_bytes
from generator.read.schema import Schema

ROOT = Path(__file__).parent.parent
TODAY = datetime.date(2026, 11, 24)
SCHEMA = Schema.named("resource")
GAJ = "常德市公安局"
DECLARED = Supplied({"classified": False})  # --declare-unclassified: these hand-made sheets have no 是否涉密 column


def demo_units() -> list[str]:
    return sorted({p.name for top in ("catalog", "nonshared") for p in (ROOT / top).iterdir() if p.is_dir()})


def entries(root: Path, unit: str) -> dict[str, tuple[str, dict]]:
    """The unit's entries by code: the folder each is in, and its data as the strict loader reads it."""
    found = {}
    for top in ("catalog", "nonshared"):
        for path in sorted((root / top / unit).glob("*.yaml")):
            doc, problems = load_bytes(path.read_bytes(), str(path), SCHEMA.typed_keys)
            assert problems == []
            data = SCHEMA.coerce(doc)
            found[data["code"]] = (top, data)
    return found


@pytest.fixture
def repo(tmp_path) -> Path:
    """A copy of the demo repository's registry and entries."""
    for name in ("registry", "catalog", "nonshared"):
        shutil.copytree(ROOT / name, tmp_path / "repo" / name)
    return tmp_path / "repo"


def sheet_book(path: Path, header: list, rows: list[list], title: str = "资源目录", items=None) -> Path:
    """A workbook as a clerk makes one: a title line above the header, then one row per resource."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append([f"{GAJ}政务信息资源目录"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    for row in [header, *rows]:
        sheet.append(row)
    if items:
        item_sheet = book.create_sheet("信息项")
        for row in items:
            item_sheet.append(row)
    book.save(path)
    return path


# --- round trip ---------------------------------------------------------------------------


def test_every_demo_unit_round_trips_through_its_workbook(repo, tmp_path):
    """Export, remove the unit's files, import: the same entries, field by field, in the same folders."""
    written = []
    for unit in demo_units():
        original = entries(ROOT, unit)
        export = export_xlsx(ROOT, unit, tmp_path / f"{unit}.xlsx")
        assert (export.problems, export.resources) == ([], len(original))
        for top in ("catalog", "nonshared"):
            shutil.rmtree(repo / top / unit, ignore_errors=True)
        result = import_xlsx(repo, tmp_path / f"{unit}.xlsx", unit)
        assert result.problems == [], unit
        assert result.rows == len(original) == len(result.written)
        imported = entries(repo, unit)
        for code, (top, data) in original.items():
            assert imported[code] == (top, data), code
        written += result.written
    assert validate(repo, written, TODAY).errors == 0
    demo = [data for unit in ("gaj", "tjj", "gjj") for _, data in entries(ROOT, unit).values()]
    assert any(b.get("excerpt") for d in demo for b in d["sharing"].get("legal_basis", ()))  # what was compared
    assert any("precision" in i and "description" in i for d in demo for i in d["items"])
    assert any(d.get("related") for d in demo) and any(d.get("keywords") for d in demo)


def test_importing_a_units_own_export_over_its_files_changes_nothing(repo, tmp_path):
    before = {p: p.read_bytes() for p in repo.rglob("*.yaml")}
    export_xlsx(repo, "gaj", tmp_path / "gaj.xlsx")
    result = import_xlsx(repo, tmp_path / "gaj.xlsx", "gaj")
    assert (result.problems, result.written, result.removed) == ([], [], [])
    assert len(result.unchanged) == 14 and "catalog/gaj/baoan-fuwu-xuke-xinxi.yaml" in result.unchanged
    assert {p: p.read_bytes() for p in repo.rglob("*.yaml")} == before


def test_the_sites_unit_download_imports_over_the_units_files_without_changing_them(repo, tmp_path):
    """The per-unit workbook of the site's downloads has other headers, a 信息项 column beside the sheet, and
    no excerpts or links: those columns are recognised, and what it leaves out is kept from the files."""
    catalog = load_catalog(ROOT, today=TODAY)
    before = {p: p.read_bytes() for p in repo.rglob("*.yaml")}
    for unit in catalog.units:
        if catalog.by_unit.get(unit.id):
            (tmp_path / f"{unit.id}.xlsx").write_bytes(unit_xlsx_bytes(unit, catalog.by_unit[unit.id]))
            result = import_xlsx(repo, tmp_path / f"{unit.id}.xlsx", unit.id)
            assert (result.problems, result.written) == ([], []), unit.id
    assert {p: p.read_bytes() for p in repo.rglob("*.yaml")} == before


ODD = {
    "summary": "办理时间: 工作日 #1 号窗口,「引号」'单引号' \"双引号\",反斜杠 \\ 和 100% 都原样保留。",
    "keywords": ["12315", "yes", "甲、乙", "-前导减号"],
    "links": [{"title": "国家标准全文公开系统", "url": "https://openstd.samr.gov.cn/#top"},
              {"title": "接口文档 (v2)", "url": "http://example.gov.cn/a(b)"}],
    "related": ["430700-006-J01-0001"],
    "national_class": {"class": "部门信息资源类", "item": "公安部", "subheading": "治安管理"},  # no 目: a level skipped
    "open_conditions": "=仅公开许可结论,不含保安员个人信息",
}


def odd_entry(repo: Path) -> Path:
    """A gaj entry with text that spreadsheets and YAML both treat specially."""
    path = repo / "catalog/gaj/baoan-fuwu-xuke-xinxi.yaml"
    data = entries(repo, "gaj")["430700-006-Y11-0010"][1] | ODD
    data["items"][0]["description"] = "=1+1 不是公式"
    data["items"][1]["description"] = "'@引用"
    data["format"]["detail"] = "Oracle(11g)"
    path.write_text(entry_text(data), encoding="utf-8")
    return path


def test_odd_text_survives_export_and_import(repo, tmp_path):
    path = odd_entry(repo)
    expected = entries(repo, "gaj")["430700-006-Y11-0010"]
    export_xlsx(repo, "gaj", tmp_path / "gaj.xlsx")
    path.unlink()
    result = import_xlsx(repo, tmp_path / "gaj.xlsx", "gaj")
    assert (result.problems, result.written) == ([], ["catalog/gaj/430700-006-Y11-0010.yaml"])
    assert entries(repo, "gaj")["430700-006-Y11-0010"] == expected


# --- export -------------------------------------------------------------------------------


def test_export_is_byte_identical_twice_and_formula_safe(repo, tmp_path):
    odd_entry(repo)
    first, second = export_xlsx(repo, "gaj", tmp_path / "a.xlsx"), export_xlsx(repo, "gaj", tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert (first.resources, first.items) == (second.resources, second.items) == (14, 156)
    book = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert book.sheetnames == ["资源目录", "信息项"]
    main, items = book["资源目录"], book["信息项"]
    assert [c.value for c in main[1]] == list(EXPORT_HEADER) and main.freeze_panes == "A2" and main["A1"].font.b
    assert [c.value for c in items[1]] == list(ITEM_HEADER) == ["资源代码", "信息项名称", "数据类型", "长度", "小数位数", "说明"]
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)
    descriptions = [row[5] for row in items.iter_rows(values_only=True) if row[0] == "430700-006-Y11-0010"]
    assert descriptions[:2] == ["'=1+1 不是公式", "''@引用"]
    row = next(r for r in main.iter_rows(values_only=True) if r[2] == "430700-006-Y11-0010")
    assert dict(zip(EXPORT_HEADER, row, strict=True)) | {"信息资源摘要": None} == {
        "信息资源分类": "业务/公安司法", "信息资源名称": "保安服务许可和备案信息", "信息资源代码": "430700-006-Y11-0010",
        "国家目录代码": None, "信息资源提供方": GAJ, "责任处室": "治安管理支队", "信息资源摘要": None,
        "关键词": "12315\nyes\n甲、乙\n-前导减号", "信息资源格式": "数据库(Oracle(11g))", "共享类型": "无条件共享",
        "共享条件": None, "共享方式": "接口服务、文件下载", "不予共享依据": None, "开放属性": "无条件开放",
        "更新周期": "每月", "发布日期": "2021-08-16", "数据更新日期": "2026-03-31", "关联资源": "430700-006-J01-0001",
        "相关链接": "国家标准全文公开系统 https://openstd.samr.gov.cn/#top\n接口文档 (v2) http://example.gov.cn/a(b)",
        "是否涉密": "否", "国家目录分类(类)": "部门信息资源类", "国家目录分类(项)": "公安部", "国家目录分类(目)": None,
        "国家目录分类(细目)": "治安管理", "开放条件": "'=仅公开许可结论,不含保安员个人信息"}


def test_export_of_an_unknown_unit_is_a_problem(tmp_path):
    result = export_xlsx(ROOT, "nosuch", tmp_path / "x.xlsx")
    assert [(p.rule, p.message) for p in result.problems] == [("xlsx-unit-unknown", "单位登记表中没有单位标识「nosuch」。")]
    assert not (tmp_path / "x.xlsx").exists()


# --- import of hand-made workbooks ----------------------------------------------------------

VARIANT_HEADER = ["序号", "*信息资源名称", "信息资源代码", "信息资源分类", "信息资源提供方", "内设机构", "信息资源摘要",
                  "关键词", "信息资源格式", "共享类型", "共享方式", "不予共享依据", "开放属性",
                  "更新周期（实时/每日/每月等）", "发布日期（YYYY-MM-DD）", "数据更新日期", "关联资源", "相关链接", "信息项"]
VARIANT_ROWS = [
    [1, "治安调解协议信息", "430700-006-Y11-0015", "业务库/公安司法", GAJ, "治安管理支队",
     "公安机关主持达成的治安调解协议,来源于警务综合平台,用于矛盾纠纷多元化解和信用核查。", "治安调解；协议",
     "数据库（MySQL）", "无条件共享", "接口服务,文件下载", None, "不予开放", "每日", datetime.datetime(2024, 3, 5),
     "2025/1/9", "430700-006-J01-0001", "公安部网站 https://www.mps.gov.cn/",
     "调解协议编号(字符型,30);调解日期(日期型);赔偿金额(货币型,,2);所在乡镇(街道)(字符型,60)"],
    [2, "居民身份证申领照片信息", "430700-006-J01-0016", "J01", "市公安局", "户政管理支队",
     "公民申领居民身份证时采集的照片,仅用于居民身份证制作和查验,不向其他单位提供。", "居民身份证、照片",
     "图形图像（JPEG）", "不予共享", None,
     ("《中华人民共和国居民身份证法》第六条：公安机关对因制作、发放、查验居民身份证而知悉的公民的个人信息,应当予以保密。\n"
      "中华人民共和国个人信息保护法第三十四条"), "不予开放", "每日", "2023年4月10日", datetime.date(2026, 1, 5), None, None,
     "受理编号(字符型,30);照片(二进制)"],
]
VARIANT_FILES = {
    "catalog/gaj/430700-006-Y11-0015.yaml": """\
# yaml-language-server: $schema=../../schemas/resource.schema.json
code: 430700-006-Y11-0015
name: 治安调解协议信息
provider: gaj
department: 治安管理支队
summary: 公安机关主持达成的治安调解协议,来源于警务综合平台,用于矛盾纠纷多元化解和信用核查。
keywords: [治安调解, 协议]
category:
  database: 业务
  subclass: 公安司法
format:
  type: 数据库
  detail: MySQL
sharing:
  type: 无条件共享
  method: [接口服务, 文件下载]
open: 不予开放
update_cycle: 每日
published: "2024-03-05"
updated: "2025-01-09"
items:
  - name: 调解协议编号
    type: 字符型
    length: 30
  - name: 调解日期
    type: 日期型
  - name: 赔偿金额
    type: 货币型
    precision: 2
  - name: 所在乡镇(街道)
    type: 字符型
    length: 60
related:
  - 430700-006-J01-0001
links:
  - title: 公安部网站
    url: https://www.mps.gov.cn/
classified: false
""",
    "nonshared/gaj/430700-006-J01-0016.yaml": """\
# yaml-language-server: $schema=../../schemas/resource.schema.json
code: 430700-006-J01-0016
name: 居民身份证申领照片信息
provider: gaj
department: 户政管理支队
summary: 公民申领居民身份证时采集的照片,仅用于居民身份证制作和查验,不向其他单位提供。
keywords: [居民身份证, 照片]
category:
  database: 基础
  subclass: 人口
format:
  type: 图形图像
  detail: JPEG
sharing:
  type: 不予共享
  legal_basis:
    - law: 中华人民共和国居民身份证法
      article: 第六条
      excerpt: 公安机关对因制作、发放、查验居民身份证而知悉的公民的个人信息,应当予以保密。
    - law: 中华人民共和国个人信息保护法
      article: 第三十四条
open: 不予开放
update_cycle: 每日
published: "2023-04-10"
updated: "2026-01-05"
items:
  - name: 受理编号
    type: 字符型
    length: 30
  - name: 照片
    type: 二进制
classified: false
""",
}


def test_hand_made_workbook_with_header_variants_imports_and_validates(repo, tmp_path):
    book = sheet_book(tmp_path / "gaj.xlsx", VARIANT_HEADER, VARIANT_ROWS, title="政务信息资源目录")
    result = import_xlsx(repo, book, "gaj", DECLARED)
    assert (result.problems, result.rows) == ([], 2)
    assert result.written == sorted(VARIANT_FILES)
    assert {path: (repo / path).read_text(encoding="utf-8") for path in result.written} == VARIANT_FILES
    assert [p for p in validate(repo, result.written, TODAY).problems if p.severity.value == "error"] == []


def test_items_sheet_with_its_own_header_variants(repo, tmp_path):
    header = ["资源代码", "数据名称", "提供单位", "资源库类别", "子类", "摘要", "编码格式", "共享类型", "共享条件",
              "共享方式", "开放属性", "更新周期", "发布日期", "数据更新日期"]
    row = ["430700-006-Y11-0015", "治安调解协议信息", GAJ, "业务", "公安司法", VARIANT_ROWS[0][6], "数据库", "有条件共享",
           "仅向承担矛盾纠纷化解职责的单位提供,按协议编号逐条查询。", "接口服务", "不予开放", "每月", "2024-03-05", "2025-01-09"]
    items = [["信息资源代码", "数据项名称", "字段类型", "长度", "精度", "备注"],
             ["430700-006-Y11-0015", "调解协议编号", "字符型", 30, None, "公安机关编号"],
             ["430700-006-Y11-0015", "赔偿金额", "货币型", "12", 2.0, None]]
    result = import_xlsx(repo, sheet_book(tmp_path / "gaj.xlsx", header, [row], items=items), "gaj", DECLARED)
    assert (result.problems, result.written) == ([], ["catalog/gaj/430700-006-Y11-0015.yaml"])
    data = entries(repo, "gaj")["430700-006-Y11-0015"][1]
    assert data["items"] == [{"name": "调解协议编号", "type": "字符型", "length": 30, "description": "公安机关编号"},
                             {"name": "赔偿金额", "type": "货币型", "length": 12, "precision": 2}]
    assert data["category"] == {"database": "业务", "subclass": "公安司法"} and data["format"] == {"type": "数据库"}


PROBLEM_HEADER = ["资源代码", "数据名称", "提供单位", "资源分类", "摘要", "编码格式", "共享类型", "共享方式", "开放属性",
                  "更新周期", "发布日期", "数据更新日期", "信息项", "备注"]
GOOD = ["430700-006-Y11-0015", "治安调解协议信息", GAJ, "业务/公安司法", VARIANT_ROWS[0][6], "数据库(MySQL)", "无条件共享",
        "接口服务", "不予开放", "每日", "2024-03-05", "2025-01-09", "调解协议编号(字符型,30)", None]


def test_workbook_with_problems_reports_each_in_chinese_and_writes_only_good_rows(repo, tmp_path):
    rows = [GOOD,
            [*GOOD[:0], "430700-006-Y11-0016", *GOOD[1:13], "待核实"],
            ["430700-006-Y11-0017", *GOOD[1:6], "部分共享", *GOOD[7:]],
            ["430700-006-Y11-0018", None, *GOOD[2:]],
            ["430700-006-Y11-0019", GOOD[1], "常德市教育局", *GOOD[3:]],
            ["430700-006-Y11-0020", GOOD[1], GAJ, GOOD[3], "@" + GOOD[4], *GOOD[5:10],
             "=TODAY()", *GOOD[11:]]]
    before = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*.yaml"))
    result = import_xlsx(repo, sheet_book(tmp_path / "gaj.xlsx", PROBLEM_HEADER, rows), "gaj", DECLARED)
    sheet = "资源目录"
    assert result.problems == [
        sheet_problem("xlsx-column-unknown", sheet, 2, "备注", "不认识的列名「备注」,这一列的内容不会导入。",
                   "能识别的列名:信息资源分类、信息资源名称、信息资源代码、国家目录代码、国家目录分类(类)、国家目录分类(项)、"
                   "国家目录分类(目)、国家目录分类(细目)、信息资源提供方、责任处室、信息资源摘要、关键词、"
                   "信息资源格式、共享类型、共享条件、共享方式、不予共享依据、开放属性、开放条件、更新周期、发布日期、数据更新日期、"
                   "关联资源、相关链接、资源库类别、子类、统一社会信用代码、信息项、信息项名称、数据类型、数据长度、小数位数、"
                   "信息项说明、信息资源格式分类、信息资源格式类型、是否向社会开放、是否涉密、序号。不需要导入的列请删除。"),
        sheet_problem("xlsx-column-unknown", sheet, 4, "备注", "这一格有内容,但所在的列无法导入,本行没有导入。", "改正列名,或删除这一格的内容。",
                   index=14),
        sheet_problem("xlsx-option", sheet, 5, "共享类型", "「共享类型」的值「部分共享」不在可选范围内。", "可选值:无条件共享、有条件共享、不予共享。", index=7),
        sheet_problem("xlsx-required", sheet, 6, "数据名称", "缺少必填项「数据名称」:这一格为空。", "资源的规范名称,说清是什么数据,例如「常住人口基本信息」。",
                   index=2),
        sheet_problem("xlsx-provider", sheet, 7, "提供单位", "提供单位「常德市教育局」不是本单位(常德市公安局)。",
                   "本次导入的是常德市公安局(单位标识 gaj)的目录,这一格应写「常德市公安局」;其他单位的资源请由该单位自己导入。",
                   index=3),
        sheet_problem("xlsx-formula-text", sheet, 8, "摘要", "这一格以「@」开头,在 Excel 中会被当作公式。",
                   "如果这就是要填写的文字,在开头加一个英文单引号「'」;否则删去开头的「@」。", index=5),
        sheet_problem("xlsx-formula", sheet, 8, "发布日期", "这一格是公式,导入时得不到它的值。",
                   "把公式换成它算出的内容:复制这一格,再「选择性粘贴 → 数值」。", index=11),
    ]
    assert (result.rows, result.written) == (6, ["catalog/gaj/430700-006-Y11-0015.yaml"])
    assert sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*.yaml")) == sorted(before + result.written)
    assert report_lines(result)[3] == ("工作表「资源目录」第 6 行「数据名称」列:缺少必填项「数据名称」:这一格为空。"
                                       " 提示:资源的规范名称,说清是什么数据,例如「常住人口基本信息」。")


def test_rows_without_a_code_with_a_repeated_one_or_on_a_file_of_another_resource(repo, tmp_path):
    (repo / "catalog/gaj/430700-006-Y11-0016.yaml").write_text("code: [\n", encoding="utf-8")  # a broken file
    rows = [[None, *GOOD[1:-1]], GOOD[:-1], GOOD[:-1], ["430700-006-Y11-0016", *GOOD[1:-1]]]
    result = import_xlsx(repo, sheet_book(tmp_path / "gaj.xlsx", PROBLEM_HEADER[:-1], rows), "gaj", DECLARED)
    assert result.problems == [
        sheet_problem("xlsx-code-missing", "资源目录", 3, "资源代码", "缺少资源代码:导入时按资源代码新建或更新条目文件。",
                   "资源代码由「区划代码-单位编号-类别码-顺序号」组成;本单位下一个未用的顺序号可写成 430700-006-Y11-0017。", index=1),
        sheet_problem("xlsx-code-duplicate", "资源目录", 5, "资源代码", "资源代码「430700-006-Y11-0015」与第 4 行重复。",
                   "每项资源只填一行;信息项请填在信息项表中。", index=1),
        sheet_problem("xlsx-file-taken", "资源目录", 6, "资源代码",
                   "文件 catalog/gaj/430700-006-Y11-0016.yaml 已经存在,其中不是资源代码为「430700-006-Y11-0016」的资源,没有覆盖它。",
                   "先改正或移走那个文件(catalog validate 会指出它的问题),再导入。", index=1),
    ]
    assert result.written == ["catalog/gaj/430700-006-Y11-0015.yaml"]
    assert (repo / "catalog/gaj/430700-006-Y11-0016.yaml").read_text(encoding="utf-8") == "code: [\n"


def test_two_header_rows_with_merged_cells_as_in_the_national_template(repo, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["信息资源名称", "信息资源代码", "信息资源分类", "信息资源摘要", "信息资源格式", "共享属性", None, None,
                  "开放属性", "更新周期", "发布日期", "数据更新日期", "信息项"])
    sheet.append([None] * 5 + ["共享类型", "共享条件", "共享方式"])
    sheet.append([GOOD[1], GOOD[0], GOOD[3], GOOD[4], GOOD[5], GOOD[6], None, *GOOD[7:13]])
    sheet.merge_cells("F1:H1")
    for column in "ABCDEIJKLM":
        sheet.merge_cells(f"{column}1:{column}2")
    book.save(tmp_path / "gaj.xlsx")
    result = import_xlsx(repo, tmp_path / "gaj.xlsx", "gaj", DECLARED)
    assert (result.problems, result.written) == ([], ["catalog/gaj/430700-006-Y11-0015.yaml"])
    data = entries(repo, "gaj")["430700-006-Y11-0015"][1]
    assert (data["name"], data["sharing"], data["items"]) == (
        GOOD[1], {"type": "无条件共享", "method": ["接口服务"]}, [{"name": "调解协议编号", "type": "字符型", "length": 30}])


def test_a_text_cell_marked_as_text_in_excel_may_start_like_a_formula(repo, tmp_path):
    path = sheet_book(tmp_path / "gaj.xlsx", PROBLEM_HEADER[:-1], [GOOD[:-1]])
    book = openpyxl.load_workbook(path)
    book.active["E3"] = "-" + GOOD[4]
    book.active["E3"].quotePrefix = True  # what typing '-… in Excel stores
    book.save(path)
    result = import_xlsx(repo, path, "gaj", DECLARED)
    assert result.problems == []
    assert entries(repo, "gaj")["430700-006-Y11-0015"][1]["summary"] == "-" + GOOD[4]


def test_items_sheet_problems_keep_their_resource_out(repo, tmp_path):
    items = [["资源代码", "信息项名称", "数据类型", "长度"],
             ["430700-006-Y11-0015", "调解协议编号", "文本", 30],
             ["430700-006-Y11-0099", "多余", "字符型", 2]]
    book = sheet_book(tmp_path / "gaj.xlsx", PROBLEM_HEADER[:-2], [GOOD[:-2]], items=items)
    result = import_xlsx(repo, book, "gaj", DECLARED)
    assert result.problems == [
        sheet_problem("xlsx-items", "资源目录", 3, "信息项", "信息项表「信息项」中这项资源的信息项有误(第 2 行),本行没有导入。",
                   "按信息项表的提示改正后再导入。"),
        sheet_problem("xlsx-option", "信息项", 2, "数据类型", "「数据类型」的值「文本」不在可选范围内。",
                   "可选值:字符型、数值型、整型、货币型、日期型、日期时间型、逻辑型、备注型、二进制。", index=3),
        sheet_problem("xlsx-item-orphan", "信息项", 3, "资源代码", "资源目录中没有资源代码「430700-006-Y11-0099」,这一行信息项没有导入。",
                   "先在资源目录中填写这项资源,或改正资源代码。"),
    ]
    assert result.written == []


def test_changing_the_sharing_type_moves_the_file_and_keeps_its_name(repo, tmp_path):
    export_xlsx(repo, "gaj", tmp_path / "gaj.xlsx")
    book = openpyxl.load_workbook(tmp_path / "gaj.xlsx")
    sheet = book["资源目录"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "430700-006-Y11-0010")
    column = {name: index for index, name in enumerate(EXPORT_HEADER)}
    row[column["共享类型"]].value, row[column["共享方式"]].value = "不予共享", None
    row[column["开放属性"]].value = "不予开放"
    row[column["不予共享依据"]].value = "《保安服务管理条例》第四十五条"
    book.save(tmp_path / "gaj.xlsx")
    result = import_xlsx(repo, tmp_path / "gaj.xlsx", "gaj")
    assert (result.problems, result.written) == ([], ["nonshared/gaj/baoan-fuwu-xuke-xinxi.yaml"])
    assert result.removed == ["catalog/gaj/baoan-fuwu-xuke-xinxi.yaml"]
    assert entries(repo, "gaj")["430700-006-Y11-0010"][1]["sharing"] == {
        "type": "不予共享", "legal_basis": [{"law": "保安服务管理条例", "article": "第四十五条"}]}


def test_a_file_that_is_not_a_workbook_is_one_problem(repo, tmp_path):
    (tmp_path / "gaj.xlsx").write_bytes(b"not a zip")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert import_xlsx(repo, tmp_path / "gaj.xlsx", "gaj").problems == [sheet_problem("xlsx-unreadable",
        "", 0, "", "无法读取工作簿:文件不是 .xlsx 格式,或者已经损坏。", "用 Excel 或 WPS 打开它,另存为「Excel 工作簿(.xlsx)」后再导入。")]
    assert [p.message for p in import_xlsx(repo, tmp_path / "old.xls", "gaj").problems] == [
        "这是旧版 Excel 97-2003 工作簿(.xls)或设了打开密码的工作簿,无法读取。"]
    assert [p.message for p in import_xlsx(repo, tmp_path / "gaj.xlsx", "nosuch").problems] == [
        "单位登记表中没有单位标识「nosuch」。"]


# --- entry files --------------------------------------------------------------------------

TRICKY = ["", " lead", "trail ", "a: b", "a #b", "#x", "- x", "-x", "?x", ":x", "x:", "yes", "No", "on", "y", "~",
          "null", "123", "0731", "1.5", "1e3", "0o17", "0x1F", ".inf", "2024-01-05", "12:30", "a\nb", "a\tb",
          "x\u2028y", "x\x85y",
          "\ufeffx", "'", '"', "\\", "@x", "`x", "%x", "&x", "*x", "!x", "|", ">", "[x]", "{x}", "a,b", "说明：冒号",
          "C#", "全角\u3000空格", "\u3000", "http://a/#b", "<<", "=", "---", "...", "x\x7fy", "😀"]


@pytest.mark.parametrize("text", TRICKY)
def test_entry_text_reads_back_exactly(text):
    data = {"code": "430700-006-J01-0001", "name": text, "keywords": [text, "甲"],
            "items": [{"name": text, "type": "整型"}], "related": [text], "classified": False}
    doc, problems = load_bytes(entry_text(data).encode("utf-8"), "x.yaml", SCHEMA.typed_keys)
    assert problems == [] and SCHEMA.coerce(doc) == data


def test_export_offers_a_drop_down_list_for_every_enumerated_column(repo, tmp_path):
    export_xlsx(repo, "gaj", tmp_path / "gaj.xlsx")
    book = openpyxl.load_workbook(tmp_path / "gaj.xlsx")

    def lists(sheet):
        header = [c.value for c in sheet[1]]
        return {header[openpyxl.utils.column_index_from_string(str(v.sqref).split(":")[0].rstrip("0123456789")) - 1]:
                (v.formula1, v.errorStyle or "stop", str(v.sqref).split(":")[1])  # stop: the default style
                for v in sheet.data_validations.dataValidation}
    main = lists(book["资源目录"])
    assert set(main) == {"信息资源分类", "共享类型", "共享方式", "开放属性", "更新周期", "是否涉密"}
    assert main["共享类型"] == ('"无条件共享,有条件共享,不予共享"', "stop", "N1048576")  # N: after 国家目录分类
    assert main["共享方式"][:2] == ('"接口服务,库表交换,文件下载"', "information")  # a cell may hold several
    assert main["是否涉密"][0] == '"否"' and "业务/公安司法" in main["信息资源分类"][0]
    assert lists(book["信息项"])["数据类型"][0].startswith('"字符型,数值型,')
