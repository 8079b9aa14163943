"""jsonschema is the reference; the fast engine must agree with it on every case and demo file."""

from __future__ import annotations

from pathlib import Path

import pytest

from casetools import case_files
from generator.check import RESOURCE, UNITS
from generator.load import load_bytes
from generator.schema import Schema

ROOT = Path(__file__).parent.parent
SCHEMAS = {RESOURCE: Schema.named(RESOURCE), UNITS: Schema.named(UNITS)}
CANDIDATES = case_files() + sorted(ROOT.glob("catalog/*/*.yaml")) + sorted(ROOT.glob("nonshared/*/*.yaml")) + \
    [ROOT / "registry/units.yaml", Path(__file__).parent / "cases/fixture/registry/units.yaml"]
# Files that do not even load (encoding, syntax) give a schema nothing to judge.
DOCUMENTS = [p for p in CANDIDATES if load_bytes(p.read_bytes(), p.name)[0] is not None]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_fast_engine_agrees_with_reference(path):
    doc, _ = load_bytes(path.read_bytes(), path.name)
    kind = UNITS if "units" in path.name else RESOURCE
    schema = SCHEMAS[kind]
    data = schema.coerce(doc)
    assert schema.fast.is_valid(data) == schema.reference.is_valid(data)


def test_the_schemas_are_valid_draft_2020_12_and_every_property_is_labelled():
    for schema in SCHEMAS.values():
        schema.reference.check_schema(schema.document)
        _assert_labelled(schema.document, schema.name)


def _assert_labelled(node: dict, where: str):
    for key, sub in node.get("properties", {}).items():
        assert sub.get("title") and sub.get("description"), f"{where}.{key} 缺少中文 title/description"
        _assert_labelled(sub, f"{where}.{key}")
    if isinstance(node.get("items"), dict):
        assert node["items"].get("title"), f"{where}[] 缺少 title"
        _assert_labelled(node["items"], f"{where}[]")
