"""The content-keyed cache gives the same answers as a cold run and re-checks what changed."""

from __future__ import annotations

import json

from casetools import CASES, TODAY, make_repo
from generator.cache import ResultCache, fingerprint
from generator.schema import SCHEMA_DIR
from generator.validate import validate


def cached_run(root, cache_file, only=None):
    cache = ResultCache(cache_file, fingerprint(SCHEMA_DIR))
    return validate(root, only, TODAY, cache), cache


def test_warm_run_equals_cold_run_and_reads_every_file_from_cache(tmp_path):
    root = make_repo(tmp_path)
    (root / "catalog/mzj/bad.yaml").write_bytes((CASES / "invalid/schema-required_conditions.yaml").read_bytes())
    cache_file = tmp_path / "cache.json"
    cold, _ = cached_run(root, cache_file)
    stored = json.loads(cache_file.read_text(encoding="utf-8"))
    assert len(stored["entries"]) == 5
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
