"""Each entry's history from git (Art. 25: every published fact traces back to a reviewed commit).

One `git log` over the whole repository, not one per file, so a catalog of tens of thousands
of entries costs one process. Renames (an entry moving from nonshared/ to catalog/ after an
Art. 12 review) are followed, so the history stays with the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.git import git_text
from ..core.layout import RESOURCE_DIRS

_SEPARATOR = "\x1f"
_COMMIT = "\x1e"


@dataclass(frozen=True)
class Change:
    """One commit that touched an entry."""

    commit: str
    date: str  # YYYY-MM-DD, the commit's author date
    subject: str


def entry_histories(root: Path, paths: set[str]) -> dict[str, tuple[Change, ...]]:
    """Newest-first commits per current path; empty when the repository has no git history."""
    log = git_text(root, "log", "-M", "--name-status", f"--format={_COMMIT}%H{_SEPARATOR}%as{_SEPARATOR}%s",
                   "--", *RESOURCE_DIRS)
    if log is None:
        return dict.fromkeys(paths, ())
    return _parse(log, paths)


def _parse(log: str, paths: set[str]) -> dict[str, tuple[Change, ...]]:
    # Walking newest to oldest, `alias` maps an older name to the current path it became.
    alias = {path: path for path in paths}
    found: dict[str, list[Change]] = {path: [] for path in paths}
    for block in log.split(_COMMIT)[1:]:
        header, _, body = block.partition("\n")
        commit, date, subject = (header.split(_SEPARATOR) + ["", ""])[:3]
        change = Change(commit, date, subject)
        for line in body.splitlines():
            fields = line.split("\t")
            if len(fields) < 2:
                continue
            current = alias.get(fields[-1])
            if current is None:
                continue
            found[current].append(change)
            if fields[0].startswith("R") and len(fields) == 3:
                alias[fields[1]] = current
    return {path: tuple(changes) for path, changes in found.items()}
