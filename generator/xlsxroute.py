"""The Excel route: a unit's catalog to and from a workbook laid out like the national
政务信息资源目录 template (sheet 资源目录, one row per resource; sheet 信息项, one row per item).

Many units keep their catalog in a spreadsheet and never touch YAML. Importing turns each row
into one entry file written as a clerk would write it (schema order, quotes only where the
strict loader needs them); every cell either lands in the entry or is reported in Chinese
with its sheet, row and column, and a row with any problem is not written at all. The
written files then go through `validate` like any pull request. Exporting writes the same
layout, so export -> edit -> import loses nothing.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import json
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import yaml
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

from .exports import FORMULA_STARTS, workbook_bytes
from .load import load_bytes, load_file
from .problems import ERROR, Problem
from .registry import Unit, class_codes, units_from
from .rules.entries import NONSHARED, NONSHARED_DIR, SHARED_DIR
from .schema import Schema
from .validate import REGISTRY

MODELINE = "# yaml-language-server: $schema=../../schemas/resource.schema.json"
MAIN_SHEET, ITEM_SHEET = "资源目录", "信息项"


@dataclass(frozen=True)
class Column:
    """A column the route understands: what it holds, the header export writes, other names for it."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    export: bool = True


# Export order; import recognises every header and alias, compared after `_normal`, with or
# without a 信息资源 prefix and a trailing note in parentheses.
MAIN_COLUMNS = (
    Column("category", "信息资源分类", ("分类", "资源分类", "类别", "资源类别")),
    Column("name", "信息资源名称", ("名称", "数据名称", "资源名称")),
    Column("code", "信息资源代码", ("代码", "资源代码", "编码", "资源编码")),
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
    Column("update_cycle", "更新周期", ("更新频率", "更新频度", "更新时限")),
    Column("published", "发布日期", ("发布时间",)),
    Column("updated", "数据更新日期", ("更新日期", "数据更新时间", "最近更新日期")),
    Column("related", "关联资源", ("关联资源代码", "相关资源")),
    Column("links", "相关链接", ("链接",)),
    Column("database", "资源库类别", ("资源库",), export=False),
    Column("subclass", "子类", ("资源子类",), export=False),
    Column("credit_code", "统一社会信用代码", ("提供方代码", "提供单位代码"), export=False),
    Column("items_text", "信息项", ("信息项信息", "信息项名称", "数据项"), export=False),
    Column("classified", "是否涉密", ("涉密",), export=False),
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
# Where a 资源目录 column's value goes in an entry.
PATHS = {"code": ("code",), "name": ("name",), "department": ("department",), "summary": ("summary",),
         "keywords": ("keywords",), "category": ("category",), "format": ("format",),
         "sharing": ("sharing", "type"), "conditions": ("sharing", "conditions"), "method": ("sharing", "method"),
         "legal_basis": ("sharing", "legal_basis"), "open": ("open",), "update_cycle": ("update_cycle",),
         "published": ("published",), "updated": ("updated",), "related": ("related",), "links": ("links",),
         "classified": ("classified",)}
_MAIN_SHEETS = {"资源目录", "信息资源目录", "政务信息资源目录", "数据资源目录", "目录"}
_ITEM_SHEETS = {"信息项", "信息项表", "信息项目录", "数据项"}
_PREFIXES = ("政务信息资源", "政务数据资源", "信息资源", "数据资源")
_PLACEHOLDERS = {"-", "--", "—", "/"}  # what clerks type for "nothing here"
_HEADER_SCAN = 10
_OLE2 = b"\xd0\xcf\x11\xe0"  # .xls and password-protected workbooks are OLE2 files, not zips


@dataclass(frozen=True)
class RowProblem:
    """Something a workbook cell, row or sheet holds that could not be imported."""

    sheet: str
    row: int  # the Excel row number; 0 for the workbook as a whole
    column: str  # the column's header as written (or as it should be written); "" for a whole row or sheet
    message: str
    hint: str = ""


@dataclass
class ImportResult:
    """What an import did: files written (new or changed), moved away, left as they were, and why rows were not."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0


@dataclass
class ExportResult:
    """What an export wrote, and the entry files it had to leave out."""

    path: Path
    resources: int = 0
    items: int = 0
    problems: list[Problem] = field(default_factory=list)


class _CellError(Exception):
    """A cell that cannot be mapped; caught per cell and turned into a RowProblem."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


def report_lines(result: ImportResult) -> list[str]:
    """One Chinese line per problem: where (sheet, row, column), what, and a hint."""
    lines = []
    for p in result.problems:
        where = "".join([p.sheet and f"工作表「{p.sheet}」", p.row and f"第 {p.row} 行", p.column and f"「{p.column}」列"])
        lines.append(f"{where or '工作簿'}:{p.message}" + (f" 提示:{p.hint}" if p.hint else ""))
    return lines


# --- import -------------------------------------------------------------------------------


def import_xlsx(root: Path, workbook: Path, unit_id: str) -> ImportResult:
    """Write one entry file per row of `workbook` into the folders of `unit_id`; report every cell it cannot map."""
    schema = Schema.named("resource")
    unit = _units(root).get(unit_id)
    if unit is None:
        return ImportResult(problems=[RowProblem("", 0, "", f"单位登记表中没有单位标识「{unit_id}」。",
                                                 f"可用的单位标识见 {REGISTRY}。")])
    book, problem = _open(workbook)
    if book is None:
        return ImportResult(problems=[problem])
    importer = _Importer(root, unit, schema)
    importer.run(book)
    return importer.result


def _units(root: Path) -> dict[str, Unit]:
    doc, _ = load_file(root / REGISTRY, REGISTRY)
    return units_from(Schema.named("units").coerce(doc)) if doc else {}


def _open(workbook: Path):
    """The workbook, or why it cannot be read; never raises for a bad file."""
    try:
        with open(workbook, "rb") as file:
            head = file.read(8)
    except OSError as exc:
        return None, RowProblem("", 0, "", f"无法读取工作簿:{exc.strerror}。", "确认文件存在且有读取权限。")
    if head.startswith(_OLE2):
        return None, RowProblem("", 0, "", "这是旧版 Excel 97-2003 工作簿(.xls)或设了打开密码的工作簿,无法读取。",
                                "请用 Excel 或 WPS 打开,取消密码,另存为「Excel 工作簿(.xlsx)」后再导入。")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops, such as data validation
            return openpyxl.load_workbook(workbook, data_only=False), None
    except Exception:  # noqa: BLE001 - an untrusted file may fail in any layer of zipfile, XML or openpyxl
        return None, RowProblem("", 0, "", "无法读取工作簿:文件不是 .xlsx 格式,或者已经损坏。",
                                "用 Excel 或 WPS 打开它,另存为「Excel 工作簿(.xlsx)」后再导入。")


@dataclass
class _Table:
    """A sheet's data under its header row: which column holds what."""

    sheet: str
    keys: dict[int, str]  # column index -> column key
    labels: dict[int, str]  # column index -> header as written, or the column letter
    rows: list[tuple[int, list]]  # (Excel row number, cells) of the non-empty rows


@dataclass
class _Row:
    sheet: str
    number: int
    fields: dict[str, object]  # column key -> parsed value, None for an empty cell
    labels: dict[str, str]  # column key -> header as written
    problems: list[RowProblem]

    def problem(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(RowProblem(self.sheet, self.number, self.labels.get(key) or _HEADERS[key], message, hint))

    def reported(self, *keys: str) -> bool:
        """Whether a cell of these columns already has a problem (so it is not reported twice)."""
        return any(p.column in {self.labels.get(k) for k in keys} for p in self.problems)


class _Importer:
    """One import: the unit's existing entries, the info items by code, the entries planned for writing."""

    def __init__(self, root: Path, unit: Unit, schema: Schema):
        self.root, self.unit, self.schema = root, unit, schema
        self.classes = class_codes(schema)
        self.existing = _entries_by_code(root, unit.id, schema)
        self.items: dict[str, list[tuple[int, dict]]] = {}
        self.bad_items: dict[str, list[int]] = {}
        self.item_sheet, self.item_code = ITEM_SHEET, "资源代码"  # the 信息项 sheet's name and code header
        self.result = ImportResult()
        self.planned: list[tuple[str, str | None, dict]] = []

    def run(self, book) -> None:
        main, item_sheet, others = _sheets(book)
        problems = [_other_sheet(ws.title) for ws in others if _has_content(ws)]
        item_problems = self._read_items(item_sheet) if item_sheet is not None else []
        table, main_problems = _table(main, MAIN_COLUMNS) if main is not None else (None, [_no_main_sheet()])
        rows = [self._parse_row(table, number, cells) for number, cells in table.rows] if table else []
        codes = {r.fields["code"]: r.number for r in reversed(rows) if isinstance(r.fields.get("code"), str)}
        for row in rows:
            self._plan(row, codes)
            main_problems += row.problems
        item_problems += self._orphan_items(codes)
        self.result.rows = len(rows)
        self.result.problems = problems + main_problems + sorted(item_problems, key=lambda p: p.row)
        self._write()

    def _read_items(self, sheet) -> list[RowProblem]:
        """The 信息项 sheet: items by resource code; a code with a bad item row is marked, its resource not written."""
        table, problems = _table(sheet, ITEM_COLUMNS)
        self.item_sheet, self.item_code = sheet.title, (table and _label(table, "code")) or self.item_code
        for number, cells in table.rows if table else ():
            values, row_problems = _cells(table, number, cells, _ITEM_PARSERS, self)
            labels = {key: table.labels[index] for index, key in table.keys.items()}
            row_problems += [_missing_item(table.sheet, number, labels, key, self.schema) for key in _ITEM_REQUIRED
                             if values.get(key) is None and not any(p.column == labels.get(key) for p in row_problems)]
            problems += row_problems
            if isinstance(values.get("code"), str):
                item = {k: values[k] for k in _ITEM_KEYS if values.get(k) is not None}
                self.items.setdefault(values["code"], []).append((number, item))
                if row_problems:
                    self.bad_items.setdefault(values["code"], []).append(number)
        return problems

    def _orphan_items(self, codes: dict) -> list[RowProblem]:
        return [RowProblem(self.item_sheet, number, self.item_code, f"资源目录中没有资源代码「{code}」,这一行信息项没有导入。",
                           "先在资源目录中填写这项资源,或改正资源代码。")
                for code, rows in self.items.items() if code not in codes for number, _ in rows]

    def _parse_row(self, table: _Table, number: int, cells: list) -> _Row:
        fields, problems = _cells(table, number, cells, _MAIN_PARSERS, self)
        row = _Row(table.sheet, number, fields, {key: table.labels[i] for i, key in table.keys.items()}, problems)
        if "database" in fields or "subclass" in fields:
            self._category_pair(row)
        return row

    def _category_pair(self, row: _Row) -> None:
        """资源库类别 and 子类 in two columns: together they give the category."""
        database, subclass = row.fields.pop("database", None), row.fields.pop("subclass", None)
        if database is None and subclass is None:
            row.fields.setdefault("category", None)
            return
        pair = _class_pair([database, subclass] if database else [subclass], self.classes) if subclass else None
        key = "database" if "database" in row.labels else "subclass"
        if pair is None:
            row.problem(key, f"资源分类「{database or ''}/{subclass or ''}」无法识别。", _CATEGORY_HINT)
        elif row.fields.get("category") not in (None, pair):
            row.problem(key, "资源库类别、子类与信息资源分类不一致。", "只保留一种写法,或改成一致。")
        else:
            row.fields["category"] = pair

    def _plan(self, row: _Row, codes: dict) -> None:
        """Check the row as a whole; a row without any problem is planned for writing."""
        code = row.fields.get("code")
        if code is None and not row.reported("code"):
            row.problems.append(self._missing_code(row, codes))
        elif isinstance(code, str) and codes[code] != row.number:
            row.problem("code", f"资源代码「{code}」与第 {codes[code]} 行重复。", "每项资源只填一行;信息项请填在信息项表中。")
        path, data = self.existing.get(code, (None, {})) if isinstance(code, str) else (None, {})
        data = self._merged(row, copy.deepcopy(data))
        self._required(row, data)
        target = None if row.problems else self._target(row, code, path, data)
        if target:
            self.planned.append((target, path, data))

    def _merged(self, row: _Row, data: dict) -> dict:
        """The existing entry (if any) with every column the sheet has written over it."""
        old_bases = _get(data, ("sharing", "legal_basis"))
        for key, value in row.fields.items():
            if key in PATHS:
                _put(data, PATHS[key], value)
        if isinstance(old_bases, list) and isinstance(_get(data, ("sharing", "legal_basis")), list):
            _keep_excerpts(data["sharing"]["legal_basis"], old_bases)
        data["provider"] = self.unit.id
        data.setdefault("classified", False)
        items = self._row_items(row)
        if items:
            data["items"] = items
        return data

    def _row_items(self, row: _Row) -> list[dict] | None:
        """The items of the row's code from the 信息项 sheet, else from its 信息项 cell; both must agree."""
        code, text_items = row.fields.get("code"), row.fields.get("items_text")
        sheet_items = [item for _, item in self.items.get(code, [])]
        if code in self.bad_items:
            numbers = "、".join(str(n) for n in self.bad_items[code])
            row.problem("items_text", f"信息项表「{self.item_sheet}」中这项资源的信息项有误(第 {numbers} 行),本行没有导入。",
                        "按信息项表的提示改正后再导入。")
        elif sheet_items and text_items and not _same_items(text_items, sheet_items):
            row.problem("items_text", f"「信息项」列与信息项表「{self.item_sheet}」中这项资源的信息项不一致。",
                        "只在一处填写信息项,或把两处改成一致。")
        return sheet_items or text_items

    def _required(self, row: _Row, data: dict) -> None:
        for path, keys in _REQUIRED:
            if _get(data, path) is None and not row.reported(*keys):
                info, key = self.schema.fields.info(path), keys[0]
                where = "这一格为空" if key in row.labels else "工作表中没有这一列"
                if key == "items_text":
                    where = "信息项表中没有这个资源代码的行,「信息项」列也为空"
                row.problem(key, f"缺少必填项「{info.title}」:{where}。",
                            _ITEMS_HINT if key == "items_text" else info.description)

    def _missing_code(self, row: _Row, codes: dict) -> RowProblem:
        prefix = self.unit.code_prefix + "-"
        numbers = [int(c[-4:]) for c in [*self.existing, *codes] if c.startswith(prefix) and c[-4:].isdigit()]
        category = row.fields.get("category")
        class_code = self.classes.get((category["database"], category["subclass"])) if category else "类别码"
        example = f"{prefix}{class_code}-{max(numbers, default=0) + 1:04d}"
        return RowProblem(row.sheet, row.number, row.labels.get("code") or _HEADERS["code"],
                          "缺少资源代码:导入时按资源代码新建或更新条目文件。",
                          f"资源代码由「区划代码-单位编号-类别码-顺序号」组成;本单位下一个未用的顺序号可写成 {example}。")

    def _target(self, row: _Row, code: str, path: str | None, data: dict) -> str | None:
        """Where the entry goes: its existing file (moved when the sharing type changed folder) or <code>.yaml."""
        top = NONSHARED_DIR if data["sharing"]["type"] == NONSHARED else SHARED_DIR
        target = f"{top}/{self.unit.id}/{Path(path).name if path else code + '.yaml'}"
        if target != path and (self.root / target).exists():
            row.problem("code", f"文件 {target} 已经存在,其中不是资源代码为「{code}」的资源,没有覆盖它。",
                        "先改正或移走那个文件(catalog validate 会指出它的问题),再导入。")
            return None
        return target

    def _write(self) -> None:
        """Write the planned entries; an entry whose data did not change keeps its file, comments and all."""
        for target, old, data in sorted(self.planned, key=lambda planned: planned[0]):
            if target == old and self.existing[data["code"]][1] == data:
                self.result.unchanged.append(target)
                continue
            (self.root / target).parent.mkdir(parents=True, exist_ok=True)
            (self.root / target).write_text(entry_text(data, self.schema), encoding="utf-8")
            self.result.written.append(target)
            if old and old != target:
                (self.root / old).unlink()
                self.result.removed.append(old)


def _label(table: _Table, key: str) -> str | None:
    """The header, as written, of the column holding `key`."""
    return next((table.labels[index] for index, k in table.keys.items() if k == key), None)


def _no_main_sheet() -> RowProblem:
    return RowProblem("", 0, "", "工作簿中只有信息项表,没有资源目录表。",
                      f"把资源填在名为「{MAIN_SHEET}」的工作表中,一项资源一行。")


def _other_sheet(title: str) -> RowProblem:
    return RowProblem(title, 0, "", f"工作表「{title}」不是资源目录或信息项,其中的内容没有导入。",
                      f"资源填在「{MAIN_SHEET}」表,信息项填在「{ITEM_SHEET}」表;这张表如果只是说明,可以忽略这条提示。")


def _missing_item(sheet: str, number: int, labels: dict, key: str, schema: Schema) -> RowProblem:
    info = schema.fields.info(("code",) if key == "code" else ("items", 0, key))
    label = labels.get(key) or next(c.header for c in ITEM_COLUMNS if c.key == key)
    return RowProblem(sheet, number, label, f"缺少必填项「{info.title}」。", info.description)


_HEADERS = {c.key: c.header for c in MAIN_COLUMNS}
_ITEM_KEYS = ("name", "type", "length", "precision", "description")
_ITEM_REQUIRED = ("code", "name", "type")
# Required fields the workbook must give (provider and classified are the import's own), and
# the columns that give them.
_REQUIRED = ((("name",), ("name",)), (("summary",), ("summary",)),
             (("category",), ("category", "database", "subclass")), (("format",), ("format",)),
             (("sharing", "type"), ("sharing",)), (("open",), ("open",)), (("update_cycle",), ("update_cycle",)),
             (("published",), ("published",)), (("updated",), ("updated",)), (("items",), ("items_text",)))
_CATEGORY_HINT = "写成「资源库类别/子类」,例如「基础/人口」,或写类别码,例如 J01;可选的类别和子类见格式说明「类别码表」。"
_ITEMS_HINT = (f"在「{ITEM_SHEET}」表中每个信息项填一行(资源代码、信息项名称、数据类型、长度、小数位数、说明),"
               "或在「信息项」列中写成「名称(类型,长度)」,多项用分号隔开。")


def _put(data: dict, path: tuple, value) -> None:
    """Set a value at a key path; None removes it (an empty cell clears an optional field)."""
    for part in path[:-1]:
        if not isinstance(data.get(part), dict):
            data[part] = {}
        data = data[part]
    if value is None:
        data.pop(path[-1], None)
    else:
        data[path[-1]] = value


def _get(data: dict, path: tuple):
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _keep_excerpts(bases: list[dict], old: list[dict]) -> None:
    """A legal basis written without its excerpt keeps the excerpt the entry had: a workbook
    from the site's downloads lists the laws but not the excerpts."""
    excerpts = {(b.get("law"), b.get("article")): b["excerpt"] for b in old if isinstance(b, dict) and b.get("excerpt")}
    for basis in bases:
        if "excerpt" not in basis and (basis["law"], basis["article"]) in excerpts:
            basis["excerpt"] = excerpts[(basis["law"], basis["article"])]


def _entries_by_code(root: Path, unit_id: str, schema: Schema) -> dict[str, tuple[str, dict]]:
    """The unit's readable entry files by code (the first file wins if two share a code)."""
    found: dict[str, tuple[str, dict]] = {}
    for path, data, _ in _entry_files(root, unit_id, schema):
        if data is not None and isinstance(data.get("code"), str):
            found.setdefault(data["code"], (path, data))
    return found


def _entry_files(root: Path, unit_id: str, schema: Schema):
    """(path, data or None, problems) of every entry file of a unit, shared first."""
    for top in (SHARED_DIR, NONSHARED_DIR):
        for file in sorted((root / top / unit_id).glob("*.y*ml")):
            path = f"{top}/{unit_id}/{file.name}"
            doc, problems = load_bytes(file.read_bytes(), path, schema.typed_keys)
            data = schema.coerce(doc) if doc else None
            yield path, data if isinstance(data, dict) else None, problems


# --- reading sheets -------------------------------------------------------------------------


def _sheets(book):
    """The 资源目录 sheet (by name, else the first with a header), the 信息项 sheet if any, and the rest."""
    items = next((ws for ws in book.worksheets if _normal(ws.title) in _ITEM_SHEETS), None)
    candidates = [ws for ws in book.worksheets if ws is not items]
    main = next((ws for ws in candidates if _normal(ws.title) in _MAIN_SHEETS), None) or next(
        (ws for ws in candidates if _header_row(_grid(ws), _lookup(MAIN_COLUMNS)) is not None), None)
    main = main or (candidates[0] if candidates else None)
    return main, items, [ws for ws in candidates if ws is not main]


def _has_content(sheet) -> bool:
    return any(value is not None for row in sheet.iter_rows(values_only=True) for value in row)


def _normal(text) -> str:
    """A header or sheet name as compared: NFKC (full-width brackets to ASCII), no spaces, no * marks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).strip("*★")


def _lookup(columns: tuple[Column, ...]) -> dict[str, str]:
    return {_normal(name): c.key for c in columns for name in (c.header, *c.aliases)}


def _column_key(header, lookup: dict[str, str]) -> str | None:
    """What a header means: as written, without a trailing note in brackets, without a 信息资源 prefix."""
    name = _normal(header)
    bare = re.sub(r"\([^()]*\)$", "", name)
    for candidate in (name, bare, *(bare[len(p):] for p in _PREFIXES if bare.startswith(p))):
        if candidate in lookup:
            return lookup[candidate]
    return None


def _grid(sheet) -> list[list]:
    """The sheet's cells, a merged area's cells all standing for its top-left cell (as Excel shows them)."""
    anchors = {}
    for area in sheet.merged_cells.ranges:
        top = sheet.cell(area.min_row, area.min_col)
        anchors.update({(r, c): top for r in range(area.min_row, area.max_row + 1)
                        for c in range(area.min_col, area.max_col + 1)})
    return [[anchors.get((c.row, c.column), c) if isinstance(c, MergedCell) else c for c in row]
            for row in sheet.iter_rows()]


def _table(sheet, columns: tuple[Column, ...]) -> tuple[_Table | None, list[RowProblem]]:
    """Which column holds what, read from the header row, and the non-empty rows under it."""
    lookup, grid = _lookup(columns), _grid(sheet)
    at = _header_row(grid, lookup)
    if at is None:
        names = "、".join(c.header for c in columns if c.export)
        return None, [RowProblem(sheet.title, 0, "", f"找不到表头:前 {_HEADER_SCAN} 行中没有一行写着能识别的列名。",
                                 f"表头写成:{names}。")]
    table, problems = _Table(sheet.title, {}, {}, []), []
    for index, cell in enumerate(grid[at]):
        table.labels[index] = str(cell.value).strip() if cell.value is not None else f"{get_column_letter(index + 1)} 列"
        key = _column_key(cell.value, lookup) if cell.value is not None else None
        if key in table.keys.values():
            problems.append(RowProblem(sheet.title, at + 1, table.labels[index], "与前面的一列重复,这一列的内容不会导入。",
                                       "删除重复的一列,或改正列名。"))
        elif key:
            table.keys[index] = key
        elif cell.value is not None:
            problems.append(_unknown_column(sheet.title, at + 1, table.labels[index], lookup, columns))
    numbering = {index for index, key in table.keys.items() if key == "number"}
    table.rows = [(at + 2 + n, row) for n, row in enumerate(grid[at + 1:])
                  if any(_filled(cell) for index, cell in enumerate(row) if index not in numbering)]
    return table, problems


def _header_row(grid: list[list], lookup: dict[str, str]) -> int | None:
    """Of the first rows, the one naming most known columns (at least two); of two header rows
    (共享属性 above 共享类型, 共享条件, 共享方式) the lower one."""
    scores = [len({_column_key(c.value, lookup) for c in row if c.value is not None} - {None})
              for row in grid[:_HEADER_SCAN]]
    if max(scores, default=0) < 2:
        return None
    return len(scores) - 1 - scores[::-1].index(max(scores))


def _filled(cell) -> bool:
    """Whether a cell holds anything: a template's blank rows (numbered or not) are not resources."""
    value = cell.value
    return value is not None and (not isinstance(value, str) or value.strip() not in ("", *_PLACEHOLDERS))


def _unknown_column(sheet: str, row: int, label: str, lookup: dict, columns) -> RowProblem:
    close = difflib.get_close_matches(_normal(label), list(lookup), n=1, cutoff=0.5)
    guess = f"是否想写「{close[0]}」?" if close else ""
    names = "、".join(c.header for c in columns)
    return RowProblem(sheet, row, label, f"不认识的列名「{label}」,这一列的内容不会导入。",
                      f"{guess}能识别的列名:{names}。不需要导入的列请删除。")


def _cells(table: _Table, number: int, cells: list, parsers: dict, importer) -> tuple[dict, list[RowProblem]]:
    """Parse each cell of a row by its column; None for an empty cell; problems for what cannot be mapped."""
    values, problems = {key: None for key in table.keys.values()}, []
    for index, cell in enumerate(cells):
        key = table.keys.get(index)
        try:
            value = _cell_value(cell)
            if key is None and value is not None:
                raise _CellError("这一格有内容,但所在的列无法导入,本行没有导入。", "改正列名,或删除这一格的内容。")
            if key is not None and value is not None:
                values[key] = parsers[key](value, importer, key)
        except _CellError as exc:
            problems.append(RowProblem(table.sheet, number, table.labels[index], exc.message, exc.hint))
    return values, problems


def _cell_value(cell):
    """The cell as the clerk sees it: text (export's formula guard undone), a number, a date as YYYY-MM-DD."""
    if cell.data_type == "f":
        raise _CellError("这一格是公式,导入时得不到它的值。", "把公式换成它算出的内容:复制这一格,再「选择性粘贴 → 数值」。")
    value = cell.value
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = str(value)
    if text[:1] == "'" and text[1:2] and text[1] in (*FORMULA_STARTS, "'"):
        return text[1:]  # written so by export_xlsx
    text = text.strip()
    if not text or text in _PLACEHOLDERS:
        return None
    if text.startswith(FORMULA_STARTS) and not cell.quotePrefix:
        raise _CellError(f"这一格以「{text[0]}」开头,在 Excel 中会被当作公式。",
                         f"如果这就是要填写的文字,在开头加一个英文单引号「'」;否则删去开头的「{text[0]}」。")
    return text


# --- cells to entry values -------------------------------------------------------------------

_ENUM_PATHS = {"sharing": ("sharing", "type"), "open": ("open",), "update_cycle": ("update_cycle",),
               "method": ("sharing", "method"), "format": ("format", "type"), "type": ("items", 0, "type")}
_DATE = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?")
_FORMAT = re.compile(r"(?P<type>[^(（]+?)\s*[(（](?P<detail>.*)[)）]", re.DOTALL)
_LAW = re.compile(r"《(?P<law>[^》]+)》(?P<rest>.*)", re.DOTALL)
_BARE_LAW = re.compile(r"(?P<law>[^《》]+?)(?P<rest>第[0-9一二三四五六七八九十百千零〇两]+条.*)", re.DOTALL)
_LINK = re.compile(r"(?P<title>.+?)[\s:：]+(?P<url>[A-Za-z][A-Za-z0-9+.-]*://\S+)")
_BRACKETED_LINK = re.compile(r"(?P<title>.+?)\s*[(（](?P<url>[A-Za-z][A-Za-z0-9+.-]*://[^\s)）]+)[)）]")
_ITEM = re.compile(r"(?P<name>.+)[(（](?P<spec>[^()（）]*)[)）]", re.DOTALL)
_NO = {"否", "false", "不涉密", "非涉密"}


def _title(importer, path: tuple) -> str:
    return importer.schema.fields.title(path)


def _allowed(importer, key: str) -> list[str]:
    info = importer.schema.fields.info(_ENUM_PATHS[key]).schema
    return info.get("enum") or info["items"]["enum"]


def _text(value, importer=None, key=None) -> str:
    """Text as Excel shows it: 18.0 is 18, TRUE is TRUE."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _code(value, importer, key) -> str:
    """The code names the file, so it must be well formed before anything is written."""
    text = _text(value)
    info = importer.schema.fields.info(("code",))
    if not re.fullmatch(info.schema["pattern"], text):
        raise _CellError(f"资源代码「{text}」的格式不正确。", info.description)
    return text


def _list(value, importer=None, key=None) -> list[str]:
    """Several values in one cell: one a line, or separated by 、 , ; (full or half width)."""
    text = _text(value)
    parts = text.split("\n") if "\n" in text else re.split(r"[、,，;；]", text)
    return [part.strip() for part in parts if part.strip()]


def _enum(value, importer, key) -> str:
    text = _text(value)
    allowed = _allowed(importer, key)
    if text not in allowed:
        title = _title(importer, _ENUM_PATHS[key])
        raise _CellError(f"「{title}」的值「{text}」不在可选范围内。", f"可选值:{'、'.join(allowed)}。")
    return text


def _methods(value, importer, key) -> list[str]:
    return [_enum(part, importer, key) for part in _list(value)]


def _date(value, importer, key) -> str:
    """YYYY-MM-DD from a date cell or from 2024-3-5, 2024/3/5, 2024.3.5, 2024年3月5日."""
    text = _text(value)
    match = _DATE.fullmatch(text)
    if not match:
        raise _CellError(f"「{_title(importer, PATHS[key])}」的值「{text}」不是日期。",
                         "写成 YYYY-MM-DD,例如 2024-03-15,或把单元格设为日期格式。")
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}"


def _integer(value, importer, key) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]+", value):
        return int(value)
    raise _CellError(f"「{_title(importer, ('items', 0, key))}」应为整数,这里是「{_text(value)}」。",
                     "只写阿拉伯数字,例如 18。")


def _category(value, importer, key) -> dict:
    """资源库类别/子类 (基础/人口, 基础库-人口类, 人口) or a class code (J01)."""
    text = _text(value)
    by_code = {code: pair for pair, code in importer.classes.items()}
    if text.upper() in by_code:
        return dict(zip(("database", "subclass"), by_code[text.upper()]))
    parts = [p for p in re.split(r"[/\\\-—、·>|\s]+", unicodedata.normalize("NFKC", text)) if p]
    pair = _class_pair(parts, importer.classes)
    if pair is None:
        raise _CellError(f"资源分类「{text}」无法识别。", _CATEGORY_HINT)
    return pair


def _class_pair(parts: list[str], classes: dict) -> dict | None:
    databases, subclasses = {db for db, _ in classes}, {sub: db for db, sub in classes}
    subclass = _trim(parts[-1], subclasses, ("类", "信息")) if parts else ""
    if len(parts) == 1:
        database = subclasses.get(subclass)
    elif len(parts) == 2:
        database = _trim(parts[0], databases, ("信息资源库", "资源库", "信息资源", "库", "类"))
    else:
        return None
    return {"database": database, "subclass": subclass} if (database, subclass) in classes else None


def _trim(text: str, known, suffixes) -> str:
    for suffix in ("", *suffixes):
        if text.endswith(suffix) and text[:len(text) - len(suffix)] in known:
            return text[:len(text) - len(suffix)]
    return text


def _format(value, importer, key) -> dict:
    """格式类型(格式说明), e.g. 数据库(MySQL); brackets full or half width."""
    text = _text(value)
    match = _FORMAT.fullmatch(text)
    kind, detail = (match["type"], match["detail"].strip()) if match else (text, "")
    allowed = _allowed(importer, key)
    if kind not in allowed:
        raise _CellError(f"编码格式「{text}」的格式类型「{kind}」不在可选范围内。",
                         f"可选的格式类型:{'、'.join(allowed)};具体格式写在括号里,例如「数据库(MySQL)」。")
    return {"type": kind, "detail": detail} if detail else {"type": kind}


def _legal_basis(value, importer, key) -> list[dict]:
    """One basis a line: 《法律法规名称》第N条, then :条文摘录 if any; 《…》…;《…》… on one line also works."""
    bases = []
    for line in _text(value).split("\n"):
        for part in re.split(r"[;；]\s*(?=《)", line.strip()):
            if part.strip():
                bases.append(_basis(part.strip()))
    return bases


def _basis(part: str) -> dict:
    match = _LAW.fullmatch(part) or _BARE_LAW.fullmatch(part)
    article, _, excerpt = re.sub(r"[:：]", "\0", match["rest"], count=1).partition("\0") if match else ("", "", "")
    if not article.strip():
        raise _CellError(f"不予共享依据「{part}」无法识别。",
                         "每条依据写成「《法律法规名称》第N条」,要摘录原文的在后面加冒号和原文;多条依据分行填写。")
    basis = {"law": match["law"].strip(), "article": article.strip()}
    return basis | ({"excerpt": excerpt.strip()} if excerpt.strip() else {})


def _links(value, importer, key) -> list[dict]:
    """One link a line: 标题 网址 (or 标题(网址))."""
    links = []
    for line in filter(None, (part.strip() for part in _text(value).split("\n"))):
        match = _LINK.fullmatch(line) or _BRACKETED_LINK.fullmatch(line)
        if not match:
            raise _CellError(f"相关链接「{line}」无法识别。",
                             "每个链接写成「标题 网址」,例如「国家标准全文公开系统 https://openstd.samr.gov.cn/」,多个链接分行填写。")
        links.append({"title": match["title"].strip(), "url": match["url"]})
    return links


def _classified(value, importer, key) -> bool:
    text = _text(value).strip().lower()
    if text in _NO:
        return False
    raise _CellError(f"是否涉密写的是「{_text(value)}」。涉密数据不得编入目录(办法第二十六条)。",
                     "不涉密的资源写「否」;涉密的资源请从表中删除这一行。")


def _items_text(value, importer, key) -> list[dict]:
    """名称(类型[,长度[,小数位数]]) separated by ; or line breaks; 名称(货币型,,2) for a precision alone."""
    items = []
    for part in filter(None, (p.strip() for p in re.split(r"[;；\n]", _text(value)))):
        match = _ITEM.fullmatch(part)
        spec = [s.strip() for s in re.split(r"[,，]", match["spec"])] if match else []
        if not match or len(spec) > 3:
            raise _CellError(f"信息项「{part}」无法识别。", "每个信息项写成「名称(类型,长度)」,例如「公民身份号码(字符型,18)」,多项用分号隔开。")
        item = {"name": match["name"].strip(), "type": _enum(spec[0], importer, "type")}
        for size, number in zip(("length", "precision"), spec[1:]):
            if number:
                item[size] = _integer(number, importer, size)
        items.append(item)
    return items


def _same_items(text_items: list[dict], sheet_items: list[dict]) -> bool:
    """Both say the same names, types and numbers (the 信息项 cell may write one number without saying which)."""
    def sizes(item):
        return [item[k] for k in ("length", "precision") if item.get(k) is not None]
    return len(text_items) == len(sheet_items) and all(
        a["name"] == b["name"] and a["type"] == b["type"] and sizes(a) == sizes(b)
        for a, b in zip(text_items, sheet_items))


def _provider(value, importer, key) -> None:
    """Checked, not stored: the entry's provider is the unit imported for."""
    text, unit = _text(value), importer.unit
    if text not in (unit.id, unit.name, unit.short_name):
        raise _CellError(f"提供单位「{text}」不是本单位({unit.name})。",
                         f"本次导入的是{unit.name}(单位标识 {unit.id})的目录,这一格应写「{unit.name}」;"
                         "其他单位的资源请由该单位自己导入。")


def _credit_code(value, importer, key) -> None:
    text, unit = _text(value), importer.unit
    if text != unit.credit_code:
        raise _CellError(f"统一社会信用代码「{text}」不是本单位({unit.name})的代码 {unit.credit_code}。",
                         "改正代码;其他单位的资源请由该单位自己导入。")


def _ignore(value, importer, key) -> None:
    return None


_MAIN_PARSERS = {"code": _code, "name": _text, "department": _text, "summary": _text, "conditions": _text,
                 "keywords": _list, "related": _list, "method": _methods, "category": _category,
                 "database": _text, "subclass": _text, "format": _format, "sharing": _enum, "open": _enum,
                 "update_cycle": _enum, "published": _date, "updated": _date, "legal_basis": _legal_basis,
                 "links": _links, "classified": _classified, "items_text": _items_text, "provider": _provider,
                 "credit_code": _credit_code, "number": _ignore}
_ITEM_PARSERS = {"code": _text, "name": _text, "type": _enum, "length": _integer, "precision": _integer,
                 "description": _text, "resource_name": _ignore, "number": _ignore}


# --- entry files ------------------------------------------------------------------------------

_FLOW_LISTS = frozenset({"keywords", "method"})  # written [甲, 乙] as in the demo entries
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_UNSAFE = re.compile("(: |\\s#|:$|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff])")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}:#]")
# What some YAML reader (1.1 or 1.2, an editor's or PyYAML's) would take for a number, boolean or null.
_TYPED_LOOKING = re.compile(r"[0-9.+-]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-f]+"
                            r"|[-+]?\.(inf|nan)|true|false|yes|no|on|off|y|n|null|~", re.IGNORECASE)
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


def entry_text(data: dict, schema: Schema | None = None) -> str:
    """An entry file as the demo entries are written: modeline, keys in schema order, quotes only where needed."""
    lines = [MODELINE]
    _emit_mapping(lines, data, (schema or Schema.named("resource")).document, "", "")
    return "\n".join(lines) + "\n"


def _emit_mapping(lines: list[str], data: dict, schema: dict, indent: str, first: str) -> None:
    """Keys in schema order (unknown keys after them, kept); `first` starts the first line, e.g. "  - "."""
    props = schema.get("properties", {})
    for number, key in enumerate([k for k in props if k in data] + [k for k in data if k not in props]):
        head, value, sub = f"{first if number == 0 else indent}{_scalar(key)}:", data[key], props.get(key, {})
        if isinstance(value, dict) and value:
            lines.append(head)
            _emit_mapping(lines, value, sub, indent + "  ", indent + "  ")
        elif isinstance(value, list) and value and (key not in _FLOW_LISTS or not all(map(_is_scalar, value))):
            lines.append(head)
            for item in value:
                if isinstance(item, dict) and item:
                    _emit_mapping(lines, item, sub.get("items", {}), indent + "    ", indent + "  - ")
                else:
                    lines.append(f"{indent}  - {_inline(item)}")
        else:
            lines.append(f"{head} {_inline(value)}")


def _is_scalar(value) -> bool:
    return not isinstance(value, (dict, list))


def _inline(value, flow: bool = False) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v, True) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k, True)}: {_inline(v, True)}" for k, v in value.items()) + "}"
    return _scalar(value, flow)


