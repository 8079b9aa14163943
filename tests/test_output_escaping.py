"""Catalog text in the reports is data: escaped for each place it goes, compared line by line.

A value can hold a newline, a terminal escape, a bidi override or Markdown. Whatever it holds, a
problem is exactly the lines the reporter writes, no line is a GitHub workflow command, the job
summary shows the text as written, and the JSON document keeps the value while printing nothing a
terminal acts on.
"""

from __future__ import annotations

import io
import json
import unicodedata

import pytest

from generator.check.formats import (
    for_job_summary,
    for_json,
    for_terminal,
    for_workflow_command,
    for_workflow_property,
    markdown_summary,
    report_github,
    report_json,
    report_text,
    terminal_text,
)
from generator.check.validate import Result
from generator.core.problems import ERROR, WARNING, Problem

HOSTILE = "x\n::error file=README.md,line=1::fake\x1b[31m\u202e\x9b\u200b\u2028\r%"
HOSTILE_SHOWN = "x\\n::error file=README.md,line=1::fake\\u001b[31m\\u202e\\u009b\\u200b\\u2028\\r%"
UNSEEN = ("Cc", "Cf", "Cs", "Zl", "Zp")


def problem(message: str, hint: str = "", file: str = "catalog/gaj/a.yaml", severity=ERROR) -> Problem:
    return Problem(file, 3, 5, "schema-enum", severity, message, hint)


def written(reporter, *problems: Problem) -> list[str]:
    out = io.StringIO()
    reporter(Result(list(problems), 1), out)
    return out.getvalue().split("\n")


def raw_unseen(text: str) -> list[str]:
    """The unseen characters in text, but the newlines that end lines."""
    return [c for c in text if c != "\n" and unicodedata.category(c) in UNSEEN]


# ---- text ------------------------------------------------------------------------------------------

def test_text_a_value_adds_no_line_and_no_control_character():
    lines = written(report_text, problem(f"「更新周期」(update_cycle)的值「{HOSTILE}」不在可选范围内。", f"改为\n{HOSTILE}"))
    assert lines == [
        f"catalog/gaj/a.yaml:3:5: 错误: 「更新周期」(update_cycle)的值「{HOSTILE_SHOWN}」不在可选范围内。 [schema-enum]",
        f"    提示:改为\\n{HOSTILE_SHOWN}",
        "检查了 1 个文件:1 个错误,0 个警告。",
        "",
    ]


@pytest.mark.parametrize("file", ["::error file=x::y.yaml", " \u3000::warning::y.yaml"])
def test_text_no_line_is_a_workflow_command_even_from_a_file_name(file):
    lines = written(report_text, problem("坏了。", file=file))
    assert not any(line.lstrip().startswith("::") for line in lines)
    assert lines[0] == file.replace("::", "\\u003a:", 1) + ":3:5: 错误: 坏了。 [schema-enum]"


def test_text_every_unseen_kind_is_spelt_out():
    assert for_terminal("a\tb\x00c\x7fd\u0085e\u061cf\u2066g\ufeffh\U000e0001i\ud800") == \
        "a\\tb\\u0000c\\u007fd\\u0085e\\u061cf\\u2066g\\ufeffh\\U000e0001i\\ud800"
    assert for_terminal("常德市 ![x](y) <b>") == "常德市 ![x](y) <b>"  # the terminal shows markup as it is


def test_terminal_text_is_one_line_per_given_line():
    assert terminal_text(["名次  总分   单位", "   1   90.5  市\n::error::公安局"]) == \
        "名次  总分   单位\n   1   90.5  市\\n::error::公安局\n"


# ---- github: workflow commands ----------------------------------------------------------------------

def test_github_one_command_per_problem_escaped_as_the_toolkit_does():
    lines = written(report_github, problem(f"值「{HOSTILE}」不对。", "改正"),
                    problem("100% 有误,a:b", file="catalog/gaj/a,b:c%.yaml", severity=WARNING))
    shown = HOSTILE_SHOWN.replace("%", "%25")
    assert lines == [
        f"::error file=catalog/gaj/a.yaml,line=3,col=5,title=schema-enum::值「{shown}」不对。%0A提示:改正",
        "::warning file=catalog/gaj/a%2Cb%3Ac%25.yaml,line=3,col=5,title=schema-enum::100%25 有误,a:b",
        "检查了 1 个文件:1 个错误,1 个警告。",
        "",
    ]


def test_workflow_command_escapes_are_the_toolkits():
    # @actions/core escapeData and escapeProperty, character for character.
    assert for_workflow_command("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"
    assert for_workflow_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"


# ---- github: the job summary -------------------------------------------------------------------------

def test_job_summary_shows_unit_text_as_written_never_as_markdown():
    value = "![x](https://e.org/a.png) <img src=x> [链接](javascript:x) | `code` *粗* _斜_ # @sjj \\ www.e.org"
    lines = markdown_summary(Result([problem(f"值「{value}」\n::error::x", "改\u202e正")], 1)).split("\n")
    row = ("| catalog&#47;gaj&#47;a&#46;yaml | 3&#58;5 | 错误 | schema&#45;enum | "
           "值「&#33;&#91;x&#93;&#40;https&#58;&#47;&#47;e&#46;org&#47;a&#46;png&#41; &#60;img src&#61;x&#62; "
           "&#91;链接&#93;&#40;javascript&#58;x&#41; &#124; &#96;code&#96; &#42;粗&#42; &#95;斜&#95; &#35; "
           "&#64;\u200bsjj &#92; www&#46;e&#46;org」&#92;n&#58;&#58;error&#58;&#58;x | 改&#92;u202e正 |")
    assert lines[-3:] == ["|---|---|---|---|---|---|", row, ""]


def test_job_summary_cells_hold_no_markdown_character_and_no_line_break():
    cell = for_job_summary(HOSTILE + "`|<>[]()!*_#\\&")
    assert not set(cell) & set("`|<>[]()!*_\\\n\r:")  # & and # only in character references
    assert raw_unseen(cell) == []


def test_github_writes_the_summary_where_the_runner_asks(tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    written(report_github, problem("值「<b>」"))
    assert "| 值「&#60;b&#62;」 |" in summary.read_text(encoding="utf-8")


# ---- json --------------------------------------------------------------------------------------------

def test_json_keeps_the_value_and_prints_nothing_a_terminal_acts_on():
    message = f"值「{HOSTILE}\U000e0001\ud800」"
    text = "\n".join(written(report_json, problem(message)))
    assert raw_unseen(text) == []
    line = next(line for line in text.split("\n") if '"message"' in line)
    assert line == ('      "message": "值「x\\n::error file=README.md,line=1::fake\\u001b[31m\\u202e\\u009b\\u200b\\u2028'
                    '\\r%\\udb40\\udc01\\ud800」",')
    assert json.loads(text)["problems"][0]["message"] == message


def test_for_json_leaves_the_documents_own_layout():
    assert for_json('{\n  "a": "\u2028常德"\n}') == '{\n  "a": "\\u2028常德"\n}'
