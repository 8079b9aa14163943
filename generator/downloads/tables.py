"""The downloads' tables: the rows CSV and XLSX both show, and the CSV files.

A cell that a spreadsheet would run as a formula (it starts with = + - @ or a control) is
written so that it shows as text: the values are the units' own text.
"""

from __future__ import annotations

import csv
import io

from ..model import requeststatus
from ..model.catalog import Catalog, Resource

COLUMNS = ("资源代码", "数据名称", "提供单位", "统一社会信用代码", "内设机构", "资源库类别", "子类", "共享类型",
           "共享条件", "共享方式", "不予共享依据", "开放属性", "编码格式", "更新周期", "发布日期", "数据更新日期",
           "摘要", "关键词", "信息项", "关联资源")


ITEM_COLUMNS = ("资源代码", "数据名称", "序号", "信息项名称", "数据类型", "长度", "小数位数", "说明")


SHARED_COLUMNS = ("申请编号", "资源代码", "数据名称", "资源库类别", "提供单位", "使用单位", "共享信息项", "用途",
                  "列入日期", "状态", "通知日期", "提供期限", "提供日期", "逾期工作日", "期限说明")


OVERDUE_COLUMNS = ("提供单位", "申请编号", "使用单位", "资源代码", "数据名称", "通知日期", "提供期限", "提供日期",
                   "逾期工作日", "期限说明")


UNIT_COLUMNS = ("单位标识", "单位名称", "简称", "统一社会信用代码", "行政区划代码", "层级", "单位类型", "单位编号",
                "资源数")


# Cells starting with these are run as formulas by Excel and LibreOffice (OWASP "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell value a spreadsheet shows as text: formula-like strings get a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def resource_row(r: Resource) -> tuple[str, ...]:
    """The 资源目录 columns of one resource, as display text."""
    return (r.code, r.name, r.provider.name, r.provider.credit_code, r.department, r.database, r.subclass,
            r.sharing_type, r.conditions, "、".join(r.methods), legal_basis_text(r), r.open,
            format_text(r), r.update_cycle, r.published, r.updated, r.summary, "、".join(r.keywords),
            ";".join(item_text(i) for i in r.items), ";".join(r.related_codes))


def legal_basis_text(r: Resource) -> str:
    """「《法名》第N条」 for each legal basis; the law may or may not carry its 书名号 in YAML."""
    return ";".join(f"《{b.law.strip('《》')}》{b.article}" for b in r.legal_basis)


def format_text(r: Resource) -> str:
    """编码格式 with its detail, e.g. 数据库(MySQL)."""
    return f"{r.format_type}({r.format_detail})" if r.format_detail else r.format_type


def item_text(item) -> str:
    """名称(类型,长度[,小数位数]) of one info item."""
    size = [str(n) for n in (item.length, item.precision) if n is not None]
    return f"{item.name}({','.join([item.type, *size])})"


def item_rows(resources) -> list[tuple]:
    """One 信息项 row per info item of every resource."""
    return [(r.code, r.name, number, i.name, i.type, i.length, i.precision, i.description)
            for r in resources for number, i in enumerate(r.items, start=1)]


def unit_rows(catalog: Catalog) -> list[tuple]:
    """One 单位 row per unit, with its number of resources."""
    return [(u.id, u.name, u.short_name, u.credit_code, u.division, u.level, u.kind, u.number,
             len(catalog.by_unit.get(u.id, ()))) for u in catalog.units]


def csv_bytes(resources) -> bytes:
    """The 资源目录 CSV export: one row per resource, info items summed up in one column."""
    return table_csv(COLUMNS, [resource_row(r) for r in resources])


def items_csv_bytes(resources) -> bytes:
    """The 信息项 CSV export: one row per info item, for every resource of the city.

    Too many rows for one Excel sheet at city scale, and cheap to write: the citywide
    workbook leaves them out, the per-unit workbooks have them.
    """
    return table_csv(ITEM_COLUMNS, item_rows(resources))


def table_csv(header, rows) -> bytes:
    """UTF-8 with a BOM and CRLF line ends, so Excel opens the Chinese as is; formulas defused."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(map(safe_row, rows))
    return text.getvalue().encode("utf-8-sig")


def safe_row(row):
    """The row with formula-like cells defused; most rows have none and are returned as they are."""
    for value in row:
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return tuple(map(safe_cell, row))
    return row


def shared_rows(catalog: Catalog) -> list[tuple]:
    """One 共享目录 row per resource of a granted request."""
    rows = []
    for request, wanted in catalog.sharings:
        r = requeststatus.sharing_record(request, wanted)
        rows.append((r["request"], r["code"], r["name"], r["database"], r["provider_name"], r["user_name"],
                     "、".join(r["items"]), r["purpose"], r["granted"], r["status"], r["notified"], r["due"],
                     r["provided"], r["days_late"], r["deadline_note"]))
    return rows


def overdue_rows(catalog: Catalog) -> list[tuple]:
    """One 逾期提供清单 row per overdue request, those still not provided first."""
    rows = []
    for request in catalog.overdue:
        r = requeststatus.overdue_record(request)
        rows.append((r["provider_name"], r["request"], r["user_name"], ";".join(r["codes"]), ";".join(r["names"]),
                     r["notified"], r["due"], r["provided"] or requeststatus.NOT_PROVIDED, r["days_late"],
                     r["deadline_note"]))
    return rows
