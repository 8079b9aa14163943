"""Schema stage: type plain scalars by the schema, validate, and say what is wrong in Chinese.

`jsonschema` is the reference validator and the source of every message; the much faster
`jsonschema_rs` only decides whether a document is valid at all, so the reference runs
just for the documents that have something to report (the tests check both agree).
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
from functools import cache, cached_property

import jsonschema_rs

from ..core.fields import Fields, dotted, pattern_of
from ..core.layout import SCHEMA_DIR
from ..core.problems import ERROR, Finding, visible
from .load import Document
from .yamltypes import BOOLEAN, DATE, NUMBER, SPECIAL

_INTEGER = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n", "Yes", "No", "YES", "NO", "On", "Off", "是", "否"}
_TYPE_NAMES = {"string": "文字", "integer": "整数", "number": "数字", "boolean": " true 或 false",
               "object": "若干字段(映射)", "array": "列表", "null": "空值"}


class Schema:
    """One JSON Schema with its labels, its typing and its two validators."""

    def __init__(self, name: str, document: dict):
        self.name = name
        self.document = document
        self.fields = Fields(document)
        self._typed = [(pattern, node["type"]) for pattern, node in self.fields.schemas()
                       if node.get("type") in ("integer", "boolean")]

    @classmethod
    def named(cls, name: str) -> Schema:
        """Load schemas/<name>.schema.json."""
        path = SCHEMA_DIR / f"{name}.schema.json"
        return cls(name, json.loads(path.read_text(encoding="utf-8")))

    @cached_property
    def reference(self):
        """The reference validator (jsonschema), built once, imported only when needed.

        Its `pattern` keyword follows ECMA-262 as JSON Schema requires, like the fast validator:
        Python's `$` also matches before a final newline, which let `"…-0003\\n"` pass a code pattern.
        """
        import jsonschema

        validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _whole_value_pattern})
        return validator(self.document)

    @cached_property
    def fast(self):
        """The fast validity gate, built once."""
        return jsonschema_rs.Draft202012Validator(self.document)

    @cached_property
    def typed_keys(self) -> frozenset:
        """Keys whose plain values the schema types (the loader records only these)."""
        return frozenset(pattern[-1] for pattern, _ in self._typed)

    def coerce(self, doc: Document):
        """Give plain scalars the integer or boolean type the schema expects; keep all else as text."""
        for path in doc.plain:
            kind = self._kinds.get(pattern_of(path))
            if kind:
                parent = doc.data
                for part in path[:-1]:
                    parent = parent[part]
                parent[path[-1]] = _typed(parent[path[-1]], kind)
        return doc.data

    @cached_property
    def _kinds(self) -> dict[tuple, str]:
        return dict(self._typed)

    def reader_typing(self, doc: Document) -> list[Finding]:
        """Unquoted values that YAML readers other than ours would not read as the text the schema wants."""
        findings = []
        for path, typed in doc.reader_typed.items():
            wants = self._texts.get(pattern_of(path))
            if wants is None or (typed.kind == DATE and wants == _DATE_TEXT):
                continue
            findings.append(_reader_finding(self.fields, path, typed.kind, _value_at(doc.data, path)))
        return findings

    @cached_property
    def _texts(self) -> dict[tuple, str]:
        return {pattern: node.get("pattern", "") for pattern, node in self.fields.schemas() if _wants_text(node)}

    def check(self, data) -> list[Finding]:
        """Validate typed data; return findings with Chinese messages (empty when valid)."""
        if self.fast.is_valid(data):
            return []
        # Bounded: a hostile file (120,000 empty items) would otherwise cost minutes and bury the point.
        errors = sorted(itertools.islice(self.reference.iter_errors(data), MAX_ERRORS),
                        key=lambda e: (list(e.absolute_path), e.validator))
        if not errors:  # the engines disagree: never let that pass as valid
            return [Finding((), "schema-engine", ERROR, "文件没有通过字段格式校验,但无法指出具体位置。",
                            "请把这个文件发给目录维护者;在此之前对照格式说明逐项检查。")]
        # A value of the wrong type fails its other keywords too; its type error says it all.
        mistyped = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
        findings = []
        for error in errors:
            if error.validator == "type" or tuple(error.absolute_path) not in mistyped:
                findings.extend(explain(error, self.fields, self.document, data))
        if len(errors) == MAX_ERRORS:
            findings.append(Finding((), "schema-too-many", ERROR, f"问题太多,这里只列出前 {MAX_ERRORS} 个字段格式问题。",
                                    "先改正以上问题再重新校验;问题成百上千时,检查是否误粘贴了大量内容或缩进整体错位。"))
        return findings


MAX_ERRORS = 200  # per file: enough to show every real mistake, few enough to read


def _whole_value_pattern(validator, pattern: str, instance, schema):
    """The `pattern` keyword with ECMA-262 anchors: `$` is the end of the value, nothing after it."""
    from jsonschema import ValidationError

    if validator.is_type(instance, "string") and not _ecma(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _ecma(pattern: str) -> re.Pattern:
    """Compile an ECMA-262 pattern for Python: outside a character class, `$` is the end and `.` no line end."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        elif char == "." and not in_class:  # ECMA's `.` stops at every line terminator, Python's only at \n
            char = "[^\n\r\u2028\u2029]"
        out.append(char)
    return re.compile("".join(out))


