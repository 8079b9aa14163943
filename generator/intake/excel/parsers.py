"""Cells to entry values: one parser per column, each raising CellError with a Chinese hint.

A parser takes (value, importer, key): the importer gives the schema (allowed values, titles,
patterns), the unit and the class codes, so the messages name the field as the schema does.
"""

from __future__ import annotations

import re
import unicodedata

from .columns import PATHS
from .results import CellError

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


def _code(value, importer, key) -> str:
    """The code names the file, so it must be well formed before anything is written."""
    text = excel_text(value)
    info = importer.schema.fields.info(("code",))
    if not re.fullmatch(info.schema["pattern"], text):
        raise CellError("xlsx-code", f"资源代码「{text}」的格式不正确。", info.description)
    return text


def _list(value, importer=None, key=None) -> list[str]:
    """Several values in one cell: one a line, or separated by 、 , ; (full or half width)."""
    text = excel_text(value)
    parts = text.split("\n") if "\n" in text else re.split(r"[、,，;；]", text)
    return [part.strip() for part in parts if part.strip()]


def _enum(value, importer, key) -> str:
    text = excel_text(value)
    allowed = _allowed(importer, key)
    if text not in allowed:
        title = _title(importer, _ENUM_PATHS[key])
        raise CellError("xlsx-option", f"「{title}」的值「{text}」不在可选范围内。", f"可选值:{'、'.join(allowed)}。")
    return text


def _methods(value, importer, key) -> list[str]:
    return [_enum(part, importer, key) for part in _list(value)]


def _date(value, importer, key) -> str:
    """YYYY-MM-DD from a date cell or from 2024-3-5, 2024/3/5, 2024.3.5, 2024年3月5日."""
    text = excel_text(value)
    match = DATE_PATTERN.fullmatch(text)
    if not match:
        raise CellError("xlsx-date", f"「{_title(importer, PATHS[key])}」的值「{text}」不是日期。",
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


def _items_text(value, importer, key) -> list[dict]:
    """名称(类型[,长度[,小数位数]]) separated by ; or line breaks; 名称(货币型,,2) for a precision alone."""
    items = []
    for part in filter(None, (p.strip() for p in re.split(r"[;；\n]", excel_text(value)))):
        match = _ITEM.fullmatch(part)
        spec = [s.strip() for s in re.split(r"[,，]", match["spec"])] if match else []
        if not match or len(spec) > 3:
            raise CellError("xlsx-items", f"信息项「{part}」无法识别。", "每个信息项写成「名称(类型,长度)」,例如「公民身份号码(字符型,18)」,多项用分号隔开。")
        item = {"name": match["name"].strip(), "type": _enum(spec[0], importer, "type")}
        for size, number in zip(("length", "precision"), spec[1:], strict=False):
            if number:
                item[size] = _integer(number, importer, size)
        items.append(item)
    return items


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


def _ignore(value, importer, key) -> None:
    return None


MAIN_PARSERS = {"code": _code, "name": excel_text, "department": excel_text, "summary": excel_text,
                "conditions": excel_text, "keywords": _list, "related": _list, "method": _methods,
                "category": _category, "database": excel_text, "subclass": excel_text, "format": _format,
                "sharing": _enum, "open": _enum, "update_cycle": _enum, "published": _date, "updated": _date,
                "legal_basis": _legal_basis, "links": _links, "classified": _classified, "items_text": _items_text,
                "provider": _provider, "credit_code": _credit_code, "number": _ignore}
ITEM_PARSERS = {"code": excel_text, "name": excel_text, "type": _enum, "length": _integer, "precision": _integer,
                "description": excel_text, "resource_name": _ignore, "number": _ignore}
