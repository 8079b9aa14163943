"""`catalog diff`: a fixture repository built here commit by commit, one kind of change per commit,
each compared with its exact expected text and JSON (tests/diff/<step>.txt and .json).

Observed before: widening 校车使用许可信息 to 无条件共享/无条件开放 and deleting an item a finished
request uses gave 「检查了 2 个文件,没有发现问题。」, and the warning it caused elsewhere was not shown.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from casetools import FIXTURE

from generator.cli import main

EXPECTED = Path(__file__).parent / "diff"
TODAY = datetime.date(2026, 11, 24)
CASES = Path(__file__).parent / "cases"
DIBAO, CHANGZHU = "catalog/mzj/dibao-duixiang.yaml", "catalog/gaj/changzhu-renkou.yaml"
SHOUYANG = "nonshared/mzj/shouyang-dengji.yaml"
APPROVED = "requests/2025/GX-2025-0001.yaml"  # approved and provided: uses 户主姓名 and 保障类别 of 低保
PENDING = "requests/2025/GX-2025-0002.yaml"


def _git(root: Path, *args: str) -> str:
    moment = "2026-11-20T10:00:00+08:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment}
    done = subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=test@example.invalid", *args], cwd=root,
                          env=env, capture_output=True, text=True, check=True)
    return done.stdout


def _edit(root: Path, path: str, *replacements: tuple[str, str]) -> None:
    target = root / path
    text = target.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, (path, old)
        text = text.replace(old, new, 1)
    target.write_text(text, encoding="utf-8")


def _move(root: Path, old: str, new: str) -> None:
    (root / new).parent.mkdir(parents=True, exist_ok=True)
    (root / old).rename(root / new)


PENDING_TEXT = """\
# yaml-language-server: $schema=../../schemas/request.schema.json
id: GX-2025-0002
kind: 共享申请
applicant: anxiang
approver: gaj
purpose: 核验申请县级救助的家庭成员户籍信息,避免重复救助。
duty_basis:
  - law: 社会救助暂行办法
    article: 第九条
resources:
  - code: 430700-006-J01-0001
    items: [公民身份号码, 姓名]
history:
  - status: 提出
    date: 2025-04-01
"""
NEW_ENTRY = (CASES / "valid" / "valid_minimal.yaml").read_text(encoding="utf-8")


def _widen(root: Path) -> None:
    """The observed case: conditional sharing made unconditional and opened, an item a finished request uses deleted."""
    _edit(root, DIBAO, ("  type: 有条件共享\n  conditions: 仅向承担社会救助、医疗保障、教育资助职责的单位提供,用于救助对象资格核验。\n",
                        "  type: 无条件共享\n"), ("open: 不予开放", "open: 无条件开放"),
          ("  - name: 户主姓名\n    type: 字符型\n    length: 50\n", ""))


def _items(root: Path) -> None:
    """Info items renamed (same place and type), retyped, lengthened, added; a keyword changed."""
    _edit(root, CHANGZHU, ("  - name: 姓名\n", "  - name: 户籍姓名\n"),
          ("  - name: 出生日期\n    type: 日期型\n", "  - name: 出生日期\n    type: 字符型\n    length: 8\n"),
          ("    length: 200\n    description: 户籍所在地详细地址", "    length: 300\n    description: 户籍所在地详细地址"),
          ("  - name: 登记日期\n    type: 日期型\n", "  - name: 登记日期\n    type: 日期型\n  - name: 曾用名\n    type: 字符型\n"
                                            "    length: 50\n"),
          ("keywords: [户籍, 常住人口, 身份核验]", "keywords: [户籍, 常住人口, 人口核验]"))


def _made_shared(root: Path) -> None:
    """Non-shared data made shared (Art. 13): the entry moves from nonshared/ to catalog/."""
    _move(root, SHOUYANG, "catalog/mzj/shouyang-dengji.yaml")
    _edit(root, "catalog/mzj/shouyang-dengji.yaml", (
        "  type: 不予共享\n  legal_basis:\n    - law: 中华人民共和国民法典\n      article: 第一千一百一十条\n"
        "      excerpt: 收养人、送养人要求保守收养秘密的,其他人应当尊重其意愿,不得泄露。\n",
        "  type: 有条件共享\n  conditions: 仅向承担收养登记核查职责的民政部门提供,不含收养秘密。\n  method: [接口服务]\n"))


def _made_nonshared(root: Path) -> None:
    """Shared data made non-shared (Art. 9, 12): a legal basis, and the entry moves to nonshared/."""
    _move(root, CHANGZHU, "nonshared/gaj/changzhu-renkou.yaml")
    _edit(root, "nonshared/gaj/changzhu-renkou.yaml", (
        "  type: 有条件共享\n  conditions: 仅向承担社会保障、教育、卫生健康、民政等法定职责的单位提供,按公民身份号码逐条核验,不提供批量下载。\n"
        "  method: [接口服务]\n",
        "  type: 不予共享\n  legal_basis:\n    - law: 中华人民共和国居民身份证法\n      article: 第六条\n"))


def _renamed_and_reformatted(root: Path) -> None:
    """A file renamed with the same code, and a file only reformatted (quotes, flow style): the meaning is the same."""
    _move(root, DIBAO, "catalog/mzj/zuidi-shenghuo-baozhang.yaml")
    _edit(root, "catalog/mzj/shouyang-dengji.yaml", ("published: 2021-07-01", 'published: "2021-07-01"'),
          ("  method: [接口服务]", "  method:\n    - 接口服务"))


def _added_removed(root: Path) -> None:
    """An entry added and one removed; a unit's maintainers and contact changed; a correction reported."""
    (root / "catalog/mzj/linshi-jiuzhu.yaml").write_text(NEW_ENTRY, encoding="utf-8")
    (root / "nonshared/gaj/changzhu-renkou.yaml").unlink()
    maintainer = '      - "@changde-data/mzj"'
    _edit(root, "registry/units.yaml", (maintainer, maintainer + '\n      - "@zhang-san"'))
    (root / "feedback/2025").mkdir(parents=True)
    (root / "feedback/2025/JC-2025-0001.yaml").write_text(
        (CASES / "valid" / "valid_feedback-open.yaml").read_text(encoding="utf-8"), encoding="utf-8")


