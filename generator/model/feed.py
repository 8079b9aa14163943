"""What happened to each dataset, from git history: the change feed harvesters read (downloads/feed.py).

One `git log` of the main line (first parents: a merged pull request counts once, when it
landed), oldest first, and one `git cat-file --batch` for the entry files it names. An entry is
known by its code, not its file: a file that moves (nonshared/ to catalog/) is an update, a file
whose code changes is the old dataset removed and a new one created, and a commit that changes
nothing an entry states (a reformatting) is left out. Replaying the activities in order gives
exactly the datasets of the last commit.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..core.git import git_text
from ..core.layout import RESOURCE_DIRS
from ..read.schema import Schema
from .history import entry_data, read_blobs

_SEPARATOR = "\x1f"
_COMMIT = "\x1e"


@dataclass(frozen=True)
class Activity:
    """One change of one dataset: Create, Update or Delete, when it landed, and the dataset's code."""

    kind: str
    code: str
    time: str  # ISO 8601 with the committer's time zone


@dataclass(frozen=True)
class _Stated:
    """An entry file as of a commit: its code and a digest of what it states."""

    code: str
    digest: str


def dataset_activities(root: Path) -> list[Activity]:
    """Every dataset's creations, updates and removals, oldest first; empty outside git."""
    log = git_text(root, "log", "--first-parent", "--diff-merges=first-parent", "--reverse", "-M",
                   "--name-status", f"--format={_COMMIT}%H{_SEPARATOR}%cI", "--", *RESOURCE_DIRS)
    if not log:
        return []
    commits = [_commit(block) for block in log.split(_COMMIT)[1:]]
    specs = sorted({f"{commit}:{path}" for commit, _, changes in commits for change in changes
                    for path in change[1:] if change[0] != "D"})
    stated = _stated(root, specs)
    replay = _Replay()
    for commit, time, changes in commits:
        for status, *paths in changes:
            replay.apply(status, paths, time, lambda path, commit=commit: stated.get(f"{commit}:{path}"))
    return replay.activities


def _commit(block: str) -> tuple[str, str, list[list[str]]]:
    header, _, body = block.partition("\n")
    commit, time = (header.split(_SEPARATOR) + [""])[:2]
    changes = [line.split("\t") for line in body.splitlines() if "\t" in line]
    return commit, time, [[fields[0][:1], *fields[1:]] for fields in changes]


def _stated(root: Path, specs: list[str]) -> dict[str, _Stated]:
    """The code and content digest of each `commit:path`; a file that does not read as an entry is left out."""
    schema, found = Schema.named("resource"), {}
    for spec, raw in read_blobs(root, specs).items():
        data = entry_data(raw, spec.split(":", 1)[1], schema)
        code = data.get("code") if data else None
        if isinstance(code, str) and code:
            digest = hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode())
            found[spec] = _Stated(code, digest.hexdigest())
    return found


class _Replay:
    """The datasets alive as the commits are replayed, and the activities that say so."""

    def __init__(self):
        self.files: dict[str, _Stated] = {}
        self.alive: Counter[str] = Counter()  # a code's files: two for a moment while an entry is copied
        self.activities: list[Activity] = []

    def apply(self, status: str, paths: list[str], time: str, read) -> None:
        """One line of `git log --name-status`: A, M, T, D, C (copy) or R (rename: old path, new path)."""
        if status == "R" and len(paths) == 2:
            old, path = self.files.pop(paths[0], None), paths[1]
        elif status == "D":
            self._remove(self.files.pop(paths[-1], None), time)
            return
        else:
            old, path = (self.files.get(paths[-1]) if status != "C" else None), paths[-1]
        new = read(path)
        if new is None:  # the file does not read as an entry: what it stated before still stands
            if old is not None:
                self.files[path] = old
            return
        self.files[path] = new
        if old is not None and old.code == new.code:
            if old.digest != new.digest:  # a file renamed or reformatted states the same dataset
                self.activities.append(Activity("Update", new.code, time))
            return
        self._remove(old, time)
        self.alive[new.code] += 1
        self.activities.append(Activity("Create" if self.alive[new.code] == 1 else "Update", new.code, time))

    def _remove(self, old: _Stated | None, time: str) -> None:
        if old is None:
            return
        self.alive[old.code] -= 1
        self.activities.append(Activity("Delete" if self.alive[old.code] == 0 else "Update", old.code, time))
        if self.alive[old.code] == 0:
            del self.alive[old.code]
