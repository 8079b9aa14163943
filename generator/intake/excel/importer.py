"""Import: one entry file per 资源目录 row, with its items from the 信息项 sheet or its own cell.

A row is written only if every cell of it maps; otherwise every problem is reported and the file
is left alone. An existing entry keeps what the sheet does not say (comments survive when nothing
changed), and moves folder when its sharing type does.
"""

from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...check.rules.entries import NONSHARED
from ...check.validate import validate
from ...core import layout
from ...core.layout import REGISTRY
from ...core.problems import ERROR, WARNING, Problem, Severity
from ...core.workdays import beijing_today
from ...read.registry import Unit, class_codes
from ...read.schema import Schema
from .columns import HEADERS, ITEM_COLUMNS, ITEM_FIELDS, ITEM_KEYS, ITEM_SHEET, MAIN_COLUMNS, MAIN_SHEET, PATHS
from .parsers import (
    CATEGORY_HINT,
    ITEM_PARSERS,
    MAIN_PARSERS,
    NationalCode,
    class_pair,
    format_pair,
    nonshared_basis,
    open_flag,
    same_items,
)
from .records import Record, group_rows
from .results import CellError, ImportResult, sheet_problem
from .sheets import Book, Sheet, Table, column_label, open_workbook, parse_cells, read_table
from .unit_files import entries_by_code, registered_units
from .yaml_writer import entry_text


@dataclass(frozen=True)
class Supplied:
    """What the clerk states on the command line for a column the whole sheet lacks (never for an empty cell)."""

    values: dict[str, Any] = field(default_factory=dict)  # column key -> entry value


_CITY_CLASS_COLUMNS = {"category", "database", "subclass"}  # the columns that give the city's class
# The flag that supplies each column, as the messages name it.
FLAGS = {"updated": "--updated 2026-11-30", "published": "--published 2024-01-01", "category": "--class J01",
         "classified": "--declare-unclassified"}


def supplied_values(updated: datetime.date | None, published: datetime.date | None, class_code: str | None,
                    unclassified: bool) -> tuple[Supplied, str]:
    """What the command line supplies, or why a value cannot be used (a class nobody has)."""
    values: dict[str, Any] = {}
    if updated:
        values["updated"] = updated.isoformat()
    if published:
        values["published"] = published.isoformat()
    if unclassified:
        values["classified"] = False
    if class_code:
        classes = class_codes(Schema.named("resource"))
        by_code = {code: {"database": db, "subclass": sub} for (db, sub), code in classes.items()}
        parts = [p for p in class_code.replace("\\", "/").split("/") if p]
        category = by_code.get(class_code.upper()) or class_pair(parts, classes)
        if category is None:
            return Supplied(), f"--class 的值「{class_code}」不是资源分类:{CATEGORY_HINT}"
        values["category"] = category
    return Supplied(values), ""


def import_xlsx(root: Path, workbook: Path, unit_id: str, supplied: Supplied | None = None,
                today: datetime.date | None = None) -> ImportResult:
    """Write one entry file per resource of `workbook` into the folders of `unit_id`; report every cell it
    cannot map. A resource is written whole or not at all: one that fails validation is taken back."""
    schema = Schema.named("resource")
    unit = registered_units(root).get(unit_id)
    if unit is None:
        return ImportResult(problems=[sheet_problem("xlsx-unit-unknown", "", 0, "", f"单位登记表中没有单位标识「{unit_id}」。",
                                                 f"可用的单位标识见 {REGISTRY}。")])
    book, problem = open_workbook(workbook)
    if book is None:
        return ImportResult(problems=[problem] if problem else [])
    importer = _Importer(root, unit, schema, supplied or Supplied())
    importer.result.opened = book.loadable
    importer.run(book)
    importer.check_written(today or beijing_today())
    return importer.result


