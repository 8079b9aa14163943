"""Two states of a catalog repository to compare: a commit, or the working tree.

A commit's data folders are written out with `git archive` into a temporary folder, so that the
validator reads each side as it reads any repository; nothing in a commit is ever run.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from ..core.git import git_bytes, git_text
from ..core.layout import DATA_DIRS


def commit_of(root: Path, revision: str) -> str | None:
    """The commit a revision names (a branch, a tag, HEAD~2, a hash), None when it names none.

    A revision that starts with "-" is refused: git would read it as an option.
    """
    if not revision or revision.startswith("-"):
        return None
    out = git_text(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    return out.strip() or None if out else None


def changed_paths(root: Path, base: str, head: str | None) -> list[str] | None:
    """The data files that differ between base and head (the working tree, untracked files included, when
    head is None), sorted; None when git cannot tell."""
    out = git_text(root, "diff", "--name-only", "-z", "--no-renames", base, *([head] if head else []),
                   "--", *DATA_DIRS)
    if out is None:
        return None
    paths = {path for path in out.split("\0") if path}
    if head is None:
        untracked = git_text(root, "ls-files", "-z", "--others", "--exclude-standard", "--", *DATA_DIRS)
        paths |= {path for path in (untracked or "").split("\0") if path}
    return sorted(paths)


def write_out(root: Path, commit: str, dest: Path) -> bool:
    """The commit's data folders, written under dest as they were; False when git cannot give them."""
    listed = git_text(root, "ls-tree", "--name-only", commit)
    if listed is None:
        return False
    present = [name for name in listed.splitlines() if name in DATA_DIRS]
    dest.mkdir(parents=True, exist_ok=True)
    if not present:
        return True
    archive = git_bytes(root, "archive", "--format=tar", commit, "--", *present)
    if archive is None:
        return False
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")  # no absolute paths, no links out of dest, no devices
    return True
