"""Whatever validates without errors builds: one catalog that raises every kind of warning.

Red-team finding: retiring a resource that a finished request names gave a warning and exit 0
from `catalog validate`, then a KeyError from `catalog build`, so a legitimate change broke the
main branch. Each warning rule is raised here at once, and the site must build with no broken link.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from requestfixture import HEAD, add_requests
from test_build import _broken_links, make_repo

from generator.check import validate as validate_module
from generator.check.validate import validate
from generator.site.build import build_site

TODAY = datetime.date(2027, 3, 1)  # past the official calendar's last year: deadlines are estimated
RULES = Path(__file__).resolve().parent.parent / "generator" / "check" / "rules"
# Rules that may only warn, or warn on a finished record (`drift`, `severity` set by the caller).
WARNING_RULES = {"related-self", "one-source", "request-all-items", "request-overdue", "request-calendar",
                 "request-resource-unknown", "request-item-unknown", "request-review-route",
                 "feedback-resource-unknown", "text-curly-quotes", "text-fullwidth-comma"}
CLOSED_FEEDBACK = """\
id: JC-2026-0001
reporter: anxiang
resource: 430700-006-J01-0001
problem: 数据不一致
description: 「常住人口基本信息」中部分户籍地址的行政区划代码仍为撤并前的乡镇代码,与民政区划不一致。
reported: "2026-04-01"
verified: "2026-04-08"
verdict: 属实
corrected: "2026-04-20"
"""
ALL_ITEMS = """\
id: GX-2027-0001
kind: 共享申请
applicant: gaj
approver: mzj
purpose: 核查低保对象家庭成员户籍变动情况,保证保障对象信息准确。
duty_basis:
  - law: 社会救助暂行办法
    article: 第十一条
resources:
  - code: 430700-007-Y09-0001
    items: [保障对象身份号码, 户主姓名, 保障类别, 保障人数, 月保障金额, 认定日期, 所在乡镇(街道)]
history:
  - status: 提出
    date: "2027-01-04"
  - status: 审核通过
    date: "2027-01-05"
  - status: 通知提供
    date: "2027-01-06"
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _every_warning(root: Path) -> Path:
    """The fixture with requests, changed so that each warning rule fires and no error does."""
    add_requests(root)
    (root / "catalog/gaj/changzhu-renkou.yaml").unlink()  # retired: finished requests and a closed report name it
    for path in (root / "catalog").rglob("*.yaml"):  # what related to it must let go (that one is an error)
        path.write_text(re.sub(r"(?m)^related:\n(?:  - .*\n)+", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    (root / "feedback/2026").mkdir(parents=True)
    (root / "feedback/2026/JC-2026-0001.yaml").write_text(CLOSED_FEEDBACK, encoding="utf-8")
    dibao = root / "catalog/mzj/dibao-duixiang.yaml"
    _edit(dibao, "  - name: 月保障金额", "  - name: 月保障金(元)")  # GX-2026-0001, finished, asked for 月保障金额
    dibao.write_text(dibao.read_text(encoding="utf-8") + "related: [430700-007-Y09-0001]\n", encoding="utf-8")
    copy = root / "catalog/sjj/dibao-duixiang.yaml"  # the same name in another city unit: 一数一源
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(dibao.read_text(encoding="utf-8").replace("430700-007-Y09-0001", "430700-001-Y09-0001")
                    .replace("provider: mzj", "provider: sjj").replace("related: [430700-001-Y09-0001]\n", ""),
                    encoding="utf-8")
    # Edited in a word processor: a curly-quoted department and two keywords joined by a Chinese comma.
    _edit(dibao, "department: 社会救助科", "department: “社会救助科”")
    dibao.write_text(dibao.read_text(encoding="utf-8") + "keywords: [低保，救助]\n", encoding="utf-8")
    request = root / "requests/2027/GX-2027-0001.yaml"
    request.parent.mkdir(parents=True, exist_ok=True)
    request.write_text(HEAD + ALL_ITEMS.replace("月保障金额", "月保障金(元)"), encoding="utf-8")
    open_one = root / "requests/2026/GX-2026-0002.yaml"  # finished, then the resource became non-shared
    open_one.write_text(open_one.read_text(encoding="utf-8") + '  - status: 已提供\n    date: "2026-12-01"\n',
                        encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def warned(tmp_path_factory):
    return _every_warning(make_repo(tmp_path_factory.mktemp("warned")))


def test_the_catalog_raises_every_kind_of_warning_and_no_error(warned):
    result = validate(warned, today=TODAY)
    assert [str(p) for p in result.problems if p.severity.value == "error"] == []
    assert {p.rule for p in result.problems} >= WARNING_RULES - {"request-review-route"}  # see below


def test_every_rule_that_can_warn_is_listed_here():
    source = "\n".join(p.read_text(encoding="utf-8") for p in RULES.glob("*.py"))
    direct = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)", WARNING', source))
    assert direct <= WARNING_RULES, direct - WARNING_RULES


def test_what_validates_builds_with_no_broken_link(warned, monkeypatch):
    monkeypatch.setattr(validate_module, "beijing_today", lambda: TODAY)  # the build's own check, as of TODAY
    assert build_site(warned, today=TODAY) == []
    site = warned / "site"
    assert _broken_links(site) == []
    gone = (site / "resources/430700-006-J01-0001").exists()
    assert not gone  # a retired resource has no page, and no link leads to one
    shared = (site / "shared/index.html").read_text(encoding="utf-8")
    assert "430700-006-J01-0001" not in shared  # its sharing ended with it
    unit = (site / "units/mzj/index.html").read_text(encoding="utf-8")
    assert "已撤销的资源(430700-006-J01-0001)" in unit  # the record still names it


NONSHARED_SHARING = """sharing:
  type: 不予共享
  legal_basis:
    - law: 最低生活保障审核确认办法
      article: 第三十四条
      excerpt: 民政部门应当对申请人的个人信息予以保密。
open: 不予开放
"""


@pytest.fixture(scope="module")
def reclassified(tmp_path_factory):
    """Approved and provided requests for data that has since been listed as non-shared (Art. 13)."""
    root = add_requests(make_repo(tmp_path_factory.mktemp("reclassified")))
    open_one = root / "requests/2026/GX-2026-0002.yaml"
    open_one.write_text(open_one.read_text(encoding="utf-8") + '  - status: 已提供\n    date: "2026-11-20"\n',
                        encoding="utf-8")
    shared = root / "catalog/mzj/dibao-duixiang.yaml"
    text = re.sub(r"(?ms)^sharing:\n.*?^open: .*?\n", NONSHARED_SHARING, shared.read_text(encoding="utf-8"))
    (root / "nonshared/mzj/dibao-duixiang.yaml").write_text(text, encoding="utf-8")
    shared.unlink()
    for path in (root / "catalog").rglob("*.yaml"):
        path.write_text(re.sub(r"(?m)^related:\n(?:  - .*\n)+", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def test_a_finished_request_for_data_listed_non_shared_since_warns_and_builds(reclassified, monkeypatch):
    result = validate(reclassified, today=TODAY)
    assert [str(p) for p in result.problems if p.severity.value == "error"] == []
    assert "request-review-route" in {p.rule for p in result.problems}
    monkeypatch.setattr(validate_module, "beijing_today", lambda: TODAY)
    assert build_site(reclassified, today=TODAY) == []
    assert _broken_links(reclassified / "site") == []