# A date field: editors and check-jsonschema read an unquoted 2024-01-05 there as the text it is.
_DATE_TEXT = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_READER_KINDS = {NUMBER: "数字", BOOLEAN: "布尔值(真/假)", DATE: "日期",
                 SPECIAL: "YAML 的特殊记号,整个文件都会读不出来"}


def _reader_finding(fields: Fields, path: tuple, kind: str, value: str) -> Finding:
    return Finding(path, "yaml-reader-type", ERROR,
                   f"{fields.describe(path)}要求文字,但「{_show(value)}」没有加引号,按 YAML 标准会被读成{_READER_KINDS[kind]}。",
                   f"加上英文引号,写成 \"{value}\"(`catalog fix` 可自动加上):编辑器、check-jsonschema 等按 YAML 标准"
                   "读取的工具会把不加引号的它读成别的类型,文件在不同工具中的含义就不同了。")


def _wants_text(node: dict) -> bool:
    """Whether a field's schema wants text: a string, or a choice among strings."""
    enum = node.get("enum")
    return node.get("type") == "string" or bool(enum and all(isinstance(v, str) for v in enum))


def _typed(text: str, kind: str):
    if kind == "integer" and _INTEGER.match(text):
        return int(text)
    if kind == "boolean" and text in _BOOLEANS:
        return _BOOLEANS[text]
    return text


def explain(error, fields: Fields, root: dict, data) -> list[Finding]:
    """One or more Chinese findings for a jsonschema error."""
    path = tuple(error.absolute_path)
    handler = _HANDLERS.get(error.validator, _generic)
    condition = _condition(error, path, fields, root, data)
    return [Finding(p, f"schema-{error.validator}", ERROR, condition + message, hint, at)
            for p, message, hint, at in handler(error, path, fields)]


def _condition(error, path: tuple, fields: Fields, root: dict, data) -> str:
    """When the failing part sits under an if/then, say which condition applied."""
    schema_path = list(error.absolute_schema_path)
    if "then" not in schema_path:
        return ""
    index = len(schema_path) - 1 - schema_path[::-1].index("then")
    node = root
    for part in schema_path[:index]:
        node = node[part]
    # The `if` tests the object the `then` applies to: step back over the instance
    # levels the schema descends after `then` (each "properties" key, each "items").
    owner = path[:len(path) - _instance_depth(schema_path[index + 1:])]
    condition = node.get("if", {})
    found = _tested_value(condition, ())
    if not found:
        present = condition.get("required", ())  # an `if` that only asks whether a field is filled in
        return f"填写了{fields.short(owner + (present[0],))}时," if len(present) == 1 else ""
    tested = owner + found[0]
    value = _value_at(data, tested)
    # An `if` on a missing or non-mapping parent holds vacuously: there is no value to name then.
    return "" if value is _MISSING else f"{fields.short(tested)}为「{_show(value)}」时,"


