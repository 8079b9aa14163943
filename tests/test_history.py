"""The 变更记录 of a resource page in the public's words: per change its date and what it did to the
entry, from the same comparison as `catalog diff`; reformattings left out; no commit message or hash.

Observed before: the page listed developers' English commit subjects ("Scale one-source to 100,000
entries; …") and commit hashes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from casetools import FIXTURE

from generator.model.history import Told, entry_histories, told_histories
from generator.read.schema import Schema

DIBAO = "catalog/mzj/dibao-duixiang.yaml"


def _commit(root: Path, day: str, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T10:00:00+08:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00+08:00"}
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", "-c", "user.name=dev", "-c", "user.email=dev@example.invalid", *args], cwd=root,
                       env=env, check=True, capture_output=True)


def _edit(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def test_each_change_is_told_by_what_it_did_and_reformatting_is_left_out(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    _commit(root, "2025-01-10", "Initial import of the demo catalog")
    _edit(root, DIBAO, "published: 2022-03-01", 'published: "2022-03-01"')  # quotes only: the same entry
    _commit(root, "2025-02-01", "Quote dates for YAML 1.1 tools")
    _edit(root, DIBAO, "update_cycle: 每月", "update_cycle: 每日")
    _edit(root, DIBAO, "  - name: 户主姓名\n", "  - name: 户主姓名(脱敏)\n")
    _commit(root, "2025-03-15", "Scale one-source to 100,000 entries; refactor")
    (root / "catalog/mzj/zuidi-shenghuo-baozhang.yaml").parent.mkdir(exist_ok=True)
    (root / DIBAO).rename(root / "catalog/mzj/zuidi-shenghuo-baozhang.yaml")
    _commit(root, "2025-04-02", "Rename file")
    current = "catalog/mzj/zuidi-shenghuo-baozhang.yaml"

    told = told_histories(root, entry_histories(root, {current}), Schema.named("resource"))[current]
    assert told == (
        Told("2025-03-15", "更新周期由「每月」改为「每日」;信息项「户主姓名」改名为「户主姓名(脱敏)」"),
        Told("2025-01-10", "编入目录"),
    )


def test_an_entry_moved_between_the_catalogs_says_so(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    _commit(root, "2025-01-10", "x")
    moved = "catalog/mzj/shouyang-dengji.yaml"
    (root / "nonshared/mzj/shouyang-dengji.yaml").rename(root / moved)
    _edit(root, moved, "  type: 不予共享\n  legal_basis:\n    - law: 中华人民共和国民法典\n      article: 第一千一百一十条\n"
                       "      excerpt: 收养人、送养人要求保守收养秘密的,其他人应当尊重其意愿,不得泄露。\n",
          "  type: 有条件共享\n  conditions: 仅向承担收养登记核查职责的民政部门提供,不含收养秘密。\n  method: [接口服务]\n")
    _commit(root, "2025-06-01", "y")
    told = told_histories(root, entry_histories(root, {moved}), Schema.named("resource"))[moved]
    assert told[0].date == "2025-06-01"
    assert told[0].text.startswith("调整为共享数据,移入共享目录;共享类型由「不予共享」改为「有条件共享」")
    assert told[-1] == Told("2025-01-10", "编入不予共享数据目录")


def test_the_demo_pages_show_no_commit_message_or_hash():
    root = Path(__file__).parent.parent
    paths = {"catalog/jyj/xiaoche-shiyong-xuke-xinxi.yaml"}
    changes = entry_histories(root, paths)[next(iter(paths))]
    told = told_histories(root, {next(iter(paths)): changes}, Schema.named("resource"))[next(iter(paths))]
    shown = " ".join(t.text for t in told)
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=root, capture_output=True,
                             text=True, check=False).stdout.strip()
    assert changes or shallow != "false"  # a full clone has the history to check
    assert all(c.subject not in shown and c.commit[:8] not in shown for c in changes)


def test_the_sitemap_dates_each_resource_page_by_its_entrys_last_change(tmp_path):
    """A search engine trusts <lastmod> where it is true: a resource page is dated by the last change of its entry
    (a reformatting is no change); the other pages by the build's commit, as mkdocs dates them."""
    import gzip
    import re

    from generator.site.build import build_site

    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    project = Path(__file__).parent.parent
    shutil.copy(project / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "site_templates"):
        shutil.copytree(project / folder, root / folder)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    _commit(root, "2025-01-10", "Initial import")
    _edit(root, DIBAO, "update_cycle: 每月", "update_cycle: 每日")
    _commit(root, "2025-03-15", "A real change")
    _edit(root, DIBAO, "published: 2022-03-01", 'published: "2022-03-01"')  # quotes only: the same entry
    _commit(root, "2025-05-01", "Reformat")
    assert build_site(root) == []
    text = (root / "site/sitemap.xml").read_text(encoding="utf-8")
    dated = dict(re.findall(r"<loc>https://changde-data\.github\.io/catalog/([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>",
                            text))
    assert dated["resources/430700-007-Y09-0001/"] == "2025-03-15"  # the 低保 entry: changed in March
    assert dated["resources/430700-007-Y09-0002/"] == "2025-01-10"  # untouched since the import
    assert dated["units/mzj/"] == dated["classes/Y09/"] == "2025-05-01"  # the build's commit
    assert "__shell__" not in text and len(dated) == text.count("<url>")
    assert gzip.decompress((root / "site/sitemap.xml.gz").read_bytes()).decode("utf-8") == text
