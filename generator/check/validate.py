"""Validate a catalog repository: per-file checks (cached), then rules across files.

Even when only some files are named (the files a pull request changes), every file is
loaded, so unique codes, related codes and 一数一源 are checked against the whole catalog;
only the problems of the named files are reported.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..core import workers
from ..core.layout import (
    FEEDBACK,
    FEEDBACK_DIRS,
    POLICY,
    REGISTRY,
    REQUEST,
    REQUEST_DIRS,
    RESOURCE,
    RULES,
    UNITS,
    discover,
    is_catalog_file,
    kind_of,
    strays,
)
from ..core.policy import Policy
from ..core.problems import ERROR, Finding, Problem
from ..core.workdays import beijing_today
from ..read.cache import Parsed, ResultCache
from ..read.load import load_past_slips, refuse_symlink, symlink_in
from ..read.policy import missing, policy_from
from ..read.registry import class_codes, units_from
from .files import FileChecker, facts, locate
from .rules import catalog, entries, feedback, requests
from .rules.strays import stray_problem

# Below this many files to check afresh, starting worker processes costs more than it saves.
PARALLEL_FROM = 400


@dataclass
class Result:
    """Everything one validation run found."""

    problems: list[Problem]
    files_checked: int
    entries: dict[str, dict] = field(default_factory=dict, repr=False)  # resource path -> facts (files.facts)
    # Every file parsed in this run (not found in the cache), by path: the model takes these instead of
    # parsing them again, so a build parses each file once.
    documents: dict[str, Parsed] = field(default_factory=dict, repr=False)


    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(1 for p in self.problems if p.severity is ERROR)

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return len(self.problems) - self.errors


def validate(root: Path, only: list[str] | None = None, today: datetime.date | None = None,
             cache: ResultCache | None = None, jobs: int | None = None, warnings: bool = True,
             held: Mapping[str, bytes] | None = None) -> Result:
    """Check the repository at root; report problems of `only` (all files when None).

    With warnings=False the rules across files that can only warn (一数一源, the slowest)
    are skipped: enough for a caller that only needs to know whether there are errors.
    `held` are files (path -> bytes) checked as if they were in the repository, in place of any
    file of that path; name them in `only` to have their problems reported.
    """
    today = today or beijing_today()
    jobs = jobs or len(os.sched_getaffinity(0))
    checker = FileChecker()
    files = Files(root, held or {})
    named = {p for p in [*(only or ()), *files.held] if p not in (REGISTRY, POLICY)}
    # Not catalog files: named ones (a pull request's) and every one in the data folders, each an error.
    stray_paths = sorted({p for p in named if not is_catalog_file(p)} | set(strays(root)))
    named -= set(stray_paths)
    request_paths = sorted(set(discover(root, REQUEST_DIRS)) | {p for p in named if kind_of(p) == REQUEST})
    feedback_paths = sorted(set(discover(root, FEEDBACK_DIRS)) | {p for p in named if kind_of(p) == FEEDBACK})
    resource_paths = sorted(set(discover(root)) | {p for p in named if kind_of(p) == RESOURCE})
    stated = files.exists(POLICY)  # the sharing rules: checked (and cached) like every file, then built
    results, documents = _check_all(files, [(REGISTRY, UNITS)] + [(POLICY, RULES)] * stated
                                    + [(p, RESOURCE) for p in resource_paths]
                                    + [(p, REQUEST) for p in request_paths] + [(p, FEEDBACK) for p in feedback_paths],
                                    checker, cache, jobs)
    units_data, problems = results.pop(REGISTRY)
    units = units_from(units_data)
    policy, policy_findings = _policy(results.pop(POLICY, None), problems)
    rules = policy.governing(today) if policy else None
    data_by_path = _usable(results, resource_paths, problems)
    requests_by_path = _usable(results, request_paths, problems)
    feedback_by_path = _usable(results, feedback_paths, problems)
    focus = set(only) if only is not None else None
    findings = [(path, finding) for path, finding in _cross_rules(data_by_path, units, checker, today, focus, jobs,
                                                                 warnings, rules)
                if focus is None or path in focus]
    findings += [(POLICY, finding) for finding in policy_findings]
    listed = requests.listed_resources(data_by_path) if requests_by_path or feedback_by_path else {}
    # Without readable rules the requests are not judged: the rules' own errors stand for them.
    findings += [(path, finding) for path, data in requests_by_path.items()
                 if policy and (focus is None or path in focus)
                 for finding in requests.check_request(path, data, units, listed, today,
                                                       checker.schemas[REQUEST].fields.describe, policy)]
    findings += [(path, finding) for path, data in feedback_by_path.items() if focus is None or path in focus
                 for finding in feedback.check_feedback(path, data, units, listed, today,
                                                        checker.schemas[FEEDBACK].fields.describe)]
    problems.extend(_locate_all(files, findings))
    problems.extend(stray_problem(root, path) for path in stray_paths)
    if cache:
        cache.save()
    if focus is not None:
        # The rules' errors are every file's: a file checked under rules that cannot be read is not checked.
        problems = [p for p in problems if p.file in focus or (p.file == POLICY and p.severity is ERROR)]
    checked = len(only) if only is not None else \
        len(resource_paths) + len(request_paths) + len(feedback_paths) + 1 + stated
    return Result(_capped(sorted(set(problems))), checked, data_by_path, documents)


MAX_PER_FILE = 300  # problems listed per file: a hostile file must not flood the report or the log


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PER_FILE problems of each file, then one saying how many more there are."""
    kept: list[Problem] = []
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.file] = counts.get(problem.file, 0) + 1
        if counts[problem.file] <= MAX_PER_FILE:
            kept.append(problem)
    for path, count in counts.items():
        if count > MAX_PER_FILE:
            kept.append(Problem(path, 1, 1, "problems-too-many", ERROR,
                                f"这个文件还有 {count - MAX_PER_FILE} 个问题没有列出(共 {count} 个)。",
                                "先改正以上问题再重新校验;问题成千上万时,检查是否误粘贴了大量内容。"))
    return sorted(kept)


