"""Cells to entry values: one parser per column, each raising CellError with a Chinese hint.

A parser takes (value, importer, key): the importer gives the schema (allowed values, titles,
patterns), the unit and the class codes, so the messages name the field as the schema does.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from openpyxl.utils.datetime import from_excel

from ...core import sharing
from .columns import ITEM_FIELDS, ITEM_KEYS, NATIONAL_LEVELS, PATHS
from .results import CellError, Noted

_ENUM_PATHS = {"sharing": ("sharing", "type"), "open": ("open",), "update_cycle": ("update_cycle",),
               "method": ("sharing", "method"), "format": ("format", "type"), "type": ("items", 0, "type")}
DATE_PATTERN = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?")
_FORMAT = re.compile(r"(?P<type>[^(（]+?)\s*[(（](?P<detail>.*)[)）]", re.DOTALL)
_LAW = re.compile(r"《(?P<law>[^》]+)》(?P<rest>.*)", re.DOTALL)
_BARE_LAW = re.compile(r"(?P<law>[^《》]+?)(?P<rest>第[0-9一二三四五六七八九十百千零〇两]+条.*)", re.DOTALL)
_LINK = re.compile(r"(?P<title>.+?)[\s:：]+(?P<url>[A-Za-z][A-Za-z0-9+.-]*://\S+)")
_BRACKETED_LINK = re.compile(r"(?P<title>.+?)\s*[(（](?P<url>[A-Za-z][A-Za-z0-9+.-]*://[^\s)）]+)[)）]")
_ITEM = re.compile(r"(?P<name>.+)[(（](?P<spec>[^()（）]*)[)）]", re.DOTALL)
_NO = {"否", "false", "不涉密", "非涉密"}
# Variants units write, each read as the value the schema names, with a note (docs/format.md lists them).
TYPE_VARIANTS: dict[str, tuple[str, ...]] = {
    "字符型": ("C", "字符", "字符串", "varchar", "varchar2", "nvarchar", "char", "string"),
    "数值型": ("N", "数值", "数字", "number", "numeric", "decimal"),
    "整型": ("I", "整数", "int", "integer"),
    "货币型": ("Y", "货币"),
    "日期型": ("D", "日期", "date"),
    "日期时间型": ("T", "日期时间", "datetime", "timestamp"),
    "逻辑型": ("L", "逻辑", "布尔", "boolean"),
    "备注型": ("M", "备注", "clob"),
    "二进制": ("blob", "二进制型"),
}
METHOD_VARIANTS: dict[str, tuple[str, ...]] = {"接口服务": ("共享平台/接口", "接口", "数据接口", "服务接口"), "库表交换": ("库表", "数据库交换"),
                   "文件下载": ("文件", "文件传输")}
OPEN_VARIANTS: dict[str, tuple[str, ...]] = {"无条件开放": ("是",), "不予开放": ("否",)}
_VARIANTS: dict[str, dict[str, tuple[str, ...]]] = {
    "type": TYPE_VARIANTS, "method": METHOD_VARIANTS, "open": OPEN_VARIANTS}
# Excel's day numbers read as dates: 1900-01-01 is 1 and 9999-12-31 is 2958465; a number up to 366 is
# far likelier a count than a date in 1900, so it is left to fail as 「不是日期」.
_SERIAL_DATES = range(367, 2958466)
_MONTH_ONLY = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*月?")
CATEGORY_HINT = "写成「资源库类别/子类」,例如「基础/人口」,或写类别码,例如 J01;可选的类别和子类见格式说明「类别码表」。"


def _title(importer, path: tuple) -> str:
    return importer.schema.fields.title(path)


def _allowed(importer, key: str) -> list[str]:
    info = importer.schema.fields.info(_ENUM_PATHS[key]).schema
    return info.get("enum") or info["items"]["enum"]


def excel_text(value, importer=None, key=None) -> str:
    """Text as Excel shows it: 18.0 is 18, TRUE is TRUE."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class NationalCode(str):
    """A national resource code (101001/000001) written where the city code goes, as the template does."""


def _code(value, importer, key) -> str:
    """The code names the file, so it must be well formed before anything is written; the national
    template's 信息资源代码 is the national code, kept as such (the city code is then assigned)."""
    text = excel_text(value)
    info = importer.schema.fields.info(("code",))
    if re.fullmatch(importer.schema.fields.info(("national_code",)).schema["pattern"], text):
        return NationalCode(text)
    if not re.fullmatch(info.schema["pattern"], text):
        raise CellError("xlsx-code", f"资源代码「{text}」的格式不正确。", info.description)
    return text


def _national_code(value, importer, key) -> str:
    text = excel_text(value)
    info = importer.schema.fields.info(("national_code",))
    if not re.fullmatch(info.schema["pattern"], text):
        raise CellError("xlsx-code", f"国家目录代码「{text}」的格式不正确。", info.description)
    return text


