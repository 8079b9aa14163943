"""Reproductions of a red-team run: hostile files are refused with a location, quickly, one by one."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from casetools import TODAY, make_repo

from generator.check.validate import validate

ENTRY = "catalog/mzj/dibao-duixiang.yaml"
OTHER = "catalog/gaj/changzhu-renkou.yaml"


@pytest.fixture
def root(tmp_path):
    return make_repo(tmp_path)


def _replace(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, old
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("old, new", [
    ("  database: 业务", "  database: []"), ("  subclass: 民政服务", "  subclass: {x: 1}"),
    ("code: 430700-007-Y09-0001", "code: {a: 1}"), ("provider: mzj", "provider: [mzj]")])
def test_a_malformed_file_never_stops_the_validation_of_another(root, old, new):
    _replace(root, ENTRY, old, new)
    # The other file relates to this entry's code: with the code unreadable, that is all it may say.
    assert {p.rule for p in validate(root, [OTHER], TODAY).problems} <= {"related-unknown"}
    problems = validate(root, [ENTRY], TODAY).problems
    assert problems and all(p.file == ENTRY and p.line > 1 for p in problems)


def test_a_malformed_registry_row_is_located(root):
    _replace(root, "registry/units.yaml", "  - id: gaj", "  - id: [gaj]")
    problems = validate(root, ["registry/units.yaml"], TODAY).problems
    assert [(p.line, p.rule) for p in problems] == [(15, "schema-type")]


def _keywords(count: int, duplicate: bool = True) -> str:
    words = [f"词{i}" for i in range(count)] + (["词1"] if duplicate else [])
    return "keywords: [" + ", ".join(words) + "]"


def test_a_huge_list_with_a_duplicate_is_reported_in_linear_time(root):
    text = (root / ENTRY).read_text(encoding="utf-8")
    (root / ENTRY).write_text(text + _keywords(90_000) + "\n", encoding="utf-8")
    started = time.perf_counter()
    problems = validate(root, [ENTRY], TODAY).problems
    assert time.perf_counter() - started < 10  # was minutes: each item compared with every earlier one
    assert {p.rule for p in problems} == {"schema-maxItems", "schema-uniqueItems"}
    assert any("重复项:词1。" in p.message for p in problems)


def test_a_hundred_thousand_empty_items_stop_at_a_readable_number_of_problems(root):
    text = (root / ENTRY).read_text(encoding="utf-8")
    head = text.split("\nitems:\n", 1)[0]
    (root / ENTRY).write_text(head + "\nitems:\n" + "  - {}\n" * 100_000, encoding="utf-8")
    started = time.perf_counter()
    problems = validate(root, [ENTRY], TODAY).problems
    assert time.perf_counter() - started < 10
    assert 200 <= len(problems) <= 210
    assert [p.message for p in problems if p.rule == "schema-too-many"] == ["问题太多,这里只列出前 200 个字段格式问题。"]


def test_a_symlinked_entry_is_refused_and_never_read(root, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_bytes((root / ENTRY).read_bytes().replace(b"430700-007-Y09-0001", b"430700-007-Y09-0009"))
    (root / "catalog/mzj/link.yaml").symlink_to(secret)
    result = validate(root, today=TODAY)
    assert [(p.file, p.rule, p.message) for p in result.problems if p.severity.value == "error"] == [
        ("catalog/mzj/link.yaml", "load-symlink", "catalog/mzj/link.yaml 是符号链接,目录文件必须是仓库中的普通文件。")]
    assert "catalog/mzj/link.yaml" not in result.entries


def test_a_symlinked_folder_is_refused(root, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (root / "catalog/mzj/more").symlink_to(tmp_path / "elsewhere")
    problems = validate(root, today=TODAY).problems
    assert [(p.file, p.rule) for p in problems] == [("catalog/mzj/more", "load-symlink")]


def test_a_file_with_thousands_of_problems_lists_a_readable_number_of_them(root):
    """Fuzz finding: a finished request asking for 87,312 unknown items gave 87,312 warnings in over 5 s."""
    request = root / "requests/2025/GX-2025-0001.yaml"
    request.parent.mkdir(parents=True)
    text = (Path(__file__).parent / "cases/valid/valid_request-fulfilled.yaml").read_text(encoding="utf-8")
    head, _, tail = text.partition("    items:")
    rest = tail.split("\n", 1)[1]
    while rest.startswith("      - "):
        rest = rest.split("\n", 1)[1]
    request.write_text(head + "    items: [" + ", ".join(f"项{i}" for i in range(20_000)) + "]\n" + rest,
                       encoding="utf-8")
    started = time.perf_counter()
    problems = validate(root, ["requests/2025/GX-2025-0001.yaml"], TODAY).problems
    assert time.perf_counter() - started < 10
    assert len(problems) <= 301
    assert {p.rule for p in problems} >= {"schema-maxItems", "request-item-unknown"}
