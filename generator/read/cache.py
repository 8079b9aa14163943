"""A cache of per-file results keyed by file content, so CI re-checks only what changed.

It stores plain JSON (never pickle: a restored cache must not be able to run code) and
is invalidated as a whole when the schemas or the per-file checking code change.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..core import layout
from ..core.workers import collector_paused

PACKAGE = layout.PACKAGE


def fingerprint_sources(schema_dir: Path, package: Path = PACKAGE) -> list[Path]:
    """Every file a cached per-file result may depend on: the schemas and the whole package.

    The whole package rather than a list of the modules the per-file stage uses: a list went stale
    once (a module left out kept old results after its rules changed), and hashing all of it costs
    a few milliseconds.
    """
    return sorted(schema_dir.glob("*.json")) + sorted(package.rglob("*.py"))


def fingerprint(schema_dir: Path, package: Path = PACKAGE) -> str:
    """A hash of everything a cached per-file result depends on."""
    digest = hashlib.sha256()
    for path in fingerprint_sources(schema_dir, package):
        name = path.relative_to(package).as_posix() if path.is_relative_to(package) else path.name
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Parsed:
    """A file parsed in this run: its key in the caches by content ("" when run without a cache), its data."""

    key: str
    data: dict


class ResultCache:
    """Per-file results by (kind, sha256 of content); loaded once, saved once."""

    def __init__(self, path: Path, version: str):
        self.path = path
        self.version = version
        self._entries: dict[str, dict] = {}
        self._used: set[str] = set()
        self._dirty = False
        self._load()

    def _load(self) -> None:
        try:
            with collector_paused():
                stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(stored, dict) and stored.get("version") == self.version:
            self._entries = stored.get("entries", {})

    @staticmethod
    def key(kind: str, raw: bytes) -> str:
        """The cache key of one file's bytes."""
        return kind + ":" + hashlib.sha256(raw).hexdigest()

    def get(self, key: str) -> dict | None:
        """The stored result, if any."""
        found = self._entries.get(key)
        if found is not None:
            self._used.add(key)
        return found

    def put(self, key: str, value: dict) -> None:
        """Remember a fresh result."""
        self._entries[key] = value
        self._used.add(key)
        self._dirty = True

    def save(self) -> None:
        """Write the results used in this run (dropping stale ones), atomically."""
        if not self._dirty and len(self._used) == len(self._entries):
            return
        kept = {key: self._entries[key] for key in sorted(self._used)}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".cache-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            # json.dumps, not json.dump: only the one-shot call uses the C encoder (5x faster here).
            out.write(json.dumps({"version": self.version, "entries": kept}, ensure_ascii=False,
                                 separators=(",", ":")))
        os.replace(temp, self.path)
