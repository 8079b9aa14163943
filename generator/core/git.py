"""Git, asked one way: output or None, never an exception.

Git may be missing, the folder may be no repository (a catalog copied out of one), or the
revision may not exist; every caller has an answer for "git cannot tell", so the failure is
returned, not raised. Paths are printed as they are (core.quotepath=off), not octal-escaped.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

TIMEOUT = 600  # seconds: a history walk of a big catalog takes a few; a hung git must not hang a build


def git_bytes(root: Path, *args: str, timeout: float = TIMEOUT, given: bytes | None = None) -> bytes | None:
    """The output of `git <args>` run in `root`, `given` on its input; None when it could not run or failed."""
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root, capture_output=True,
                              input=given, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def git_text(root: Path, *args: str, timeout: float = TIMEOUT) -> str | None:
    """The same as text (UTF-8; a byte that is not UTF-8 is replaced, not fatal)."""
    out = git_bytes(root, *args, timeout=timeout)
    return None if out is None else out.decode("utf-8", errors="replace")


def show(root: Path, revision: str | None, path: str, timeout: float = 60) -> bytes | None:
    """A file's bytes at a revision, None when it was not there (or git cannot tell).

    A revision that starts with "-" is refused: it would be read as an option.
    """
    if not revision or revision.startswith("-"):
        return None
    return git_bytes(root, "show", f"{revision}:{path}", timeout=timeout)


def last_commit(root: Path, format_: str) -> str:
    """A field of the last commit (`git log -1 --format=…`), "" outside git."""
    return (git_text(root, "log", "-1", f"--format={format_}") or "").strip()
