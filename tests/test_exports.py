"""The downloads: catalog.json, CSV, XLSX, items.csv (the JSON and CSV zipped), per-unit files, schemas, their keys."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import time
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from casetools import TODAY, WHERE, export_files, file_key, make_repo, unpacked
from requestfixture import add_requests

from generator.core import sharing
from generator.downloads import workbook as xlsx
from generator.downloads.jobs import export_jobs
from generator.downloads.tables import safe_cell
from generator.model.catalog import catalog_from, load_catalog, with_requests

HERE = Path(__file__).parent
ROOT = HERE.parent
FIXTURE = HERE / "cases/fixture"
DIBAO = "430700-007-Y09-0001"
SHOUYANG = "430700-007-Y09-0002"
HEADER = ["资源代码", "数据名称", "提供单位", "统一社会信用代码", "内设机构", "资源库类别", "子类", "共享类型",
          "共享条件", "共享方式", "不予共享依据", "开放属性", "编码格式", "更新周期", "发布日期", "数据更新日期",
          "摘要", "关键词", "信息项", "关联资源"]
ITEM_HEADER = ["资源代码", "数据名称", "序号", "信息项名称", "数据类型", "长度", "小数位数", "说明"]
DIBAO_ITEMS = ("保障对象身份号码(字符型,18);户主姓名(字符型,50);保障类别(字符型,2);保障人数(整型);"
               "月保障金额(货币型,10,2);认定日期(日期型);所在乡镇(街道)(字符型,60)")


@pytest.fixture(scope="module")
def fixture_catalog():
    return load_catalog(FIXTURE)


@pytest.fixture(scope="module")
def files(fixture_catalog):
    return unpacked(export_files(fixture_catalog))


@pytest.fixture(scope="module")
def demo_files():
    return unpacked(export_files(load_catalog(ROOT)))


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def with_name(catalog, code, **changes):
    """The catalog with one resource changed, joins rebuilt."""
    resources = [replace(r, **changes) if r.code == code else r for r in catalog.resources]
    return catalog_from(catalog.units, resources, catalog.classes)


def with_unit(catalog, unit_id, **changes):
    """The catalog with one unit's registry record changed, as loading would join it to its resources."""
    units = tuple(replace(u, **changes) if u.id == unit_id else u for u in catalog.units)
    new = {u.id: u for u in units}
    resources = [replace(r, provider=new[r.provider.id]) for r in catalog.resources]
    return catalog_from(units, resources, catalog.classes)


