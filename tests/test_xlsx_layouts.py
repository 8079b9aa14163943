"""The layouts units really keep, built with openpyxl as a clerk's WPS or Excel saves them: info items one a
row under their resource (cells merged down, or left blank), the national template's two-row header with
parents merged over their sub-columns, and the variants clerks write, each read with a note.

Observed before: the WPS layout imported the first item only, with 7 "duplicate code" messages; a two-row
header gave about 300 messages and wrote nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from generator.cli import main
from generator.intake.excel import Supplied, import_xlsx, report_lines, summary_line

ROOT = Path(__file__).parent.parent
GAJ = "常德市公安局"
DECLARED = Supplied({"classified": False})

HEADER = ["序号", "信息资源名称", "信息资源代码", "信息资源分类", "信息资源提供方", "信息资源摘要", "信息资源格式", "共享类型",
          "共享条件", "共享方式", "开放属性", "更新周期", "发布日期", "数据更新日期", "是否涉密",
          "信息项名称", "数据类型", "数据长度"]
MEDIATION = [1, "治安调解协议信息", "430700-006-Y11-0015", "业务/公安司法", GAJ,
             "公安机关主持达成的治安调解协议,来源于警务综合平台,用于矛盾纠纷多元化解和信用核查。", "数据库(MySQL)", "无条件共享",
             None, "共享平台/接口", "否", "每日", "2024/3/5", "2025年1月9日", "否"]
MEDIATION_ITEMS = [("调解协议编号", "C", 30), ("调解日期", "D", None), ("当事人姓名", "字符型", 50), ("调解结果", "varchar", 200)]
CASES = [2, "治安案件受理信息", "430700-006-Y11-0016", "业务/公安司法", GAJ,
         "公安机关受理治安案件的登记信息,来源于警务综合平台,用于案件统计和执法监督。", "数据库(MySQL)", "有条件共享",
         "仅向承担执法监督职责的单位提供,按案件编号逐条查询。", "库表", "否", "每日", 45356, "2025-01-09", "否"]
CASES_ITEMS = [("受理编号", "C", 30), ("受理日期", "日期型", None), ("涉案金额", "N", 12)]

MEDIATION_FILE = """\
# yaml-language-server: $schema=../../schemas/resource.schema.json
code: 430700-006-Y11-0015
name: 治安调解协议信息
provider: gaj
summary: 公安机关主持达成的治安调解协议,来源于警务综合平台,用于矛盾纠纷多元化解和信用核查。
category:
  database: 业务
  subclass: 公安司法
format:
  type: 数据库
  detail: MySQL
sharing:
  type: 无条件共享
  method: [接口服务]
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
  - name: 当事人姓名
    type: 字符型
    length: 50
  - name: 调解结果
    type: 字符型
    length: 200