def _list(value, importer=None, key=None) -> list[str]:
    """Several values in one cell: one a line, or separated by 、 , ; (full or half width)."""
    text = excel_text(value)
    parts = text.split("\n") if "\n" in text else re.split(r"[、,，;；]", text)
    return [part.strip() for part in parts if part.strip()]


def _variant(text: str, key: str) -> str | None:
    """The schema's value that a variant stands for (C for 字符型, 接口 for 接口服务), if it is one."""
    folded = text.strip().casefold()
    return next((value for value, names in _VARIANTS.get(key, {}).items()
                 if folded in {name.casefold() for name in names}), None)


def _enum(value, importer, key):
    text = excel_text(value)
    allowed = _allowed(importer, key)
    variant = _variant(text, key) if text not in allowed else None
    if variant:
        title = _title(importer, _ENUM_PATHS[key])
        return Noted(variant, f"「{title}」写的「{text}」,按「{variant}」导入。")
    if text not in allowed:
        title = _title(importer, _ENUM_PATHS[key])
        raise CellError("xlsx-option", f"「{title}」的值「{text}」不在可选范围内。", f"可选值:{'、'.join(allowed)}。")
    return text


def _methods(value, importer, key):
    """One or more methods; 共享平台/接口 is one method, not two."""
    whole = _variant(excel_text(value), key)
    parts = [whole] if whole else _list(value)
    values = [_enum(part, importer, key) for part in parts]
    notes = [v.note for v in values if isinstance(v, Noted)]
    methods = list(dict.fromkeys(v.value if isinstance(v, Noted) else v for v in values))
    if whole:
        notes = [f"「共享方式」写的「{excel_text(value)}」,按「{whole}」导入。"]
    return Noted(methods, "".join(notes)) if notes else methods


def _date(value, importer, key):
    """YYYY-MM-DD from a date cell, from 2024-3-5, 2024/3/5, 2024.3.5, 2024年3月5日, or from the day
    number a date cell shows once its format is lost (45356 for 2024-03-05, with a note)."""
    title = _title(importer, PATHS[key])
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() \
            and int(value) in _SERIAL_DATES:
        day = from_excel(int(value))
        day = day.date() if isinstance(day, datetime.datetime) else day
        return Noted(day.isoformat(), f"「{title}」写的是数字「{int(value)}」,按 Excel 的日期序号读作 {day.isoformat()}。")
    text = excel_text(value)
    match = DATE_PATTERN.fullmatch(text)
    month = _MONTH_ONLY.fullmatch(text) if not match else None
    if month:
        raise CellError("xlsx-date-month", f"「{title}」只写到月份(「{text}」),没有写哪一天。",
                        f"写上具体日期,例如 {month[1]}-{int(month[2]):02d}-01;不知道哪一天的,请向数据管理人员核实,不要估填。")
    if not match:
        raise CellError("xlsx-date", f"「{title}」的值「{text}」不是日期。",
                        "写成 YYYY-MM-DD,例如 2024-03-15,或把单元格设为日期格式。")
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}"


def _integer(value, importer, key) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]+", value):
        return int(value)
    raise CellError("xlsx-number", f"「{_title(importer, ('items', 0, key))}」应为整数,这里是「{excel_text(value)}」。",
                    "只写阿拉伯数字,例如 18。")


def _category(value, importer, key) -> dict:
    """资源库类别/子类 (基础/人口, 基础库-人口类, 人口) or a class code (J01)."""
    text = excel_text(value)
    by_code = {code: pair for pair, code in importer.classes.items()}
    if text.upper() in by_code:
        return dict(zip(("database", "subclass"), by_code[text.upper()], strict=True))
    parts = [p for p in re.split(r"[/\\\-—、·>|\s]+", unicodedata.normalize("NFKC", text)) if p]
    pair = class_pair(parts, importer.classes)
    if pair is None:
        raise CellError("xlsx-category", f"资源分类「{text}」无法识别。", CATEGORY_HINT)
    return pair


def class_pair(parts: list[str], classes: dict) -> dict | None:
    """The category of [子类] or [资源库类别, 子类] (suffixes such as 库, 类 allowed); None if no such class."""
    databases, subclasses = {db for db, _ in classes}, {sub: db for db, sub in classes}
    subclass = _trim(parts[-1], subclasses, ("类", "信息")) if parts else ""
    if len(parts) == 1:
        database = subclasses.get(subclass)
    elif len(parts) == 2:
        database = _trim(parts[0], databases, ("信息资源库", "资源库", "信息资源类", "信息资源", "库", "类"))
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
    text = excel_text(value)
    match = _FORMAT.fullmatch(text)
    kind, detail = (match["type"], match["detail"].strip()) if match else (text, "")
    allowed = _allowed(importer, key)
    if kind not in allowed:
        raise CellError("xlsx-format", f"编码格式「{text}」的格式类型「{kind}」不在可选范围内。",
                        f"可选的格式类型:{'、'.join(allowed)};具体格式写在括号里,例如「数据库(MySQL)」。")
    return {"type": kind, "detail": detail} if detail else {"type": kind}