def rows_of(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


# --- catalog.json -------------------------------------------------------------------------


def test_json_has_every_field_of_a_resource(files):
    doc = json.loads(files["catalog.json"])
    assert (doc["title"], doc["publisher"]) == ("常德市政府数据资源目录", "常德市数据局")
    assert [r["code"] for r in doc["resources"]] == ["430700-006-J01-0001", DIBAO, SHOUYANG]
    dibao = doc["resources"][1]
    assert list(dibao) == ["code", "national_code", "national_class", "name", "provider", "provider_name",
                           "department", "summary", "keywords", "category", "format", "sharing", "open",
                           "open_conditions", "update_cycle", "published", "updated", "items", "related", "links",
                           "path"]
    assert (dibao["national_code"], dibao["national_class"], dibao["open_conditions"]) == ("", {}, "")
    assert dibao["provider"] == "mzj" and dibao["provider_name"] == "常德市民政局"
    assert dibao["category"] == {"database": "业务", "subclass": "民政服务", "class_code": "Y09"}
    assert dibao["format"] == {"type": "数据库", "detail": "MySQL"}
    assert dibao["sharing"] == {
        "type": "有条件共享", "conditions": "仅向承担社会救助、医疗保障、教育资助职责的单位提供,用于救助对象资格核验。",
        "method": ["接口服务", "库表交换"], "legal_basis": []}
    assert (dibao["open"], dibao["update_cycle"], dibao["published"], dibao["updated"]) == (
        "不予开放", "每月", "2022-03-01", "2025-10-31")
    assert dibao["items"][4] == {"name": "月保障金额", "type": "货币型", "length": 10, "precision": 2,
                                 "description": ""}
    assert (dibao["keywords"], dibao["related"], dibao["links"]) == ([], [], [])
    assert dibao["path"] == "catalog/mzj/dibao-duixiang.yaml"


def test_json_keeps_the_legal_basis_and_the_units(files):
    doc = json.loads(files["catalog.json"])
    assert doc["resources"][2]["sharing"]["legal_basis"] == [{
        "law": "中华人民共和国民法典", "article": "第一千一百一十条",
        "excerpt": "收养人、送养人要求保守收养秘密的,其他人应当尊重其意愿,不得泄露。"}]
    assert doc["resources"][0]["related"] == [DIBAO]
    assert [u["id"] for u in doc["units"]] == ["sjj", "gaj", "mzj", "anxiang"]
    assert doc["units"][2] == {"id": "mzj", "name": "常德市民政局", "short_name": "市民政局",
                               "credit_code": "114307000380766847", "division": "430700", "level": "市级",
                               "kind": "行政机关", "number": "007", "maintainers": ["@changde-data/mzj"],
                               "contact": "", "website": ""}


def test_json_is_readable_chinese_with_a_trailing_newline(files):
    text = files["catalog.json"].decode("utf-8")
    assert "常德市民政局" in text and "\\u" not in text
    assert text.endswith("}\n") and not text.endswith("\n\n")


def test_json_files_are_compact(files):
    """No indentation: the fast C encoder, and a smaller download."""
    for name in ("catalog.json", "api/catalog/1.jsonld", "api/units/mzj.json", f"api/resources/{DIBAO}.json"):
        text = files[name].decode("utf-8")
        assert text.count("\n") == 1 and '", "' not in text and '": ' not in text, name


# --- catalog.csv --------------------------------------------------------------------------


def test_csv_starts_with_a_bom_and_ends_lines_with_crlf(files):
    data = files["catalog.csv"]
    assert data.startswith(b"\xef\xbb\xbf\xe8\xb5\x84")  # BOM, then 资
    assert data.count(b"\r\n") == 4 and b"\n" not in data.replace(b"\r\n", b"")


def test_csv_row_of_a_known_resource(files):
    rows = csv_rows(files["catalog.csv"])
    assert rows[0] == HEADER
    assert rows[2] == [
        DIBAO, "城乡最低生活保障对象信息", "常德市民政局", "114307000380766847", "社会救助科", "业务", "民政服务",
        "有条件共享", "仅向承担社会救助、医疗保障、教育资助职责的单位提供,用于救助对象资格核验。", "接口服务、库表交换",
        "", "不予开放", "数据库(MySQL)", "每月", "2022-03-01", "2025-10-31",
        "全市城乡最低生活保障对象的认定、保障金额和动态管理信息,来源于湖南省社会救助信息系统。", "", DIBAO_ITEMS, ""]


def test_csv_row_of_a_nonshared_resource_cites_its_legal_basis(files):
    row = dict(zip(HEADER, csv_rows(files["catalog.csv"])[3], strict=True))
    assert row["不予共享依据"] == "《中华人民共和国民法典》第一千一百一十条"
    assert (row["共享类型"], row["共享方式"], row["编码格式"]) == ("不予共享", "", "电子文件(OFD)")
    assert csv_rows(files["catalog.csv"])[1][-1] == DIBAO  # 关联资源


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_cells_get_a_leading_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["常德", "430700-007", "a=b", "", 10, None])
def test_other_cells_are_kept(value):
    assert safe_cell(value) == value