def _scalar(value, flow: bool = False) -> str:
    """A scalar the strict loader reads back as exactly `value`: plain when safe, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _plain_ok(text, flow):
        return text
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS or _UNSAFE.search(text):
        return False
    if flow and _FLOW_UNSAFE.search(text):
        return False
    return not _TYPED_LOOKING.fullmatch(text) and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR


# --- export -----------------------------------------------------------------------------------

EXPORT_HEADER = tuple(c.header for c in MAIN_COLUMNS if c.export)
ITEM_HEADER = tuple(c.header for c in ITEM_COLUMNS if c.export)


def export_xlsx(root: Path, unit_id: str, out: Path) -> ExportResult:
    """Write the unit's entries, shared and non-shared, as sheets 资源目录 and 信息项; byte-identical for the same entries."""
    schema, result = Schema.named("resource"), ExportResult(out)
    unit = _units(root).get(unit_id)
    if unit is None:
        result.problems.append(Problem(REGISTRY, 1, 1, "xlsx-unit-unknown", ERROR,
                                       f"单位登记表中没有单位标识「{unit_id}」。", f"可用的单位标识见 {REGISTRY}。"))
        return result
    entries = []
    for path, data, problems in _entry_files(root, unit_id, schema):
        result.problems += problems if data is None else []
        if data is not None:
            entries.append(data)
    entries.sort(key=lambda d: str(d.get("code", "")))
    items = [_item_row(d, item) for d in entries for item in d.get("items") or () if isinstance(item, dict)]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(workbook_bytes(f"{unit.name}数据资源目录", _stamp(entries), [
        (MAIN_SHEET, EXPORT_HEADER, [_export_row(d, unit) for d in entries]),
        (ITEM_SHEET, ITEM_HEADER, items),
    ]))
    result.resources, result.items = len(entries), len(items)
    return result