def _legal_basis(value, importer, key) -> list[dict]:
    """One basis a line: 《法律法规名称》第N条, then :条文摘录 if any; 《…》…;《…》… on one line also works."""
    bases = []
    for line in excel_text(value).split("\n"):
        for part in re.split(r"[;；]\s*(?=《)", line.strip()):
            if part.strip():
                bases.append(_basis(part.strip()))
    return bases


def _basis(part: str) -> dict:
    match = _LAW.fullmatch(part) or _BARE_LAW.fullmatch(part)
    article, _, excerpt = re.sub(r"[:：]", "\0", match["rest"], count=1).partition("\0") if match else ("", "", "")
    if match is None or not article.strip():
        raise CellError("xlsx-legal-basis", f"不予共享依据「{part}」无法识别。",
                        "每条依据写成「《法律法规名称》第N条」,要摘录原文的在后面加冒号和原文;多条依据分行填写。")
    basis = {"law": match["law"].strip(), "article": article.strip()}
    return basis | ({"excerpt": excerpt.strip()} if excerpt.strip() else {})


def _links(value, importer, key) -> list[dict]:
    """One link a line: 标题 网址 (or 标题(网址))."""
    links = []
    for line in filter(None, (part.strip() for part in excel_text(value).split("\n"))):
        match = _LINK.fullmatch(line) or _BRACKETED_LINK.fullmatch(line)
        if not match:
            raise CellError("xlsx-link", f"相关链接「{line}」无法识别。",
                            "每个链接写成「标题 网址」,例如「国家标准全文公开系统 https://openstd.samr.gov.cn/」,多个链接分行填写。")
        links.append({"title": match["title"].strip(), "url": match["url"]})
    return links


def _classified(value, importer, key) -> bool:
    text = excel_text(value).strip().lower()
    if text in _NO:
        return False
    raise CellError("xlsx-classified", f"是否涉密写的是「{excel_text(value)}」。涉密数据不得编入目录(办法第二十六条)。",
                    "不涉密的资源写「否」;涉密的资源请从表中删除这一行。")


def _items_text(value, importer, key):
    """名称(类型[,长度[,小数位数]]) separated by ; or line breaks; 名称(货币型,,2) for a precision alone."""
    items: list[dict] = []
    notes: list[str] = []
    for part in filter(None, (p.strip() for p in re.split(r"[;；\n]", excel_text(value)))):
        match = _ITEM.fullmatch(part)
        spec = [s.strip() for s in re.split(r"[,，]", match["spec"])] if match else []
        if not match or len(spec) > 3:
            raise CellError("xlsx-items", f"信息项「{part}」无法识别。", "每个信息项写成「名称(类型,长度)」,例如「公民身份号码(字符型,18)」,多项用分号隔开。")
        kind = _enum(spec[0], importer, "type")
        if isinstance(kind, Noted):
            notes.append(kind.note)
            kind = kind.value
        item = {"name": match["name"].strip(), "type": kind}
        for size, number in zip(("length", "precision"), spec[1:], strict=False):
            if number:
                item[size] = _integer(number, importer, size)
        items.append(item)
    return Noted(items, "".join(dict.fromkeys(notes))) if notes else items


def same_items(text_items: list[dict], sheet_items: list[dict]) -> bool:
    """Both say the same names, types and numbers (the 信息项 cell may write one number without saying which)."""
    def sizes(item):
        return [item[k] for k in ("length", "precision") if item.get(k) is not None]
    return len(text_items) == len(sheet_items) and all(
        a["name"] == b["name"] and a["type"] == b["type"] and sizes(a) == sizes(b)
        for a, b in zip(text_items, sheet_items, strict=False))


def _provider(value, importer, key) -> None:
    """Checked, not stored: the entry's provider is the unit imported for."""
    text, unit = excel_text(value), importer.unit
    if text not in (unit.id, unit.name, unit.short_name):
        raise CellError("xlsx-provider", f"提供单位「{text}」不是本单位({unit.name})。",
                        f"本次导入的是{unit.name}(单位标识 {unit.id})的目录,这一格应写「{unit.name}」;"
                        "其他单位的资源请由该单位自己导入。")