def test_csv_and_xlsx_escape_formula_injection(fixture_catalog):
    dibao = fixture_catalog.by_code[DIBAO]
    evil = with_name(fixture_catalog, DIBAO, name='=HYPERLINK("http://x")', department="@cmd", summary="-2+3",
                     items=(dibao.items[0]._replace(name="+SUM(A1)"), *dibao.items[1:]))
    files = unpacked(export_files(evil))
    row = dict(zip(HEADER, csv_rows(files["catalog.csv"])[2], strict=True))
    assert row["数据名称"] == "'=HYPERLINK(\"http://x\")"
    assert (row["内设机构"], row["摘要"]) == ("'@cmd", "'-2+3")
    assert csv_rows(files["units/mzj.csv"])[1][1].startswith("'")
    assert csv_rows(files["items.csv"])[9][1:4] == ["'=HYPERLINK(\"http://x\")", "1", "'+SUM(A1)"]
    cell = workbook(files["catalog.xlsx"])["资源目录"]["B3"]
    assert cell.value == "'=HYPERLINK(\"http://x\")" and cell.data_type == "s"
    unit = workbook(files["units/mzj.xlsx"])
    assert unit["资源目录"]["B2"].value == "'=HYPERLINK(\"http://x\")"
    assert [c.value for c in unit["信息项"][2]][1:4] == ["'=HYPERLINK(\"http://x\")", 1, "'+SUM(A1)"]
    assert unit["信息项"]["D2"].data_type == "s"


# --- catalog.xlsx -------------------------------------------------------------------------


def test_xlsx_sheets_header_and_a_row(files):
    book = workbook(files["catalog.xlsx"])
    assert book.sheetnames == ["资源目录", "单位"]  # info items: items.csv and the unit workbooks
    sheet = book["资源目录"]
    rows = rows_of(sheet)
    assert list(rows[0]) == HEADER and len(rows) == 4
    assert rows[2][:4] == (DIBAO, "城乡最低生活保障对象信息", "常德市民政局", "114307000380766847")
    assert rows[2][18] == DIBAO_ITEMS and rows[2][10] is None  # empty cells stay empty
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:T4"
    assert all(cell.font.bold for cell in sheet[1])
    assert 8 <= sheet.column_dimensions["B"].width <= 60


def test_xlsx_units_sheet(files):
    units = rows_of(workbook(files["catalog.xlsx"])["单位"])
    assert units[0][0] == "单位标识" and units[0][-1] == "资源数"
    # Digits stay text as written: the credit code and the unit number are not numbers.
    assert units[3] == ("mzj", "常德市民政局", "市民政局", "114307000380766847", "430700", "市级", "行政机关", "007", 2)
    assert units[4][-1] == 0


@pytest.mark.parametrize(("values", "width"), [
    (["单位标识", "mzj"], 10), (["常德市民政局x", None], 15), (["ab", 7], 8), (["常" * 40], 60), ([], 8)])
def test_columns_are_as_wide_as_their_text_cjk_counting_double(values, width):
    assert xlsx.column_width(values) == width


def test_xlsx_column_widths_are_set(files):
    sheet = workbook(files["catalog.xlsx"])["单位"]
    # 单位标识 and 安乡县人民政府 count 8 and 14, plus 2; XlsxWriter stores them with the cell padding added.
    assert [round(sheet.column_dimensions[c].width) for c in "AB"] == [11, 17]


def test_unit_workbook_has_the_units_resources_and_info_items(files):
    book = workbook(files["units/mzj.xlsx"])
    assert book.sheetnames == ["资源目录", "信息项"]
    resources = rows_of(book["资源目录"])
    assert list(resources[0]) == HEADER and [row[0] for row in resources[1:]] == [DIBAO, SHOUYANG]
    assert resources[1][18] == DIBAO_ITEMS
    sheet = book["信息项"]
    items = rows_of(sheet)
    assert list(items[0]) == ITEM_HEADER and len(items) == 1 + 7 + 3
    assert items[5] == (DIBAO, "城乡最低生活保障对象信息", 5, "月保障金额", "货币型", 10, 2, None)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:H11"
    assert all(cell.font.bold for cell in sheet[1])
    assert book.properties.title == "常德市民政局数据资源目录"


