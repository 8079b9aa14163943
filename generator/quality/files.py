"""`catalog validate --quality`: the score of each entry file checked, which may not have validated.

The site scores the model, built only from a catalog without errors. Here a file may hold anything,
so its data is read into a Resource field by field, a value of the wrong shape read as missing (the
validator has reported it already): the score of a half-written entry says what it still lacks,
and no file can make the scoring fail.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..check.formats import REPORTERS, report_json, terminal_text
from ..check.validate import Files, Result
from ..core.layout import RESOURCE, discover, is_catalog_file, kind_of
from ..core.problems import Refused
from ..model.catalog import NATIONAL_CLASS_LABELS, NATIONAL_CLASS_LEVELS, Item, LegalBasis, Link, Resource
from ..read.load import load_past_slips
from ..read.policy import load_policy
from ..read.registry import Unit, class_codes, read_units
from ..read.schema import Schema
from .criteria import MAXIMUM
from .scores import EntryScore, score_entry


@dataclass(frozen=True)
class FileScore:
    """The score of one checked entry file; None when the file holds no entry to score."""

    path: str
    score: EntryScore | None


def file_scores(root: Path, paths: list[str] | None, result: Result, today: datetime.date) -> list[FileScore]:
    """The score of every entry file among `paths` (every entry of the catalog when None), by path.

    The data validation parsed in this run is used as it is; a file it found in its cache is read again.
    """
    chosen = discover(root) if paths is None else sorted(
        {p for p in paths if is_catalog_file(p) and kind_of(p) == RESOURCE})
    schema = Schema.named(RESOURCE)
    codes = class_codes(schema)
    try:
        units = read_units(root)
    except Refused:  # validation has said why; the entries are scored without their units' registry rows
        units = {}
    try:
        windows: dict[str, int] | None = dict(load_policy(root).governing(today).scoring.windows)
    except Refused:  # validation has said why; the update cycles are judged by Changde's windows
        windows = None
    files = Files(root)
    scores = []
    for path in chosen:
        parsed = result.documents.get(path)
        data = parsed.data if parsed is not None else _read(files, path, schema)
        scores.append(FileScore(path, None if data is None else
                                score_entry(entry_from(path, data, units, codes), today, windows)))
    return scores


def _read(files: Files, path: str, schema: Schema) -> dict | None:
    raw = files.read(path)
    if not isinstance(raw, bytes):
        return None
    doc, _ = load_past_slips(raw, path, schema.typed_keys)
    data = schema.coerce(doc) if doc is not None else None
    return data if isinstance(data, dict) else None


# ---- an entry from whatever a file holds ------------------------------------------------------------

def entry_from(path: str, data: Mapping, units: Mapping[str, Unit], codes: Mapping[tuple[str, str], str]) -> Resource:
    """A Resource from an entry file's data, each value of the wrong shape taken as not given."""
    category, fmt, shared = _mapping(data, "category"), _mapping(data, "format"), _mapping(data, "sharing")
    provider = _text(data, "provider")
    database, subclass = _text(category, "database"), _text(category, "subclass")
    national = _mapping(data, "national_class")
    return Resource(
        path=path, code=_text(data, "code"), name=_text(data, "name"),
        provider=units.get(provider) or Unit(provider, "", "", "", "", "", "", "", ()),
        department=_text(data, "department"), summary=_text(data, "summary"), keywords=_texts(data, "keywords"),
        database=database, subclass=subclass, class_code=codes.get((database, subclass), ""),
        format_type=_text(fmt, "type"), format_detail=_text(fmt, "detail"),
        sharing_type=_text(shared, "type"), conditions=_text(shared, "conditions"), methods=_texts(shared, "method"),
        legal_basis=tuple(LegalBasis(_text(b, "law"), _text(b, "article"), _text(b, "excerpt"))
                          for b in _mappings(shared, "legal_basis")),
        open=_text(data, "open"), update_cycle=_text(data, "update_cycle"), published=_text(data, "published"),
        updated=_text(data, "updated"), items=tuple(map(_item, _list(data, "items"))),
        related_codes=_texts(data, "related"),
        links=tuple(Link(_text(link, "title"), _text(link, "url")) for link in _mappings(data, "links")),
        national_code=_text(data, "national_code"),
        national_class=tuple((NATIONAL_CLASS_LABELS[level], _text(national, level)) for level in NATIONAL_CLASS_LEVELS
                             if _text(national, level)),
        open_conditions=_text(data, "open_conditions"),
    )


def _item(value) -> Item:
    """An info item; anything but a mapping is an item with nothing given."""
    item = value if isinstance(value, Mapping) else {}
    return Item(_text(item, "name"), _text(item, "type"), _number(item, "length"), _number(item, "precision"),
                _text(item, "description"))


def _text(data: Mapping, key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def _number(data: Mapping, key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _list(data: Mapping, key: str) -> list:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _texts(data: Mapping, key: str) -> tuple[str, ...]:
    return tuple(v for v in _list(data, key) if isinstance(v, str))


def _mapping(data: Mapping, key: str) -> Mapping:
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def _mappings(data: Mapping, key: str) -> list[Mapping]:
    return [v for v in _list(data, key) if isinstance(v, Mapping)]


# ---- output -----------------------------------------------------------------------------------------

def report_with_scores(output_format: str, result: Result, scores: list[FileScore], out: TextIO) -> None:
    """The validation report in its format, then the scores: lines after it, or in the JSON document."""
    if output_format == "json":
        report_json(result, out, {"quality": scores_json(scores)})
        return
    REPORTERS[output_format](result, out)
    out.write(scores_text(scores))


def scores_text(scores: list[FileScore]) -> str:
    """A heading, then per file its score and rating and, indented, each missing point with its hint."""
    lines = [f"元数据质量评分(满分 {MAXIMUM} 分,评分方法见 docs/quality.md):"]
    for file in scores:
        if file.score is None:
            lines.append(f"{file.path}: 无法评分,文件内容不是目录条目(见上面的问题)。")
            continue
        s = file.score
        lines.append(f"{file.path}: {s.score} 分,{s.rating}" + ("。" if not s.missing else ",可提高:"))
        lines += [f"    +{c.points} {c.dimension}·{c.label}:{c.hint}" for c in s.missing]
    if not scores:
        lines.append("没有检查目录条目文件。")
    return terminal_text(lines)


def scores_json(scores: list[FileScore]) -> list[dict]:
    """The scores as plain values for the JSON report (its strings escaped with the rest by for_json)."""
    return [{"file": f.path, "score": f.score.score if f.score else None, "rating": f.score.rating if f.score else None,
             "maximum": MAXIMUM,
             "missing": [{"criterion": c.id, "dimension": c.dimension, "label": c.label, "points": c.points,
                          "hint": c.hint} for c in (f.score.missing if f.score else ())]} for f in scores]
