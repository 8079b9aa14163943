"""What happened to each dataset, from git history: the change feed harvesters read (downloads/feed.py).

One `git log` of the main line (first parents: a merged pull request counts once, when it
landed), oldest first, with the blob of every entry file it touched, and one `git cat-file
--batch` for the blobs not already known (a blob's code and content digest never change, so they
are kept in a cache between builds). An entry is known by its code, not its file: each commit is
judged by what its codes state before and after it, so a file that moves (nonshared/ to catalog/),
is renamed or reformatted is no change, a file whose code changes is the old dataset removed and
a new one created. Replaying the activities in order gives exactly the datasets of the last commit.
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
_NO_BLOB = "0" * 40


@dataclass(frozen=True)
class Activity:
    """One change of one dataset: Create, Update or Delete, when it landed, and the dataset's code."""

    kind: str
    code: str
    time: str  # ISO 8601 with the committer's time zone
    commit: str = ""  # the commit of the main line it landed in: with the code, it names the activity


@dataclass(frozen=True)
class _Commit:
    commit: str
    time: str
    changes: tuple[tuple[str, str | None], ...]  # (path, its blob after the commit; None: deleted)


def dataset_activities(root: Path, cache: Path | None = None) -> list[Activity]:
    """Every dataset's creations, updates and removals, oldest first; empty outside git. `cache` keeps what each
    blob states (code, digest) between builds."""
    log = git_text(root, "log", "--first-parent", "--diff-merges=first-parent", "--reverse", "-M", "--raw", "-z",
                   "--no-abbrev", f"--format={_COMMIT}%H{_SEPARATOR}%cI", "--", *RESOURCE_DIRS)
    if not log:
        return []
    commits = [_commit(block) for block in log.split(_COMMIT)[1:]]
    blobs = {blob: path for commit in commits for path, blob in commit.changes if blob}
    stated = _stated(root, blobs, cache)
    files: dict[str, tuple[str, str]] = {}  # path -> (code, digest) of what it states now
    activities: list[Activity] = []
    for commit in commits:
        before = _by_code(files.values())
        for path, blob in commit.changes:
            if blob is None:
                files.pop(path, None)
            elif blob in stated:
                files[path] = stated[blob]
            # a file that does not read as an entry: what it stated before still stands
        activities += _judged(before, _by_code(files.values()), commit)
    return activities


def _commit(block: str) -> _Commit:
    """One commit of `git log --raw -z`: its header, then `:modes blobs STATUS`, one path (two for R and C)."""
    header, _, body = block.partition("\0")
    commit, time = (header.split(_SEPARATOR) + [""])[:2]
    tokens = body.lstrip("\n").split("\0")
    changes: list[tuple[str, str | None]] = []
    at = 0
    while at < len(tokens) and tokens[at].startswith(":"):
        meta = tokens[at].split()
        status, new_blob = meta[-1][:1], meta[3]
        paths = tokens[at + 1:at + (3 if status in "RC" else 2)]
        at += 1 + len(paths)
        if status == "R":
            changes.append((paths[0], None))
        changes.append((paths[-1], None if status == "D" or new_blob == _NO_BLOB else new_blob))
    return _Commit(commit, time, tuple(changes))


def _stated(root: Path, blobs: dict[str, str], cache: Path | None) -> dict[str, tuple[str, str]]:
    """The code and content digest each blob states; a blob that does not read as an entry is left out."""
    known = _load(cache)
    wanted = sorted(blob for blob in blobs if blob not in known)
    schema = Schema.named("resource")
    for blob, raw in read_blobs(root, wanted).items():
        data = entry_data(raw, blobs[blob], schema)
        code = data.get("code") if data else None
        if raw is not None:
            digest = hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode())
            known[blob] = [code, digest.hexdigest()] if isinstance(code, str) and code else None
    if cache is not None and wanted:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"version": _VERSION, "blobs": known}), encoding="utf-8")
    return {blob: (value[0], value[1]) for blob, value in known.items() if value}


_VERSION = 1  # what a cached blob's digest is of; a new way of reading entries makes it 2


def _load(cache: Path | None) -> dict:
    if cache is None:
        return {}
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    blobs = stored.get("blobs") if isinstance(stored, dict) and stored.get("version") == _VERSION else None
    return dict(blobs) if isinstance(blobs, dict) else {}


def _by_code(stated) -> dict[str, Counter[str]]:
    """Each code with the digests of the files that state it (one, or two for a moment while a file is copied)."""
    found: dict[str, Counter[str]] = {}
    for code, digest in stated:
        found.setdefault(code, Counter())[digest] += 1
    return found


def _judged(before: dict[str, Counter[str]], after: dict[str, Counter[str]], commit: _Commit) -> list[Activity]:
    """What one commit did to each code: created, removed, or changed what it states."""
    found = []
    for code in sorted(before.keys() | after.keys()):
        if code not in before:
            kind = "Create"
        elif code not in after:
            kind = "Delete"
        elif set(before[code]) != set(after[code]):
            kind = "Update"
        else:
            continue
        found.append(Activity(kind, code, commit.time, commit.commit))
    return found