def test_unit_workbook_of_a_unit_without_resources(files):
    book = workbook(files["units/anxiang.xlsx"])
    assert [rows_of(book[name]) for name in book.sheetnames] == [[tuple(HEADER)], [tuple(ITEM_HEADER)]]
    assert book.properties.created == datetime(2000, 1, 1)


@pytest.mark.parametrize("name", ["catalog.xlsx", "units/mzj.xlsx"])
def test_xlsx_is_dated_by_the_catalog_not_the_clock(files, name):
    book = workbook(files[name])
    assert book.properties.created == book.properties.modified == datetime(2025, 10, 31)
    assert (book.properties.creator, book.properties.lastModifiedBy) == ("常德市数据局", "常德市数据局")
    with zipfile.ZipFile(io.BytesIO(files[name])) as archive:
        assert archive.testzip() is None
        assert {info.date_time for info in archive.infolist()} == {(2025, 10, 31, 0, 0, 0)}
        assert {(info.create_system, info.external_attr) for info in archive.infolist()} == {(3, 0o100644 << 16)}
        # zipfile reads the central directory; the local header of each entry carries the date too.
        local = {files[name][info.header_offset + 10:info.header_offset + 14] for info in archive.infolist()}
    assert local == {struct.pack("<HH", 0, (45 << 9) | (10 << 5) | 31)}


def test_xlsx_core_properties_carry_the_title_and_the_catalog_date(files):
    """XlsxWriter writes `created` for both dates; nothing there comes from the clock."""
    with zipfile.ZipFile(io.BytesIO(files["catalog.xlsx"])) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "<dc:title>常德市政府数据资源目录</dc:title>" in core
    assert re.findall(r"<dcterms:\w+ [^>]*>([^<]*)<", core) == ["2025-10-31T00:00:00Z"] * 2


def test_an_empty_catalog_is_dated_2000_01_01():
    files = unpacked(export_files(catalog_from((), [])))
    assert workbook(files["catalog.xlsx"]).properties.created == datetime(2000, 1, 1)
    assert csv_rows(files["catalog.csv"]) == [HEADER]
    assert csv_rows(files["items.csv"]) == [ITEM_HEADER]


# --- items.csv ----------------------------------------------------------------------------


def test_items_csv_has_one_row_per_info_item(files):
    data = files["items.csv"]
    assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")
    rows = csv_rows(data)
    assert rows[0] == ITEM_HEADER and len(rows) == 1 + 8 + 7 + 3
    assert rows[9 + 4] == [DIBAO, "城乡最低生活保障对象信息", "5", "月保障金额", "货币型", "10", "2", ""]
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])


# --- per-unit files and schemas -----------------------------------------------------------


def test_per_unit_files_hold_only_that_units_resources(files):
    mzj = json.loads(files["api/units/mzj.json"])
    assert mzj["unit"]["name"] == "常德市民政局"
    assert [r["code"] for r in mzj["resources"]] == [DIBAO, SHOUYANG]
    assert csv_rows(files["units/mzj.csv"]) == csv_rows(files["catalog.csv"])[:1] + csv_rows(files["catalog.csv"])[2:]
    assert csv_rows(files["units/anxiang.csv"]) == [HEADER]
    assert json.loads(files["api/units/anxiang.json"])["resources"] == []


def test_the_json_and_csv_are_zip_archives_of_one_file(fixture_catalog, files):
    """Each archive holds its one file under its own name, deflated, dated the ZIP epoch (no clock)."""
    built = export_files(fixture_catalog)
    for name in ("catalog.json.zip", "catalog.csv.zip", "items.csv.zip", "units/mzj.csv.zip"):
        with zipfile.ZipFile(io.BytesIO(built[name])) as archive:
            [info] = archive.infolist()
            assert archive.testzip() is None
            assert info.filename == name.removesuffix(".zip").rsplit("/", 1)[-1], name
            assert (info.compress_type, info.date_time) == (zipfile.ZIP_DEFLATED, (1980, 1, 1, 0, 0, 0)), name
            assert archive.read(info) == files[name.removesuffix(".zip")]
    assert len(built["catalog.json.zip"]) < len(files["catalog.json"]) / 2


