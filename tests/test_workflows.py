"""The GitHub workflows are safe by construction: pinned actions, least permissions, no injection."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

WORKFLOWS = sorted((Path(__file__).parent.parent / ".github/workflows").glob("*.yml"))


def _load(path: Path) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def _steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"validate.yml", "main.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_pinned_least_privileged_and_injection_free(path):
    workflow = _load(path)
    assert "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    for step in _steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        if "run" in step:
            assert "${{" not in step["run"], "事件文本要经 env: 传入,不能直接写进 run:"


def _catalog_commands(path: Path) -> list[str]:
    used = []
    for step in _steps(_load(path)):
        # `catalog` in command position: at the start of a line or after ; && || then else
        used += re.findall(r"(?:^|[;&|]|\bthen|\belse)\s*catalog\s+([a-z-]+)", step.get("run", ""), re.M)
    return used


def test_workflows_validate_with_the_project_command():
    assert all("validate" in _catalog_commands(path) for path in WORKFLOWS)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_calls_only_commands_the_project_provides(path):
    from generator.cli import build_parser

    commands = set(build_parser()._subparsers._group_actions[0].choices)
    assert set(_catalog_commands(path)) <= commands