def _stamp(entries: list[dict]) -> datetime.datetime:
    """The newest date of the entries: the workbook's timestamp changes only with them."""
    dates = [d[k] for d in entries for k in ("published", "updated")
             if isinstance(d.get(k), str) and _DATE.fullmatch(d[k])]
    try:
        return datetime.datetime.fromisoformat(max(dates)) if dates else datetime.datetime(2000, 1, 1)
    except ValueError:
        return datetime.datetime(2000, 1, 1)


def _escape(value):
    """safe_cell, and a leading quote doubled, so that the import can undo it exactly."""
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, "'")):
        return "'" + value
    return value


def _export_row(data: dict, unit: Unit) -> tuple:
    sharing, category, fmt = data.get("sharing") or {}, data.get("category") or {}, data.get("format") or {}
    detail = fmt.get("detail")
    cells = {
        "category": f"{category.get('database', '')}/{category.get('subclass', '')}", "provider": unit.name,
        "format": f"{fmt.get('type', '')}({detail})" if detail else fmt.get("type"),
        "sharing": sharing.get("type"), "conditions": sharing.get("conditions"),
        "method": _joined(sharing.get("method")), "keywords": _joined(data.get("keywords")),
        "related": _joined(data.get("related")),
        "legal_basis": "\n".join(_basis_text(b) for b in sharing.get("legal_basis") or ()),
        "links": "\n".join(f"{link.get('title', '')} {link.get('url', '')}" for link in data.get("links") or ()),
    }
    return tuple(_escape(_cell_text(cells[c.key] if c.key in cells else data.get(c.key)))
                 for c in MAIN_COLUMNS if c.export)


def _cell_text(value) -> str:
    return "" if value is None else value if isinstance(value, str) else _text(value)


def _joined(values) -> str:
    """、 between values; one a line when a value itself holds a separator, so the import splits them back."""
    values = [str(v) for v in values or ()]
    return ("\n" if any(re.search(r"[、,，;；]", v) for v in values) else "、").join(values)


def _basis_text(basis: dict) -> str:
    law = str(basis.get("law", ""))
    law = law if law.startswith("《") and law.endswith("》") else f"《{law}》"
    return f"{law}{basis.get('article', '')}" + (f":{basis['excerpt']}" if basis.get("excerpt") else "")


def _item_row(data: dict, item: dict) -> tuple:
    return (_escape(_cell_text(data.get("code"))), _escape(_cell_text(item.get("name"))),
            _escape(_cell_text(item.get("type"))), item.get("length"), item.get("precision"),
            _escape(_cell_text(item.get("description"))))
