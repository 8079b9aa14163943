"""The repository as it stood at the end of a year, so that a published annual report stays fixed.

The report of a past year must not move when entries change later (Art. 25, 28: every published
figure traces back to a reviewed commit). So the year's figures are computed from the last
commit dated on or before 31 December 24:00 Beijing time, exported from git into a temporary
folder. Committer dates are used, not author dates: an entry counts from the day its pull
request was merged, not from the day a clerk began writing it.

When git has no such commit (the demo repository's history begins in 2026; a shallow CI clone
has only its last commit) or the old files no longer load (the format changed since), the
current files are used instead and `note` says so. Either way the report counts events only
by their own dates up to the end of the year (see generator.annual), so the figures never include
what happened after it; what the fallback cannot know is what an entry looked like before a
later edit.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core.git import git_bytes, git_text
from ..core.layout import DATA_DIRS, POLICY, REGISTRY_DIR, RESOURCE_DIRS
from ..core.problems import WARNING
from ..core.workdays import beijing_today
from ..read.cache import ResultCache
from ..read.policy import load_policy
from .catalog import Catalog, load_catalog

YEAR_END = "{year}-12-31T23:59:59+08:00"  # the reports follow Beijing time, whatever the committer's zone


@dataclass(frozen=True)
class Snapshot:
    """Where a year's figures come from: the folder loaded, the commit ("" for the current files), why."""

    root: Path
    source: str
    note: str
    as_of: datetime.date
    catalog: Catalog


def as_of_for(year: int, today: datetime.date) -> datetime.date:
    """The day a year's figures are taken on: 31 December, or today while the year is still running."""
    return min(datetime.date(year, 12, 31), today)


@contextlib.contextmanager
def state_at(root: Path, year: int, today: datetime.date | None = None,
             cache: ResultCache | None = None) -> Iterator[Snapshot]:
    """The repository at the end of `year`, loaded; the exported folder is removed on leaving.

    Pass the build's entry cache: it is keyed by file content, so the unchanged entries of an
    exported commit are not parsed again.
    """
    as_of = as_of_for(year, today or beijing_today())
    commit = commit_at(root, year)
    if not commit:
        yield _current(root, as_of, f"仓库中没有 {year} 年底的版本,按条目和申请中记录的日期推算。", cache)
        return
    with tempfile.TemporaryDirectory(prefix=f"state-{year}-") as folder:
        exported, catalog = Path(folder), None
        try:
            export(root, commit, exported)
            # Its own rules; a commit from before the rules were a file is judged by today's file, whose dated
            # versions say what was in force then.
            own = (exported / POLICY).is_file()
            catalog = load_catalog(exported, cache, as_of, policy=None if own else load_policy(root))
        except Exception as exc:
            reason = _reason(exc)
        if catalog is None:
            yield _current(root, as_of, f"{year} 年底的版本(提交 {commit[:7]})是旧格式,当前程序无法读取({reason}),"
                                        "按当前文件和条目、申请中记录的日期推算。", cache)
        else:
            yield Snapshot(exported, commit, f"按 {year} 年底的版本(提交 {commit[:7]},{_commit_day(root, commit)})统计。",
                           as_of, catalog)


def _current(root: Path, as_of: datetime.date, note: str, cache: ResultCache | None) -> Snapshot:
    return Snapshot(root, "", note, as_of, load_catalog(root, cache, as_of))


def _reason(exc: Exception) -> str:
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}"[:120] if first else type(exc).__name__


def commit_at(root: Path, year: int) -> str:
    """The last commit dated on or before the end of `year` (Beijing time); "" when there is none."""
    cutoff = YEAR_END.format(year=year)
    return _git(root, "rev-list", "-1", f"--before={cutoff}", "HEAD")


def export(root: Path, commit: str, target: Path) -> None:
    """Write the catalog folders of `commit` into `target` (only those that existed then)."""
    tree = f"{commit}:{_git(root, 'rev-parse', '--show-prefix')}"
    present = set(_git(root, "ls-tree", "--name-only", tree).splitlines())
    if REGISTRY_DIR not in present:
        raise ValueError("该版本没有 registry/ 单位登记表")
    folders = [name for name in DATA_DIRS if name in present]
    archive = git_bytes(root, "archive", "--format=tar", tree, "--", *folders)
    if archive is None:
        raise ValueError("git archive 无法导出该版本")
    # The archive comes from our own repository; the "data" filter (Python 3.11.4+) is belt and braces.
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:
            tar.extractall(target)


def _commit_day(root: Path, commit: str) -> str:
    return _git(root, "show", "-s", "--format=%cs", commit)


def _git(root: Path, *args: str) -> str:
    """A git command's output, "" when git is missing, the folder is no repository or the command fails."""
    return (git_text(root, *args) or "").strip()


def warnings_by_unit(problems) -> dict[str, int]:
    """Open validation warnings on each unit's entry files (catalog/<unit>/, nonshared/<unit>/).

    Only entry files count: warnings on a request file are about the request (an overdue
    provision is counted as overdue, not again as a warning). The caller validates with
    warnings=False, as the site build does: 一数一源 flags a pair of entries for review, not a
    defect of either unit, so it is left out of the score.
    """
    counts: dict[str, int] = {}
    for problem in problems:
        parts = PurePosixPath(problem.file).parts
        if problem.severity is WARNING and len(parts) == 3 and parts[0] in RESOURCE_DIRS:
            counts[parts[1]] = counts.get(parts[1], 0) + 1
    return dict(sorted(counts.items()))
