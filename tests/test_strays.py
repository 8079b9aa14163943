"""Every file under the data folders is accounted for: what is not a catalog file is an error naming it,
in whole-catalog runs, changed-file runs and the build alike (a .yaml.txt passed a pull request and was
then silently left out of the site)."""

from __future__ import annotations

import shutil

from casetools import TODAY, make_repo
from test_build import make_repo as make_site_repo

from generator.check.validate import validate
from generator.site.build import build_site

ENTRY = "catalog/mzj/dibao-duixiang.yaml"


def test_everything_that_is_not_a_catalog_file_is_an_error_naming_it(tmp_path):
    root = make_repo(tmp_path)
    shutil.copy(root / ENTRY, root / "catalog/mzj/new.yaml.txt")  # Notepad's default
    shutil.copy(root / ENTRY, root / "catalog/gaj/NEW.YAML")
    (root / "catalog/mzj/目录.xlsx").write_bytes(b"PK\x03\x04")
    (root / "requests/2026").mkdir(parents=True)
    (root / "requests/2026/说明.docx").write_bytes(b"PK\x03\x04")
    (root / "catalog/mzj/folder.yaml").mkdir()
    (root / "catalog/mzj/.gitkeep").touch()  # kept: the usual way to keep an empty folder
    found = [(p.file, p.rule) for p in validate(root, None, TODAY).problems]
    assert found == [("catalog/gaj/NEW.YAML", "file-name"), ("catalog/mzj/folder.yaml", "file-stray"),
                     ("catalog/mzj/new.yaml.txt", "file-name"), ("catalog/mzj/目录.xlsx", "file-stray"),
                     ("requests/2026/说明.docx", "file-stray")]


def test_a_changed_file_run_that_names_a_misnamed_file_fails(tmp_path):
    root = make_repo(tmp_path)
    shutil.copy(root / ENTRY, root / "catalog/mzj/new.yaml.txt")
    result = validate(root, ["catalog/mzj/new.yaml.txt"], TODAY)
    assert [(p.file, p.rule, p.line) for p in result.problems] == [("catalog/mzj/new.yaml.txt", "file-name", 1)]
    assert "把文件改名为 new.yaml" in result.problems[0].hint


def test_the_build_stops_at_a_misnamed_file_instead_of_leaving_it_out(tmp_path):
    root = make_site_repo(tmp_path)
    shutil.copy(root / ENTRY, root / "catalog/mzj/new.yaml.txt")
    assert build_site(root, tmp_path / "site") == ["目录校验发现 1 个错误,先运行 catalog validate 并改正后再生成网站。"]
