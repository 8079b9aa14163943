"""`catalog diff` as text for a terminal, Markdown for the job summary and the pull-request comment,
and JSON for tools. Every text a unit wrote is escaped for where it goes."""

from __future__ import annotations

import json
from collections import Counter

from ..check.formats import for_job_summary, for_json, terminal_text
from ..core.problems import Problem
from ..model.changes import CHANGE_LABELS, REFORMATTED, EntryChange
from .diff import Diff

ABSENT = "(无)"


def summary(diff: Diff) -> str:
    """One sentence: what changed, and what it caused elsewhere."""
    counts = Counter(entry.kind for entry in diff.entries)
    changed = "、".join(f"{count} {_MEASURE.get(kind, '项')}{kind}" for kind, count in counts.items())
    head = f"比较 {diff.base} → {diff.head}:" + (f"{changed}有变化" if changed else "目录条目没有可比较的内容变化")
    if diff.unreadable:
        head += f";{len({p.file for p in diff.unreadable})} 个改动的文件有 YAML 语法或编码问题"
    if diff.caused:
        head += f";在未改动的文件中引起 {len(diff.caused)} 个新问题"
    return head + "。"


_MEASURE = {"资源": "项", "单位": "个", "共享申请": "份", "异议": "份", "数据纠错": "份", "共享规则": "份"}


def text_report(diff: Diff) -> str:
    """For a terminal: one block per entry, then the problems it caused elsewhere."""
    lines = [summary(diff)]
    for entry in diff.entries:
        lines += ["", _heading(entry)]
        lines += [f"  {change.label}:{change.before or ABSENT} → {change.after or ABSENT}" for change in entry.fields]
        lines += [f"  {item.text}" for item in entry.items]
        lines += [f"  ⚠ {_notice(diff.cited, notice.articles, notice.message)}" for notice in entry.notices]
    lines += _problems("改动的文件中的 YAML 语法或编码问题(改正前无法完整比较)", diff.unreadable, _problem_line)
    lines += _problems("这次修改在未改动的文件中引起的新问题", diff.caused, _problem_line)
    return terminal_text(lines)


def markdown_report(diff: Diff) -> str:
    """For the job summary and the pull-request comment: headings, lists, unit text never read as Markdown."""
    lines = ["## 目录变更", "", for_job_summary(summary(diff))]
    for entry in diff.entries:
        lines += ["", f"### {for_job_summary(_heading(entry))}", ""]
        lines += [f"- {for_job_summary(change.label)}:{_md(change.before)} → {_md(change.after)}"
                  for change in entry.fields]
        lines += [f"- {for_job_summary(item.text)}" for item in entry.items]
        lines += [f"- ⚠️ **{for_job_summary(notice.articles or '注意')}**:{for_job_summary(notice.message)}"
                  for notice in entry.notices]
    lines += _problems("### 改动的文件中的 YAML 语法或编码问题(改正前无法完整比较)", diff.unreadable, _problem_item)
    lines += _problems("### 这次修改在未改动的文件中引起的新问题", diff.caused, _problem_item)
    return "\n".join(lines) + "\n"


def json_report(diff: Diff) -> str:
    """A stable document for tools."""
    document = {
        "base": diff.base, "head": diff.head, "summary": summary(diff),
        "entries": [_entry_json(entry) for entry in diff.entries],
        "unreadable": [p.to_dict() for p in diff.unreadable],
        "caused_problems": [p.to_dict() for p in diff.caused],
    }
    return for_json(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


REPORTS = {"text": text_report, "markdown": markdown_report, "json": json_report}


def _heading(entry: EntryChange) -> str:
    where = entry.after_path or entry.before_path
    if entry.before_path and entry.after_path and entry.before_path != entry.after_path:
        where = f"{entry.before_path} → {entry.after_path}"
    name = f"「{entry.name}」" if entry.name else ""
    note = ",内容没有变化" if entry.change == REFORMATTED else ""
    return f"{entry.kind} {entry.key}{name}:{CHANGE_LABELS[entry.change]}{note}({where})"


def _notice(cited: str, articles: str, message: str) -> str:
    return f"{cited}{articles}:{message}" if articles else message


def _md(value: str) -> str:
    return f"「{for_job_summary(value)}」" if value else ABSENT


def _problems(title: str, problems: tuple[Problem, ...], render) -> list[str]:
    if not problems:
        return []
    return ["", title, "", *(render(p) for p in problems)]


def _problem_line(p: Problem) -> str:
    return f"  {p.file}:{p.line}:{p.column}: {p.severity.label}: {p.message} [{p.rule}]"


def _problem_item(p: Problem) -> str:
    return f"- {for_job_summary(f'{p.file}:{p.line}')} {p.severity.label}:{for_job_summary(p.message)}({p.rule})"


def _entry_json(entry: EntryChange) -> dict:
    return {
        "kind": entry.kind, "key": entry.key, "name": entry.name, "change": entry.change,
        "change_label": CHANGE_LABELS[entry.change], "before_path": entry.before_path, "after_path": entry.after_path,
        "fields": [{"label": c.label, "before": c.before, "after": c.after} for c in entry.fields],
        "items": [{"change": i.change, "name": i.name, "text": i.text} for i in entry.items],
        "notices": [{"articles": n.articles, "message": n.message} for n in entry.notices],
    }


