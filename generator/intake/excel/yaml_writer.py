"""The YAML entry writer: an entry file as a clerk would write it, not as a dumper would.

Keys in schema order, block style (keywords and methods as [甲, 乙], as the demo entries have them),
and quotes only where the strict loader, or any YAML 1.1 or 1.2 reader, would otherwise read
something other than the text. Imported files then diff like hand-written ones.
"""

from __future__ import annotations

import json
import re

from ...core import layout
from ...read.schema import Schema
from ...read.yamltypes import reader_type

MODELINE = layout.modeline(layout.RESOURCE)

_FLOW_LISTS = frozenset({"keywords", "method"})  # written [甲, 乙] as in the demo entries
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_UNSAFE = re.compile("(: |\\s#|:$|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff])")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}:#]")
# What some YAML reader (1.1 or 1.2, an editor's or PyYAML's) would take for a number, boolean or null.
_TYPED_LOOKING = re.compile(r"[0-9.+-]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-f]+"
                            r"|[-+]?\.(inf|nan)|true|false|yes|no|on|off|y|n|null|~", re.IGNORECASE)
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


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


def yaml_scalar(value) -> str:
    """A block-context YAML scalar that reads back as exactly `value` (the one writer every tool uses)."""
    return _scalar(value)


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
    return not _TYPED_LOOKING.fullmatch(text) and reader_type(text) is None