def test_schemas_are_copied_byte_for_byte(files):
    for name in ("resource.schema.json", "units.schema.json"):
        assert files[f"schemas/{name}"] == (ROOT / "schemas" / name).read_bytes()


def test_demo_exports_every_file(demo_files):
    assert len([name for name in demo_files if name.startswith("units/")]) == 2 * 48
    doc = json.loads(demo_files["catalog.json"])
    codes = [r["code"] for r in doc["resources"]]
    assert len(codes) == 326 and codes == sorted(codes) and len(doc["units"]) == 48
    assert len(csv_rows(demo_files["catalog.csv"])) == 327
    assert len(csv_rows(demo_files["items.csv"])) == 1 + sum(len(r["items"]) for r in doc["resources"])


# --- writing, determinism -----------------------------------------------------------------


def test_the_downloads_are_these_files(fixture_catalog):
    names = sorted(job.path for job in export_jobs(fixture_catalog, where=WHERE))
    assert [name for name in names if name.startswith("api/")] == [
        "api/catalog/1.jsonld", "api/catalog/1.ttl", "api/changes.jsonld", "api/changes/1.jsonld",
        "api/resources/430700-006-J01-0001.json",
        f"api/resources/{DIBAO}.json", f"api/resources/{SHOUYANG}.json", "api/units/anxiang.json", "api/units/gaj.json",
        "api/units/mzj.json", "api/units/sjj.json"]
    names = [name.removeprefix("downloads/") for name in names if not name.startswith("api/")]
    assert names == ["catalog.csv.zip", "catalog.json.zip", "catalog.xlsx", "items.csv.zip", "overdue.csv",
                     "schemas/request.schema.json", "schemas/resource.schema.json", "schemas/unit-api.schema.json",
                     "schemas/units.schema.json", "shared.csv", "shared.json", "shared.xlsx",
                     "units/anxiang.csv.zip", "units/anxiang.xlsx",
                     "units/gaj.csv.zip", "units/gaj.xlsx",
                     "units/mzj.csv.zip", "units/mzj.xlsx",
                     "units/sjj.csv.zip", "units/sjj.xlsx"]


def test_two_exports_are_byte_identical_whatever_the_clock(fixture_catalog, monkeypatch):
    first = export_files(fixture_catalog)
    # zipfile dates entries with time.localtime(); move the clock years ahead for the second build.
    later = time.localtime(time.time() + 3 * 365 * 86400)
    monkeypatch.setattr(time, "localtime", lambda *args: later)
    second = export_files(fixture_catalog)
    assert list(first) == list(second)
    for name, data in first.items():
        assert data == second[name], name


