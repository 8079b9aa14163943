"""Validation of files held in memory, and the key path every problem carries.

Issue forms and `catalog new` check their file with the whole catalog before anything is written;
an issue form that fails leaves the repository untouched: nothing written and taken back.
"""

from __future__ import annotations

from pathlib import Path

from casetools import CASES, TODAY, make_repo

import generator.intake.issueforms
from generator.check.validate import validate
from generator.core.layout import VALIDATION_CACHE
from generator.intake.issueforms import from_issue
from generator.read.cache import ResultCache, fingerprint
from generator.read.schema import SCHEMA_DIR

ISSUES = Path(__file__).parent / "issues"
EXISTING = "catalog/mzj/dibao-duixiang.yaml"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_held_file_is_checked_with_the_catalog_and_nothing_is_written(tmp_path):
    root = make_repo(tmp_path)
    before = tree(root)
    copy = (root / EXISTING).read_bytes()  # the same code as an entry already in the catalog
    result = validate(root, ["catalog/mzj/copy.yaml"], TODAY, held={"catalog/mzj/copy.yaml": copy})
    assert {(p.file, p.rule) for p in result.problems} >= {("catalog/mzj/copy.yaml", "code-unique")}
    assert tree(root) == before


def test_a_held_file_stands_in_for_the_file_of_its_path(tmp_path):
    root = make_repo(tmp_path)
    text = (root / EXISTING).read_text(encoding="utf-8").replace("update_cycle: 每月", "update_cycle: 每两月")
    held = validate(root, [EXISTING], TODAY, held={EXISTING: text.encode("utf-8")})
    assert [(p.rule, p.path) for p in held.problems] == [("schema-enum", ("update_cycle",))]
    assert validate(root, [EXISTING], TODAY).problems == []  # the file on disk was never changed


def test_the_key_path_survives_the_cache(tmp_path):
    root = make_repo(tmp_path)
    (root / "catalog/mzj/bad.yaml").write_bytes((CASES / "invalid/schema-required_conditions.yaml").read_bytes())
    cache_file = root / VALIDATION_CACHE
    cold = validate(root, None, TODAY, ResultCache(cache_file, fingerprint(SCHEMA_DIR)))
    warm = validate(root, None, TODAY, ResultCache(cache_file, fingerprint(SCHEMA_DIR)))
    assert [p.path for p in cold.problems] == [p.path for p in warm.problems] == [("sharing", "conditions")]


def test_an_issue_form_that_fails_validation_never_writes_a_file(tmp_path, monkeypatch):
    root = make_repo(tmp_path)
    before = tree(root)

    def refuse(target, text):
        raise AssertionError(f"wrote {target} although it does not validate")

    monkeypatch.setattr(generator.intake.issueforms, "write_new", refuse)
    result = from_issue(root, (ISSUES / "sharing-request-invalid.md").read_text(encoding="utf-8"), TODAY)
    assert not result.ok and tree(root) == before

