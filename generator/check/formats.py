"""One result, several reporters: compiler-style Chinese text, GitHub annotations, JSON.

Messages quote catalog values, and a value is text from whoever opened the pull request. Each
destination has its escaping function, named for it (for_terminal, for_workflow_command and
for_workflow_property, for_job_summary, for_json), so that a value can never add a line, a
workflow command, a terminal escape sequence or Markdown to the output.
"""

from __future__ import annotations

import json
import os
import string
from collections.abc import Callable, Iterable, Mapping
from typing import TextIO

from ..core.problems import ERROR, Problem, unseen, visible
from .validate import Result

# What a reader would not see as itself: controls (C0, C1, ESC), format characters (bidi overrides
# and isolates, zero-width marks, BOM), line and paragraph separators, and lone surrogates.
# Numeric character references are never Markdown syntax (CommonMark 6.2): no link, image, HTML,
# table cell or URL autolink can be made of them. A zero-width space after @ keeps GitHub from
# reading an address or a mention, as issueforms.md does for comments.
_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in string.punctuation} | {"@": "&#64;\u200b"})


def report_text(result: Result, out: TextIO) -> None:
    """`file:line:col: 错误: message [rule]`, a hint line, then a one-line summary."""
    for p in result.problems:
        out.write(for_terminal(f"{p.file}:{p.line}:{p.column}: {p.severity.label}: {p.message} [{p.rule}]") + "\n")
        if p.hint:
            out.write(for_terminal(f"    提示:{p.hint}") + "\n")
    out.write(summary_line(result) + "\n")


def summary_line(result: Result) -> str:
    """The closing sentence of every report."""
    if not result.problems:
        return f"检查了 {result.files_checked} 个文件,没有发现问题。"
    return f"检查了 {result.files_checked} 个文件:{result.errors} 个错误,{result.warnings} 个警告。"


def report_github(result: Result, out: TextIO) -> None:
    """Workflow commands GitHub turns into annotations, plus a job summary when the runner asks."""
    out.writelines(workflow_command(p) + "\n" for p in result.problems)
    out.write(summary_line(result) + "\n")
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as summary:
            summary.write(markdown_summary(result))


def workflow_command(p: Problem) -> str:
    """`::error file=…,line=…,col=…,title=…::message`: one line, whatever the problem's text holds."""
    command = "error" if p.severity is ERROR else "warning"
    properties = ",".join(f"{k}={for_workflow_property(visible(str(v)))}" for k, v in
                          (("file", p.file), ("line", p.line), ("col", p.column), ("title", p.rule)))
    # The reporter's own line break before the hint stays one; a value's was made visible first.
    body = visible(p.message) + (f"\n提示:{visible(p.hint)}" if p.hint else "")
    return f"::{command} {properties}::{for_workflow_command(body)}"


def markdown_summary(result: Result) -> str:
    """A Markdown table of every problem, for the job summary page."""
    lines = ["## 目录校验结果", "", summary_line(result), ""]
    if result.problems:
        lines += ["| 文件 | 位置 | 级别 | 规则 | 问题 | 修改提示 |", "|---|---|---|---|---|---|"]
        for p in result.problems:
            cells = [p.file, f"{p.line}:{p.column}", p.severity.label, p.rule, p.message, p.hint]
            lines.append("| " + " | ".join(for_job_summary(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def report_json(result: Result, out: TextIO, extra: Mapping[str, object] | None = None) -> None:
    """A stable JSON document for tools; `extra` adds keys after the problems (the scores of --quality)."""
    document = {"files_checked": result.files_checked, "errors": result.errors, "warnings": result.warnings,
                "problems": [p.to_dict() for p in result.problems], **(extra or {})}
    out.write(for_json(json.dumps(document, ensure_ascii=False, indent=2)) + "\n")


# ---- escaping, one function per destination ------------------------------------------------------

def for_terminal(line: str) -> str:
    """One line for a terminal or a CI log: nothing unseen, and never read as a workflow command.

    GitHub reads a line as a command when it starts with `::` after leading white space.
    """
    shown = visible(line)
    if shown.lstrip().startswith("::"):
        at = shown.index(":")
        shown = shown[:at] + "\\u003a" + shown[at + 1:]
    return shown


def terminal_text(lines: Iterable[str]) -> str:
    """Lines for a terminal, each passed through for_terminal, joined and ended by newlines."""
    return "".join(for_terminal(line) + "\n" for line in lines)


def for_workflow_command(text: str) -> str:
    """A workflow command's message, escaped exactly as GitHub's toolkit does (escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def for_workflow_property(text: str) -> str:
    """A workflow command's property value, escaped exactly as GitHub's toolkit does (escapeProperty)."""
    return for_workflow_command(text).replace(":", "%3A").replace(",", "%2C")


def for_job_summary(text: str) -> str:
    """Text in a Markdown table cell of the job summary: shown as written, never Markdown or HTML."""
    return visible(text).translate(_MARKDOWN)


def for_json(document: str) -> str:
    """A JSON document with every unseen character as a \\u escape: the same values, nothing a terminal acts on.

    json.dumps escapes C0 inside strings, so a raw C0 character is its layout's newline; it leaves
    DEL, C1, bidi and zero-width marks, separators and lone surrogates raw.
    """
    return "".join(_json_escape(c) if ord(c) >= 0x7F and unseen(c) else c
                   for c in document)


def _json_escape(c: str) -> str:
    n = ord(c)
    if n < 0x10000:
        return f"\\u{n:04x}"
    n -= 0x10000  # beyond the BMP JSON has only UTF-16 surrogate pairs
    return f"\\u{0xD800 + (n >> 10):04x}\\u{0xDC00 + (n & 0x3FF):04x}"


REPORTERS: dict[str, Callable[[Result, TextIO], None]] = {
    "text": report_text, "github": report_github, "json": report_json,
}