def test_xlsx_splits_a_sheet_at_excels_row_limit(fixture_catalog, monkeypatch):
    """More rows than a sheet holds go on to 信息项(2), 信息项(3)…, none lost."""
    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 4)  # a header and three rows a sheet
    mzj = next(u for u in fixture_catalog.units if u.id == "mzj")
    resources = fixture_catalog.by_unit["mzj"]
    book = workbook(xlsx.unit_xlsx_bytes(mzj, resources))
    item_sheets = [name for name in book.sheetnames if name.startswith("信息项")]
    total_items = sum(len(r.items) for r in resources)
    assert book.sheetnames[0] == "资源目录" and item_sheets == ["信息项", "信息项(2)", "信息项(3)", "信息项(4)"]
    assert len(item_sheets) == -(-total_items // 3)
    rows = [row for name in item_sheets for row in rows_of(book[name])[1:]]
    assert len(rows) == total_items and [row[2] for row in rows] == [*range(1, 8), 1, 2, 3]
    assert all(rows_of(book[name])[0] == tuple(ITEM_HEADER) for name in item_sheets)


def test_citywide_xlsx_splits_its_resource_sheet_too(fixture_catalog, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 3)
    book = workbook(xlsx.xlsx_bytes(fixture_catalog))
    assert book.sheetnames == ["资源目录", "资源目录(2)", "单位", "单位(2)"]
    assert [row[0] for row in rows_of(book["资源目录(2)"])] == ["资源代码", SHOUYANG]


# --- export jobs and their keys -----------------------------------------------------------


def keys(catalog) -> dict[str, str]:
    return {file_key(job): job.key for job in export_jobs(catalog, where=WHERE)}


def changed(before: dict, after: dict) -> set[str]:
    assert before.keys() == after.keys()
    return {name for name in before if before[name] != after[name]}


CITYWIDE = {"catalog.json.zip", "catalog.csv.zip", "catalog.xlsx", "items.csv.zip"}
SHARED = {"shared.json", "shared.csv", "shared.xlsx", "overdue.csv"}  # they show unit names: keyed on the registry
PAGE_1 = {"api/catalog/1.jsonld", "api/catalog/1.ttl"}


def test_jobs_are_the_exported_files(fixture_catalog):
    jobs = export_jobs(fixture_catalog, where=WHERE)
    files = export_files(fixture_catalog)
    assert [file_key(job) for job in jobs] == list(files)
    assert all(re.fullmatch(r"[0-9a-f]{64}", job.key) for job in jobs)
    assert len({job.key for job in jobs}) == len(jobs)
    assert {file_key(job): job.make() for job in jobs} == files


def test_keys_are_the_same_for_the_same_catalog(fixture_catalog):
    assert keys(fixture_catalog) == keys(load_catalog(FIXTURE))


def test_a_changed_resource_changes_its_units_keys_and_the_citywide_ones_only(fixture_catalog):
    after = keys(with_name(fixture_catalog, DIBAO, summary="新的摘要。"))
    assert changed(keys(fixture_catalog), after) == CITYWIDE | {"units/mzj.csv.zip", "units/mzj.xlsx",
                                                                f"api/resources/{DIBAO}.json", *PAGE_1}


def test_a_renamed_resource_changes_its_units_interface_too(fixture_catalog):
    after = keys(with_name(fixture_catalog, DIBAO, name="城乡低保对象信息"))
    assert changed(keys(fixture_catalog), after) == CITYWIDE | {"units/mzj.csv.zip", "units/mzj.xlsx",
                                                                f"api/resources/{DIBAO}.json", *PAGE_1,
                                                                "api/units/mzj.json"}


def test_a_changed_info_item_changes_the_keys(fixture_catalog):
    dibao = fixture_catalog.by_code[DIBAO]
    catalog = with_name(fixture_catalog, DIBAO, items=(*dibao.items[:-1], dibao.items[-1]._replace(length=61)))
    assert "units/mzj.xlsx" in changed(keys(fixture_catalog), keys(catalog))


def test_a_changed_unit_record_changes_that_units_keys(fixture_catalog):
    after = keys(with_unit(fixture_catalog, "anxiang", contact="0736-1234567"))
    assert changed(keys(fixture_catalog), after) == CITYWIDE | SHARED | {
        "units/anxiang.csv.zip", "units/anxiang.xlsx", "api/units/anxiang.json"}
    after = keys(with_unit(fixture_catalog, "mzj", contact="0736-7654321"))
    assert {"api/units/mzj.json", *PAGE_1} <= changed(keys(fixture_catalog), after)


def test_the_sheet_row_limit_is_part_of_the_key(fixture_catalog, monkeypatch):
    before = keys(fixture_catalog)
    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 4)
    assert changed(before, keys(fixture_catalog)) >= {"catalog.xlsx", "units/mzj.xlsx"}


