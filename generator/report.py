"""One result, several reporters: compiler-style Chinese text, GitHub annotations, JSON."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import TextIO

from .problems import ERROR
from .validate import Result


def report_text(result: Result, out: TextIO) -> None:
    """`file:line:col: 错误: message [rule]`, a hint line, then a one-line summary."""
    for p in result.problems:
        out.write(f"{p.file}:{p.line}:{p.column}: {p.severity.label}: {p.message} [{p.rule}]\n")
        if p.hint:
            out.write(f"    提示:{p.hint}\n")
    out.write(summary_line(result) + "\n")


def summary_line(result: Result) -> str:
    """The closing sentence of every report."""
    if not result.problems:
        return f"检查了 {result.files_checked} 个文件,没有发现问题。"
    return f"检查了 {result.files_checked} 个文件:{result.errors} 个错误,{result.warnings} 个警告。"


def report_github(result: Result, out: TextIO) -> None:
    """Workflow commands GitHub turns into annotations, plus a job summary when the runner asks."""
    for p in result.problems:
        command = "error" if p.severity is ERROR else "warning"
        properties = ",".join(f"{k}={_escape_property(str(v))}" for k, v in
                              (("file", p.file), ("line", p.line), ("col", p.column), ("title", p.rule)))
        body = p.message + (f"\n提示:{p.hint}" if p.hint else "")
        out.write(f"::{command} {properties}::{_escape_data(body)}\n")
    out.write(summary_line(result) + "\n")
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as summary:
            summary.write(markdown_summary(result))


def markdown_summary(result: Result) -> str:
    """A Markdown table of every problem, for the job summary page."""
    lines = ["## 目录校验结果", "", summary_line(result), ""]
    if result.problems:
        lines += ["| 文件 | 位置 | 级别 | 规则 | 问题 | 修改提示 |", "|---|---|---|---|---|---|"]
        for p in result.problems:
            cells = [f"`{p.file}`", f"{p.line}:{p.column}", p.severity.label, f"`{p.rule}`", p.message, p.hint]
            lines.append("| " + " | ".join(_escape_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def report_json(result: Result, out: TextIO) -> None:
    """A stable JSON document for tools."""
    document = {"files_checked": result.files_checked, "errors": result.errors, "warnings": result.warnings,
                "problems": [p.to_dict() for p in result.problems]}
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _escape_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


REPORTERS: dict[str, Callable[[Result, TextIO], None]] = {
    "text": report_text, "github": report_github, "json": report_json,
}
