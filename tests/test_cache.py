"""The content-keyed cache gives the same answers as a cold run and re-checks what changed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from casetools import CASES, TODAY, make_repo

from generator.check.validate import validate
from generator.read.cache import PACKAGE, ResultCache, fingerprint, fingerprint_sources
from generator.read.schema import SCHEMA_DIR


def cached_run(root, cache_file, only=None):
    cache = ResultCache(cache_file, fingerprint(SCHEMA_DIR))
    return validate(root, only, TODAY, cache), cache


def test_warm_run_equals_cold_run_and_reads_every_file_from_cache(tmp_path):
    root = make_repo(tmp_path)
    (root / "catalog/mzj/bad.yaml").write_bytes((CASES / "invalid/schema-required_conditions.yaml").read_bytes())
    cache_file = tmp_path / "cache.json"
    cold, _ = cached_run(root, cache_file)
    stored = json.loads(cache_file.read_text(encoding="utf-8"))
    assert len(stored["entries"]) == 6  # the registry, the sharing rules, four entries
    warm, cache = cached_run(root, cache_file)
    assert warm.problems == cold.problems == validate(root, None, TODAY).problems
    assert not cache._dirty  # nothing had to be checked again


def test_a_changed_file_is_checked_again(tmp_path):
    root = make_repo(tmp_path)
    cache_file = tmp_path / "cache.json"
    assert cached_run(root, cache_file)[0].problems == []
    target = root / "catalog/mzj/dibao-duixiang.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("update_cycle: 每月", "update_cycle: 每两月"),
                      encoding="utf-8")
    result, cache = cached_run(root, cache_file)
    assert [p.rule for p in result.problems] == ["schema-enum"]
    assert cache._dirty


def test_same_content_at_another_path_gets_that_paths_name_and_location_rules(tmp_path):
    root = make_repo(tmp_path)
    cache_file = tmp_path / "cache.json"
    cached_run(root, cache_file)
    moved = root / "catalog/gaj/dibao.yaml"
    (root / "catalog/mzj/dibao-duixiang.yaml").rename(moved)
    result, _ = cached_run(root, cache_file)
    assert [(p.file, p.rule) for p in result.problems] == [("catalog/gaj/dibao.yaml", "file-location")]


def test_a_corrupt_or_foreign_cache_is_ignored(tmp_path):
    root = make_repo(tmp_path)
    cache_file = tmp_path / "cache.json"
    cache_file.write_text("{not json", encoding="utf-8")
    assert cached_run(root, cache_file)[0].problems == []
    cache_file.write_text(json.dumps({"version": "other", "entries": {"x": {}}}), encoding="utf-8")
    assert cached_run(root, cache_file)[0].problems == []
    assert json.loads(cache_file.read_text(encoding="utf-8"))["version"] == fingerprint(SCHEMA_DIR)


def test_the_fingerprint_covers_every_module_the_per_file_stage_runs(tmp_path):
    # A fresh interpreter runs one file's checks; every module of the package it loaded must be hashed.
    script = ("import json, sys\n"
              "from generator.check.files import FileChecker\n"
              "from pathlib import Path\n"
              f"raw = Path({str(CASES / 'fixture/registry/units.yaml')!r}).read_bytes()\n"
              "FileChecker().check(raw, 'registry/units.yaml', 'units')\n"
              "print(json.dumps([m.__file__ for m in list(sys.modules.values()) if getattr(m, '__file__', None)]))\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    package = PACKAGE.resolve()
    used = {Path(f).resolve() for f in json.loads(run.stdout) if Path(f).resolve().is_relative_to(package)}
    assert len(used) > 5
    assert used <= set(fingerprint_sources(SCHEMA_DIR))


def test_a_change_to_any_rule_module_invalidates_the_cache(tmp_path):
    # Observed: after a change to the credit-code weights a cached run of the registry gave 0 problems, a cold one 48.
    copy = tmp_path / "generator"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert fingerprint(SCHEMA_DIR, copy) == fingerprint(SCHEMA_DIR)
    for module in sorted(copy.rglob("*.py")):
        original = module.read_bytes()
        module.write_bytes(original + b"\n# changed\n")
        assert fingerprint(SCHEMA_DIR, copy) != fingerprint(SCHEMA_DIR), module.relative_to(copy)
        module.write_bytes(original)