def _request_steps(root: Path) -> None:
    """A step added to a pending request, and a finished request's step rewritten."""
    _edit(root, PENDING, ("    date: 2025-04-01\n", "    date: 2025-04-01\n  - status: 审核通过\n    date: 2025-04-08\n"))
    _edit(root, APPROVED, ("    date: 2025-03-10", "    date: 2025-03-09"))


def _provider(root: Path) -> None:
    """The provider changed, the entry moved to the other unit's folder (its code, kept, now says the wrong unit)."""
    _move(root, "catalog/mzj/zuidi-shenghuo-baozhang.yaml", "catalog/anxiang/zuidi-shenghuo-baozhang.yaml")
    _edit(root, "catalog/anxiang/zuidi-shenghuo-baozhang.yaml", ("provider: mzj", "provider: anxiang"))


def _unreadable(root: Path) -> None:
    """A file YAML cannot read: named with its problem, never skipped in silence."""
    broken = 'id: GX-2025-0003\npurpose: "没有闭合的引号\n'
    (root / "requests/2025/GX-2025-0003.yaml").write_text(broken, encoding="utf-8")


STEPS = [("01-widen", _widen), ("02-items", _items), ("03-made-shared", _made_shared),
         ("04-made-nonshared", _made_nonshared), ("05-renamed-reformatted", _renamed_and_reformatted),
         ("06-added-removed", _added_removed), ("07-request-steps", _request_steps), ("08-provider", _provider),
         ("09-unreadable", _unreadable)]


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """The fixture repository with a request or two, committed, then one commit per step."""
    root = tmp_path_factory.mktemp("diff") / "repo"
    shutil.copytree(FIXTURE, root)
    (root / "requests/2025").mkdir(parents=True)
    shutil.copy(CASES / "valid" / "valid_request-fulfilled.yaml", root / APPROVED)
    (root / PENDING).write_text(PENDING_TEXT, encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "起点")
    for name, step in STEPS:
        step(root)
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", name)
        _git(root, "tag", name)
    return root


def _run(capsys, root: Path, *args: str) -> str:
    assert main(["diff", *args, "--root", str(root), "--today", TODAY.isoformat()]) == 0
    return _stable(capsys.readouterr().out)


def _stable(text: str) -> str:
    """Commit hashes differ from run to run: they are written as the step's name."""
    return re.sub(r"\b[0-9a-f]{12}\b", "<commit>", text)


@pytest.mark.parametrize("step", [name for name, _ in STEPS])
def test_each_kind_of_change_in_the_reviewers_words(history, capsys, step):
    text = _run(capsys, history, f"{step}~1", step)
    document = _run(capsys, history, f"{step}~1", step, "--format", "json")
    if os.environ.get("UPDATE_DIFF_EXPECTED"):
        (EXPECTED / f"{step}.txt").write_text(text, encoding="utf-8")
        (EXPECTED / f"{step}.json").write_text(document, encoding="utf-8")
    assert text == (EXPECTED / f"{step}.txt").read_text(encoding="utf-8")
    assert json.loads(document) == json.loads((EXPECTED / f"{step}.json").read_text(encoding="utf-8"))


def test_the_working_tree_is_compared_when_no_head_is_given(history, capsys):
    _edit(history, APPROVED, ("purpose: ", "purpose: 〔补充〕"))
    try:
        text = _run(capsys, history, "HEAD")
    finally:
        _git(history, "checkout", "-q", "--", APPROVED)
    assert text.startswith("比较 <commit> → 工作区:1 份共享申请有变化。")
    assert "  用途:" in text


def test_markdown_escapes_what_units_wrote(history, capsys):
    text = _run(capsys, history, "02-items", "03-made-shared", "--format", "markdown")
    assert text.startswith("## 目录变更\n") and "### 资源 430700&#45;007&#45;Y09&#45;0002" in text
    assert "<" not in text.replace("<commit>", "")


def test_a_revision_that_names_nothing_is_a_sentence_and_exit_2(history, capsys):
    assert main(["diff", "no-such-branch", "--root", str(history)]) == 2
    assert "找不到版本「no-such-branch」" in capsys.readouterr().err
    assert main(["diff", "--root", str(history), "--", "--output=/tmp/x"]) == 2  # never read as a git option
    assert "找不到版本「--output=/tmp/x」" in capsys.readouterr().err