_MISSING = object()


def _value_at(data, path: tuple):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


def _instance_depth(schema_path: list) -> int:
    """How many instance levels a schema path descends: one per property name, one per `items`."""
    depth, parts = 0, iter(schema_path)
    for part in parts:
        if part == "properties":
            depth += 1
            next(parts, None)  # the property's name, which may itself be "items"
        elif part == "items":
            depth += 1
    return depth


def _tested_value(schema: dict, relative: tuple):
    """The first (key path, const or enum) an `if` schema tests, searching nested properties."""
    for key, sub in schema.get("properties", {}).items():
        expected = sub.get("const", sub.get("enum"))
        if expected is not None:
            return relative + (key,), expected
        nested = _tested_value(sub, relative + (key,))
        if nested:
            return nested
    return None


def _required(error, path, fields):
    for key in error.validator_value:
        if isinstance(error.instance, dict) and key not in error.instance:
            target = path + (key,)
            info = fields.info(target)
            # The missing key's own path: it is placed at its parent (Document.locate walks up), and
            # whoever maps problems back to fields (issue forms) learns which field is missing.
            yield (target, f"缺少必填字段{fields.short(target)}。",
                   f"在{_where(path, fields)}添加一行 `{key}: …`。" + (f"{info.description}" if info else ""), "value")


def _where(path, fields) -> str:
    return "文件顶层" if not path else f"{fields.describe(path)}下"


def _enum(error, path, fields):
    allowed = "、".join(str(v) for v in error.validator_value)
    yield (path, f"{fields.describe(path)}的值「{_show(error.instance)}」不在可选范围内。", f"可选值:{allowed}。", "value")


def _const(error, path, fields):
    info = fields.info(path)
    yield (path, f"{fields.describe(path)}只能写 {_show(error.validator_value)},这里写的是「{_show(error.instance)}」。",
           info.description if info else "", "value")


def _type(error, path, fields):
    expected = error.validator_value
    expected = expected if isinstance(expected, str) else expected[0]
    instance = error.instance
    info = fields.info(path)
    if instance is None:
        yield (path, f"{fields.describe(path)}不能为空。", info.description if info else "", "value")
        return
    hint = _type_hint(expected, instance) or (info.description if info else "")
    yield (path, f"{fields.describe(path)}应为{_TYPE_NAMES.get(expected, expected)},这里写的是「{_show(instance)}」。",
           hint, "value")


def _type_hint(expected: str, instance) -> str:
    if expected == "boolean" and isinstance(instance, str) and instance in _YAML11_BOOLEANS:
        return "请写 true 或 false;yes/no/on/off/是/否 在本目录中一律按文字处理。"
    if expected == "integer" and isinstance(instance, str):
        if re.fullmatch(r"0[0-9]+", instance):
            return "整数不要以 0 开头。"
        if re.fullmatch(r"[0-9]+", instance):
            return "去掉数字两边的引号。"
        return "只写阿拉伯数字,例如 18。"
    if expected == "string" and isinstance(instance, (int, float, bool)):
        return "给这个值加上引号,按文字处理。"
    if expected == "array" and isinstance(instance, str):
        return "写成列表:每项一行,以「- 」开头,或写成 [甲, 乙]。"
    return ""


def _pattern(error, path, fields):
    info = fields.info(path)
    yield (path, f"{fields.describe(path)}的格式不正确:「{_show(error.instance)}」。", info.description if info else "", "value")


def _min_length(error, path, fields):
    info = fields.info(path)
    if not error.instance.strip():
        yield (path, f"{fields.describe(path)}不能为空。", info.description if info else "", "value")
    else:
        yield (path, f"{fields.describe(path)}太短,至少要 {error.validator_value} 个字。",
               info.description if info else "", "value")


