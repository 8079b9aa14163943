"""The review and Excel commands as a clerk or a workflow calls them: output and exit codes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from casetools import make_repo

from generator.cli import main

ISSUES = Path(__file__).parent / "issues"
ROOT = Path(__file__).parent.parent


def test_codeowners_check_passes_on_the_demo_and_fails_when_the_registry_changed(tmp_path, capsys):
    assert main(["codeowners", "--check", "--root", str(ROOT)]) == 0
    root = make_repo(tmp_path)
    (root / ".github").mkdir()
    assert main(["codeowners", "--root", str(root)]) == 0
    assert "已更新 .github/CODEOWNERS" in capsys.readouterr().out
    registry = root / "registry/units.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("@changde-data/gaj", "@changde-data/gaj-data"),
                        encoding="utf-8")
    assert main(["codeowners", "--check", "--root", str(root)]) == 1
    assert "catalog codeowners" in capsys.readouterr().out


def test_check_ownership_exit_codes(tmp_path, capsys):
    root = make_repo(tmp_path)
    own = ["check-ownership", "--root", str(root), "--author", "li", "--team", "@changde-data/gaj"]
    assert main([*own, "catalog/gaj/changzhu-renkou.yaml"]) == 0
    assert main([*own, "catalog/mzj/dibao-duixiang.yaml", "--format", "github"]) == 1
    assert "::error file=catalog/mzj/dibao-duixiang.yaml" in capsys.readouterr().out


def test_from_issue_writes_the_file_or_answers_with_what_is_wrong(tmp_path, capsys):
    root = make_repo(tmp_path)
    good = ["from-issue", "--root", str(root), "--today", "2026-11-24", "--body-file"]
    assert main([*good, str(ISSUES / "sharing-request.md")]) == 0
    assert (root / "requests/2026").is_dir()
    capsys.readouterr()
    assert main([*good, str(ISSUES / "new-entry-no-response.md")]) == 1
    comment = capsys.readouterr().out
    assert comment.strip() and "Traceback" not in comment


def test_export_then_import_a_unit_through_the_commands(tmp_path, capsys):
    root = make_repo(tmp_path)
    workbook = tmp_path / "mzj.xlsx"
    assert main(["export-xlsx", "--unit", "mzj", "--root", str(root), "--out", str(workbook)]) == 0
    assert "已导出 2 项资源" in capsys.readouterr().out
    assert main(["import-xlsx", str(workbook), "--unit", "mzj", "--root", str(root), "--today", "2026-11-24"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "读取 2 行,共 2 项资源:写入 0 个文件,2 个未变,0 项有错误没有导入。"


def test_export_of_an_unknown_unit_writes_nothing(tmp_path, capsys):
    root = make_repo(tmp_path)
    out = tmp_path / "x.xlsx"
    assert main(["export-xlsx", "--unit", "nope", "--root", str(root), "--out", str(out)]) == 1
    assert not out.exists()
    assert "单位登记表中没有单位标识「nope」" in capsys.readouterr().err


def test_import_of_a_file_that_is_not_a_workbook_says_so(tmp_path, capsys):
    root = make_repo(tmp_path)
    bogus = tmp_path / "目录.xlsx"
    bogus.write_text("不是电子表格", encoding="utf-8")
    assert main(["import-xlsx", str(bogus), "--unit", "mzj", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("工作簿:") and "Traceback" not in out


def test_a_folder_that_is_not_a_catalog_repository_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--root", str(tmp_path / "nowhere")])
    assert stopped.value.code == 2
    assert "不是目录仓库:找不到 registry/units.yaml" in capsys.readouterr().err


def test_an_export_without_out_lands_where_git_does_not_pick_it_up(tmp_path, capsys):
    # Observed: `catalog export-xlsx --unit jyj` wrote jyj.xlsx into the repository root, one `git add .` from a commit.
    root = make_repo(tmp_path)
    assert main(["export-xlsx", "--unit", "mzj", "--root", str(root)]) == 0
    written = root / "build/export/mzj.xlsx"
    assert written.is_file() and f"到 {written}。" in capsys.readouterr().out
    assert "/build/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_a_reader_that_stops_reading_is_not_an_internal_error(tmp_path):
    """Observed: `catalog import-xlsx … | head -1` ended with 「内部错误 … BrokenPipeError」."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written, as after `head -1`
    command = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))",
               "validate", "--root", str(make_repo(tmp_path))]
    try:
        run = subprocess.run(command, stdout=write_end, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120,
                             check=False)
    finally:
        os.close(write_end)
    assert (run.returncode, run.stderr) == (141, "")


def test_a_build_says_how_big_the_site_is_and_warns_near_the_pages_limit(tmp_path, capsys, monkeypatch):
    from generator.site import build

    root = make_repo(tmp_path)
    for name in ("docs", "site_templates"):
        shutil.copytree(Path(__file__).resolve().parent.parent / name, root / name)
    shutil.copy(Path(__file__).resolve().parent.parent / "mkdocs.yml", root / "mkdocs.yml")
    assert main(["build", "--root", str(root)]) == 0
    out, err = capsys.readouterr()
    assert "网站共 " in out and "MiB,是 GitHub Pages 发布上限 1 GB 的 0%" in out and "警告" not in err
    size = build.site_size(root / "site")
    monkeypatch.setattr(build, "PAGES_LIMIT", size.size)  # the same site against a limit it has reached
    assert main(["build", "--root", str(root)]) == 0
    out, err = capsys.readouterr()
    assert "的 100%" in out and "警告:网站接近或超过 GitHub Pages 的 1 GB 发布上限" in err
