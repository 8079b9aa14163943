"""Strict loading: every catalog file comes from an untrusted pull request.

Bytes -> text (UTF-8 only) -> line checks (tabs, full-width colons) -> YAML events ->
plain Python data with the line and column of every key and value. Nothing a unit
wrote is reinterpreted: every scalar stays text, and only where the schema says a
field is a number or a boolean is a plain (unquoted) scalar typed, so `no`, `0731`
and `2024-01-05` never change. Plain scalars that other YAML readers would type
(`12315`, `yes`) are recorded, for the schema stage to ask for quotes where it wants text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core.problems import ERROR, Problem, Refused
from .yamltypes import MAY_BE_TYPED, reader_type

MAX_BYTES = 1024 * 1024
# A catalog file nests five levels at most; far deeper nesting is hostile and would exhaust the stack.
MAX_DEPTH = 32
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}
_TAB_INDENT = re.compile(r"^[ ]*\t")
_NO_SPACE_AFTER_COLON = re.compile(r"^(\s*(?:-\s+)?)[A-Za-z_][A-Za-z0-9_]*(:)(?!//)[^\s]")
FULLWIDTH_COLON = "\uff1a"
# Keys are ASCII, so an ASCII word followed by a full-width colon at a key position
# is almost certainly a key typed with a Chinese input method.
_FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)[A-Za-z_][A-Za-z0-9_]*\s*(\uff1a)")


@dataclass
class Document:
    """A loaded file: its data and where every key and value stands (1-based)."""

    path: str
    data: Any  # what YAML held: mappings, lists and text, of any shape until the schema has judged it
    text: str = ""
    value_pos: dict = field(default_factory=dict)
    key_pos: dict = field(default_factory=dict)
    plain: set = field(default_factory=set)  # key paths of unquoted scalars under typed keys
    # Unquoted scalars elsewhere that another YAML reader would type: key path -> ReaderTyped.
    reader_typed: dict = field(default_factory=dict)

    def locate(self, path: tuple, at: str = "value") -> tuple[int, int]:
        """Line and column for a key path; falls back to the nearest parent."""
        table = self.key_pos if at == "key" else self.value_pos
        while path:
            if path in table:
                return table[path]
            if at == "key" and path in self.value_pos:
                return self.value_pos[path]
            path = path[:-1]
        return self.value_pos.get((), (1, 1))


@dataclass(frozen=True)
class ReaderTyped:
    """An unquoted value that YAML readers other than ours take for a number, boolean or date."""

    kind: str  # yamltypes.NUMBER, BOOLEAN or DATE
    start: int  # where the value stands in the text: character offsets, for `catalog fix` to quote it
    end: int


class LoadError(Refused):
    """Raised inside the composer; carries a ready problem."""


def symlink_in(root: Path, relative: str) -> str | None:
    """The first part of a repository path that is a symbolic link, None when there is none.

    A link in a unit's folder could publish any file of the machine that builds the site.
    """
    current = root
    for part in Path(relative).parts:
        current = current / part
        if current.is_symlink():
            return current.relative_to(root).as_posix()
    return None


def refuse_symlink(display: str, link: str) -> Problem:
    """The problem for a catalog file reached through a symbolic link."""
    return _problem(display, 1, 1, "load-symlink", f"{link} 是符号链接,目录文件必须是仓库中的普通文件。",
                    "删除这个链接,把文件本身放到本单位的文件夹中提交。")


def load_bytes(raw: bytes, display: str, typed_keys: frozenset = frozenset(),
               positions: bool = True) -> tuple[Document | None, list[Problem]]:
    """Parse bytes strictly; never raises for bad input."""
    text, problems = decode(raw, display)
    if text is None:
        return None, problems
    try:
        return compose(text, display, typed_keys, positions), []
    except LoadError as exc:
        return None, [exc.problem]
    except yaml.YAMLError as exc:
        # A tab or a full-width colon is the usual cause of a YAML error typed by hand, and
        # says far more than the parser's message; only when neither is there, the parser's.
        return None, check_lines(text, display) or [yaml_error(exc, display, text)]


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: refuse empty, oversized, binary and non-UTF-8 files."""
    if len(raw) > MAX_BYTES:
        return None, [_problem(display, 1, 1, "load-too-large",
                               f"文件过大({len(raw) // 1024} KiB),单个目录文件不能超过 {MAX_BYTES // 1024} KiB。",
                               "一个文件只描述一项资源;信息项过多时请检查是否误粘贴了数据本身。")]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [_problem(display, 1, 1, "load-encoding", "文件是 UTF-16 编码,目录文件必须使用 UTF-8 编码。",
                               "请在编辑器中将文件另存为 UTF-8 编码。")]
    if b"\x00" in raw[:8192]:
        return None, [_problem(display, 1, 1, "load-binary", "这是二进制文件,不是 YAML 文本文件。",
                               "目录条目必须是 YAML 文本文件;请检查是否误提交了图片、表格或压缩包。")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [_encoding_problem(raw, exc.start, display)]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [_problem(display, 1, 1, "load-empty", "文件为空,没有任何字段。",
                               "参照格式说明填写资源条目,或删除这个文件。")]
    return text, []


def _encoding_problem(raw: bytes, offset: int, display: str) -> Problem:
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    try:
        raw.decode("gb18030")
        likely = "看起来是 GBK/GB18030 编码(Windows 中文系统的默认编码)"
    except UnicodeDecodeError:
        likely = "无法识别其编码"
    return _problem(display, line, column, "load-encoding", f"文件不是 UTF-8 编码,{likely}。",
                    "请在编辑器中选择「另存为」,编码选 UTF-8,然后重新提交。")


def check_lines(text: str, display: str) -> list[Problem]:
    """Find the typing slips behind most YAML errors: tab indentation and full-width colons."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _TAB_INDENT.match(line):
            problems.append(_problem(display, number, line.index("\t") + 1, "yaml-tab",
                                     "行首缩进使用了制表符(Tab),YAML 只允许用空格缩进。",
                                     "把行首的 Tab 换成空格(每级缩进 2 个空格)。"))
        match = _NO_SPACE_AFTER_COLON.match(line)
        if match:
            problems.append(_problem(display, number, match.start(2) + 1, "yaml-colon-space",
                                     "字段名后的冒号「:」后面缺少空格。",
                                     "在冒号后加一个空格,写成「字段名: 值」。"))
        match = _FULLWIDTH_KEY.match(line)
        if match:
            problems.append(_problem(display, number, match.start(2) + 1, "yaml-fullwidth-colon",
                                     f"字段名后面用了全角冒号「{FULLWIDTH_COLON}」,YAML 只认半角冒号「:」。",
                                     f"把「{FULLWIDTH_COLON}」改成半角「:」,并在冒号后加一个空格。"))
    return problems


# The slips check_lines finds: each has one evident repair, so the rest of the file can still be judged.
SLIPS = frozenset({"yaml-tab", "yaml-colon-space", "yaml-fullwidth-colon"})


def repaired(text: str, tab_width: int = 2) -> str:
    """The text with the slips of check_lines put right: tabs in the indentation as spaces, a key's
    full-width colon as ": ", a space after a key's colon. Only for reporting the file's other problems
    in the same round; the file itself is never changed."""
    lines = []
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip(" \t"))
        line = line[:indent].replace("\t", " " * tab_width) + line[indent:]
        match = _FULLWIDTH_KEY.match(line)
        if match:
            line = line[:match.start(2)] + ": " + line[match.end(2):].lstrip(" ")
        match = _NO_SPACE_AFTER_COLON.match(line)
        if match:
            line = line[:match.end(2)] + " " + line[match.end(2):]
        lines.append(line)
    return "\n".join(lines)


def load_past_slips(raw: bytes, display: str,
                    typed_keys: frozenset = frozenset()) -> tuple[Document | None, list[Problem]]:
    """load_bytes; and for a file that YAML cannot read only for slips (a tab, a full-width colon), the
    document of its text with them put right, with the slips as its problems.

    So a clerk learns every problem of the file in one round, not the slips first and the rest on the
    next push. A file with a slip is an error whatever else it holds, so such a document never
    reaches the site.
    """
    doc, problems = load_bytes(raw, display, typed_keys)
    if doc is not None or not problems or len(problems) > MAX_SLIPS or any(p.rule not in SLIPS for p in problems):
        return doc, problems
    text, _ = decode(raw, display)
    readings, failure = [], None
    for tab_width in (2, 4):  # a tab stood for some width of indentation: the one that reads
        fixed = repaired(text or "", tab_width)
        try:
            readings.append(compose(fixed, display, typed_keys))
        except LoadError as exc:
            failure = failure or exc.problem
        except yaml.YAMLError as exc:
            failure = failure or yaml_error(exc, display, fixed)
    # Two widths that read differently: which one the clerk meant is a guess, and a guess is not judged.
    if not readings or any(reading.data != readings[0].data for reading in readings[1:]):
        return None, problems + ([failure] if failure and not readings else [])
    if _inside_scalars(readings[0].text, _changed_lines(text or "", readings[0].text)):
        return None, problems  # a "slip" inside a block of text is the text itself: never repaired
    return readings[0], problems


# Beyond this many slips the file is not a clerk's typing but something else: it is not judged further.
MAX_SLIPS = 300


def _changed_lines(before: str, after: str) -> set[int]:
    """The 0-based lines the repair changed (it changes characters within lines, never their number)."""
    return {n for n, (old, new) in enumerate(zip(before.split("\n"), after.split("\n"), strict=False)) if old != new}


def _inside_scalars(text: str, lines: set[int]) -> bool:
    """Whether any of the lines lies within a scalar that spans lines, after its first: the inside of a
    `description: |` block, or a value folded over lines, whose tabs and colons are its content."""
    if not lines:
        return False
    spans = [(event.start_mark.line, event.end_mark.line) for event in yaml.parse(text, Loader=_Loader)
             if isinstance(event, yaml.ScalarEvent) and event.start_mark and event.end_mark
             and event.end_mark.line > event.start_mark.line]
    return any(start < line <= end for start, end in spans for line in lines)


def compose(text: str, display: str, typed_keys: frozenset = frozenset(), positions: bool = True) -> Document:
    """Build data from YAML events, refusing anchors, aliases, tags and duplicate keys.

    Plain scalars under `typed_keys` are recorded in `doc.plain` for the schema to type.
    Without `positions` (the fast path for files that turn out clean) no line or column
    is kept; a duplicate key then asks for a second pass that keeps them.
    """
    if not positions:
        try:
            return _compose(text, Document(display, None, text), typed_keys, None, None)
        except _NeedPositions:
            pass
    doc = Document(display, None, text)
    return _compose(text, doc, typed_keys, doc.value_pos, doc.key_pos)


class _NeedPositions(Exception):
    """A problem was found whose message needs the positions the fast pass did not keep."""


def _compose(text: str, doc: Document, typed_keys, value_pos, key_pos) -> Document:
    # Pull events straight from the C parser: yaml.parse's generator costs a third of the time.
    loader = _Loader(text)
    try:
        composer = _Composer(doc, typed_keys, value_pos, key_pos, loader.get_event)
        composer.next_event()  # StreamStartEvent
        documents = 0
        while True:
            event = composer.next_event()
            if event is None or type(event) is yaml.StreamEndEvent:
                return doc
            if type(event) is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise LoadError(_at(doc.path, event, "yaml-multiple-documents",
                                        "一个文件只能包含一个 YAML 文档(出现了第二个 ---)。",
                                        "每项资源单独一个文件;删除多余的 --- 及其后的内容。"))
                doc.data = composer.node(composer.next_event(), ())
    finally:
        loader.dispose()


class _Composer:
    """Turns events into data; records positions only when given tables for them."""

    def __init__(self, doc: Document, typed_keys, value_pos, key_pos, next_event):
        self.doc, self.typed_keys = doc, typed_keys
        self.value_pos, self.key_pos = value_pos, key_pos
        self.next_event = next_event

    def node(self, event, path: tuple):
        kind = type(event)
        if kind is yaml.AliasEvent or event.anchor or event.tag:
            _refuse_extras(event, self.doc.path)
        if len(path) > MAX_DEPTH:
            raise LoadError(_at(self.doc.path, event, "yaml-too-deep", f"层级太深:超过 {MAX_DEPTH} 层嵌套。",
                                "目录文件最多嵌套几层(如 items 下的信息项);检查缩进和括号是否写错。"))
        if self.value_pos is not None:
            self.value_pos[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
        if kind is yaml.ScalarEvent:
            if event.style:  # quoted or block scalars are always text
                return event.value
            if event.value in _NULLS:
                return None
            if path and path[-1] in self.typed_keys:
                self.doc.plain.add(path)
            elif event.value[0] in MAY_BE_TYPED:  # inline: most values (Chinese text) stop at this one lookup
                read_as = reader_type(event.value)
                if read_as:
                    self.doc.reader_typed[path] = ReaderTyped(read_as, event.start_mark.index, event.end_mark.index)
            return event.value
        if kind is yaml.SequenceStartEvent:
            items: list = []
            while True:
                child = self.next_event()
                if type(child) is yaml.SequenceEndEvent:
                    return items
                items.append(self.node(child, path + (len(items),)))
        if kind is yaml.MappingStartEvent:
            return self.mapping(path)
        raise LoadError(_at(self.doc.path, event, "yaml-syntax", "无法识别的 YAML 结构。", _SYNTAX_HINT))

    def mapping(self, path: tuple) -> dict:
        mapping: dict = {}
        while True:
            key_event = self.next_event()
            kind = type(key_event)
            if kind is yaml.MappingEndEvent:
                return mapping
            if kind is not yaml.ScalarEvent:
                _refuse_extras(key_event, self.doc.path)
                raise LoadError(_at(self.doc.path, key_event, "yaml-complex-key", "字段名必须是简单的文字。",
                                    "字段名写成 name: 这样的形式,不要用列表或映射作字段名。"))
            if key_event.anchor or key_event.tag:
                _refuse_extras(key_event, self.doc.path)
            key = key_event.value
            if key in mapping:
                self._duplicate(key_event, path + (key,))
            if self.key_pos is not None:
                self.key_pos[path + (key,)] = (key_event.start_mark.line + 1, key_event.start_mark.column + 1)
            mapping[key] = self.node(self.next_event(), path + (key,))

    def _duplicate(self, key_event, path: tuple):
        if self.key_pos is None:
            raise _NeedPositions()
        line, column = key_event.start_mark.line + 1, key_event.start_mark.column + 1
        first = self.key_pos[path]
        raise LoadError(Problem(self.doc.path, line, column, "yaml-duplicate-key", ERROR,
                                f"字段「{path[-1]}」重复:第 {first[0]} 行和第 {line} 行都写了它。",
                                "同一层级每个字段只能写一次;删除或合并其中一处。"))


def _refuse_extras(event, display: str) -> None:
    if isinstance(event, yaml.AliasEvent):
        raise LoadError(_at(display, event, "yaml-alias", f"不允许使用 YAML 别名 *{event.anchor}。",
                            "把被引用的内容直接写出来;目录文件不使用锚点和别名。"))
    if getattr(event, "anchor", None):
        raise LoadError(_at(display, event, "yaml-anchor", f"不允许使用 YAML 锚点 &{event.anchor}。",
                            "删除 &" + event.anchor + ",直接写出内容;目录文件不使用锚点和别名。"))
    if getattr(event, "tag", None):
        tag = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
        raise LoadError(_at(display, event, "yaml-tag", f"不允许使用 YAML 标签 {tag}。",
                            "删除标签;需要按文字处理的值请用引号括起来。"))


_SYNTAX_HINT = "检查这一行和上一行的缩进、冒号和引号;冒号后要有一个空格,含冒号或 # 的值请加引号。"

# PyYAML's problem texts, in Chinese with a hint each; anything else falls back to a generic text.
_YAML_MESSAGES = (
    ("mapping values are not allowed", "这里不能出现「: 」:值里含有冒号,或者缩进不对。",
     "如果值本身含有「: 」,请给整个值加引号;否则检查缩进。"),
    ("could not find expected ':'", "缺少冒号:字段名后面要有「: 」。", "写成「字段名: 值」,冒号为半角并后跟空格。"),
    ("did not find expected key", "缩进不一致,找不到预期的字段。", "同一层级的字段要左对齐,列表项的「- 」要对齐。"),
    ("did not find expected '-'", "列表项缩进不一致。", "同一列表的每一项都以对齐的「- 」开头。"),
    ("found unexpected end of stream", "文件意外结束:有引号或括号没有闭合。", "检查引号、方括号和花括号是否成对。"),
    ("found unknown escape character", "双引号中有无法识别的转义字符(反斜杠)。", "改用单引号,或把反斜杠写成 \\\\。"),
    ("found character that cannot start any token", "这一行有 YAML 不允许出现在此处的字符(如 @、` 或 %)。",
     "以这类字符开头的值请加引号。"),
)


def yaml_error(exc: yaml.YAMLError, display: str, text: str = "") -> Problem:
    """Turn a PyYAML error into a located Chinese problem, never placed past the file's last line."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    if lines and line > len(lines):  # the end of the file: point at the end of its last line
        line, column = len(lines), len(lines[-1]) + 1
    text = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or exc}"
    for needle, message, hint in _YAML_MESSAGES:
        if needle in text:
            return _problem(display, line, column, "yaml-syntax", message, hint)
    return _problem(display, line, column, "yaml-syntax", "YAML 语法错误,无法读取这一处。", _SYNTAX_HINT)


def _problem(display: str, line: int, column: int, rule: str, message: str, hint: str) -> Problem:
    return Problem(display, line, column, rule, ERROR, message, hint)


def _at(display: str, event, rule: str, message: str, hint: str) -> Problem:
    return _problem(display, event.start_mark.line + 1, event.start_mark.column + 1, rule, message, hint)
