"""jsonschema is the reference; the fast engine must agree with it on every case and demo file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from casetools import case_files

from generator.core.layout import (
    FEEDBACK,
    FEEDBACK_DIRS,
    POLICY,
    REGISTRY,
    REQUEST,
    REQUEST_DIRS,
    RESOURCE,
    RULES,
    UNITS,
)
from generator.read.load import load_bytes
from generator.read.schema import Schema

ROOT = Path(__file__).parent.parent
KINDS = (RESOURCE, UNITS, REQUEST, FEEDBACK, RULES)
SCHEMAS = {kind: Schema.named(kind) for kind in KINDS}
PLACES = {name: entry["place"] for name, entry in
          yaml.safe_load((ROOT / "tests/cases/expected.yaml").read_text(encoding="utf-8")).items()}


def kind_at(place: str) -> str:
    """The kind of file a repository path holds, so that each file meets its own schema."""
    top = place.split("/", 1)[0]
    return UNITS if place == REGISTRY else REQUEST if top in REQUEST_DIRS else FEEDBACK if top in FEEDBACK_DIRS \
        else RESOURCE


def candidates() -> list[tuple[str, Path]]:
    """Every case file (as the kind of its place) and every demo file of the repository, with its kind."""
    found = [(kind_at(PLACES[path.stem]), path) for path in case_files()]
    for top, kind in (("catalog", RESOURCE), ("nonshared", RESOURCE), ("requests", REQUEST), ("feedback", FEEDBACK)):
        found += [(kind, path) for path in sorted((ROOT / top).glob("*/*.yaml"))]
    found += [(UNITS, ROOT / REGISTRY), (UNITS, Path(__file__).parent / "cases/fixture" / REGISTRY)]
    found += [(RULES, ROOT / POLICY)] + [(RULES, path) for path in sorted((ROOT / "examples/policy").glob("*.yaml"))]
    # Files that do not even load (encoding, syntax) give a schema nothing to judge.
    return [(kind, path) for kind, path in found if load_bytes(path.read_bytes(), path.name)[0] is not None]


DOCUMENTS = candidates()


def test_every_kind_of_file_is_among_the_documents():
    assert {kind for kind, _ in DOCUMENTS} == set(KINDS)


@pytest.mark.parametrize(("kind", "path"), DOCUMENTS, ids=lambda v: v if isinstance(v, str) else v.name)
def test_fast_engine_agrees_with_reference(kind, path):
    schema = SCHEMAS[kind]
    doc, _ = load_bytes(path.read_bytes(), path.name, schema.typed_keys)
    data = schema.coerce(doc)
    assert schema.fast.is_valid(data) == schema.reference.is_valid(data)


@pytest.mark.parametrize("kind", KINDS)
def test_each_schema_is_valid_draft_2020_12_and_every_property_is_labelled(kind):
    schema = SCHEMAS[kind]
    schema.reference.check_schema(schema.document)
    _assert_labelled(schema.document, schema.name)


def _assert_labelled(node: dict, where: str):
    for key, sub in node.get("properties", {}).items():
        assert sub.get("title") and sub.get("description"), f"{where}.{key} 缺少中文 title/description"
        _assert_labelled(sub, f"{where}.{key}")
    if isinstance(node.get("items"), dict):
        assert node["items"].get("title"), f"{where}[] 缺少 title"
        _assert_labelled(node["items"], f"{where}[]")


def _patterns(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for value in node.values() for p in _patterns(value)]
    return [p for value in node for p in _patterns(value)] if isinstance(node, list) else []


ALL_PATTERNS = sorted({p for name in ("resource", "units", "request", "feedback", "policy")
                       for p in _patterns(Schema.named(name).document)})


# A value each pattern accepts; a new pattern needs its sample here (the test says so).
SAMPLES = {
    "^[0-9]{6,12}/[0-9]{6}$": "101001/000123",
    "^(GX|YY)-20[0-9]{2}-[0-9]{4}$": "GX-2026-0007", "^4307[0-9]{2}$": "430721",
    "^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?$": "@changde-data/gaj",
    "^JC-20[0-9]{2}-[0-9]{4}$": "JC-2026-0001", "^[0-9A-HJ-NPQRTUWXY]{18}$": "11430700MB1536979Q",
    "^[0-9]{3}$": "006", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "2026-11-24",
    "^[0-9]{6}-[0-9]{3}-[JZY][0-9]{2}-[0-9]{4}$": "430700-006-J01-0003", "^[a-z][a-z0-9-]{1,39}$": "gaj",
    "^第[一二三四五六七八九十百千零〇两0-9]+条.*$": "第三条第(五)项",
}


@pytest.mark.parametrize("pattern", ALL_PATTERNS)
def test_every_pattern_is_anchored_and_both_engines_refuse_a_trailing_newline(pattern):
    """Red-team finding: Python's `$` matched before a final newline, so `"…-0003\\n"` passed the code pattern."""
    assert pattern.startswith("^") and pattern.endswith("$"), pattern
    assert pattern in SAMPLES, f"在 SAMPLES 中为新的 pattern 加一个符合它的值:{pattern}"
    schema = Schema("probe", {"type": "string", "pattern": pattern})
    value = SAMPLES[pattern]
    assert schema.fast.is_valid(value) and schema.reference.is_valid(value)
    for tail in ("\n", "\r\n", "\n\n", "\r", "\u2028"):
        assert not schema.fast.is_valid(value + tail) and not schema.reference.is_valid(value + tail)


def _arrays(node, where: str):
    if isinstance(node, dict):
        if node.get("type") == "array":
            yield where, node
        for key, value in node.items():
            yield from _arrays(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _arrays(value, f"{where}[{index}]")


@pytest.mark.parametrize("name", ["resource", "units", "request", "feedback", "policy"])
def test_every_list_in_the_schemas_has_a_length_cap(name):
    """Red-team finding: 120,000 empty items took 36 s; every list is capped where a schema declares it."""
    uncapped = [where for where, node in _arrays(Schema.named(name).document, name) if "maxItems" not in node]
    assert uncapped == []
