"""Per-file checks that depend only on a file's bytes: strict load, schema, content rules.

Their results are what the cache stores, so nothing here may depend on the file's path,
on other files or on today's date.
"""

from __future__ import annotations

from ..core.layout import FEEDBACK, REQUEST, RESOURCE, RULES, UNITS
from ..core.problems import ERROR, Finding, Problem
from ..read.load import Document, load_bytes, load_past_slips
from ..read.schema import Schema
from .rules import content, units

_DATE_PATHS = (("published",), ("updated",))
_FEEDBACK_DATES = (("reported",), ("verified",), ("corrected",))


class FileChecker:
    """Holds the schemas once; checks one file's bytes at a time."""

    def __init__(self):
        self.schemas = {kind: Schema.named(kind) for kind in (RESOURCE, UNITS, REQUEST, FEEDBACK, RULES)}

    def check(self, raw: bytes, display: str, kind: str) -> tuple[object, list[Problem]]:
        """Load and check one file; return the facts cross-file rules need (None when unreadable) and problems.

        Most files are clean, so the first pass keeps no positions; only a file with findings
        is parsed a second time to place them.
        """
        schema = self.schemas[kind]
        doc, problems = load_bytes(raw, display, schema.typed_keys, positions=False)
        if doc is None:  # unreadable; or readable once its slips are put right, and then judged all the same
            repaired_doc, slips = load_past_slips(raw, display, schema.typed_keys)
            if repaired_doc is None:
                return None, slips
            data, findings = self._judged(repaired_doc, kind)
            return data, slips + locate(repaired_doc, findings)
        data, findings = self._judged(doc, kind)
        if findings:
            placed, _ = load_bytes(raw, display, schema.typed_keys)
            assert placed is not None  # the same bytes loaded a moment ago, without positions
            problems = locate(placed, findings)
        return data, problems

    def _judged(self, doc: Document, kind: str) -> tuple[dict | None, list[Finding]]:
        """A loaded file's typed data (None when it is not a mapping) and what the schema and the rules find."""
        schema = self.schemas[kind]
        data = schema.coerce(doc)
        if not isinstance(data, dict):
            return None, [Finding((), "schema-type", ERROR, "文件内容应为若干「字段: 值」,不是单个值或列表。",
                                  "参照格式说明,每行写一个「字段: 值」。")]
        findings = schema.check(data)
        judged = {finding.path for finding in findings}  # a value already wrong needs rewriting, not quotes
        findings += [finding for finding in schema.reader_typing(doc) if finding.path not in judged]
        findings += self._content_rules(data, kind, schema, doc.text)
        return data, findings

    def _content_rules(self, data, kind: str, schema: Schema, text: str):
        describe = schema.fields.describe
        yield from content.personal_data(data, describe, text)
        yield from content.markup(data, describe)
        yield from content.text_characters(data, describe)
        yield from content.word_processor_marks(data, describe)
        if kind == RESOURCE:
            yield from content.link_schemes(data, describe, _resource_links)
            yield from content.real_dates(data, describe, _DATE_PATHS)
        elif kind == REQUEST:
            yield from content.real_dates(data, describe, _history_dates(data))
        elif kind == FEEDBACK:
            yield from content.real_dates(data, describe, _FEEDBACK_DATES)
        elif kind == RULES:
            yield from content.real_dates(data, describe, _effective_dates(data))
        else:
            yield from content.link_schemes(data, describe, _unit_websites)
            yield from units.credit_codes(data)
            yield from units.unique_units(data)


def facts(data: dict) -> dict:
    """What rules across files need of an entry: identity, place, dates, links, item names.

    Only values of the shape the schema asks for are kept: a file with `code: {a: 1}` has its
    schema error, and the rules across files (which hash codes, look up providers) never see it.
    """
    kept = {key: data[key] for key, shape in _FACT_SHAPES.items() if _shaped(data.get(key), shape)}
    sharing, items = data.get("sharing"), data.get("items")
    if isinstance(sharing, dict) and isinstance(sharing.get("type"), str):
        kept["sharing"] = {"type": sharing["type"]}
    if isinstance(items, list):
        kept["items"] = [{"name": item["name"]} for item in items
                         if isinstance(item, dict) and isinstance(item.get("name"), str)]
    return kept


_FACT_SHAPES = {"code": str, "name": str, "provider": str, "published": str, "updated": str,
                "category": {"database": str, "subclass": str}, "related": [str]}


def _shaped(value, shape) -> bool:
    """Whether a value has a fact's shape: a str, a list of str, or a mapping whose present keys are str."""
    if shape is str:
        return isinstance(value, str)
    if isinstance(shape, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, dict) and all(isinstance(value[k], str) for k in shape if k in value)


def locate(doc: Document, findings: list[Finding]) -> list[Problem]:
    """Turn key-path findings into line:column problems (the one place that does)."""
    problems = []
    for finding in findings:
        line, column = doc.locate(finding.path, finding.at)
        problems.append(Problem(doc.path, line, column, finding.rule, finding.severity,
                                finding.message, finding.hint, finding.path))
    return problems


def _resource_links(data):
    links = data.get("links")
    return [("links", i, "url") for i, _ in enumerate(links)] if isinstance(links, list) else []


def _effective_dates(data):
    versions = data.get("versions")
    return [("versions", i, "effective") for i, _ in enumerate(versions)] if isinstance(versions, list) else []


def _history_dates(data):
    history = data.get("history")
    return [("history", i, "date") for i, _ in enumerate(history)] if isinstance(history, list) else []


def _unit_websites(data):
    rows = data.get("units")
    return [("units", i, "website") for i, row in enumerate(rows if isinstance(rows, list) else [])
            if isinstance(row, dict) and "website" in row]