# --- shared.json, shared.csv, shared.xlsx, overdue.csv ---------------------------------------

SHARED_HEADER = ["申请编号", "资源代码", "数据名称", "资源库类别", "提供单位", "使用单位", "共享信息项", "用途", "列入日期",
                 "状态", "通知日期", "提供期限", "提供日期", "逾期工作日", "期限说明"]
OVERDUE_HEADER = ["提供单位", "申请编号", "使用单位", "资源代码", "数据名称", "通知日期", "提供期限", "提供日期",
                  "逾期工作日", "期限说明"]


@pytest.fixture(scope="module")
def shared_catalog(tmp_path_factory):
    """The fixture catalog with the requests of requestfixture, judged on TODAY."""
    root = add_requests(make_repo(tmp_path_factory.mktemp("shared")))
    return load_catalog(root, today=TODAY)


@pytest.fixture(scope="module")
def shared_files(shared_catalog):
    return {job.name: job.make() for job in export_jobs(shared_catalog, TODAY, where=WHERE)}


def with_request(catalog, request_id, **changes):
    """The catalog with one request changed."""
    return with_requests(catalog, [replace(r, **changes) if r.id == request_id else r for r in catalog.requests])


def test_shared_csv_has_a_bom_the_columns_and_every_sharing(shared_files):
    data = shared_files["shared.csv"]
    assert data.startswith(b"\xef\xbb\xbf\xe7\x94\xb3") and b"\n" not in data.replace(b"\r\n", b"")  # BOM, then 申
    rows = csv_rows(data)
    assert rows[0] == SHARED_HEADER and [row[0] for row in rows[1:]] == ["GX-2026-0001", "GX-2026-0003", "GX-2026-0002"]
    assert rows[3] == ["GX-2026-0002", DIBAO, "城乡最低生活保障对象信息", "业务", "常德市民政局", "常德市公安局",
                       "保障对象身份号码、户主姓名", "核查低保对象户籍变动,及时发现应当停保的情形。", "2026-10-19",
                       "逾期未提供", "2026-11-02", "2026-11-16", "", "6", ""]
    assert rows[2][9:14] == ["已提供", "", "", "2026-05-20", ""]  # 基础库: provided directly, no deadline


def test_overdue_csv_lists_open_ones_first(shared_files):
    rows = csv_rows(shared_files["overdue.csv"])
    assert rows == [OVERDUE_HEADER,
                    ["常德市民政局", "GX-2026-0002", "常德市公安局", DIBAO, "城乡最低生活保障对象信息", "2026-11-02",
                     "2026-11-16", "未提供", "6", ""],
                    ["常德市民政局", "GX-2026-0001", "安乡县人民政府", DIBAO, "城乡最低生活保障对象信息", "2026-03-06",
                     "2026-03-20", "2026-03-27", "5", ""]]


def test_shared_xlsx_sheets_rows_and_date(shared_files):
    book = workbook(shared_files["shared.xlsx"])
    assert book.sheetnames == ["共享目录", "逾期提供清单"]
    shared, overdue = rows_of(book["共享目录"]), rows_of(book["逾期提供清单"])
    assert list(shared[0]) == SHARED_HEADER and len(shared) == 4
    assert shared[1][:4] == ("GX-2026-0001", DIBAO, "城乡最低生活保障对象信息", "业务") and shared[1][13] == 5
    assert shared[2][13] is None  # no deadline, no lateness: an empty cell
    assert list(overdue[0]) == OVERDUE_HEADER and overdue[1][1] == "GX-2026-0002" and overdue[1][8] == 6
    assert book["共享目录"].freeze_panes == "A2" and book["共享目录"].auto_filter.ref == "A1:O4"
    # Dated by the newest step of any request (GX-2026-0002's notice), not by the clock.
    assert book.properties.created == datetime(2026, 11, 2) and book.properties.title == "常德市政府数据资源共享目录"