def _policy(result: tuple[object, list[Problem]] | None,
            problems: list[Problem]) -> tuple[Policy | None, list[Finding]]:
    """The sharing rules (registry/policy.yaml) from their file's checked data, and what is wrong with them.

    The file's own problems (its YAML, its schema) go to `problems`; when it has none that are errors,
    the rules are built and checked beyond the schema (`read.policy.policy_from`).
    """
    if result is None:
        problems.append(missing())
        return None, []
    data, found = result
    problems.extend(found)
    if not isinstance(data, dict) or any(p.severity is ERROR for p in found):
        return None, []
    return policy_from(data)


def _usable(results: dict, paths: list[str], problems: list[Problem]) -> dict[str, dict]:
    """The data of the files that loaded as mappings; every file's problems go to `problems`."""
    usable = {}
    for path in paths:
        data, found = results[path]
        problems.extend(found)
        if isinstance(data, dict):
            usable[path] = data
    return usable


def check_files(files: Files, kinds: list[tuple[str, str]], checker: FileChecker, cache: ResultCache | None,
                jobs: int = 1) -> dict[str, tuple[object, list[Problem]]]:
    """Per-file results by path (`kinds`: path and kind of each): from the cache where the content is
    known, else checked afresh. An entry's data is its facts (files.facts) when it came from the cache."""
    return _check_all(files, kinds, checker, cache, jobs)[0]


def _check_all(files: Files, kinds: list[tuple[str, str]], checker: FileChecker, cache: ResultCache | None,
               jobs: int) -> tuple[dict[str, tuple[object, list[Problem]]], dict[str, Parsed]]:
    """check_files, and the whole data of every file parsed afresh.

    The cache keeps only what validation needs of an entry (its facts), so that a pull request's run
    loads a small cache; the whole data of the files parsed now goes on to the model instead.
    """
    results: dict[str, tuple[object, list[Problem]]] = {}
    fresh: list[tuple[str, str, str]] = []
    for path, kind in kinds:
        if cache is None:  # nothing to look up: the bytes are read once, where they are checked
            fresh.append((path, kind, ""))
            continue
        raw = files.read(path)
        if isinstance(raw, Problem):
            results[path] = (None, [raw])
            continue
        key = ResultCache.key(kind, raw)
        stored = cache.get(key)
        if stored is None:
            fresh.append((path, kind, key))  # the bytes are read again where they are checked
        else:
            results[path] = (stored["data"], [Problem.from_dict(p | {"file": path}) for p in stored["problems"]])
    parsed = {}
    for (path, kind, key), (data, problems) in zip(fresh, _check_fresh(files, fresh, checker, jobs), strict=True):
        kept = facts(data) if kind == RESOURCE and isinstance(data, dict) else data
        results[path] = (kept, problems)  # as a cached result would be: an entry's facts
        if isinstance(data, dict):
            parsed[path] = Parsed(key, data)
        if cache is not None:
            cache.put(key, {"data": kept, "problems": [p.to_stored() | {"file": ""} for p in problems]})
    return results, parsed


