"""The `catalog validate` command: formats, exit codes, and pull-request sized runs."""

from __future__ import annotations

import json
import subprocess
import sys

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
    assert out == "检查了 4 个文件,没有发现问题。\n"


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
    assert "| `catalog/mzj/new.yaml` | 15:3 | 错误 | `schema-required` |" in table


def test_json_format(tmp_path, capsys):
    root = make_repo(tmp_path)
    (root / "catalog/mzj/new.yaml").write_bytes((CASES / "invalid/date-invalid_feb30.yaml").read_bytes())
    code, out, _ = run(capsys, "--root", str(root), *TODAY, "--format", "json")
    document = json.loads(out)
    assert code == 1
    assert document["errors"] == 1 and document["files_checked"] == 5
    assert document["problems"][0] == {
        "file": "catalog/mzj/new.yaml", "line": 21, "column": 10, "rule": "date-invalid", "severity": "error",
        "message": "「数据更新日期」(updated)「2025-02-30」不是真实存在的日期。",
        "hint": "检查月份(01–12)和当月天数,格式为 YYYY-MM-DD。",
    }


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
    import generator.validate

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(generator.validate, "validate", broken)
    monkeypatch.delenv("CATALOG_DEBUG", raising=False)
    root = make_repo(tmp_path)
    assert main(["validate", "--root", str(root), "--no-cache"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("catalog: 内部错误,请把这一行报告给目录维护者:RuntimeError: 磁盘已满")
    assert "Traceback" not in err
