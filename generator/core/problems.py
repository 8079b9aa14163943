"""Problems are data: one record per finding, located, collected, reported once."""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from enum import Enum

# What a reader would not see as itself: controls (C0, C1, ESC), format characters (bidi overrides
# and isolates, zero-width marks, BOM, tag characters), line and paragraph separators, and lone
# surrogates. Catalog text may not hold them (rule text-control); messages and reports write them out.
_UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def unseen(char: str) -> bool:
    """Whether a character would not show as itself."""
    return unicodedata.category(char) in _UNSEEN_CATEGORIES


def visible(text: str) -> str:
    """Every unseen character written out (\\n, \\u001b, \\u202e, \\U000e0001); the rest as is.

    Used where a message quotes a value and again by every reporter, so one character has one look.
    """
    if text.isprintable():  # the common case, and cheap: no control, format or separator character
        return text
    return "".join(_spelt(c) if unseen(c) else c for c in text)


def _spelt(c: str) -> str:
    n = ord(c)
    return _SHORT.get(c) or (f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}")


class Severity(str, Enum):
    """How bad a problem is: errors fail the run, warnings do not."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The Chinese word shown to users."""
        return "错误" if self is Severity.ERROR else "警告"


ERROR = Severity.ERROR
WARNING = Severity.WARNING

# A key path into a document: keys and 0-based list indexes, e.g. ("items", 2, "length").
KeyPath = tuple


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a user must see, on every route: a catalog file, a workbook, an issue form.

    Where it is: a file's line and column (1-based); in a workbook, `sheet`, the row as `line` and the
    column's header as `field`; in an issue form, the form field's id as `field`. A whole file or
    workbook has line 0. `path` is the key path in the document it concerns, when there is one.
    """

    file: str
    line: int
    column: int
    rule: str
    severity: Severity = dataclasses.field(compare=False)
    # Compared: two different problems at one place (two missing fields) must both be reported.
    message: str = dataclasses.field(compare=True)
    hint: str = ""
    path: KeyPath = dataclasses.field(default=(), compare=False)
    sheet: str = ""
    field: str = ""

    def to_dict(self) -> dict:
        """A JSON-ready form, as `catalog validate --format json` prints it."""
        return {
            "file": self.file, "line": self.line, "column": self.column,
            "rule": self.rule, "severity": self.severity.value,
            "message": self.message, "hint": self.hint,
        }

    def to_stored(self) -> dict:
        """The form the cache keeps: `to_dict` and the key path (a list of keys and indexes)."""
        return self.to_dict() | {"path": list(self.path)}

    @classmethod
    def from_dict(cls, data: dict) -> Problem:
        """Rebuild a problem written by to_dict or to_stored."""
        return cls(data["file"], data["line"], data["column"], data["rule"],
                   Severity(data["severity"]), data["message"], data["hint"], tuple(data.get("path", ())))


class Refused(Exception):
    """Work that stops at a problem: the exception carries the problem record, and its text is the message.

    Every route that must stop (a file YAML cannot load, a workbook past its caps, a scaffold or an
    ownership check that cannot be worked out) raises one of these, so what reaches the user is a
    Problem like any other.
    """

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem

    @classmethod
    def because(cls, rule: str, message: str, hint: str = "") -> Refused:
        """A refusal that concerns no one place of a file (a command's input as a whole)."""
        return cls(Problem("", 0, 0, rule, ERROR, message, hint))


@dataclass(frozen=True)
class Finding:
    """A rule's finding before it is located: a key path, not yet a line and column.

    `at` says what to point at: the value at the path, or the key naming it.
    """

    path: KeyPath
    rule: str
    severity: Severity
    message: str
    hint: str = ""
    at: str = "value"