@dataclass(frozen=True)
class Files:
    """The repository's files as validation reads them: from the folder, except those `held` in memory.

    A file held in memory (an issue form's draft, a new scaffold) is validated with the rest of the
    catalog before anything is written, so nothing has to be written, checked and taken back.
    """

    root: Path
    held: Mapping[str, bytes] = field(default_factory=dict)

    def exists(self, path: str) -> bool:
        """Whether the repository has the file (held in memory, or in the folder, a link included)."""
        return path in self.held or (self.root / path).is_symlink() or (self.root / path).is_file()

    def read(self, path: str) -> bytes | Problem:
        """A file's bytes, or the problem that stops reading it (a link, an unreadable file)."""
        if path in self.held:
            return self.held[path]
        link = symlink_in(self.root, path)
        if link:
            return refuse_symlink(path, link)
        try:
            return (self.root / path).read_bytes()
        except OSError as exc:
            return Problem(path, 1, 1, "load-unreadable", ERROR, f"无法读取文件:{exc.strerror}。",
                           "确认文件存在且有读取权限。")


def _check_path(checker: FileChecker, files: Files, path: str, kind: str):
    raw = files.read(path)
    return (None, [raw]) if isinstance(raw, Problem) else checker.check(raw, path, kind)


def _check_fresh(files: Files, fresh, checker: FileChecker, jobs: int):
    work = [(path, kind) for path, kind, _ in fresh]
    if len(work) < PARALLEL_FROM or not workers.can_fork(jobs):
        return [_check_path(checker, files, *item) for item in work]
    step = max(50, len(work) // (jobs * 8))
    ranges = [(start, min(start + step, len(work))) for start in range(0, len(work), step)]
    # Forked workers inherit the list of files; only index ranges go to them.
    with workers.left_for_forks(_WORK, (files, work)), workers.fork_pool(jobs) as pool:
        return [result for chunk in pool.map(_check_range, ranges) for result in chunk]


_WORK = "validate: files to check"


def _check_range(bounds: tuple[int, int]):
    checker, (files, work) = _worker_checker(), workers.inherited(_WORK)
    return [_check_path(checker, files, *work[index]) for index in range(*bounds)]


@functools.cache
def _worker_checker() -> FileChecker:
    return FileChecker()


def _cross_rules(data_by_path: dict[str, dict], units, checker: FileChecker, today, focus: set[str] | None,
                 jobs: int, warnings: bool, rules=None):
    schema = checker.schemas[RESOURCE]
    codes = class_codes(schema)
    describe = schema.fields.describe
    for path, data in data_by_path.items():
        if focus is not None and path not in focus:
            continue
        for finding in entries.location(path, data, units, rules):
            yield path, finding
        for finding in entries.provider_and_code(data, units, codes):
            yield path, finding
        for finding in entries.dates_not_future(data, today, describe):
            yield path, finding
    yield from catalog.unique_codes(data_by_path)
    yield from catalog.unique_sequences(data_by_path)
    yield from catalog.related_exist(data_by_path)
    if warnings:
        yield from catalog.one_source(data_by_path, units, focus, jobs, rules)


def _locate_all(files: Files, findings: list[tuple[str, Finding]]) -> list[Problem]:
    """Locate cross-file findings, re-reading only the files that have some."""
    by_file: dict[str, list[Finding]] = {}
    for path, finding in findings:
        by_file.setdefault(path, []).append(finding)
    problems = []
    for path, file_findings in by_file.items():
        raw = files.read(path)
        doc, _ = load_past_slips(raw, path) if isinstance(raw, bytes) else (None, [])
        if doc is not None:
            problems.extend(locate(doc, file_findings))
    return problems
