"""Writing a new file into a catalog repository: never over a file a unit wrote."""

from __future__ import annotations

from pathlib import Path


def write_new(target: Path, text: str) -> bool:
    """Write a file that must not exist yet; False when it does (a file in the repository is never replaced).

    Also False when a link is in the way: the file would land wherever the link points.
    """
    if target.is_symlink():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        return False
    return True