def _credit_code(value, importer, key) -> None:
    text, unit = excel_text(value), importer.unit
    if text != unit.credit_code:
        raise CellError("xlsx-credit-code", f"统一社会信用代码「{text}」不是本单位({unit.name})的代码 {unit.credit_code}。",
                        "改正代码;其他单位的资源请由该单位自己导入。")


def _item(key: str):
    """A parser of an info-item cell on the 资源目录 sheet, as the 信息项 sheet reads it."""
    field_key = ITEM_FIELDS[key]
    return lambda value, importer, _key: ITEM_PARSERS[field_key](value, importer, field_key)


def _format_type(value, importer, key):
    return _enum(value, importer, "format")


def nonshared_basis(fields: dict, importer) -> tuple[str, str] | None:
    """For 不予共享 the national template's 共享条件 cell holds the legal basis (「《…法》第七十二条:……」):
    read as 不予共享依据 (law, article, excerpt), with a note."""
    if fields.get("sharing") != sharing.NONSHARED or fields.get("conditions") is None \
            or fields.get("legal_basis") is not None:
        return None
    try:
        fields["legal_basis"] = _legal_basis(fields["conditions"], importer, "legal_basis")
    except CellError as exc:
        raise CellError(exc.rule, f"这项资源不予共享,「共享条件」中应写不予共享的法律依据。{exc.message}", exc.hint,
                        key="conditions") from None
    del fields["conditions"]
    return "conditions", "这项资源不予共享,「共享条件」中写的是不予共享的依据,按「不予共享依据」(法律、条款、原文)导入。"


def format_pair(fields: dict, importer) -> None:
    """信息资源格式 in two cells (数据库 | MySQL) or one (数据库(MySQL)): one format."""
    kind, detail = fields.pop("format_type", None), fields.pop("format_detail", None)
    if kind is None and detail is None:
        return
    if fields.get("format") is not None:
        raise CellError("xlsx-format", "信息资源格式既写在一格中,又分两列填写。", "只保留一种写法。", key="format_type")
    if kind is None:
        raise CellError("xlsx-required", "写了具体格式,但没有写格式分类(数据库、电子表格、电子文件……)。",
                        "在格式分类一列写上它属于哪一类。", key="format_type")
    fields["format"] = {"type": kind, "detail": detail} if detail else {"type": kind}


def open_flag(fields: dict, importer) -> tuple[str, str] | None:
    """是否向社会开放 (是/否) in its own column, as the national template has it under 开放属性 beside 开放条件:
    否 is 不予开放; 是 is 有条件开放 when 开放条件 is filled in, else 无条件开放. Beside a 开放属性 column it
    must agree with it, and that column says which opening it is."""
    flag = fields.pop("open_flag", None)
    if flag is None:
        return None
    given = fields.get("open")
    if given is not None:
        if (flag == "否") != (given == _NOT_OPEN):
            raise CellError("xlsx-open", f"「是否向社会开放」与「开放属性」不一致(「{flag}」与「{given}」)。",
                            "只保留一列,或改成一致。", key="open_flag")
        return None
    conditions = fields.get("open_conditions")
    fields["open"] = _NOT_OPEN if flag == "否" else _CONDITIONAL_OPEN if conditions else _OPEN
    because = ",并填写了开放条件" if flag == "是" and conditions else ""
    return "open_flag", f"「是否向社会开放」写的「{flag}」{because},按「{fields['open']}」导入。"


_OPEN, _CONDITIONAL_OPEN, _NOT_OPEN = "无条件开放", "有条件开放", "不予开放"


def _open_flag_cell(value, importer, key) -> str:
    text = excel_text(value).strip()
    if text not in ("是", "否"):
        raise CellError("xlsx-option", f"「是否向社会开放」的值「{text}」不是「是」或「否」。", "写「是」或「否」。")
    return text


def _ignore(value, importer, key) -> None:
    return None


MAIN_PARSERS = {"code": _code, "national_code": _national_code, "name": excel_text, "department": excel_text,
                "summary": excel_text,
                "conditions": excel_text, "keywords": _list, "related": _list, "method": _methods,
                "category": _category, "database": excel_text, "subclass": excel_text, "format": _format,
                "sharing": _enum, "open": _enum, "update_cycle": _enum, "published": _date, "updated": _date,
                "legal_basis": _legal_basis, "links": _links, "classified": _classified, "items_text": _items_text,
                "provider": _provider, "credit_code": _credit_code, "number": _ignore,
                "format_type": _format_type, "format_detail": excel_text, "open_flag": _open_flag_cell,
                "open_conditions": excel_text, **dict.fromkeys(NATIONAL_LEVELS, excel_text),
                **{key: _item(key) for key in ITEM_KEYS}}
ITEM_PARSERS = {"code": excel_text, "name": excel_text, "type": _enum, "length": _integer, "precision": _integer,
                "description": excel_text, "resource_name": _ignore, "number": _ignore}
