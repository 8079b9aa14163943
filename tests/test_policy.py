"""The sharing rules are data (registry/policy.yaml): the demo's file reproduces the 2016 Changde measures,
a dated change is not retroactive, and a broken file is a located Chinese problem, never a traceback."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
from pathlib import Path

import pytest
from casetools import FIXTURE, TODAY, make_repo
from requestfixture import add_requests

from generator.check.validate import validate
from generator.cli import main
from generator.core import sharing
from generator.core.layout import POLICY
from generator.model.catalog import load_catalog
from generator.read.policy import PolicyUnreadable, load_policy, parse_policy

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / POLICY
RECORDED = Path(__file__).parent / "policy" / "demo-deadlines.json"


def demo_text() -> str:
    return DEMO.read_text(encoding="utf-8")


def with_version(text: str, version: str) -> str:
    """The policy text with one more version at the end of `versions`."""
    return text.rstrip("\n") + "\n" + version


def five_days_from(effective: str) -> str:
    """A later version: the provision limit restated with 5 working days instead of 10."""
    limits = demo_text().split("    limits:\n", 1)[1].split("    report:\n", 1)[0]
    assert "        days: 10\n" in limits
    return (f'  - effective: "{effective}"\n    source: 示例:业务库数据提供期限改为 5 个工作日。\n    limits:\n'
            + limits.replace("        days: 10\n", "        days: 5\n"))


def policy_of(text: str):
    found = parse_policy(text.encode("utf-8"))
    assert found.problems == ()
    return found.policy


def standings(policy, today: datetime.date) -> dict:
    catalog = load_catalog(ROOT, today=today, policy=policy)
    return {r.id: r.standing for r in catalog.requests}


# ---- the demo's rules are today's behaviour


def test_the_demo_policy_gives_every_deadline_recorded_before_the_rules_were_data():
    """Recorded with the code that had the rules written in (10 working days after notice, 业务库 data)."""
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    for day, expected in recorded.items():
        catalog = load_catalog(ROOT, today=datetime.date.fromisoformat(day))
        found = {r.id: [r.standing.deadline.due.isoformat() if r.standing.deadline else "", r.standing.days_late,
                        r.standing.overdue, r.standing.open_overdue] for r in catalog.requests}
        assert found == expected["requests"], day
        assert [r.id for r in catalog.overdue] == expected["overdue"], day


def test_the_fixture_repository_states_the_demos_rules():
    assert (FIXTURE / POLICY).read_bytes() == DEMO.read_bytes()


def test_the_demo_policy_states_the_2016_measures():
    rules = load_policy(ROOT).versions[0]
    assert rules.regulation.name == "《常德市政府数据资源共享管理暂行办法》"
    limit, = rules.limits
    assert (limit.start, limit.ends, limit.days, limit.calendar, limit.databases, limit.article) == \
        ("通知提供", ("已提供",), 10, "工作日", ("业务",), "第十七条")
    assert rules.route("共享申请", True).article == "第十二条" and rules.route("共享申请", True).reviewer == "电子政务部门"
    assert [m.weight for m in rules.scoring.measures] == [1, 1, 1, 1]
    assert [c.clause for c in rules.scoring.clauses] == ["一", "二", "三", "五"]
    assert rules.cite(rules.article("request"), rules.article("review")) == "(办法第十一条、第十二条)"


# ---- a change is dated and not retroactive


def test_a_later_version_leaves_what_started_before_it_and_governs_what_starts_after():
    """The demo's rules, then 5 working days from 2026-11-01 on.

    GX-2026-0033 notified Tue 2026-11-17: 5 working days are 11-18, 11-19, 11-20, 11-23, 11-24, so due 2026-11-24
    (10 before: 2026-12-01). GX-2026-0034 notified Thu 2026-11-19: 11-20, 11-23, 11-24, 11-25, 11-26, due 2026-11-26.
    GX-2026-0032 notified 2026-10-28, before the change: due 2026-11-11 as before, still open and late.
    """
    today = datetime.date(2026, 11, 25)
    before = standings(load_policy(ROOT), today)
    after = standings(policy_of(with_version(demo_text(), five_days_from("2026-11-01"))), today)
    changed = {rid for rid in before if before[rid] != after[rid]}
    assert changed == {"GX-2026-0033", "GX-2026-0034"}
    assert after["GX-2026-0033"].deadline.due == datetime.date(2026, 11, 24)
    assert (after["GX-2026-0033"].open_overdue, after["GX-2026-0033"].days_late) == (True, 1)
    assert before["GX-2026-0033"].deadline.due == datetime.date(2026, 12, 1) and not before["GX-2026-0033"].overdue
    assert after["GX-2026-0034"].deadline.due == datetime.date(2026, 11, 26) and not after["GX-2026-0034"].overdue
    assert after["GX-2026-0032"].deadline.due == datetime.date(2026, 11, 11) and after["GX-2026-0032"].open_overdue
    # A finished request keeps the deadline it was handled under: provided 2025-06-26, 5 working days late.
    assert (after["GX-2025-0017"].deadline.due, after["GX-2025-0017"].days_late) == (datetime.date(2025, 6, 19), 5)


def test_a_version_dated_after_a_finished_request_changes_nothing_of_it():
    today = datetime.date(2026, 11, 24)
    later = policy_of(with_version(demo_text(), five_days_from("2027-01-01")))
    assert standings(later, today) == standings(load_policy(ROOT), today)


def test_the_validator_words_each_deadline_by_the_version_it_was_counted_under(tmp_path):
    """GX-2026-0001 (notice 2026-03-06) keeps 10 working days; GX-2026-0002 (notice Mon 2026-11-02) gets 5:
    11-03, 11-04, 11-05, 11-06, 11-09, due 2026-11-09; on 2026-11-24 late by 11-10 … 11-24, 11 working days."""
    root = add_requests(make_repo(tmp_path))
    (root / POLICY).write_text(with_version(demo_text(), five_days_from("2026-11-01")), encoding="utf-8")
    problems = {p.file: p for p in validate(root, None, TODAY).problems if p.rule == "request-overdue"}
    assert problems["requests/2026/GX-2026-0001.yaml"].message == \
        "逾期提供:应在 2026-03-20 前提供(通知后 10 个工作日),实际 2026-03-27 提供,晚了 5 个工作日。"
    assert problems["requests/2026/GX-2026-0002.yaml"].message == \
        "已逾期:应在 2026-11-09 前提供,至今(2026-11-24)未提供,已超过 11 个工作日。"


def test_an_event_before_the_first_version_has_no_time_limit():
    policy = policy_of(demo_text().replace('effective: "2016-06-26"', 'effective: "2026-01-01"'))
    before = (sharing.Step("提出", "2025-12-01"), sharing.Step("审核通过", "2025-12-05"),
              sharing.Step("通知提供", "2025-12-31"))
    after = (*before[:2], sharing.Step("通知提供", "2026-01-05"))
    assert sharing.standing(before, {"业务"}, TODAY, policy).deadline is None
    assert sharing.standing(after, {"业务"}, TODAY, policy).deadline.due == datetime.date(2026, 1, 19)


def test_calendar_days_count_every_day():
    text = demo_text().replace("        calendar: 工作日\n", "        calendar: 自然日\n")
    steps = (sharing.Step("提出", "2026-09-20"), sharing.Step("审核通过", "2026-09-24"),
             sharing.Step("通知提供", "2026-09-28"), sharing.Step("已提供", "2026-10-10"))
    state = sharing.standing(steps, {"业务"}, TODAY, policy_of(text))  # 10 calendar days: due 2026-10-08, 国庆 or not
    assert (state.deadline.due, state.days_late, state.overdue) == (datetime.date(2026, 10, 8), 2, True)


# ---- a broken policy: located, in Chinese, never a traceback


def broken(tmp_path: Path, text: str | None):
    root = add_requests(make_repo(tmp_path))
    if text is None:
        (root / POLICY).unlink()
    else:
        (root / POLICY).write_text(text, encoding="utf-8")
    return root


def policy_problems(root: Path, only=None) -> list:
    return [p for p in validate(root, only, TODAY).problems if p.file == POLICY]


def line_of(text: str, needle: str) -> int:
    """The line where `needle` first stands, after the indentation of its line."""
    found = re.search(r"(?m)^ *" + re.escape(needle.strip(" ")), text)
    assert found, needle
    return text[:found.start()].count("\n") + 1


@pytest.mark.parametrize(("name", "edit", "rule", "needle", "words"), [
    ("days as words", ("        days: 10\n", "        days: 十个\n"), "schema-type", "days: 十个", "「天数」"),
    ("an unknown status", ("        from: 通知提供\n", "        from: 通知\n"), "schema-enum", "from: 通知\n", "「起算步骤」"),
    ("versions out of order", None, "policy-version", '- effective: "2016-01-01"', "不晚于上一个版本"),
    ("a status nobody writes", ("      - status: 通知提供\n        writer: 电子政务部门\n        article: 第十七条\n", ""),
     "policy-step", "提出: [审核通过, 驳回]", "「通知提供」没有写在「办理步骤」"),
    ("a requirement the entry schema does not make", ("        conditions: 必填\n", "        conditions: 可填写\n"),
     "policy-schema", "conditions: 可填写", "字段说明 schemas/resource.schema.json"),
    ("a limit ending where it starts", ("        until: [已提供]\n", "        until: [通知提供, 已提供]\n"),
     "policy-limit", "until: [通知提供", "起算步骤"),
    ("no weight", None, "policy-report", "quantity:", "权重"),
])
def test_a_broken_policy_is_a_located_chinese_problem(tmp_path, name, edit, rule, needle, words):
    text = demo_text()
    if name == "versions out of order":
        text = with_version(text, '  - effective: "2016-01-01"\n    source: 日期早于上一个版本的版本。\n')
    elif name == "no weight":
        text = re.sub(r"(?m)^        weight: 1$", "        weight: 0", text)
    else:
        text = text.replace(*edit, 1)
    root = broken(tmp_path, text)
    problems = policy_problems(root, ["requests/2026/GX-2026-0001.yaml"])  # reported whatever file is named
    assert {p.rule for p in problems} == {rule}, name  # a status nobody writes: each route and limit using it
    assert words in problems[0].message and problems[0].hint, name
    assert problems[0].line in (line_of(text, needle), line_of(text, needle) + 1), name
    # Requests are not judged under rules that cannot be read: no deadline, no route.
    assert not [p for p in validate(root, None, TODAY).problems if p.rule.startswith("request-")]


def test_a_first_version_must_state_every_part(tmp_path):
    text = demo_text().split("    steps:\n", 1)[0] + "    report:\n" + demo_text().split("    report:\n", 1)[1]
    problems = policy_problems(broken(tmp_path, text))
    assert [p.rule for p in problems] == ["policy-incomplete"]
    assert "办理步骤(steps)、办理路线(routes)、时限(limits)" in problems[0].message


def test_a_missing_policy_stops_validation_build_and_report_in_chinese(tmp_path, capsys):
    root = broken(tmp_path, None)
    problems = policy_problems(root, ["catalog/mzj/dibao-duixiang.yaml"])
    assert [(p.rule, p.line) for p in problems] == [("policy-missing", 0)]
    assert problems[0].message == "找不到共享规则文件 registry/policy.yaml。"
    assert main(["validate", "--root", str(root), "--today", TODAY.isoformat()]) == 1
    assert "找不到共享规则文件 registry/policy.yaml。 [policy-missing]" in capsys.readouterr().out
    assert main(["report", "--root", str(root), "--year", "2026", "--today", TODAY.isoformat()]) == 1
    assert "目录校验发现" in capsys.readouterr().err
    assert main(["new", "request", "--root", str(root), "--from", "anxiang", "--resource", "430700-007-Y09-0001",
                 "--today", TODAY.isoformat()]) == 1
    assert "内部错误" not in capsys.readouterr().err
    with pytest.raises(PolicyUnreadable, match="找不到共享规则文件"):
        load_catalog(root, today=TODAY)


def test_yaml_the_policy_cannot_read_is_located(tmp_path):
    root = broken(tmp_path, demo_text().replace("    regulation:\n", "    regulation:\n\t", 1))
    problems = policy_problems(root)
    assert problems and problems[0].rule == "yaml-tab" and problems[0].line == line_of(demo_text(), "      name: 《")


# ---- a change of the rules is reviewed like any other: `catalog diff` says it in words


def committed_fixture(tmp_path: Path) -> Path:
    root = make_repo(tmp_path)
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-q", "-m", "起点")):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=root,
                       check=True, capture_output=True)
    return root


def diff_text(capsys, root: Path, *args: str) -> list[str]:
    assert main(["diff", "HEAD", "--root", str(root), "--today", TODAY.isoformat(), *args]) == 0
    return [re.sub(r"\b[0-9a-f]{12}\b", "<commit>", line) for line in capsys.readouterr().out.splitlines()]


def test_a_new_version_is_described_in_words_with_the_day_it_takes_effect(tmp_path, capsys):
    root = committed_fixture(tmp_path)
    (root / POLICY).write_text(with_version(demo_text(), five_days_from("2027-01-01")), encoding="utf-8")
    assert diff_text(capsys, root) == [
        "比较 <commit> → 工作区:1 份共享规则有变化。", "",
        "共享规则 registry/policy.yaml「《常德市政府数据资源共享管理暂行办法》」:修改(registry/policy.yaml)",
        "  新增版本,自 2027-01-01 起施行:示例:业务库数据提供期限改为 5 个工作日。",
        "  第十七条 业务库数据提供期限由 10 个工作日改为 5 个工作日,自 2027-01-01 起施行。"]


def test_rewriting_a_version_in_force_is_described_and_warned_of(tmp_path, capsys):
    root = committed_fixture(tmp_path)
    (root / POLICY).write_text(demo_text().replace("        days: 10\n", "        days: 5\n").replace(
        "      - status: 通知提供\n        writer: 电子政务部门", "      - status: 通知提供\n        writer: 审核部门"),
        encoding="utf-8")
    lines = diff_text(capsys, root)
    assert lines[3:] == [
        "  「通知提供」改由审核部门填写(原为电子政务部门),自 2016-06-26 起施行。",
        "  第十七条 业务库数据提供期限由 10 个工作日改为 5 个工作日,自 2016-06-26 起施行。",
        "  ⚠ 改写了已经生效的版本(自 2016-06-26 起施行):此前已办理的申请的期限和已发布报告的依据会随之改变。"
        "规则变化应在最后加一个新版本,写明生效日期。"]
    document = json.loads("\n".join(diff_text(capsys, root, "--format", "json")))
    entry, = document["entries"]
    assert (entry["kind"], entry["key"], entry["change"]) == ("共享规则", POLICY, "modified")


def test_a_new_version_dated_no_later_than_today_is_warned_of(tmp_path, capsys):
    root = committed_fixture(tmp_path)
    (root / POLICY).write_text(with_version(demo_text(), five_days_from("2026-11-01")), encoding="utf-8")
    assert diff_text(capsys, root)[-1] == (
        "  ⚠ 新版本的生效日期 2026-11-01 不晚于今天:这一天以后已经起算的期限会按新规则计算。规则不溯及既往时,生效日期应晚于合并的日期。")
