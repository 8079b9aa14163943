"""The columns of the two sheets and how a header, however a clerk wrote it, is recognised.

Templates differ from county to county: 名称 or 信息资源名称, 共享类型 under a merged 共享属性,
a note in brackets after the name. Every header is compared in one normal form, so one table of
names and aliases serves import and export alike.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from ...core.problems import Problem
from .results import sheet_problem

MAIN_SHEET, ITEM_SHEET = "资源目录", "信息项"


@dataclass(frozen=True)
class Column:
    """A column the route understands: what it holds, the header export writes, other names for it."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    export: bool = True


# Export order; import recognises every header and alias, compared after `normal_name`, with or
# without a 信息资源 prefix and a trailing note in parentheses.
MAIN_COLUMNS = (
    Column("category", "信息资源分类", ("分类", "资源分类", "类别", "资源类别", "本市资源分类")),
    Column("name", "信息资源名称", ("名称", "数据名称", "资源名称")),
    Column("code", "信息资源代码", ("代码", "资源代码", "编码", "资源编码", "本市资源代码")),
    Column("national_code", "国家目录代码", ("国家资源代码", "国家信息资源代码")),
    # The national template's 信息资源分类 is its own four levels (类/项/目/细目), merged over them.
    Column("national_class", "国家目录分类(类)", ("国家分类(类)",)),
    Column("national_item", "国家目录分类(项)", ("国家分类(项)",)),
    Column("national_heading", "国家目录分类(目)", ("国家分类(目)",)),
    Column("national_subheading", "国家目录分类(细目)", ("国家分类(细目)",)),
    Column("provider", "信息资源提供方", ("提供方", "提供单位", "提供部门", "提供方名称")),
    Column("department", "责任处室", ("内设机构", "责任部门", "责任科室", "处室", "提供方内部部门")),
    Column("summary", "信息资源摘要", ("摘要", "资源摘要")),
    Column("keywords", "关键词", ("关键字",)),
    Column("format", "信息资源格式", ("格式", "编码格式", "资源格式", "数据格式")),
    Column("sharing", "共享类型", ("共享类别", "共享属性")),
    Column("conditions", "共享条件"),
    Column("method", "共享方式", ("共享途径",)),
    Column("legal_basis", "不予共享依据", ("不共享依据", "不予共享的依据", "不予共享理由")),
    Column("open", "开放属性", ("开放类型",)),
    Column("open_conditions", "开放条件", ("开放说明",)),
    Column("update_cycle", "更新周期", ("更新频率", "更新频度", "更新时限")),
    Column("published", "发布日期", ("发布时间",)),
    Column("updated", "数据更新日期", ("更新日期", "数据更新时间", "最近更新日期")),
    Column("related", "关联资源", ("关联资源代码", "相关资源")),
    Column("links", "相关链接", ("链接",)),
    Column("database", "资源库类别", ("资源库",), export=False),
    Column("subclass", "子类", ("资源子类",), export=False),
    Column("credit_code", "统一社会信用代码", ("提供方代码", "提供单位代码"), export=False),
    Column("items_text", "信息项", ("信息项信息", "数据项"), export=False),
    # One row per info item under the resource's own row (the national template and WPS layouts).
    Column("item_name", "信息项名称", ("数据项名称", "字段名称", "中文名称"), export=False),
    Column("item_type", "数据类型", ("字段类型",), export=False),
    Column("item_length", "数据长度", ("字段长度",), export=False),
    Column("item_precision", "小数位数", ("小数位",), export=False),
    Column("item_description", "信息项说明", ("字段说明", "信息项描述"), export=False),
    Column("format_type", "信息资源格式分类", ("格式分类",), export=False),
    Column("format_detail", "信息资源格式类型", ("格式类型", "具体格式"), export=False),
    Column("open_flag", "是否向社会开放", ("是否开放",), export=False),
    Column("classified", "是否涉密", ("涉密",)),  # the unit's declaration, exported so that re-import keeps it
    Column("number", "序号", (), export=False),  # a row number: the order of the rows says it
)
ITEM_COLUMNS = (
    Column("code", "资源代码", ("代码", "信息资源代码")),
    Column("name", "信息项名称", ("数据项名称", "字段名称", "中文名称", "信息项")),
    Column("type", "数据类型", ("类型", "字段类型")),
    Column("length", "长度", ("数据长度", "字段长度")),
    Column("precision", "小数位数", ("小数位", "精度")),
    Column("description", "说明", ("描述", "备注", "信息项说明")),
    Column("resource_name", "数据名称", ("资源名称", "信息资源名称"), export=False),
    Column("number", "序号", (), export=False),
)
# The columns of the national class, and the level of the entry's national_class each fills.
NATIONAL_LEVELS = {"national_class": "class", "national_item": "item", "national_heading": "heading",
                   "national_subheading": "subheading"}
# Where a 资源目录 column's value goes in an entry.
PATHS = {"code": ("code",), "national_code": ("national_code",), "name": ("name",), "department": ("department",),
         "summary": ("summary",), "open_conditions": ("open_conditions",),
         **{key: ("national_class", level) for key, level in NATIONAL_LEVELS.items()},
         "keywords": ("keywords",), "category": ("category",), "format": ("format",),
         "sharing": ("sharing", "type"), "conditions": ("sharing", "conditions"), "method": ("sharing", "method"),
         "legal_basis": ("sharing", "legal_basis"), "open": ("open",), "update_cycle": ("update_cycle",),
         "published": ("published",), "updated": ("updated",), "related": ("related",), "links": ("links",),
         "classified": ("classified",)}