@dataclass
class _Row:
    sheet: str
    number: int
    fields: dict[str, Any]  # column key -> parsed value, None for an empty cell
    labels: dict[str, str]  # column key -> header as written
    problems: list[Problem]
    columns: dict[str, int]  # column key -> column number (1 for A)
    item_rows: list[int] = field(default_factory=list)  # the Excel row of each info item written one a row

    def problem(self, rule: str, key: str, message: str, hint: str = "", severity: Severity = ERROR) -> None:
        self.problems.append(sheet_problem(rule, self.sheet, self.number, self.labels.get(key) or HEADERS[key], message,
                                           hint, severity=severity, index=self.columns.get(key, 0)))

    @property
    def refused(self) -> bool:
        """A resource with any error is not written (notes do not stop it)."""
        return any(p.severity is ERROR for p in self.problems)

    def reported(self, *keys: str) -> bool:
        """Whether a cell of these columns already has a problem (so it is not reported twice)."""
        columns = {self.labels.get(k) for k in keys}
        return any(p.field in columns for p in self.problems)


class _Importer:
    """One import: the unit's existing entries, the info items by code, the entries planned for writing."""

    def __init__(self, root: Path, unit: Unit, schema: Schema, supplied: Supplied):
        self.root, self.unit, self.schema, self.supplied = root, unit, schema, supplied
        self.classes = class_codes(schema)
        self.existing = entries_by_code(root, unit.id, schema)
        self.items: dict[str, list[tuple[int, dict]]] = {}
        self.bad_items: dict[str, list[int]] = {}
        self.item_sheet, self.item_code = ITEM_SHEET, "资源代码"  # the 信息项 sheet's name and code header
        self.result = ImportResult()
        self.planned: list[tuple[str, str | None, dict, _Row]] = []
        self.rows: dict[str, _Row] = {}  # written file -> the resource it came from
        self.undo: dict[str, bytes | None] = {}  # a touched file -> its bytes before (None: it did not exist)
        self.moved: dict[str, str] = {}  # written file -> the file it moved from
        self.national_index: dict[str, str] | None = None  # the catalog's national codes, read when needed

    def run(self, book: Book) -> None:
        """Read both sheets, check every resource, then write: items first, so each resource can find its own."""
        main, item_sheet = book.main, book.items
        problems = [_other_sheet(sheet.title) for sheet in book.others if sheet.has_content]
        problems += [note for sheet in (main, item_sheet) if sheet is not None for note in sheet.notes]
        item_problems = self._read_items(item_sheet) if item_sheet is not None else []
        table, main_problems = read_table(main, MAIN_COLUMNS) if main is not None else (None, [_no_main_sheet()])
        rows = [self._parse_record(table, record) for record in group_rows(table)] if table else []
        self._assign_codes(rows)
        self._related_by_national_code(rows)
        codes = {r.fields["code"]: r.number for r in reversed(rows) if isinstance(r.fields.get("code"), str)}
        for row in rows:
            self._plan(row, codes)
            main_problems += row.problems
        item_problems += self._orphan_items(codes)
        self.result.rows = len(table.rows) if table else 0
        self.result.resources = len(rows)
        self.result.refused = [row.number for row in rows if row.refused]
        self.result.problems = problems + main_problems + sorted(item_problems, key=lambda p: p.line)
        self._write()

    def _read_items(self, sheet: Sheet) -> list[Problem]:
        """The 信息项 sheet: items by resource code; a code with a bad item row is marked, its resource not written."""
        table, problems = read_table(sheet, ITEM_COLUMNS)
        if table is None:
            self.item_sheet = sheet.title
            return problems
        self.item_sheet, self.item_code = sheet.title, column_label(table, "code") or self.item_code
        for number, cells in table.rows:
            values, row_problems = parse_cells(table, number, cells, ITEM_PARSERS, self)
            labels = {key: table.labels[index] for index, key in table.keys.items()}
            row_problems += [_missing_item(table.sheet, number, labels.get(key) or _ITEM_HEADERS[key], key, self.schema)
                             for key in _ITEM_REQUIRED
                             if values.get(key) is None and not any(p.field == labels.get(key) for p in row_problems)]
            problems += row_problems
            if isinstance(values.get("code"), str):
                item = {k: values[k] for k in _ITEM_KEYS if values.get(k) is not None}
                self.items.setdefault(values["code"], []).append((number, item))
                if row_problems:
                    self.bad_items.setdefault(values["code"], []).append(number)
        return problems

    def _orphan_items(self, codes: dict) -> list[Problem]:
        return [sheet_problem("xlsx-item-orphan", self.item_sheet, number, self.item_code,
                              f"资源目录中没有资源代码「{code}」,这一行信息项没有导入。",
                              "先在资源目录中填写这项资源,或改正资源代码。")
                for code, rows in self.items.items() if code not in codes for number, _ in rows]

    def _parse_record(self, table: Table, record: Record) -> _Row:
        """A resource's own cells from its first row, and its info items from every row of it."""
        item_columns = {i for i, key in table.keys.items() if key in ITEM_KEYS}
        fields, problems = parse_cells(table, record.first, record.cells, MAIN_PARSERS, self)
        labels = {key: table.labels[i] for i, key in table.keys.items()}
        row = _Row(table.sheet, record.first, fields, labels, problems,
                   {key: i + 1 for i, key in table.keys.items()})
        for number, column in record.conflicts:
            row.problems.append(sheet_problem(
                "xlsx-row-conflict", table.sheet, number, table.labels[column],
                f"这一行是第 {record.first} 行资源的信息项行,但「{table.labels[column]}」与第 {record.first} 行写的不同。",
                "同一项资源占多行时,资源本身的内容只写在第一行(或合并单元格),下面各行只填信息项;"
                "如果这是另一项资源,请写上它的资源代码和名称。", index=column + 1))
        if item_columns:
            row.fields["items_rows"] = self._item_rows(table, record, item_columns, row)
        for key in ITEM_KEYS:
            row.fields.pop(key, None)
        _national_in_code_column(row)
        if "database" in fields or "subclass" in fields:
            self._category_pair(row)
        if not _CITY_CLASS_COLUMNS & row.labels.keys() and "category" not in self.supplied.values:
            self._category_from_national(row)
        for combine in (format_pair, open_flag, nonshared_basis):
            try:
                noted = combine(row.fields, self)
            except CellError as exc:
                row.problem(exc.rule, exc.key, exc.message, exc.hint)
            else:
                if noted:
                    row.problem("xlsx-normalised", noted[0], noted[1], severity=WARNING)
        return row

    def _item_rows(self, table: Table, record: Record, columns: set[int], row: _Row) -> list[dict]:
        """The info items written one a row under the resource (its first row included)."""
        items = []
        for number, cells in record.rows:
            # An item row is read for its items, and for any cell in a column nobody knows: never dropped unseen.
            unknown = {i for i in range(len(cells)) if i not in table.keys}
            values, problems = (row.fields, []) if number == record.first else \
                parse_cells(table, number, cells, MAIN_PARSERS, self, only=columns | unknown)
            row.problems += problems
            item = {ITEM_FIELDS[key]: values[key] for key in ITEM_KEYS if values.get(key) is not None}
            if not item:
                continue
            for key in ("item_name", "item_type"):
                if values.get(key) is None and not any(p.line == number and p.field == row.labels.get(key)
                                                       for p in row.problems):
                    row.problems.append(_missing_item(table.sheet, number, row.labels.get(key), ITEM_FIELDS[key],
                                                      self.schema, row.columns.get(key, 0),
                                                      ":这一行写了信息项,但这一格为空"))
            items.append(item)
            row.item_rows.append(number)
        return items

    def _assign_codes(self, rows: list[_Row]) -> None:
        """A resource given by its national code only: the city code of the entry that has that national code
        (a re-import updates it), else the unit's next 顺序号 by the project's rule, with a note."""
        by_national = {d["national_code"]: code for code, (_, d) in self.existing.items() if d.get("national_code")}
        used = [*self.existing, *(r.fields["code"] for r in rows if isinstance(r.fields.get("code"), str))]
        for row in rows:
            national = row.fields.get("national_code")
            if row.fields.get("code") is not None or not isinstance(national, str) or row.reported("code"):
                continue
            if national in by_national:
                row.fields["code"] = by_national[national]
                continue
            category = row.fields.get("category") or self.supplied.values.get("category")
            class_code = self.classes.get((category["database"], category["subclass"])) if category else None
            if class_code is None:
                continue  # no city code without the city's class: the missing class is reported
            code = layout.resource_code(self.unit.code_prefix, class_code,
                                        layout.next_sequence(used, self.unit.code_prefix))
            used.append(code)
            row.fields["code"] = code
            row.problem("xlsx-normalised", "code", f"国家目录代码为 {national} 的资源,按本市编码规则编为资源代码 {code}。",
                        severity=WARNING)

    def _related_by_national_code(self, rows: list[_Row]) -> None:
        """关联资源代码 written as national codes name resources of this workbook or of the catalog: written as
        their city codes, with a note; one that names nothing is asked about."""
        in_book = {r.fields["national_code"]: r.fields["code"] for r in rows
                   if isinstance(r.fields.get("national_code"), str) and isinstance(r.fields.get("code"), str)}
        pattern = re.compile(self.schema.fields.known(("national_code",)).schema["pattern"])
        for row in rows:
            related = row.fields.get("related")
            national = [c for c in related or () if pattern.fullmatch(c)]
            if not national:
                continue
            known = in_book | (self._catalog_national_codes() if set(national) - set(in_book) else {})
            missing = [c for c in national if c not in known]
            if missing:
                row.problem("xlsx-related", "related", f"关联资源代码 {'、'.join(missing)} 是国家目录代码,但本表和全市目录中都没有这项资源。",
                            "改写成那项资源的本市资源代码,或先导入那项资源。")
                continue
            row.fields["related"] = [known.get(c, c) for c in related or ()]
            row.problem("xlsx-normalised", "related", "关联资源代码中的国家目录代码按本市资源代码写入:"
                        + "、".join(f"{c} → {known[c]}" for c in national) + "。", severity=WARNING)

    def _catalog_national_codes(self) -> dict[str, str]:
        """National code -> city code of every entry in the catalog that has one (read once, on demand)."""
        if self.national_index is None:
            self.national_index = {}
            national_line, code_line = _top_line(self.schema, "national_code"), _top_line(self.schema, "code")
            for path in layout.discover(self.root):
                if (self.root / path).is_symlink():
                    continue  # validation refuses links; a link is never followed here
                text = (self.root / path).read_text(encoding="utf-8", errors="replace")
                national, code = national_line.search(text), code_line.search(text)
                if national and code:
                    self.national_index[national[1]] = code[1]
        return self.national_index

    def _category_pair(self, row: _Row) -> None:
        """资源库类别 and 子类 in two columns: together they give the category."""
        database, subclass = row.fields.pop("database", None), row.fields.pop("subclass", None)
        if database is None and subclass is None:
            row.fields.setdefault("category", None)
            return
        pair = class_pair([database, subclass] if database else [subclass], self.classes) if subclass else None
        key = "database" if "database" in row.labels else "subclass"
        if pair is None:
            row.problem("xlsx-category", key, f"资源分类「{database or ''}/{subclass or ''}」无法识别。", CATEGORY_HINT)
        elif row.fields.get("category") not in (None, pair):
            row.problem("xlsx-category", key, "资源库类别、子类与信息资源分类不一致。", "只保留一种写法,或改成一致。")
        else:
            row.fields["category"] = pair

    def _category_from_national(self, row: _Row) -> None:
        """A sheet with the national class (类, 项 …) and no column of the city's: its 类 and 项 are the city's
        class when they name one (基础信息资源类/人口信息 is 基础/人口), read with a note; else the class is asked."""
        level_1, level_2 = row.fields.get("national_class"), row.fields.get("national_item")
        pair = class_pair([level_1, level_2], self.classes) if level_1 and level_2 else None
        if pair:
            row.fields["category"] = pair
            row.problem("xlsx-normalised", "national_class",
                        f"表中没有本市资源分类一列,按国家目录分类「{level_1}/{level_2}」读作资源分类"
                        f"「{pair['database']}/{pair['subclass']}」。", "如果不对,在表中加一列「本市资源分类」逐行填写。",
                        severity=WARNING)

    def _plan(self, row: _Row, codes: dict) -> None:
        """Check the row as a whole; a row without any problem is planned for writing."""
        code = row.fields.get("code")
        if code is None and not row.reported("code"):
            row.problems.append(self._missing_code(row, codes))
        elif isinstance(code, str) and codes[code] != row.number:
            row.problem("xlsx-code-duplicate", "code", f"资源代码「{code}」与第 {codes[code]} 行重复。", "每项资源只填一行;信息项请填在信息项表中。")
        path, data = self.existing.get(code, (None, {})) if isinstance(code, str) else (None, {})
        data = self._merged(row, copy.deepcopy(data))
        self._required(row, data)
        # A row without a code always has a problem (_missing_code): only rows with one get this far.
        target = self._target(row, code, path, data) if isinstance(code, str) and not row.refused else None
        if target:
            self.planned.append((target, path, data, row))

    def _merged(self, row: _Row, data: dict) -> dict:
        """The existing entry (if any) with every column the sheet has written over it."""
        old_bases = _get(data, ("sharing", "legal_basis"))
        for key, value in row.fields.items():
            if key in PATHS:
                _put(data, PATHS[key], value)
        if isinstance(old_bases, list) and isinstance(_get(data, ("sharing", "legal_basis")), list):
            _keep_excerpts(data["sharing"]["legal_basis"], old_bases)
        data["provider"] = self.unit.id
        for key, value in self.supplied.values.items():
            if key not in row.labels:  # a flag supplies a column the sheet lacks, never a cell left empty
                _put(data, PATHS[key], value)
        items = self._row_items(row)
        if items:
            data["items"] = items
        return data

    def _row_items(self, row: _Row) -> list[dict] | None:
        """The items of the row's code from the 信息项 sheet, else from its 信息项 cell; both must agree."""
        code, text_items = row.fields.get("code"), row.fields.get("items_text")
        sheet_items = [item for _, item in self.items.get(code, [])] if isinstance(code, str) else []
        row_items = row.fields.get("items_rows")
        if row_items and (sheet_items or text_items):
            row.problem("xlsx-items", "item_name", "这项资源的信息项既逐行写在资源下面,又写在「信息项」列或信息项表中。",
                        "只在一处填写信息项。")
            return None
        if row_items:
            return row_items
        if code in self.bad_items:
            numbers = "、".join(str(n) for n in self.bad_items[code])
            row.problem("xlsx-items", "items_text", f"信息项表「{self.item_sheet}」中这项资源的信息项有误(第 {numbers} 行),本行没有导入。",
                        "按信息项表的提示改正后再导入。")
        elif sheet_items and text_items and not same_items(text_items, sheet_items):
            row.problem("xlsx-items", "items_text", f"「信息项」列与信息项表「{self.item_sheet}」中这项资源的信息项不一致。",
                        "只在一处填写信息项,或把两处改成一致。")
        return sheet_items or text_items

    def _required(self, row: _Row, data: dict) -> None:
        for path, keys in _REQUIRED:
            if _get(data, path) is None and not row.reported(*keys):
                info, key = self.schema.fields.known(path), keys[0]
                where, column = _why_missing(row, key)
                hint = _ITEMS_HINT if key == "items_text" else info.description
                if key not in row.labels and key in FLAGS:
                    hint = f"在表中加一列「{column}」逐行填写,或导入时用 {FLAGS[key]} 为本表所有资源统一填写。"
                row.problem("xlsx-required", key, f"缺少必填项「{info.title}」:{where}。", hint)

    def _missing_code(self, row: _Row, codes: dict) -> Problem:
        sequence = layout.next_sequence([*self.existing, *codes], self.unit.code_prefix)
        category = row.fields.get("category")
        class_code = self.classes.get((category["database"], category["subclass"]), "类别码") if category else "类别码"
        example = layout.resource_code(self.unit.code_prefix, class_code, sequence)
        return sheet_problem("xlsx-code-missing", row.sheet, row.number, row.labels.get("code") or HEADERS["code"],
                          "缺少资源代码:导入时按资源代码新建或更新条目文件。",
                          f"资源代码由「区划代码-单位编号-类别码-顺序号」组成;本单位下一个未用的顺序号可写成 {example}。",
                          index=row.columns.get("code", 0))

    def _target(self, row: _Row, code: str, path: str | None, data: dict) -> str | None:
        """Where the entry goes: its existing file (moved when the sharing type changed folder) or <code>.yaml."""
        shared = data["sharing"]["type"] != NONSHARED
        target = f"{layout.entry_folder(self.unit.id, shared)}/{Path(path).name}" if path \
            else layout.entry_path(self.unit.id, code, shared)
        if target != path and (self.root / target).exists():
            row.problem("xlsx-file-taken", "code", f"文件 {target} 已经存在,其中不是资源代码为「{code}」的资源,没有覆盖它。",
                        "先改正或移走那个文件(catalog validate 会指出它的问题),再导入。")
            return None
        return target

    def _write(self) -> None:
        """Write the planned entries; an entry whose data did not change keeps its file, comments and all."""
        for target, old, data, row in sorted(self.planned, key=lambda planned: planned[0]):
            if target == old and self.existing[data["code"]][1] == data:
                self.result.unchanged.append(target)
                continue
            self.undo[target] = _read_or_none(self.root / target)
            (self.root / target).parent.mkdir(parents=True, exist_ok=True)
            (self.root / target).write_text(entry_text(data, self.schema), encoding="utf-8")
            self.result.written.append(target)
            self.rows[target] = row
            if old and old != target:
                self.undo[old] = (self.root / old).read_bytes()
                (self.root / old).unlink()
                self.result.removed.append(old)
                self.moved[target] = old

    def check_written(self, today: datetime.date) -> None:
        """Validate what was written with the whole catalog; an entry with an error is taken back, so that
        no resource is left half imported, and every problem is told at the resource's row."""
        if not self.result.written:
            return
        checked = validate(self.root, self.result.written, today)
        for problem in checked.problems:
            row = self.rows.get(problem.file)
            if row is None:
                continue  # a problem of a file the import did not write: validate reports it on its own
            row.problems.append(self._located(row, problem))
            self.result.problems.append(row.problems[-1])
        for target, row in self.rows.items():
            if row.refused:
                self._take_back(target)
                self.result.refused.append(row.number)
        self.result.refused.sort()

    def _located(self, row: _Row, problem: Problem) -> Problem:
        """A problem of the written entry, told at the row and column the value came from (an info item
        written one a row: at that item's row)."""
        path, number = problem.path, row.number
        key = next((k for k, at in PATHS.items() if path[:len(at)] == at), None)
        if path[:1] == ("items",):
            key = "item_name" if "item_name" in row.labels else "items_text"
            if row.item_rows and len(path) > 1 and isinstance(path[1], int) and path[1] < len(row.item_rows):
                number = row.item_rows[path[1]]
                key = f"item_{path[2]}" if len(path) > 2 and f"item_{path[2]}" in row.labels else key
        label = row.labels.get(key or "") or (HEADERS.get(key or "") or "")
        return sheet_problem(problem.rule, row.sheet, number, label, _without_key_paths(problem.message, path),
                             self._cell_hint(problem), severity=problem.severity, index=row.columns.get(key or "", 0))

    def _cell_hint(self, problem: Problem) -> str:
        """The hint in the clerk's terms: one that shows YAML to type (`length: …`) becomes what the field
        holds, as the schema says it; the clerk fills a cell, not a file."""
        if "`" not in problem.hint:
            return problem.hint
        info = self.schema.fields.info(problem.path)
        return f"在表中填写「{info.title}」:{info.description}" if info else "按上面的说明改正表中的这一格。"

    def _take_back(self, target: str) -> None:
        for path in (target, self.moved.get(target)):
            if path is None:
                continue
            before = self.undo.get(path)
            if before is None:
                (self.root / path).unlink(missing_ok=True)
            else:
                (self.root / path).write_bytes(before)
        self.result.written.remove(target)
        if target in self.moved:
            self.result.removed.remove(self.moved[target])


