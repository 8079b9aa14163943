"""What the last build wrote into a site folder, so the next build rewrites only what changed.

Each generated file (a resource, unit or class page, a download) is recorded with a key: a
hash of everything its bytes depend on. A file is written again when its key changed or the
file is gone. The whole record is dropped when the generator's code, the templates or what the
pages say of the sharing rules change, or when it was made for another site folder, so a stale
record can only cost time, never leave a stale page. It is plain JSON, like the validation cache.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from ..core import layout
from ..core.workers import collector_paused

TEMPLATES = layout.TEMPLATES / "pages"
PACKAGE = layout.PACKAGE


def digest(*parts: str) -> str:
    """A short stable hash of some text."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode("utf-8"))
        sha.update(b"\x1f")
    return sha.hexdigest()[:32]


def code_version() -> str:
    """A hash of what turns views into files: the generator's code and the page templates."""
    sha = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")) + sorted(TEMPLATES.glob("*")):
        sha.update(path.name.encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()


class SiteState:
    """The keys of the files the last build generated into `site`; saved once, at the end."""

    def __init__(self, path: Path | None, site: Path, rules: str = ""):
        self.path, self.site = path, site
        self.version = digest(code_version(), rules)  # `rules`: what the pages say of the sharing rules
        self.keys: dict[str, str] = {}
        self._old_keys = self._load()

    def _load(self) -> dict:
        if self.path is None:
            return {}
        try:
            with collector_paused():
                stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("version") != self.version \
                or stored.get("site") != str(self.site.resolve()):
            return {}
        return stored.get("keys", {})

    def forget(self) -> None:
        """Drop the saved record (its content stays in memory): a build that stops midway has
        written some files already, so the next build must not trust the old keys."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def fresh(self, name: str, key: str) -> bool:
        """True when `name` (relative to the site) was written with this key and is still there.

        The name is recorded either way: everything recorded is what the site should hold.
        """
        self.keys[name] = key
        return self._old_keys.get(name) == key and (self.site / name).is_file()

    def save(self) -> None:
        """Write the record atomically (only what this build generated)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".site-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(json.dumps({"version": self.version, "site": str(self.site.resolve()), "keys": self.keys},
                                 ensure_ascii=False, separators=(",", ":")))
        os.replace(temp, self.path)


def sync_tree(source: Path, target: Path, keep: set[str]) -> None:
    """Make `target` hold `source`'s files plus the names in `keep`, and nothing else.

    Files that are already identical are left alone, so an unchanged page keeps its date.
    """
    wanted = set(keep)
    for path in sorted(source.rglob("*")):
        if path.is_dir():
            continue
        name = path.relative_to(source).as_posix()
        wanted.add(name)
        copy = target / name
        if not (copy.is_file() and filecmp.cmp(path, copy, shallow=False)):
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
    remove_others(target, wanted)


def remove_others(target: Path, wanted: set[str]) -> None:
    """Delete every file under `target` not named in `wanted`, then the folders left empty.

    Hidden files and folders (.nojekyll, .git) are left alone, as mkdocs leaves them.
    """
    top = str(target)
    for folder, _, files in os.walk(top, topdown=False):
        relative = os.path.relpath(folder, top).replace(os.sep, "/")
        if relative != "." and any(part.startswith(".") for part in relative.split("/")):
            continue
        prefix = "" if relative == "." else relative + "/"
        for name in files:
            if not name.startswith(".") and prefix + name not in wanted:
                os.unlink(os.path.join(folder, name))
        if relative != "." and not os.listdir(folder):
            os.rmdir(folder)
