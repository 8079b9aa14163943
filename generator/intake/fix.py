"""`catalog fix`: the validator's mechanical fixes, applied in place.

Two fixes: quoting the unquoted values that other YAML readers would take for a number, a boolean or
a date where the schema wants text (`keywords: [12315]`); and the typing slips that stop a file from
being read at all (a tab in the indentation, a key's full-width colon, no space after a colon), put
right as the validator reads past them. Only those characters change; comments, order, layout and
line endings stay as the unit wrote them. Each fixed file is loaded again before it is written, and
must give this tool exactly the data the validator judged: a fix never changes what a file says.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..check.files import FileChecker
from ..core.layout import DATA_DIRS, REGISTRY, is_catalog_file, kind_of, under
from ..core.problems import ERROR, Problem
from ..read.load import Document, load_bytes, load_past_slips, symlink_in
from ..read.schema import Schema

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Edit:
    """One value changed: where it stands (1-based), as written, as written now."""

    path: str
    line: int
    column: int
    before: str
    after: str


@dataclass(frozen=True)
class FileFix:
    """What fixing one file came to: its edits, or why it was left alone."""

    path: str
    edits: tuple[Edit, ...] = ()
    refused: Problem | None = None


def fix_files(root: Path, paths: list[str], write: bool) -> list[FileFix]:
    """Fix each file (repository-relative paths); with write=False only say what would change."""
    checker = FileChecker()
    results = []
    for path in paths:
        result = _fix_one(root, path, checker.schemas[kind_of(path)], write)
        if result.edits or result.refused:
            results.append(result)
    return results


def _fix_one(root: Path, path: str, schema: Schema, write: bool) -> FileFix:
    if not (path == REGISTRY or (under(path, DATA_DIRS) and is_catalog_file(path))):
        return FileFix(path, refused=Problem(path, 1, 1, "fix-not-catalog", ERROR,
                                             f"{path} 不是目录文件,不自动修改。",
                                             "catalog fix 只修改 catalog/、nonshared/、requests/、feedback/ 下的"
                                             " .yaml 文件和单位登记表。"))
    link = symlink_in(root, path)
    if link:
        return FileFix(path, refused=Problem(path, 1, 1, "fix-symlink", ERROR, f"{link} 是符号链接,不自动修改。", ""))
    try:
        raw = (root / path).read_bytes()
    except OSError as exc:
        return FileFix(path, refused=Problem(path, 1, 1, "load-unreadable", ERROR, f"无法读取文件:{exc.strerror}。",
                                             "确认文件存在且有读取权限。"))
    doc, problems = load_past_slips(raw, path, schema.typed_keys)
    if doc is None:
        return FileFix(path, refused=problems[0])
    # A file read past its slips (a tab, a full-width colon): doc.text is its text with them put right.
    slips = _slip_edits(path, raw, doc.text) if problems else []
    text, quotes = quoted(doc, schema)
    edits = slips + quotes
    if not edits:
        return FileFix(path)
    if not _same_meaning(doc, text, schema):  # a guard: quoting a number, a boolean or a date never fails it
        return FileFix(path, refused=Problem(path, edits[0].line, edits[0].column, "fix-unsafe", ERROR,
                                             "自动修改会改变文件内容的含义,没有修改。", "请按校验提示手工修改。"))
    if write:
        _replace(root / path, (_BOM if raw.startswith(_BOM) else b"") + text.encode("utf-8"))
    return FileFix(path, tuple(edits))


def _slip_edits(path: str, raw: bytes, text: str) -> list[Edit]:
    """The lines the slip repair changed, each as one edit (tabs shown as ⇥)."""
    before = raw.decode("utf-8-sig").split("\n")
    return [Edit(path, number, 1, _shown(old), _shown(new))
            for number, (old, new) in enumerate(zip(before, text.split("\n"), strict=True), start=1) if old != new]


def _shown(line: str) -> str:
    return line.rstrip("\r").replace("\t", "⇥")


def quoted(doc: Document, schema: Schema) -> tuple[str, list[Edit]]:
    """The document's text with every value the schema asks to quote in double quotes, and the edits."""
    text, edits = doc.text, []
    wanted = sorted((doc.reader_typed[finding.path] for finding in schema.reader_typing(doc)),
                    key=lambda typed: typed.start, reverse=True)  # from the end, so earlier offsets hold
    for typed in wanted:
        before = text[typed.start:typed.end]
        after = f'"{before}"'  # numbers, booleans and dates hold no quote or backslash
        line = text.count("\n", 0, typed.start) + 1
        column = typed.start - (text.rfind("\n", 0, typed.start) + 1) + 1
        edits.append(Edit(doc.path, line, column, before, after))
        text = text[:typed.start] + after + text[typed.end:]
    return text, edits[::-1]


def _same_meaning(doc: Document, text: str, schema: Schema) -> bool:
    """Whether the fixed text gives exactly the data the original gave, with nothing left to quote."""
    again, _ = load_bytes(text.encode("utf-8"), doc.path, schema.typed_keys)
    if again is None or schema.reader_typing(again):
        return False
    return schema.coerce(again) == schema.coerce(doc)


def _replace(target: Path, content: bytes) -> None:
    """Write the whole file or nothing: a fix interrupted half-way must not leave half a file."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, target.stat().st_mode & 0o777)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
