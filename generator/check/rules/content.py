"""Rules on one document alone: personal data, link schemes, real dates."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from ...core.problems import ERROR, WARNING, Finding, unseen, visible

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])([1-9][0-9]{5})((?:18|19|20)[0-9]{2})([01][0-9])([0-3][0-9])"
                        r"([0-9]{3})([0-9Xx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# A cheap first look over the whole text: most files have no run of 11+ digits at all.
_DIGIT_RUN = re.compile(r"[0-9][0-9 -]{9,}[0-9Xx]")
# Quotes and angle brackets are not URL characters (RFC 3986): refused so no export carries them raw.
_URL = re.compile(r"https?://[^\s/?#@<>\"'`{}|\\^]+(?:[/?#][^\s<>\"'`{}|\\^]*)?", re.IGNORECASE)
# Paragraph fields may hold line breaks; every other text is one line.
PARAGRAPH_KEYS = frozenset({"summary", "description", "conditions", "excerpt", "purpose", "reason", "note"})
_NAMES = {"\n": "换行符", "\r": "回车符", "\t": "制表符(Tab)", "\x00": "空字符(NUL)", "\x1b": "转义字符(ESC)",
          "\u200b": "零宽空格", "\u200c": "零宽非连接符", "\u200d": "零宽连接符", "\ufeff": "零宽不换行空格(BOM)",
          "\u202e": "从右到左覆盖符(RLO)", "\u202d": "从左到右覆盖符(LRO)", "\u2028": "行分隔符",
          "\u2029": "段落分隔符"}


def walk_strings(node, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string value in a document with its key path (keys themselves excluded)."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from walk_strings(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk_strings(value, path + (index,))


def is_id_number(digits: str) -> bool:
    """True for an 18-digit 公民身份号码 with a real birth date and a correct GB 11643 check digit."""
    try:
        datetime.date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    except ValueError:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS, strict=False))
    return _ID_CHECK[total % 11] == digits[17].upper()


def personal_data(data, describe, source: str) -> Iterator[Finding]:
    """Art. 26/33: no 身份证号 or mobile number may appear anywhere in a catalog file."""
    if not _DIGIT_RUN.search(source):
        return
    for path, text in walk_strings(data):
        if any(is_id_number("".join(m.groups())) for m in _ID_NUMBER.finditer(text)):
            yield Finding(path, "personal-id-number", ERROR,
                          f"{describe(path)}中含有公民身份号码,目录中不得出现个人信息。",
                          "删除这个号码;说明格式时写「18 位公民身份号码」即可,不要举真实号码。")
        if _MOBILE.search(text):
            yield Finding(path, "personal-mobile", ERROR,
                          f"{describe(path)}中含有手机号码,目录中不得出现个人信息。",
                          "删除手机号码;联系方式请填写单位办公电话或公务邮箱。")


_URL_KEYS = ("url", "website")
_MARKUP = re.compile(r"<\s*[A-Za-z/!?]|javascript\s*:|vbscript\s*:|data\s*:\s*text/html", re.IGNORECASE)


def markup(data, describe) -> Iterator[Finding]:
    """Catalog text is plain text: refuse HTML tags and script URLs, whatever the site escapes."""
    for path, text in walk_strings(data):
        if path and path[-1] in _URL_KEYS:
            continue  # addresses are url-scheme's to judge
        if _MARKUP.search(text):
            yield Finding(path, "text-markup", ERROR,
                          f"{describe(path)}中含有 HTML 标签或脚本地址,目录文本只能是纯文字。",
                          "删除尖括号标签和 javascript: 等地址;需要括号时用「」或()。")


def text_characters(data, describe) -> Iterator[Finding]:
    """Text is what it shows: no control or invisible characters, and no line break in a one-line field.

    A zero-width space makes a copied name look new to 一数一源, a bidi override shows text in
    another order than it is stored, and a newline in a code or date slips past its pattern.
    """
    for path, text in walk_strings(data):
        if text.isprintable() and "\n" not in text:
            continue  # the common case, cheaply: no control, format, separator or surrogate character
        paragraph = bool(path) and path[-1] in PARAGRAPH_KEYS
        bad = next((c for c in text if unseen(c) and not (paragraph and c == "\n")), None)
        if bad is None:
            continue
        name = _NAMES.get(bad, "不可见的控制字符")
        where = "只能写一行,不能" if bad == "\n" else "不能"
        yield Finding(path, "text-control", ERROR,
                      f"{describe(path)}中含有{name}(U+{ord(bad):04X}):{where}含有这类字符。",
                      "删除它:从网页、Word 或聊天软件复制的文字常带有看不见的字符,请用纯文本粘贴或重新输入。"
                      + ("需要分段的说明请写在「摘要」等允许多行的字段里。" if bad == "\n" else ""))


_CURLY = {"\u201c": "\u201d", "\u2018": "\u2019"}  # “…” and ‘…’: what WPS and Word type for " and '


def word_processor_marks(data, describe) -> Iterator[Finding]:
    """What a word processor leaves in YAML: curly quotes around a value, which YAML keeps as text, and a
    Chinese comma inside a flow list ([接口服务，库表交换]), which joins two items into one."""
    for path, text in walk_strings(data):
        if len(text) > 1 and _CURLY.get(text[0]) == text[-1]:
            yield Finding(path, "text-curly-quotes", WARNING,
                          f"{describe(path)}的值两端是中文引号「{text[0]}」「{text[-1]}」(第 1 个和第 {len(text)} 个字符),"
                          "它们会成为内容的一部分,发布时照样显示。",
                          f"删去两端的「{text[0]}」「{text[-1]}」;YAML 里需要引号时用英文引号 \"。"
                          "在 WPS 或 Word 里编辑过的文件,请用记事本或 VS Code 打开检查。")
        comma = text.find("\uff0c")
        if comma >= 0 and path and isinstance(path[-1], int):
            yield Finding(path, "text-fullwidth-comma", WARNING,
                          f"{describe(path)}「{text}」中第 {comma + 1} 个字符是中文逗号「，」:列表中的各项要用英文逗号"
                          "分开,写成中文逗号时两项会连成一项。",
                          f"把「，」改成英文逗号「,」,写成 [{text.replace(chr(0xff0c), ', ')}];如果这一项本来就含有逗号,"
                          "请把它改写成不带逗号的说法。")


def is_web_address(value: str) -> bool:
    """A whole http(s) address: no javascript:, data:, file: or relative link, no space, quote or angle bracket."""
    return _URL.fullmatch(value.strip()) is not None


def link_schemes(data, describe, url_paths) -> Iterator[Finding]:
    """Links may only be http(s) addresses: no javascript:, data:, file: or relative links."""
    for path in url_paths(data):
        value = _get(data, path)
        if isinstance(value, str) and not is_web_address(value):
            yield Finding(path, "url-scheme", ERROR,
                          f"{describe(path)}不是有效的 http(s) 网址:「{visible(value[:60])}」。",
                          "只能填写以 http:// 或 https:// 开头的完整网址。")


def real_dates(data, describe, date_paths) -> Iterator[Finding]:
    """Dates that match YYYY-MM-DD must also exist on the calendar (no 2月30日)."""
    for path in date_paths:
        value = _get(data, path)
        if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                yield Finding(path, "date-invalid", ERROR, f"{describe(path)}「{value}」不是真实存在的日期。",
                              "检查月份(01–12)和当月天数,格式为 YYYY-MM-DD。")


def _get(data, path: tuple):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