def _max_length(error, path, fields):
    yield (path, f"{fields.describe(path)}太长:{len(error.instance)} 个字,最多 {error.validator_value} 个字。",
           "删去与资源无关的内容,详细材料可放在相关链接中。", "value")


def _min_items(error, path, fields):
    yield (path, f"{fields.describe(path)}至少要有 {error.validator_value} 项。", _desc(fields, path), "value")


def _min_properties(error, path, fields):
    yield (path, f"{fields.describe(path)}是空的:至少要写其中一项。",
           "写上其中的一项或几项;不需要时把这个字段整行删掉。" + _desc(fields, path), "value")


def _max_items(error, path, fields):
    yield (path, f"{fields.describe(path)}最多 {error.validator_value} 项,这里有 {len(error.instance)} 项。",
           _desc(fields, path), "value")


def _unique(error, path, fields):
    seen, dupes = set(), {}
    for item in error.instance:  # linear: a key per item, not a comparison with every earlier one
        key = json.dumps(item, sort_keys=True, ensure_ascii=False)
        if key in seen:
            dupes.setdefault(key, item)
        seen.add(key)
    shown = "、".join(_show(d) for d in itertools.islice(dupes.values(), 5)) + ("等" if len(dupes) > 5 else "")
    yield (path, f"{fields.describe(path)}中有重复项:{shown}。", "删除重复的项。", "value")


def _additional(error, path, fields):
    known = fields.known_keys(path)
    extras = [key for key in error.instance if key not in known]
    for key in extras:
        close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
        hint = (f"是否想写「{close[0]}」({known[close[0]]})?" if close else "") + \
            f"这里可用的字段:{'、'.join(f'{k}({t})' for k, t in known.items())}。"
        yield (path + (key,), f"不认识的字段「{key}」({dotted(path + (key,))})。", hint, "key")


def _minimum(error, path, fields):
    yield (path, f"{fields.describe(path)}不能小于 {error.validator_value}。", _desc(fields, path), "value")


def _maximum(error, path, fields):
    yield (path, f"{fields.describe(path)}不能大于 {error.validator_value}。", _desc(fields, path), "value")


def _not(error, path, fields):
    forbidden = [key for key in _keys_in(error.validator_value)
                 if isinstance(error.instance, dict) and key in error.instance]
    for key in forbidden:
        yield (path + (key,), f"不应填写{fields.short(path + (key,))}。", "删除这个字段,或改正上面的共享类型。", "key")


def _keys_in(schema: dict) -> list[str]:
    keys = list(schema.get("required", []))
    for sub in schema.get("anyOf", []):
        keys.extend(_keys_in(sub))
    return keys


def _generic(error, path, fields):
    yield (path, f"{fields.describe(path)}不符合要求:{error.message}", _desc(fields, path), "value")


def _desc(fields, path) -> str:
    info = fields.info(path)
    return info.description if info else ""


def _show(value) -> str:
    """A value as the clerk wrote it in YAML, not as Python prints it (no quotes, no None)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "(空)"
    # Only the first few members: a hostile list of a million items is shown as cheaply as a short one.
    if isinstance(value, list):
        text = "[" + ", ".join(_show(item) for item in value[:8]) + ("…" if len(value) > 8 else "") + "]"
    elif isinstance(value, dict):
        members = itertools.islice(value.items(), 8)
        text = "{" + ", ".join(f"{key}: {_show(item)}" for key, item in members) + ("…" if len(value) > 8 else "") + "}"
    else:
        text = visible(str(value))
    return text if len(text) <= 40 else text[:40] + "…"


_HANDLERS = {
    "required": _required, "enum": _enum, "const": _const, "type": _type, "pattern": _pattern,
    "minLength": _min_length, "maxLength": _max_length, "minItems": _min_items, "maxItems": _max_items,
    "uniqueItems": _unique, "additionalProperties": _additional,
    "minProperties": _min_properties, "minimum": _minimum, "maximum": _maximum,
    "not": _not,
}
