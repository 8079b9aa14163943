"""The `catalog validate` command: formats, exit codes, and pull-request sized runs."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import pytest
from casetools import CASES, make_repo

from generator.cli import main

TODAY = ["--today", "2026-11-24", "--no-cache"]


def run(capsys, *args):
    code = main(["validate", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_clean_repository_exits_0(tmp_path, capsys):
    root = make_repo(tmp_path)
    code, out, _ = run(capsys, "--root", str(root), *TODAY)
    assert code == 0
    assert out == "检查了 5 个文件,没有发现问题。\n"


def test_errors_exit_1_and_warnings_alone_exit_0(tmp_path, capsys):
    root = make_repo(tmp_path)
    (root / "catalog/gaj/dup.yaml").write_bytes((CASES / "invalid/one-source_same-name.yaml").read_bytes())
    code, out, _ = run(capsys, "--root", str(root), *TODAY)
    assert code == 0 and "警告" in out and "2 个警告" in out
    (root / "catalog/gaj/bad.yaml").write_bytes((CASES / "invalid/load-encoding_gbk.yaml").read_bytes())
    code, out, _ = run(capsys, "--root", str(root), *TODAY)
    assert code == 1


def test_usage_errors_exit_2(tmp_path, capsys):
    root = make_repo(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--format", "xml", "--root", str(root)])
    assert exit_info.value.code == 2
    assert "参数错误" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--root", str(root), str(root / "catalog/none.yaml")])
    assert exit_info.value.code == 2
    assert "找不到文件或文件夹" in capsys.readouterr().err


def test_changed_files_only_but_cross_file_rules_see_everything(tmp_path, capsys):
    """A pull request adds a file reusing an existing code: reported on the new file only."""
    root = make_repo(tmp_path)
    new = root / "catalog/mzj/new.yaml"
    new.write_bytes((CASES / "invalid/code-unique_duplicate.yaml").read_bytes())
    code, out, _ = run(capsys, "--root", str(root), *TODAY, str(new))
    assert code == 1
    assert out.splitlines()[0].startswith("catalog/mzj/new.yaml:2:7: 错误: 「资源代码」(code)430700-007-Y09-0001 同时被")
    assert "dibao-duixiang.yaml:" not in out
    assert out.splitlines()[-1] == "检查了 1 个文件:1 个错误,0 个警告。"


def test_github_format_annotations_and_job_summary(tmp_path, capsys, monkeypatch):
    root = make_repo(tmp_path)
    (root / "catalog/mzj/new.yaml").write_bytes((CASES / "invalid/schema-required_conditions.yaml").read_bytes())
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = run(capsys, "--root", str(root), *TODAY, "--format", "github")
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith("::error file=catalog/mzj/new.yaml,line=15,col=3,title=schema-required::")
    assert "%0A提示:在「共享属性」(sharing)下添加一行" in first
    table = summary.read_text(encoding="utf-8")
    assert "| 文件 | 位置 | 级别 | 规则 | 问题 | 修改提示 |" in table
    assert "| catalog&#47;mzj&#47;new&#46;yaml | 15&#58;3 | 错误 | schema&#45;required |" in table


def test_json_format(tmp_path, capsys):
    root = make_repo(tmp_path)
    (root / "catalog/mzj/new.yaml").write_bytes((CASES / "invalid/date-invalid_feb30.yaml").read_bytes())
    code, out, _ = run(capsys, "--root", str(root), *TODAY, "--format", "json")
    document = json.loads(out)
    assert code == 1
    assert document["errors"] == 1 and document["files_checked"] == 6
    assert document["problems"][0] == {
        "file": "catalog/mzj/new.yaml", "line": 21, "column": 10, "rule": "date-invalid", "severity": "error",
        "message": "「数据更新日期」(updated)「2025-02-30」不是真实存在的日期。",
        "hint": "检查月份(01–12)和当月天数,格式为 YYYY-MM-DD。",
    }


# A provider that is not in the registry is quoted in its message: here with a line that GitHub would
# read as a command, a terminal colour and a right-to-left override, written as YAML escapes.
HOSTILE_PROVIDER = 'provider: "x\\n::error file=README.md,line=1::fake\\e[31m\\u202e"'
SHOWN_PROVIDER = "「提供单位」(provider)「x\\n::error file=README.md,line=1::fake\\u001b[31m\\u202e」不在单位登记表中。"
UNSEEN = ("Cc", "Cf", "Cs", "Zl", "Zp")


def hostile_repo(tmp_path):
    root = make_repo(tmp_path)
    entry = root / "catalog/gaj/changzhu-renkou.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("provider: gaj", HOSTILE_PROVIDER), encoding="utf-8")
    return root


def no_raw_unseen(text: str) -> bool:
    return not [c for c in text if c != "\n" and unicodedata.category(c) in UNSEEN]


def test_text_a_quoted_value_stays_inside_its_problem(tmp_path, capsys):
    code, out, _ = run(capsys, "--root", str(hostile_repo(tmp_path)), *TODAY)
    lines = out.split("\n")
    assert code == 1 and no_raw_unseen(out)
    assert f"catalog/gaj/changzhu-renkou.yaml:4:11: 错误: {SHOWN_PROVIDER} [provider-unknown]" in lines
    assert all(line.startswith(("catalog/gaj/changzhu-renkou.yaml:", "    提示:")) for line in lines[:-2])
    assert lines[-2:] == [f"检查了 5 个文件:{len(lines[:-2]) // 2} 个错误,0 个警告。", ""]


def test_github_a_quoted_value_is_no_command_and_no_markdown(tmp_path, capsys, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = run(capsys, "--root", str(hostile_repo(tmp_path)), *TODAY, "--format", "github")
    lines = out.split("\n")
    assert code == 1 and no_raw_unseen(out)
    assert all(line.startswith("::error file=catalog/gaj/changzhu-renkou.yaml,line=4,col=11,") for line in lines[:-2])
    assert any(line.startswith(f"::error file=catalog/gaj/changzhu-renkou.yaml,line=4,col=11,title=provider-unknown::"
                               f"{SHOWN_PROVIDER}%0A提示:") for line in lines)
    table = summary.read_text(encoding="utf-8")
    assert no_raw_unseen(table) and not any(line.lstrip().startswith("::") for line in table.split("\n"))
    assert ("&#40;provider&#41;「x&#92;n&#58;&#58;error file&#61;README&#46;md&#44;line&#61;1&#58;&#58;"
            "fake&#92;u001b&#91;31m") in table


def test_json_a_quoted_value_is_kept_and_escaped(tmp_path, capsys):
    code, out, _ = run(capsys, "--root", str(hostile_repo(tmp_path)), *TODAY, "--format", "json")
    assert code == 1 and no_raw_unseen(out)
    messages = [p["message"] for p in json.loads(out)["problems"] if p["rule"] == "provider-unknown"]
    assert messages == ["「提供单位」(provider)「x\n::error file=README.md,line=1::fake\x1b[31m\u202e」不在单位登记表中。"]


@pytest.mark.parametrize("case", sorted((CASES / "invalid").glob("[ly][oa]*.yaml")), ids=lambda p: p.stem)
def test_bad_input_in_a_real_process_gives_exit_1_a_location_and_no_traceback(case, tmp_path):
    """Every load and YAML problem, through the installed entry point, as CI runs it."""
    root = make_repo(tmp_path)
    target = root / "catalog/mzj/case.yaml"
    target.write_bytes(case.read_bytes())
    proc = subprocess.run([sys.executable, "-m", "generator", "validate", "--root", str(root), "--no-cache",
                           str(target)], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 1
    assert proc.stderr == ""
    assert "Traceback" not in proc.stdout
    assert proc.stdout.startswith("catalog/mzj/case.yaml:")


def test_every_command_has_chinese_help(capsys):
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    text = capsys.readouterr().out
    for option in ("--format", "--root", "--no-cache", "--cache-file", "--today"):
        assert option in text
    assert "跨文件规则" in text


def test_an_unexpected_failure_is_one_chinese_line_not_a_traceback(tmp_path, capsys, monkeypatch):
    import generator.check.validate

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(generator.check.validate, "validate", broken)
    monkeypatch.delenv("CATALOG_DEBUG", raising=False)
    root = make_repo(tmp_path)
    assert main(["validate", "--root", str(root), "--no-cache"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("catalog: 内部错误,请把这一行报告给目录维护者:RuntimeError: 磁盘已满")
    assert "Traceback" not in err