def _without_key_paths(message: str, path: tuple) -> str:
    """A validation message for a cell: without the key paths it names for YAML (「长度」(items[2].length),
    「数据类型」(items[2].type)为…); the cell and its column say where."""
    if not path or not isinstance(path[0], str):
        return message
    return re.sub(rf"\({re.escape(path[0])}(?:\[[0-9]+\]|\.[a-z_]+)*\)", "", message)


def _top_line(schema: Schema, key: str) -> re.Pattern:
    """A top-level `key: value` line whose value matches the schema's own pattern for it, quoted or not: the
    entries' codes read straight from their text (no parse of 25,000 files to name a related resource)."""
    pattern = schema.fields.known((key,)).schema["pattern"].removeprefix("^").removesuffix("$")
    return re.compile(rf'^{key}:[ \t]*"?({pattern})"?[ \t]*\r?$', re.MULTILINE)


def _read_or_none(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None



def _national_in_code_column(row: _Row) -> None:
    """信息资源代码 holding a national code (the template's column): it is the national code, not the city's."""
    code = row.fields.get("code")
    if not isinstance(code, NationalCode):
        return
    given = row.fields.get("national_code")
    row.fields["code"] = None
    if given not in (None, str(code)):
        row.problem("xlsx-code", "code", f"「信息资源代码」写的国家目录代码 {code} 与「国家目录代码」列的 {given} 不一致。",
                    "只保留一处,或改成一致。")
    else:
        row.fields["national_code"] = str(code)


def _no_main_sheet() -> Problem:
    return sheet_problem("xlsx-sheet-missing", "", 0, "", "工作簿中只有信息项表,没有资源目录表。",
                      f"把资源填在名为「{MAIN_SHEET}」的工作表中,一项资源一行。")


def _other_sheet(title: str) -> Problem:
    return sheet_problem("xlsx-sheet-other", title, 0, "", f"工作表「{title}」不是资源目录或信息项,其中的内容没有导入。",
                      f"资源填在「{MAIN_SHEET}」表,信息项填在「{ITEM_SHEET}」表;这张表如果只是说明,可以忽略这条提示。")


def _missing_item(sheet: str, number: int, label: str | None, field: str, schema: Schema, index: int = 0,
                  why: str = "") -> Problem:
    """An info item's required value left empty: on the 信息项 sheet, or on an item row under its resource."""
    info = schema.fields.known(("code",) if field == "code" else ("items", 0, field))
    return sheet_problem("xlsx-required", sheet, number, label or info.title, f"缺少必填项「{info.title}」{why}。",
                         info.description, index=index)


_ITEM_KEYS = ("name", "type", "length", "precision", "description")
_ITEM_REQUIRED = ("code", "name", "type")
_ITEM_HEADERS = {c.key: c.header for c in ITEM_COLUMNS}
# Required fields the workbook must give (provider and classified are the import's own), and
# the columns that give them.
_REQUIRED = ((("name",), ("name",)), (("summary",), ("summary",)),
             (("category",), ("category", "database", "subclass")), (("format",), ("format",)),
             (("sharing", "type"), ("sharing",)), (("open",), ("open",)), (("update_cycle",), ("update_cycle",)),
             (("published",), ("published",)), (("updated",), ("updated",)),
             (("items",), ("items_text", "item_name")), (("classified",), ("classified",)))
_ITEMS_HINT = (f"在「{ITEM_SHEET}」表中每个信息项填一行(资源代码、信息项名称、数据类型、长度、小数位数、说明),"
               "或在「信息项」列中写成「名称(类型,长度)」,多项用分号隔开。")


def _why_missing(row: _Row, key: str) -> tuple[str, str]:
    """Why a required value is missing, and the column that would give it."""
    if key == "items_text":
        return "信息项表中没有这个资源代码的行,「信息项」列也为空", HEADERS[key]
    if key == "classified":
        return "这是提供单位的声明,须由单位写明,不能替单位填写", HEADERS[key]
    if key == "category" and row.fields.get("national_class"):  # a national class that names no city class
        return "表中没有本市的资源分类一列,国家目录分类也对应不到本市的资源分类", "本市资源分类"
    return ("这一格为空" if key in row.labels else "工作表中没有这一列"), HEADERS[key]


def _put(data: dict, path: tuple, value) -> None:
    """Set a value at a key path; None removes it (an empty cell clears an optional field), and a
    mapping left empty by that goes too (national_class with none of its levels)."""
    if value is None:
        parent = _get(data, path[:-1]) if len(path) > 1 else data
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
            if not parent and len(path) > 1:
                _put(data, path[:-1], None)
        return
    for part in path[:-1]:
        if not isinstance(data.get(part), dict):
            data[part] = {}
        data = data[part]
    data[path[-1]] = value


def _get(data: dict, path: tuple) -> Any:
    value: Any = data
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _keep_excerpts(bases: list[dict], old: list[dict]) -> None:
    """A legal basis written without its excerpt keeps the excerpt the entry had: a workbook
    from the site's downloads lists the laws but not the excerpts."""
    excerpts = {(b.get("law"), b.get("article")): b["excerpt"] for b in old if isinstance(b, dict) and b.get("excerpt")}
    for basis in bases:
        if "excerpt" not in basis and (basis["law"], basis["article"]) in excerpts:
            basis["excerpt"] = excerpts[(basis["law"], basis["article"])]
