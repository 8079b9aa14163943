"""Validate a catalog repository: per-file checks (cached), then rules across files.

Even when only some files are named (the files a pull request changes), every file is
loaded, so unique codes, related codes and 一数一源 are checked against the whole catalog;
only the problems of the named files are reported.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from .cache import ResultCache
from .check import RESOURCE, UNITS, FileChecker, locate
from .load import load_bytes
from .problems import ERROR, Finding, Problem
from .registry import class_codes, units_from
from .rules import catalog, entries

REGISTRY = "registry/units.yaml"
RESOURCE_DIRS = ("catalog", "nonshared")


@dataclass
class Result:
    """Everything one validation run found."""

    problems: list[Problem]
    files_checked: int
    entries: dict[str, dict] = field(default_factory=dict, repr=False)

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(1 for p in self.problems if p.severity is ERROR)

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return len(self.problems) - self.errors


def discover(root: Path) -> list[str]:
    """Repository-relative paths of every resource file, sorted."""
    found = []
    for top in RESOURCE_DIRS:
        base = root / top
        if base.is_dir():
            found.extend(p.relative_to(root).as_posix() for p in base.rglob("*")
                         if p.is_file() and p.suffix in (".yaml", ".yml"))
    return sorted(found)


def validate(root: Path, only: list[str] | None = None, today: datetime.date | None = None,
             cache: ResultCache | None = None) -> Result:
    """Check the repository at root; report problems of `only` (all files when None)."""
    today = today or datetime.date.today()
    checker = FileChecker()
    resource_paths = sorted(set(discover(root)) | {p for p in only or () if p != REGISTRY})
    units_data, problems = _check_one(root, REGISTRY, UNITS, checker, cache)
    units = units_from(units_data)
    data_by_path: dict[str, dict] = {}
    for path in resource_paths:
        data, found = _check_one(root, path, RESOURCE, checker, cache)
        problems.extend(found)
        if isinstance(data, dict):
            data_by_path[path] = data
    findings = list(_cross_rules(data_by_path, units, checker, today))
    problems.extend(_locate_all(root, findings))
    if cache:
        cache.save()
    if only is not None:
        wanted = set(only)
        problems = [p for p in problems if p.file in wanted]
    checked = len(only) if only is not None else len(resource_paths) + 1
    return Result(sorted(set(problems)), checked, data_by_path)


def _check_one(root: Path, path: str, kind: str, checker: FileChecker, cache: ResultCache | None):
    try:
        raw = (root / path).read_bytes()
    except OSError as exc:
        return None, [Problem(path, 1, 1, "load-unreadable", ERROR, f"无法读取文件:{exc.strerror}。",
                              "确认文件存在且有读取权限。")]
    key = ResultCache.key(kind, raw) if cache else ""
    stored = cache.get(key) if cache else None
    if stored is None:
        data, problems = checker.check(raw, path, kind)
        stored = {"data": data, "problems": [p.to_dict() | {"file": ""} for p in problems]}
        if cache:
            cache.put(key, stored)
        return data, problems
    return stored["data"], [Problem.from_dict(p | {"file": path}) for p in stored["problems"]]


def _cross_rules(data_by_path: dict[str, dict], units, checker: FileChecker, today):
    schema = checker.schemas[RESOURCE]
    codes = class_codes(schema)
    describe = schema.fields.describe
    for path, data in data_by_path.items():
        for finding in entries.location(path, data, units):
            yield path, finding
        for finding in entries.provider_and_code(data, units, codes):
            yield path, finding
        for finding in entries.dates_not_future(data, today, describe):
            yield path, finding
    yield from catalog.unique_codes(data_by_path)
    yield from catalog.related_exist(data_by_path)
    yield from catalog.one_source(data_by_path, units)


def _locate_all(root: Path, findings: list[tuple[str, Finding]]) -> list[Problem]:
    """Locate cross-file findings, re-reading only the files that have some."""
    by_file: dict[str, list[Finding]] = {}
    for path, finding in findings:
        by_file.setdefault(path, []).append(finding)
    problems = []
    for path, file_findings in by_file.items():
        doc, _ = load_bytes((root / path).read_bytes(), path)
        if doc is not None:
            problems.extend(locate(doc, file_findings))
    return problems
