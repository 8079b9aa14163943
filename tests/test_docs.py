"""The clerks' format page and the editor wiring stay in step with the schemas and the rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from casetools import CASES

ROOT = Path(__file__).parent.parent
FORMAT = (ROOT / "docs/format.md").read_text(encoding="utf-8")
MODELINE = "# yaml-language-server: $schema=../../schemas/resource.schema.json"
REQUEST_MODELINE = "# yaml-language-server: $schema=../../schemas/request.schema.json"
FEEDBACK_MODELINE = "# yaml-language-server: $schema=../../schemas/feedback.schema.json"


def _keys(schema: dict, prefix: str = "") -> set[str]:
    found = set()
    for key, sub in schema.get("properties", {}).items():
        found.add(key)
        found |= _keys(sub)
    if isinstance(schema.get("items"), dict):
        found |= _keys(schema["items"])
    return found


def test_every_schema_field_and_value_is_documented():
    for name in ("resource", "units", "request", "feedback"):
        schema = json.loads((ROOT / f"schemas/{name}.schema.json").read_text(encoding="utf-8"))
        for key in _keys(schema):
            assert f"`{key}`" in FORMAT or f"{key}:" in FORMAT, f"docs/format.md 没有说明字段 {key}"
        for values in re.findall(r'"enum": \[([^\]]*)\]', json.dumps(schema, ensure_ascii=False)):
            for value in json.loads(f"[{values}]"):
                assert value in FORMAT, f"docs/format.md 没有列出可选值 {value}"


def test_every_rule_the_cases_exercise_is_documented():
    expected = yaml.safe_load((CASES / "expected.yaml").read_text(encoding="utf-8"))
    rules = {rule for case in expected.values() for rule in re.findall(r"\[([a-z0-9-]+)\]$", case["report"], re.M)}
    assert len(rules) > 30
    for rule in sorted(rules):
        assert f"`{rule}`" in FORMAT, f"docs/format.md 的规则表缺少 {rule}"


def test_every_catalog_file_carries_the_schema_modeline():
    for path in sorted(ROOT.glob("catalog/*/*.yaml")) + sorted(ROOT.glob("nonshared/*/*.yaml")):
        assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE, path
    for path in sorted(ROOT.glob("requests/*/*.yaml")):
        assert path.read_text(encoding="utf-8").splitlines()[0] == REQUEST_MODELINE, path
    for path in sorted(ROOT.glob("feedback/*/*.yaml")):
        assert path.read_text(encoding="utf-8").splitlines()[0] == FEEDBACK_MODELINE, path
    assert (ROOT / "registry/units.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/units.schema.json")
    assert (ROOT / "registry/policy.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/policy.schema.json")


def test_vscode_maps_the_schemas_to_the_folders():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        "./schemas/resource.schema.json": ["catalog/**/*.yaml", "nonshared/**/*.yaml"],
        "./schemas/units.schema.json": ["registry/units.yaml"],
        "./schemas/request.schema.json": ["requests/**/*.yaml"],
        "./schemas/feedback.schema.json": ["feedback/**/*.yaml"],
        "./schemas/policy.schema.json": ["registry/policy.yaml", "examples/policy/*.yaml"],
    }
