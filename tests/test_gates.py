"""The gates every change passes: lint, line length, types, the stage layers, no cycles, no dead code.

Each tool runs offline from the test environment (`pip install -e '.[test]'`); their settings, and
why these rules, are in pyproject.toml. The layers are described in docs/architecture.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SOURCES = ("generator", "bench", "tests")
MAX_LINE = 120  # characters: a Chinese character counts once, as a reader sees it


def run(tool: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / tool), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    done = run("ruff", "check", "--no-cache", "--output-format", "concise", *SOURCES)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_line_is_longer_than_the_limit_in_characters():
    long = [f"{path.relative_to(ROOT)}:{number}: {len(line)}"
            for folder in SOURCES for path in sorted((ROOT / folder).rglob("*.py"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if len(line) > MAX_LINE]
    assert long == []


def test_mypy_finds_no_type_error():
    done = run("mypy", "--no-error-summary", "--cache-dir", str(ROOT / ".cache" / "mypy"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_each_stage_imports_only_the_stages_below_it():
    done = run("lint-imports", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph("generator")
    cycles = sorted({tuple(sorted((module, imported))) for module in graph.modules
                     for imported in graph.find_modules_directly_imported_by(module)
                     if graph.find_shortest_chain(importer=imported, imported=module)})
    assert cycles == []


def test_vulture_finds_no_dead_code():
    done = run("vulture", "generator", "tests/vulture_allowlist.py", "--min-confidence", "60")
    assert done.returncode == 0, done.stdout + done.stderr