def test_shared_json_has_the_sharings_the_overdue_list_and_the_date(shared_files):
    doc = json.loads(shared_files["shared.json"])
    assert (doc["title"], doc["as_of"]) == ("常德市政府数据资源共享目录", "2026-11-24")
    assert doc["sharings"][0] == {
        "request": "GX-2026-0001", "code": DIBAO, "name": "城乡最低生活保障对象信息", "database": "业务",
        "provider": "mzj", "provider_name": "常德市民政局", "provider_short": "市民政局", "user": "anxiang",
        "user_name": "安乡县人民政府", "user_short": "安乡县政府", "items": ["户主姓名", "保障类别", "月保障金额"],
        "purpose": "县级临时救助审批时核对申请家庭的低保保障情况。", "granted": "2026-03-05", "status": "逾期提供",
        "notified": "2026-03-06", "due": "2026-03-20", "provided": "2026-03-27", "days_late": 5, "deadline_note": ""}
    assert doc["sharings"][1]["days_late"] is None
    assert [(o["request"], o["open"], o["days_late"]) for o in doc["overdue"]] == [
        ("GX-2026-0002", True, 6), ("GX-2026-0001", False, 5)]


def test_shared_files_defuse_formulas(shared_catalog):
    evil = with_request(shared_catalog, "GX-2026-0002", purpose="=HYPERLINK(\"http://x\")")
    files = {job.name: job.make() for job in export_jobs(evil, TODAY, where=WHERE)}
    assert csv_rows(files["shared.csv"])[3][7] == "'=HYPERLINK(\"http://x\")"
    cell = workbook(files["shared.xlsx"])["共享目录"]["H4"]
    assert cell.value == "'=HYPERLINK(\"http://x\")" and cell.data_type == "s"


def test_shared_files_are_byte_identical_whatever_the_clock(shared_catalog, monkeypatch):
    first = {job.name: job.make() for job in export_jobs(shared_catalog, TODAY, where=WHERE) if job.name in SHARED}
    later = time.localtime(time.time() + 3 * 365 * 86400)
    monkeypatch.setattr(time, "localtime", lambda *args: later)
    second = {job.name: job.make() for job in export_jobs(shared_catalog, TODAY, where=WHERE) if job.name in SHARED}
    assert first == second and set(first) == SHARED


def test_a_changed_request_changes_the_shared_keys_only(shared_catalog):
    before = {job.name: job.key for job in export_jobs(shared_catalog, TODAY, where=WHERE)}
    steps = next(r for r in shared_catalog.requests if r.id == "GX-2026-0002").history
    after = with_request(shared_catalog, "GX-2026-0002", history=(*steps, sharing.Step("已提供", "2026-11-20")))
    assert changed(before, {job.name: job.key for job in export_jobs(after, TODAY, where=WHERE)}) == SHARED
    later = export_jobs(shared_catalog, TODAY.replace(day=25), where=WHERE)
    assert changed(before, {job.name: job.key for job in later}) == SHARED


def test_a_resource_change_the_shared_files_do_not_show_leaves_their_keys(shared_catalog):
    before = {job.name: job.key for job in export_jobs(shared_catalog, TODAY, where=WHERE)}
    summary = with_requests(with_name(shared_catalog, DIBAO, summary="新的摘要。"), list(shared_catalog.requests))
    assert not changed(before, {job.name: job.key for job in export_jobs(summary, TODAY, where=WHERE)}) & SHARED


def test_what_every_catalog_page_carries_is_in_every_pages_key(fixture_catalog):
    """The publishing unit and the classification are on every page of api/catalog/, whichever entries it holds."""
    before = keys(fixture_catalog)
    renamed = keys(with_unit(fixture_catalog, "sjj", name="常德市大数据管理局"))
    assert changed(before, renamed) >= PAGE_1
    fewer_classes = catalog_from(fixture_catalog.units, list(fixture_catalog.resources), fixture_catalog.classes[:-1])
    assert changed(before, keys(fewer_classes)) >= PAGE_1
