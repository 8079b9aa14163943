"""Chinese labels for key paths, read from the JSON Schemas' `title` and `description`.

The schema is the single source of the labels a clerk sees in the editor and in messages.
"""

from __future__ import annotations

from dataclasses import dataclass

ANY_INDEX = "*"


def mapping_at(data: dict, key: str) -> dict:
    """The mapping under `key`, or an empty one when the file holds something else there (the schema says so)."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def list_at(data: dict, key: str) -> list:
    """The list under `key`, or an empty one when the file holds something else there (the schema says so)."""
    value = data.get(key)
    return value if isinstance(value, list) else []


@dataclass(frozen=True)
class FieldInfo:
    """What the schema says about one field."""

    title: str
    description: str
    schema: dict


def dotted(path: tuple) -> str:
    """("items", 2, "length") -> "items[2].length"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def pattern_of(path: tuple) -> tuple:
    """A key path as the schema names it: every list position is ANY_INDEX."""
    return tuple(ANY_INDEX if isinstance(part, int) else part for part in path)


class Fields:
    """Look up the label and help text of any key path of one schema."""

    def __init__(self, schema: dict):
        self._info: dict[tuple, FieldInfo] = {}
        self._collect(schema, ())

    def _collect(self, schema: dict, pattern: tuple) -> None:
        self._info[pattern] = FieldInfo(schema.get("title", ""), schema.get("description", ""), schema)
        for key, sub in schema.get("properties", {}).items():
            self._collect(sub, pattern + (key,))
        if isinstance(schema.get("items"), dict):
            self._collect(schema["items"], pattern + (ANY_INDEX,))

    def info(self, path: tuple) -> FieldInfo | None:
        """The schema's entry for a concrete key path, if the schema knows it."""
        return self._info.get(pattern_of(path))

    def schemas(self) -> list[tuple[tuple, dict]]:
        """(key pattern, its schema) for every field the schema describes, the root included."""
        return [(pattern, info.schema) for pattern, info in self._info.items()]

    def known(self, path: tuple) -> FieldInfo:
        """The schema's entry for a key path the code itself names (a LookupError means the code is wrong)."""
        info = self.info(path)
        if info is None:
            raise LookupError(f"the schema has no field {dotted(path)}")
        return info

    def title(self, path: tuple) -> str:
        """The Chinese title, or the key itself when the schema does not know it."""
        info = self.info(path)
        return info.title if info and info.title else (str(path[-1]) if path else "")

    def known_keys(self, path: tuple) -> dict[str, str]:
        """Keys allowed under an object path, with their titles."""
        info = self.info(path)
        props = info.schema.get("properties", {}) if info else {}
        return {key: sub.get("title", key) for key, sub in props.items()}

    def short(self, path: tuple) -> str:
        """Just the field: 「长度」(items[2].length)."""
        return f"「{self.title(path)}」({dotted(path)})" if path else "文件顶层"

    def describe(self, path: tuple) -> str:
        """A clerk-readable name: 信息项第 3 项的「长度」(items[2].length)."""
        if not path:
            return "文件顶层"
        prefix = ""
        for depth, part in enumerate(path):
            if isinstance(part, int) and depth < len(path) - 1:
                prefix += f"{self.title(path[:depth])}第 {part + 1} 项的"
        if isinstance(path[-1], int):
            return f"{prefix}{self.title(path[:-1])}第 {path[-1] + 1} 项({dotted(path)})"
        return f"{prefix}「{self.title(path)}」({dotted(path)})"