ITEM_KEYS = ("item_name", "item_type", "item_length", "item_precision", "item_description")
ITEM_FIELDS = dict(zip(ITEM_KEYS, ("name", "type", "length", "precision", "description"), strict=True))
# A parent header merged over sub-columns (the national template's second header row): the
# sub-column's name as written under it, and what it holds there.
PARENTS = {
    "信息资源格式": {"分类": "format_type", "类别": "format_type", "格式分类": "format_type", "类型": "format_detail",
               "格式类型": "format_detail", "具体格式": "format_detail", "格式": "format_detail"},
    "信息项": {"名称": "item_name", "类型": "item_type", "长度": "item_length", "数据长度": "item_length",
            "说明": "item_description", "描述": "item_description", "小数位数": "item_precision",
            "精度": "item_precision"},
    "共享属性": {"类型": "sharing", "条件": "conditions", "方式": "method"},
    "开放属性": {"是否向社会开放": "open_flag", "是否开放": "open_flag", "开放类型": "open", "类型": "open",
             "开放条件": "open_conditions", "条件": "open_conditions"},
    "信息资源分类": {"类": "national_class", "项": "national_item", "目": "national_heading", "细目": "national_subheading"},
}
MAIN_SHEET_NAMES = {"资源目录", "信息资源目录", "政务信息资源目录", "数据资源目录", "目录"}
ITEM_SHEET_NAMES = {"信息项", "信息项表", "信息项目录", "数据项"}
_PREFIXES = ("政务信息资源", "政务数据资源", "信息资源", "数据资源")
HEADER_SCAN = 10  # rows searched for the header: templates put a title and notes above it
HEADERS = {c.key: c.header for c in MAIN_COLUMNS}
EXPORT_HEADER = tuple(c.header for c in MAIN_COLUMNS if c.export)
ITEM_HEADER = tuple(c.header for c in ITEM_COLUMNS if c.export)


def normal_name(text) -> str:
    """A header or sheet name as compared: NFKC (full-width brackets to ASCII), no spaces, no * marks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).strip("*★")


def header_lookup(columns: tuple[Column, ...]) -> dict[str, str]:
    """Every header and alias, in the form compared, to its column key."""
    return {normal_name(name): c.key for c in columns for name in (c.header, *c.aliases)}


def column_key(header, lookup: dict[str, str]) -> str | None:
    """What a header means: as written, without a trailing note in brackets, without a 信息资源 prefix."""
    name = normal_name(header)
    bare = re.sub(r"\([^()]*\)$", "", name)
    for candidate in (name, bare, *(bare[len(p):] for p in _PREFIXES if bare.startswith(p))):
        if candidate in lookup:
            return lookup[candidate]
    return None


def header_row(grid: list[list], lookup: dict[str, str]) -> int | None:
    """Of the first rows, the one naming most known columns (at least two); of two header rows
    (共享属性 above 共享类型, 共享条件, 共享方式) the lower one."""
    scores = [len({column_key(c.value, lookup) for c in row if c.value is not None} - {None})
              for row in grid[:HEADER_SCAN]]
    if max(scores, default=0) < 2:
        return None
    return len(scores) - 1 - scores[::-1].index(max(scores))


def header_rows(grid: list[list], lookup: dict[str, str]) -> tuple[int | None, int] | None:
    """The header: (None, row), or (parent row, row) when a parent is merged over named sub-columns."""
    at = header_row(grid, lookup)
    if at is None:
        return None
    if at + 1 < len(grid) and _sub_headers(grid[at], grid[at + 1], lookup):
        return at, at + 1
    if at > 0 and _sub_headers(grid[at - 1], grid[at], lookup):
        return at - 1, at
    return None, at


def _sub_headers(upper: list, lower: list, lookup: dict[str, str]) -> bool:
    """Whether `lower` names at least two sub-columns under parents (共享属性, 信息项 …) in `upper`."""
    found = [header_cell(u.value, v.value, lookup)[1] for u, v in zip(upper, lower, strict=False)
             if u.value is not None and normal_name(u.value) in PARENTS and v.value is not None
             and normal_name(v.value) != normal_name(u.value)]
    return len([key for key in found if key]) >= 2


def header_cell(parent, name, lookup: dict[str, str]) -> tuple[str, str | None]:
    """A column's label and key from its header cell and the parent cell above it (None if one row).

    A sub-column is read in its parent's terms (类型 under 信息资源格式 is the format's detail, under
    共享属性 the sharing type); a header written only in the upper row is that column's header.
    """
    text = str(name).strip() if name is not None else ""
    above = str(parent).strip() if parent is not None else ""
    if not text or normal_name(text) == normal_name(above):
        return above, column_key(above, lookup) if above else None
    children = PARENTS.get(normal_name(above), {})
    if normal_name(text) in children:
        bare = normal_name(text)
        return (text if column_key(text, lookup) else f"{above}·{text}"), children[bare]
    return text, column_key(text, lookup)


def unknown_column(sheet: str, row: int, label: str, lookup: dict, columns) -> Problem:
    """A header nobody knows, with the closest known name as a guess: most are typos or local wording."""
    close = difflib.get_close_matches(normal_name(label), list(lookup), n=1, cutoff=0.5)
    guess = f"是否想写「{close[0]}」?" if close else ""
    names = "、".join(c.header for c in columns)
    return sheet_problem("xlsx-column-unknown", sheet, row, label, f"不认识的列名「{label}」,这一列的内容不会导入。",
                      f"{guess}能识别的列名:{names}。不需要导入的列请删除。")