classified: false
"""
NOTES = [
    "说明:工作表「资源目录」第 3 行「共享方式」列:「共享方式」写的「共享平台/接口」,按「接口服务」导入。",
    "说明:工作表「资源目录」第 3、7 行「开放属性」列:「开放属性」写的「否」,按「不予开放」导入。",
    "说明:工作表「资源目录」第 3、7 行「数据类型」列:「数据类型」写的「C」,按「字符型」导入。",
    "说明:工作表「资源目录」第 4 行「数据类型」列:「数据类型」写的「D」,按「日期型」导入。",
    "说明:工作表「资源目录」第 6 行「数据类型」列:「数据类型」写的「varchar」,按「字符型」导入。",
    "说明:工作表「资源目录」第 7 行「共享方式」列:「共享方式」写的「库表」,按「库表交换」导入。",
    "说明:工作表「资源目录」第 7 行「发布日期」列:「发布日期」写的是数字「45356」,按 Excel 的日期序号读作 2024-03-05。",
    "说明:工作表「资源目录」第 9 行「数据类型」列:「数据类型」写的「N」,按「数值型」导入。",
]


@pytest.fixture
def repo(tmp_path) -> Path:
    for name in ("registry", "catalog", "nonshared"):
        shutil.copytree(ROOT / name, tmp_path / "repo" / name)
    return tmp_path / "repo"


def one_row_per_item(path: Path, merged: bool, resources=((MEDIATION, MEDIATION_ITEMS), (CASES, CASES_ITEMS)),
                     header=HEADER) -> Path:
    """A title row, the header, then each resource on as many rows as it has items: its own cells on the first
    row, merged down over the others (the national template) or left blank below (WPS)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "资源目录"
    sheet.append([f"{GAJ}政务信息资源目录"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for own, items in resources:
        first = sheet.max_row + 1
        for n, item in enumerate(items):
            sheet.append([*(own if n == 0 or not merged else [None] * len(own)), *item])
        if merged and len(items) > 1:
            for column in range(1, len(own) + 1):
                sheet.merge_cells(start_row=first, start_column=column, end_row=sheet.max_row, end_column=column)
    book.save(path)
    return path


def written(repo: Path, result) -> dict[str, str]:
    return {path: (repo / path).read_text(encoding="utf-8") for path in result.written}


@pytest.mark.parametrize("merged", [True, False], ids=["merged-down", "blank-below"])
def test_one_row_per_item_reads_every_item_with_a_note_for_each_variant(repo, tmp_path, merged):
    result = import_xlsx(repo, one_row_per_item(tmp_path / "gaj.xlsx", merged), "gaj")
    assert [p for p in result.problems if p.severity.value == "error"] == []
    assert report_lines(result) == NOTES
    assert result.written == ["catalog/gaj/430700-006-Y11-0015.yaml", "catalog/gaj/430700-006-Y11-0016.yaml"]
    files = written(repo, result)
    assert files["catalog/gaj/430700-006-Y11-0015.yaml"] == MEDIATION_FILE
    assert "  - name: 涉案金额\n    type: 数值型\n    length: 12\n" in files["catalog/gaj/430700-006-Y11-0016.yaml"]
    assert "method: [库表交换]" in files["catalog/gaj/430700-006-Y11-0016.yaml"]
    assert summary_line(result) == "读取 7 行,共 2 项资源:写入 2 个文件,0 个未变,0 项有错误没有导入。"


def test_national_template_two_row_header_with_parents_merged_over_sub_columns(repo, tmp_path):
    parents = ["序号", "信息资源名称", "信息资源代码", "信息资源分类", "信息资源提供方", "信息资源摘要", "信息资源格式", None,
               "共享属性", None, None, "开放属性", "更新周期", "发布日期", "数据更新日期", "是否涉密", "信息项", None, None]
    subs = [None] * 6 + ["分类", "类型", "共享类型", "共享条件", "共享方式", "是否向社会开放", None, None, None, None,
                         "信息项名称", "数据类型", "数据长度"]
    own = [*MEDIATION[:6], "数据库", "MySQL", *MEDIATION[7:]]
    path = one_row_per_item(tmp_path / "gaj.xlsx", True, [(own, MEDIATION_ITEMS)], header=parents)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet.insert_rows(3)
    for column, name in enumerate(subs, start=1):
        sheet.cell(3, column, name)
    sheet.merged_cells.ranges = set()  # insert_rows does not move merges: lay them out again, as the template has them
    sheet.merge_cells("A1:S1")
    for first, last in (("G", "H"), ("I", "K"), ("Q", "S")):
        sheet.merge_cells(f"{first}2:{last}2")
    for column in "ABCDEFGHIJKLMNOP":
        if column not in "GHIJKL":  # the sub-columns keep their own header cell
            sheet.merge_cells(f"{column}2:{column}3")
        sheet.merge_cells(f"{column}4:{column}7")
    book.save(path)
    result = import_xlsx(repo, path, "gaj")
    assert [p for p in result.problems if p.severity.value == "error"] == []
    assert written(repo, result) == {"catalog/gaj/430700-006-Y11-0015.yaml": MEDIATION_FILE}
    assert "说明:工作表「资源目录」第 4 行「是否向社会开放」列:「是否向社会开放」写的「否」,按「不予开放」导入。" in report_lines(result)


def test_an_item_row_that_changes_the_resources_own_cells_is_reported_not_taken_as_a_resource(repo, tmp_path):
    path = one_row_per_item(tmp_path / "gaj.xlsx", False)
    book = openpyxl.load_workbook(path)
    book.active["F5"] = "另一段摘要"  # on the third item row of the first resource
    book.save(path)
    result = import_xlsx(repo, path, "gaj")
    assert report_lines(result)[0] == (
        "工作表「资源目录」第 5 行「信息资源摘要」列:这一行是第 3 行资源的信息项行,但「信息资源摘要」与第 3 行写的不同。"
        " 提示:同一项资源占多行时,资源本身的内容只写在第一行(或合并单元格),下面各行只填信息项;如果这是另一项资源,请写上它的资源代码和名称。")
    assert (result.written, result.refused) == (["catalog/gaj/430700-006-Y11-0016.yaml"], [3])


def test_a_resource_that_fails_validation_writes_no_file_and_the_problem_is_told_at_its_cell(repo, tmp_path):
    items = [*CASES_ITEMS[:2], ("涉案金额", "N", None)]  # 数值型 needs a length
    before = {p: p.read_bytes() for p in repo.rglob("*.yaml")}
    path = one_row_per_item(tmp_path / "gaj.xlsx", False, [(CASES, items)])
    assert main(["import-xlsx", str(path), "--unit", "gaj", "--root", str(repo), "--today", "2026-12-01"]) == 1
    assert {p: p.read_bytes() for p in repo.rglob("*.yaml")} == before
    result = import_xlsx(repo, path, "gaj")
    error = next(p for p in result.problems if p.severity.value == "error")
    where = (error.sheet, error.line, error.field, error.column, error.rule)
    assert where == ("资源目录", 5, "数据长度", 18, "schema-required")
    assert error.hint == "在表中填写「长度」:字段最大长度(字符数或数字位数)。字符型、数值型必填。"  # a cell, not YAML
    assert (result.written, result.refused) == ([], [3])
    assert summary_line(result) == "读取 3 行,共 1 项资源:写入 0 个文件,0 个未变,1 项有错误没有导入。"


def test_a_column_the_sheet_lacks_is_one_message_naming_the_flag_never_a_value_made_up(repo, tmp_path):
    header = [h for h in HEADER if h not in ("数据更新日期", "是否涉密")]
    strip = [HEADER.index("数据更新日期"), HEADER.index("是否涉密")]

    def cut(own):
        return [v for n, v in enumerate(own) if n not in strip]
    resources = [(cut(MEDIATION), MEDIATION_ITEMS), (cut(CASES), CASES_ITEMS)]
    path = one_row_per_item(tmp_path / "gaj.xlsx", False, resources, header=header)
    result = import_xlsx(repo, path, "gaj")
    errors = [line for line in report_lines(result) if not line.startswith("说明")]
    assert errors == [
        "工作表「资源目录」第 3、7 行「数据更新日期」列:缺少必填项「数据更新日期」:工作表中没有这一列。"
        " 提示:在表中加一列「数据更新日期」逐行填写,或导入时用 --updated 2026-11-30 为本表所有资源统一填写。",
        "工作表「资源目录」第 3、7 行「是否涉密」列:缺少必填项「是否涉密」:这是提供单位的声明,须由单位写明,不能替单位填写。"
        " 提示:在表中加一列「是否涉密」逐行填写,或导入时用 --declare-unclassified 为本表所有资源统一填写。"]
    assert (result.written, result.refused) == ([], [3, 7])
    flags = ["--updated", "2026-11-30", "--declare-unclassified", "--today", "2026-12-01"]
    assert main(["import-xlsx", str(path), "--unit", "gaj", "--root", str(repo), *flags]) == 0
    text = (repo / "catalog/gaj/430700-006-Y11-0015.yaml").read_text(encoding="utf-8")
    assert 'updated: "2026-11-30"' in text and "classified: false" in text


def test_a_date_written_to_the_month_only_asks_for_the_day(repo, tmp_path):
    own = [*MEDIATION[:13], "2025年1月", MEDIATION[14]]
    path = one_row_per_item(tmp_path / "gaj.xlsx", False, [(own, MEDIATION_ITEMS)])
    result = import_xlsx(repo, path, "gaj", DECLARED)
    assert report_lines(result)[0] == (
        "工作表「资源目录」第 3 行「数据更新日期」列:「数据更新日期」只写到月份(「2025年1月」),没有写哪一天。"
        " 提示:写上具体日期,例如 2025-01-01;不知道哪一天的,请向数据管理人员核实,不要估填。")
    assert result.written == []


def test_reimporting_the_same_workbook_changes_nothing(repo, tmp_path):
    path = one_row_per_item(tmp_path / "gaj.xlsx", True)
    first = import_xlsx(repo, path, "gaj")
    again = import_xlsx(repo, path, "gaj")
    assert (len(first.written), again.written, len(again.unchanged)) == (2, [], 2)


def docs_table(marker: str) -> list[str]:
    """The rows of the table after `<!-- import-columns: marker -->` in docs/format.md, header excluded."""
    lines = (ROOT / "docs/format.md").read_text(encoding="utf-8").split(f"<!-- import-columns: {marker} -->\n")[1]
    rows = []
    for line in lines.splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def test_the_format_guide_lists_exactly_the_columns_and_variants_the_importer_reads():
    from generator.intake.excel.columns import ITEM_COLUMNS, MAIN_COLUMNS, PARENTS
    from generator.intake.excel.parsers import METHOD_VARIANTS, OPEN_VARIANTS, TYPE_VARIANTS

    def columns(table):
        return [f"| {c.header} | {'、'.join(c.aliases) or '—'} |" for c in table]
    label = {c.key: c.header for c in MAIN_COLUMNS}
    assert docs_table("资源目录") == columns(MAIN_COLUMNS)
    assert docs_table("信息项") == columns(ITEM_COLUMNS)
    assert docs_table("两行表头") == [f"| {parent} | " + "、".join(f"{sub}→{label[key]}" for sub, key in subs.items()) + " |"
                                    for parent, subs in PARENTS.items()]
    assert docs_table("常见写法") == [f"| {value} | {'、'.join(names)} |"
                                    for table in (TYPE_VARIANTS, METHOD_VARIANTS, OPEN_VARIANTS)
                                    for value, names in table.items()]


def test_the_answer_goes_back_into_the_clerks_own_workbook(repo, tmp_path):
    items = [*CASES_ITEMS[:2], ("涉案金额", "N", None)]  # 数值型 needs a length: refused, told at R9
    path = one_row_per_item(tmp_path / "gaj.xlsx", True, [(MEDIATION, MEDIATION_ITEMS), (CASES, items)])
    assert main(["import-xlsx", str(path), "--unit", "gaj", "--root", str(repo), "--today", "2026-12-01"]) == 1
    answer = tmp_path / "gaj-导入结果.xlsx"  # beside the workbook when no --annotate is given
    book, original = openpyxl.load_workbook(answer), openpyxl.load_workbook(path)
    assert book.sheetnames == ["导入结果", "资源目录"] and book.active.title == "导入结果"
    summary = list(book["导入结果"].iter_rows(values_only=True))
    assert summary[0][0] == "读取 7 行,共 2 项资源:写入 1 个文件,0 个未变,1 项有错误没有导入。"
    assert summary[3] == ("类别", "位置", "问题", "怎么改") and summary[4][:2] == ("错误", "工作表「资源目录」第 9 行「数据长度」列")
    sheet = book["资源目录"]
    assert sheet["R9"].fill.fgColor.rgb == "00FFC7CE" and "缺少必填字段「长度」" in sheet["R9"].comment.text
    assert "(items" not in sheet["R9"].comment.text  # the cell says where: no key path written for YAML
    assert sheet["J3"].fill.fgColor.rgb == "00FFEB9C" and sheet["J3"].comment.text.startswith("说明:「共享方式」写的")
    assert sheet["K7"].comment.text.startswith("说明:「开放属性」写的「否」")  # merged down: on the area's first cell
    values = [[c.value for c in row] for row in original["资源目录"].iter_rows()]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == values  # the clerk's cells as they were
    assert sorted(map(str, sheet.merged_cells.ranges)) == sorted(map(str, original["资源目录"].merged_cells.ranges))
    chosen = tmp_path / "答复.xlsx"
    main(["import-xlsx", str(path), "--unit", "gaj", "--root", str(repo), "--annotate", str(chosen)])
    assert openpyxl.load_workbook(chosen).sheetnames == ["导入结果", "资源目录"]


def test_a_nonshared_rows_conditions_cell_holding_the_legal_basis_is_read_as_the_basis(repo, tmp_path):
    """The national template has no 不予共享依据 column: for 不予共享 rows the 共享条件 cell holds it."""
    basis = "《中华人民共和国居民身份证法》第六条:公安机关对因制作、发放、查验居民身份证而知悉的公民的个人信息,应当予以保密。"
    own = [3, "居民身份证申领照片信息", "430700-006-J01-0016", "基础/人口", GAJ,
           "公民申领居民身份证时采集的照片,仅用于居民身份证制作和查验,不向其他单位提供。", "图形图像(JPEG)", "不予共享",
           basis, None, "否", "每日", "2023-04-10", "2026-01-05", "否"]
    result = import_xlsx(repo, one_row_per_item(tmp_path / "gaj.xlsx", False, [(own, [("受理编号", "C", 30)])]), "gaj")
    assert result.written == ["nonshared/gaj/430700-006-J01-0016.yaml"]
    assert ("说明:工作表「资源目录」第 3 行「共享条件」列:这项资源不予共享,「共享条件」中写的是不予共享的依据,"
            "按「不予共享依据」(法律、条款、原文)导入。") in report_lines(result)
    text = (repo / result.written[0]).read_text(encoding="utf-8")
    assert ("sharing:\n  type: 不予共享\n  legal_basis:\n    - law: 中华人民共和国居民身份证法\n      article: 第六条\n"
            "      excerpt: 公安机关对因制作、发放、查验居民身份证而知悉的公民的个人信息,应当予以保密。\n") in text
    own[8] = "涉及个人隐私"  # not a legal basis: asked for, not guessed
    result = import_xlsx(repo, one_row_per_item(tmp_path / "b.xlsx", False, [(own, [("受理编号", "C", 30)])]), "gaj")
    assert report_lines(result)[0].startswith("工作表「资源目录」第 3 行「共享条件」列:这项资源不予共享,「共享条件」中应写不予共享的法律依据。")


def test_a_national_code_in_the_code_column_is_kept_and_the_city_code_assigned_once(repo, tmp_path):
    """The national template's 信息资源代码 is the national code: kept as 国家目录代码, the city code made by
    the sequence rule, and a second import of the same workbook updates that entry instead of adding one."""
    own = [*MEDIATION[:2], "101001/000123", *MEDIATION[3:]]
    path = one_row_per_item(tmp_path / "gaj.xlsx", True, [(own, MEDIATION_ITEMS)])
    first = import_xlsx(repo, path, "gaj")
    assert first.written == ["catalog/gaj/430700-006-Y11-0015.yaml"]  # 0001–0014 are the unit's demo entries
    text = (repo / first.written[0]).read_text(encoding="utf-8")
    modeline = MEDIATION_FILE.split("\n", 1)[0]
    assert text.startswith(modeline + "\ncode: 430700-006-Y11-0015\nnational_code: 101001/000123\n")
    assert ("说明:工作表「资源目录」第 3 行「信息资源代码」列:国家目录代码为 101001/000123 的资源,按本市编码规则编为资源代码 "
            "430700-006-Y11-0015。") in report_lines(first)
    book = openpyxl.load_workbook(path)
    book.active["F3"] = "公安机关主持达成的治安调解协议,来源于警务综合平台,用于矛盾纠纷化解、信用核查和统计分析。"
    book.save(path)
    again = import_xlsx(repo, path, "gaj")
    assert again.written == ["catalog/gaj/430700-006-Y11-0015.yaml"] and "统计分析" in (repo / again.written[0]).read_text()
    files = sorted(p.name for p in (repo / "catalog/gaj").glob("430700-006-Y11-001[5-9].yaml"))
    assert files == ["430700-006-Y11-0015.yaml"]


def test_a_value_in_an_unknown_column_on_an_item_row_is_reported_not_dropped(repo, tmp_path):
    path = one_row_per_item(tmp_path / "gaj.xlsx", False, header=[*HEADER, "备注"])
    book = openpyxl.load_workbook(path)
    book.active["S5"] = "第三项待核实"  # only on an item row: the resource's own row leaves 备注 empty
    book.save(path)
    result = import_xlsx(repo, path, "gaj")
    assert [(p.line, p.field, p.rule) for p in result.problems if p.severity.value == "error"] == [
        (2, "备注", "xlsx-column-unknown"), (5, "备注", "xlsx-column-unknown")]
    assert 3 in result.refused


def test_related_resources_given_by_national_code_are_written_as_city_codes(repo, tmp_path):
    """关联资源代码 as the national template writes them: national codes of this workbook or of the catalog."""
    census = repo / "catalog/gaj/changzhu-renkou-jiben-xinxi.yaml"
    text = census.read_text(encoding="utf-8")
    census.write_text(text.replace("\nname: ", "\nnational_code: 101001/000001\nname: ", 1), encoding="utf-8")
    first = [*MEDIATION[:2], "101001/000123", *MEDIATION[3:]]
    second = [*CASES[:2], "101001/000124", *CASES[3:]]
    header = [*HEADER[:15], "关联资源代码", *HEADER[15:]]
    resources = [([*first, "101001/000124、101001/000001"], MEDIATION_ITEMS), ([*second, None], CASES_ITEMS)]
    result = import_xlsx(repo, one_row_per_item(tmp_path / "gaj.xlsx", False, resources, header=header), "gaj")
    assert [p for p in result.problems if p.severity.value == "error"] == []
    text = (repo / "catalog/gaj/430700-006-Y11-0015.yaml").read_text(encoding="utf-8")
    assert "related:\n  - 430700-006-Y11-0016\n  - 430700-006-J01-0001\n" in text
    assert ("说明:工作表「资源目录」第 3 行「关联资源代码」列:关联资源代码中的国家目录代码按本市资源代码写入:"
            "101001/000124 → 430700-006-Y11-0016、101001/000001 → 430700-006-J01-0001。") in report_lines(result)
    resources[0] = ([*first, "101001/000999"], MEDIATION_ITEMS)
    result = import_xlsx(repo, one_row_per_item(tmp_path / "b.xlsx", False, resources, header=header), "gaj")
    assert report_lines(result)[0].startswith(
        "工作表「资源目录」第 3 行「关联资源代码」列:关联资源代码 101001/000999 是国家目录代码,但本表和全市目录中都没有这项资源。")


NATIONAL_PARENTS = ["序号", "信息资源名称", "信息资源代码", "信息资源分类", None, None, None, "信息资源提供方", "信息资源摘要",
                    "信息资源格式", "共享属性", None, None, "开放属性", None, "更新周期", "发布日期", "数据更新日期",
                    "是否涉密", "信息项", None, None]
NATIONAL_SUBS = [None] * 3 + ["类", "项", "目", "细目"] + [None] * 3 + ["共享类型", "共享条件", "共享方式", "是否向社会开放",
                                                                 "开放条件"] + [None] * 4 + ["信息项名称", "数据类型", "数据长度"]
TEMPORARY = [1, "流动人口居住登记信息", "430700-006-J01-0015", "基础信息资源类", "人口信息", "流动人口", None, GAJ,
             "公安机关登记的流动人口居住信息,来源于流动人口管理信息系统,用于人口服务管理和公共服务配置。", "数据库(MySQL)",
             "有条件共享", "仅向承担人口服务管理职责的单位提供,按居住证编号逐条核验。", "接口服务", "是",
             "仅开放按乡镇(街道)汇总的人数,不开放个人登记信息。", "每月", "2024-03-05", "2025-01-09", "否"]
TEMPORARY_ITEMS = [("登记编号", "字符型", 20), ("居住地址", "字符型", 200)]
PERMITS = [2, "枪支弹药管理信息", "430700-006-Y11-0016", "部门信息资源类", "公安部", None, None, GAJ,
           "公安机关对公务用枪和民用枪支弹药的配备、使用和管理信息,用于枪支弹药安全监管。", "数据库(Oracle)", "有条件共享",
           "仅向承担枪支弹药安全监管职责的单位提供,按持枪证号逐条核验。", "库表交换", "否", None, "每月", "2024-03-05",
           "2025-01-09", "否"]
PERMITS_ITEMS = [("持枪证号", "字符型", 20), ("枪支类型", "字符型", 20)]


TEMPORARY_FILE = """\
# yaml-language-server: $schema=../../schemas/resource.schema.json
code: 430700-006-J01-0015
national_class:
  class: 基础信息资源类
  item: 人口信息
  heading: 流动人口
name: 流动人口居住登记信息
provider: gaj
summary: 公安机关登记的流动人口居住信息,来源于流动人口管理信息系统,用于人口服务管理和公共服务配置。
category:
  database: 基础
  subclass: 人口
format:
  type: 数据库
  detail: MySQL
sharing:
  type: 有条件共享
  conditions: 仅向承担人口服务管理职责的单位提供,按居住证编号逐条核验。
  method: [接口服务]
open: 有条件开放
open_conditions: 仅开放按乡镇(街道)汇总的人数,不开放个人登记信息。
update_cycle: 每月
published: "2024-03-05"
updated: "2025-01-09"
items:
  - name: 登记编号
    type: 字符型
    length: 20
  - name: 居住地址
    type: 字符型
    length: 200
classified: false
"""


def national_class_template(path: Path) -> Path:
    """The template of the national guide: 信息资源分类 merged over 类/项/目/细目 and 开放属性 over
    是否向社会开放/开放条件, and no column for the city's own class."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "资源目录"
    sheet.append([f"{GAJ}政务信息资源目录"])
    sheet.append(NATIONAL_PARENTS)
    sheet.append(NATIONAL_SUBS)
    sheet.merge_cells("A1:V1")
    for first, last in (("D", "G"), ("K", "M"), ("N", "O"), ("T", "V")):
        sheet.merge_cells(f"{first}2:{last}2")
    for column in "ABCHIJPQRS":
        sheet.merge_cells(f"{column}2:{column}3")
    for own, items in ((TEMPORARY, TEMPORARY_ITEMS), (PERMITS, PERMITS_ITEMS)):
        first = sheet.max_row + 1
        for n, item in enumerate(items):
            sheet.append([*(own if n == 0 else [None] * len(own)), *item])
        for column in range(1, len(own) + 1):
            sheet.merge_cells(start_row=first, start_column=column, end_row=sheet.max_row, end_column=column)
    book.save(path)
    return path


def test_the_national_class_and_the_open_conditions_are_kept_and_the_city_class_read_from_the_class(repo, tmp_path):
    result = import_xlsx(repo, national_class_template(tmp_path / "gaj.xlsx"), "gaj")
    assert report_lines(result) == [
        "工作表「资源目录」第 6 行「信息资源分类」列:缺少必填项「资源分类」:表中没有本市的资源分类一列,"
        "国家目录分类也对应不到本市的资源分类。 提示:在表中加一列「本市资源分类」逐行填写,或导入时用 --class J01 为本表所有资源统一填写。",
        "说明:工作表「资源目录」第 4 行「信息资源分类·类」列:表中没有本市资源分类一列,按国家目录分类「基础信息资源类/人口信息」"
        "读作资源分类「基础/人口」。 提示:如果不对,在表中加一列「本市资源分类」逐行填写。",
        "说明:工作表「资源目录」第 4 行「是否向社会开放」列:「是否向社会开放」写的「是」,并填写了开放条件,按「有条件开放」导入。",
        "说明:工作表「资源目录」第 6 行「是否向社会开放」列:「是否向社会开放」写的「否」,按「不予开放」导入。",
    ]
    assert (result.refused, written(repo, result)) == ([6], {"catalog/gaj/430700-006-J01-0015.yaml": TEMPORARY_FILE})

    # The unit states the class of the sheet; the national class is kept as given.
    assert main(["import-xlsx", str(tmp_path / "gaj.xlsx"), "--unit", "gaj", "--root", str(repo), "--class", "Y11",
                 "--today", "2026-12-01"]) == 1  # 流动人口 is not 业务/公安司法: its code's class says J01
    text = (repo / "catalog/gaj/430700-006-Y11-0016.yaml").read_text(encoding="utf-8")
    assert "\nnational_class:\n  class: 部门信息资源类\n  item: 公安部\nname: " in text
    assert "open_conditions" not in text
