"""Each entry's history from git (Art. 25: every published fact traces back to a reviewed commit).

One `git log` over the whole repository, not one per file, so a catalog of tens of thousands
of entries costs one process. Renames (an entry moving from nonshared/ to catalog/ after an
Art. 12 review) are followed, so the history stays with the entry.

For the public each change is told by what it did to the entry, in Chinese, from the same
comparison `catalog diff` makes: the entry's data before and after the commit, read in one
`git cat-file --batch`. A commit that did not change what the entry says (a reformatting) is
left out; developers' commit messages and hashes are not shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.git import git_bytes, git_text
from ..core.layout import NONSHARED_DIR, RESOURCE_DIRS
from ..read.load import load_bytes
from ..read.schema import Schema
from .changes import field_changes, item_changes

_SEPARATOR = "\x1f"
_COMMIT = "\x1e"


@dataclass(frozen=True)
class Change:
    """One commit that touched an entry."""

    commit: str
    date: str  # YYYY-MM-DD, the commit's author date
    subject: str
    path: str = ""  # the entry's file in this commit
    before: str = ""  # its file in the commit's parent; "" when this commit added it


@dataclass(frozen=True)
class Told:
    """One change of an entry as the public reads it: when, and what it did."""

    date: str
    text: str


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
        for line in body.splitlines():
            fields = line.split("\t")
            if len(fields) < 2:
                continue
            current = alias.get(fields[-1])
            if current is None:
                continue
            renamed = fields[0].startswith("R") and len(fields) == 3
            before = fields[1] if renamed else ("" if fields[0].startswith("A") else fields[-1])
            found[current].append(Change(commit, date, subject, fields[-1], before))
            if renamed:
                alias[fields[1]] = current
    return {path: tuple(changes) for path, changes in found.items()}


def told_histories(root: Path, histories: dict[str, tuple[Change, ...]], schema: Schema) -> dict[str, tuple[Told, ...]]:
    """Each entry's changes in Chinese, newest first; reformattings left out."""
    wanted = {spec for changes in histories.values() for change in changes for spec in _specs(change)}
    blobs = read_blobs(root, sorted(wanted))
    told = {}
    for path, changes in histories.items():
        told[path] = tuple(Told(change.date, text) for change in changes
                           if (text := _told(change, blobs, schema)))
    return told


def _specs(change: Change) -> list[str]:
    specs = [f"{change.commit}:{change.path}"]
    return specs + [f"{change.commit}^:{change.before}"] if change.before else specs


def _told(change: Change, blobs: dict[str, bytes | None], schema: Schema) -> str:
    after = entry_data(blobs.get(f"{change.commit}:{change.path}"), change.path, schema)
    if not change.before:
        return "编入不予共享数据目录" if _top(change.path) == NONSHARED_DIR else "编入目录"
    before = entry_data(blobs.get(f"{change.commit}^:{change.before}"), change.before, schema)
    parts = []
    if _top(change.before) != _top(change.path):
        parts.append("调整为共享数据,移入共享目录" if _top(change.before) == NONSHARED_DIR else "调整为不予共享数据")
    if before is None or after is None:
        return ";".join(parts) or "修改了条目"
    fields = field_changes(before, after, schema.fields, frozenset({"items"}))
    items = item_changes(before.get("items") or [], after.get("items") or [], schema.fields)
    parts += [_field_text(field.label, field.before, field.after) for field in fields[:_SHOWN]]
    parts += [item.text for item in items[:_SHOWN]]
    hidden = max(0, len(fields) - _SHOWN) + max(0, len(items) - _SHOWN)
    return ";".join(parts) + (f";另有 {hidden} 处修改" if hidden else "")


_SHOWN = 4  # per kind of change: a long list is cut, with the count of the rest


def _field_text(label: str, before: str, after: str) -> str:
    if not before:
        return f"填写{label}" + (f"「{after}」" if len(after) <= _LONG else "")
    if not after:
        return f"删去{label}"
    if max(len(before), len(after)) > _LONG:  # a long text (a summary, conditions) is named, not quoted
        return f"修改{label}"
    return f"{label}由「{before}」改为「{after}」"


_LONG = 30


def _top(path: str) -> str:
    return path.split("/", 1)[0]


def entry_data(raw: bytes | None, path: str, schema: Schema) -> dict | None:
    if raw is None:
        return None
    doc, _ = load_bytes(raw, path, schema.typed_keys, positions=False)
    data = schema.coerce(doc) if doc is not None else None
    return data if isinstance(data, dict) else None


def read_blobs(root: Path, specs: list[str]) -> dict[str, bytes | None]:
    """The files named `commit:path`, read in one `git cat-file --batch`; None for one git does not have."""
    if not specs:
        return {}
    out = git_bytes(root, "cat-file", "--batch", given="".join(s + "\n" for s in specs).encode())
    if out is None:
        return dict.fromkeys(specs)
    at = 0
    found: dict[str, bytes | None] = {}
    for spec in specs:
        end = out.find(b"\n", at)
        header = out[at:end].split()
        if end < 0 or len(header) != 3:  # "<spec> missing", or git stopped
            found[spec], at = None, (end + 1 if end >= 0 else len(out))
            continue
        size = int(header[2])
        found[spec] = out[end + 1:end + 1 + size]
        at = end + 1 + size + 1  # the object, then its newline
    return found
