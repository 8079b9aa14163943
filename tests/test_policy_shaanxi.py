"""A second, complete policy (examples/policy/shaanxi.yaml): Shaanxi's two-step limits, worked by hand.

The e-government department checks a request within 2 working days of it (无条件共享: it then authorises the
use, 审核通过; 有条件共享: it forwards the request, 转交提供单位); the provider answers a forwarded request within
5 working days when the data is already on the sharing platform, within 10 when it must first publish it.
Every date below is counted on the official calendar (chinesecalendar): the day itself is not counted, public
holidays are off and 调休 weekend days are on. In 2026: 2-14 and 2-28 (Saturdays), 9-20 (Sunday) and 10-10
(Saturday) are working days; 9-25 (中秋) and 10-1 to 10-7 (国庆) are off.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import chinese_calendar
import pytest
from casetools import TODAY, make_repo
from requestfixture import add_requests
from test_build import make_repo as site_repo

from generator.check.validate import validate
from generator.core.layout import POLICY
from generator.model import requeststatus
from generator.model.catalog import load_catalog
from generator.read.policy import load_policy, parse_policy
from generator.site.build import build_site

ROOT = Path(__file__).resolve().parent.parent
SHAANXI = ROOT / "examples/policy/shaanxi.yaml"


def request(request_id: str, applicant: str, approver: str, code: str, items: str, history: str) -> str:
    return (f"id: {request_id}\nkind: 共享申请\napplicant: {applicant}\napprover: {approver}\n"
            "purpose: 核对申请对象的相关信息,减少群众提交的证明材料。\n"
            "duty_basis:\n  - law: 社会救助暂行办法\n    article: 第九条\n"
            f"resources:\n  - code: {code}\n    items: [{items}]\nhistory:\n{history}")


DIBAO, RENKOU = "430700-007-Y09-0001", "430700-006-J01-0001"  # both 有条件共享 in the fixture (mzj, gaj)
ON_TIME = request("GX-2026-0011", "anxiang", "mzj", DIBAO, "户主姓名, 保障类别", """\
  - status: 提出
    date: "2026-03-02"
  - status: 转交提供单位
    date: "2026-03-04"
    on_platform: true
  - status: 审核通过
    date: "2026-03-10"
  - status: 已提供
    date: "2026-03-12"
""")
# Check: made Wed 9-23; 9-24 (1), 9-25 中秋 off, weekend, 9-28 Mon (2): due 9-28; forwarded 9-29, 1 working day late.
# Answer (not on the platform, 10 days) from Tue 9-29: 9-30 (1), 10-1..10-7 国庆 off, 10-8 (2), 10-9 (3),
# Sat 10-10 调休 (4), 10-12 (5) … 10-16 (9), Mon 10-19 (10): due 10-19; approved Wed 10-21, 2 working days late.
LATE_TWICE = request("GX-2026-0012", "gaj", "mzj", DIBAO, "户主姓名", """\
  - status: 提出
    date: "2026-09-23"
  - status: 转交提供单位
    date: "2026-09-29"
    on_platform: false
  - status: 审核通过
    date: "2026-10-21"
""")
# Check: made Mon 11-9, due Wed 11-11, forwarded Tue 11-10 in time. Answer (on the platform, 5 days) from 11-10:
# 11-11, 11-12, 11-13, 11-16, 11-17: due Tue 11-17; not answered on Tue 11-24: 11-18 … 11-24 is 5 working days.
ANSWER_OPEN = request("GX-2026-0013", "anxiang", "gaj", RENKOU, "姓名", """\
  - status: 提出
    date: "2026-11-09"
  - status: 转交提供单位
    date: "2026-11-10"
    on_platform: true
""")
# Check: made Thu 11-19; Fri 11-20 (1), Mon 11-23 (2): due 11-23; not checked on 11-24, 1 working day late.
CHECK_OPEN = request("GX-2026-0014", "gaj", "mzj", DIBAO, "户主姓名", """\
  - status: 提出
    date: "2026-11-19"
""")
SHAANXI_REQUESTS = {"GX-2026-0011": ON_TIME, "GX-2026-0012": LATE_TWICE, "GX-2026-0013": ANSWER_OPEN,
                    "GX-2026-0014": CHECK_OPEN}


def shaanxi_repo(tmp_path: Path, requests: dict[str, str], make=make_repo) -> Path:
    """The fixture repository under Shaanxi's rules, with these requests (and none of the fixture's others)."""
    root = make(tmp_path)
    shutil.copy(SHAANXI, root / POLICY)
    return add_requests(root, requests) if requests else root


def test_the_example_is_a_complete_valid_policy_agreeing_with_the_entry_schema(tmp_path):
    assert parse_policy(SHAANXI.read_bytes()).problems == ()
    assert validate(shaanxi_repo(tmp_path, {}), None, TODAY).problems == []
    rules = load_policy(shaanxi_repo(tmp_path / "again", {})).versions[0]
    assert [(limit.id, limit.start, limit.days, limit.on_platform) for limit in rules.limits] == [
        ("check", "提出", 2, None), ("reply", "转交提供单位", 5, True), ("publish", "转交提供单位", 10, False)]


def test_two_step_limits_give_the_hand_worked_due_dates_and_overdue_list(tmp_path):
    catalog = load_catalog(shaanxi_repo(tmp_path, SHAANXI_REQUESTS), today=TODAY)
    clocks = {r.id: [(c.limit.id, c.deadline.due.isoformat(), c.done, c.days_late, c.overdue)
                     for c in r.standing.clocks] for r in catalog.requests}
    assert clocks == {
        "GX-2026-0011": [("check", "2026-03-04", "2026-03-04", 0, False),
                         ("reply", "2026-03-11", "2026-03-10", 0, False)],
        "GX-2026-0012": [("check", "2026-09-28", "2026-09-29", 1, True),
                         ("publish", "2026-10-19", "2026-10-21", 2, True)],
        "GX-2026-0013": [("check", "2026-11-11", "2026-11-10", 0, False), ("reply", "2026-11-17", "", 5, True)],
        "GX-2026-0014": [("check", "2026-11-23", "", 1, True)],
    }
    overdue = [requeststatus.overdue_record(r) for r in catalog.overdue]
    assert [(o["request"], o["notified"], o["due"], o["provided"], o["days_late"], o["open"]) for o in overdue] == [
        ("GX-2026-0013", "2026-11-10", "2026-11-17", "", 5, True),
        ("GX-2026-0014", "2026-11-19", "2026-11-23", "", 1, True),
        ("GX-2026-0012", "2026-09-29", "2026-10-19", "2026-10-21", 2, False)]
    shown = {r.id: requeststatus.status_text(r.standing) for r in catalog.requests}
    assert shown == {"GX-2026-0011": "已提供", "GX-2026-0012": "逾期答复", "GX-2026-0013": "逾期未答复",
                     "GX-2026-0014": "逾期未审查"}


def test_the_validator_words_each_step_by_its_own_limit(tmp_path):
    root = shaanxi_repo(tmp_path, SHAANXI_REQUESTS)
    found = [(p.file.split("/")[-1], p.line, p.rule, p.message, p.hint) for p in validate(root, None, TODAY).problems]
    assert found == [
        ("GX-2026-0012.yaml", 16, "request-overdue", "逾期审查:应在 2026-09-28 前审查(申请后 2 个工作日),实际 2026-09-29 审查,"
         "晚了 1 个工作日。", "电子政务部门应在收到申请之日起 2 个工作日内审查。"),
        ("GX-2026-0012.yaml", 19, "request-overdue", "逾期答复:应在 2026-10-19 前答复(转交后 10 个工作日),实际 2026-10-21 答复,"
         "晚了 2 个工作日。", "提供单位应在收到转交之日起 10 个工作日内答复。"),
        ("GX-2026-0013.yaml", 16, "request-overdue", "已逾期:应在 2026-11-17 前答复,至今(2026-11-24)未答复,已超过 5 个工作日。",
         "提供单位尽快答复申请单位,答复后在「办理过程」中记录「审核通过」。"),
        ("GX-2026-0014.yaml", 14, "request-overdue", "已逾期:应在 2026-11-23 前审查,至今(2026-11-24)未审查,已超过 1 个工作日。",
         "电子政务部门尽快完成符合性审查,审查后在「办理过程」中记录「转交提供单位」。"),
    ]


def test_a_forward_must_say_whether_the_data_is_on_the_platform_and_an_answer_needs_the_forward(tmp_path):
    unsaid = request("GX-2026-0015", "anxiang", "mzj", DIBAO, "户主姓名", """\
  - status: 提出
    date: "2026-11-16"
  - status: 转交提供单位
    date: "2026-11-18"
""")
    # Changde's way (the provider approves, no forwarding) is not Shaanxi's for 有条件共享 data.
    unforwarded = request("GX-2026-0016", "gaj", "mzj", DIBAO, "户主姓名", """\
  - status: 提出
    date: "2026-10-12"
  - status: 审核通过
    date: "2026-10-13"
""")
    root = shaanxi_repo(tmp_path, {"GX-2026-0015": unsaid, "GX-2026-0016": unforwarded})
    found = [(p.file.split("/")[-1], p.rule, p.message) for p in validate(root, None, TODAY).problems]
    assert found == [
        ("GX-2026-0015.yaml", "request-on-platform",
         "「转交提供单位」这一步没有写明「数据已在共享平台」(on_platform),无法确定有条件共享数据的答复期限。"),
        ("GX-2026-0016.yaml", "request-notice", "有条件共享数据由电子政务部门转交提供单位后答复,「办理过程」缺少「转交提供单位」。"),
    ]


def test_the_forward_is_written_by_the_e_government_department_alone():
    from generator.review.ownership import step_hint

    rules = parse_policy(SHAANXI.read_bytes()).policy.versions[0]
    assert rules.writer("转交提供单位") == "电子政务部门" and rules.writer("审核通过") == "审核部门"
    assert step_hint(rules) == ("申请单位只填写申请内容和「提出」;「转交提供单位」「调整为共享」「维持不予共享」由电子政务部门填写,"
                                "「审核通过」「驳回」由审核部门填写,「已提供」由提供单位填写。")


def test_a_site_under_shaanxis_rules_lists_the_late_answers(tmp_path):
    root = shaanxi_repo(tmp_path, SHAANXI_REQUESTS, site_repo)
    assert build_site(root, tmp_path / "site", TODAY) == []
    page = (tmp_path / "site/shared/overdue/index.html").read_text(encoding="utf-8")
    assert "有条件共享数据,提供单位应在收到转交之日起 5 个工作日内答复申请单位" in page
    assert "共享数据的申请,电子政务部门应在收到申请之日起 2 个工作日内完成符合性审查" in page
    assert page.index("GX-2026-0013") < page.index("GX-2026-0014") < page.index("GX-2026-0012")
    assert "依据陕西省政务数据共享办理时限(2024 年政策解答):" in page and "第十七条" not in page  # no article to cite


# ---- the demo's requests under Shaanxi's rules


def after_working_days(day: datetime.date, count: int) -> datetime.date:
    """An oracle apart from core.workdays: the count-th working day after `day`."""
    while count:
        day += datetime.timedelta(days=1)
        count -= chinese_calendar.is_workday(day)
    return day


@pytest.fixture(scope="module")
def demo_under_shaanxi():
    return load_catalog(ROOT, today=TODAY, policy=parse_policy(SHAANXI.read_bytes()).policy)


@pytest.mark.parametrize(("request_id", "due", "done", "late"), [
    # Made Mon 2024-05-13: 5-14, 5-15, due 5-15; approved Fri 5-24: 5-16, 5-17, 5-20 … 5-24, 7 working days late.
    ("GX-2024-0015", "2024-05-15", "2024-05-24", 7),
    # Made Mon 2024-05-06, after 劳动节 (5-1 … 5-5): due Wed 5-8; approved Sat 5-11, a 调休 working day: 5-9, 5-10, 5-11.
    ("GX-2024-0014", "2024-05-08", "2024-05-11", 3),
    # Made Thu 2026-02-26: Fri 2-27, Sat 2-28 调休: due 2-28; approved Thu 3-5: 3-2, 3-3, 3-4, 3-5.
    ("GX-2026-0005", "2026-02-28", "2026-03-05", 4),
    # Made Thu 2025-10-09, after 国庆中秋 (10-1 … 10-8): Fri 10-10, Sat 10-11 调休: due 10-11; approved Wed 10-15: 3.
    ("GX-2025-0034", "2025-10-11", "2025-10-15", 3),
    # Made Thu 2026-11-19: Fri 11-20, Mon 11-23: due 11-23; still not checked on Tue 11-24: 1.
    ("GX-2026-0038", "2026-11-23", "", 1),
])
def test_a_demo_request_checked_late_by_shaanxis_2_days(demo_under_shaanxi, request_id, due, done, late):
    found = next(r for r in demo_under_shaanxi.requests if r.id == request_id).standing
    clock, = found.clocks
    assert (clock.limit.id, clock.deadline.due.isoformat(), clock.done, clock.days_late, clock.overdue) == \
        ("check", due, done, late, True)


def test_demo_requests_at_the_edges_of_shaanxis_rules(demo_under_shaanxi):
    standing = {r.id: r.standing for r in demo_under_shaanxi.requests}
    # Made Fri 2026-11-20: Mon 11-23, Tue 11-24: due today, not late yet.
    assert standing["GX-2026-0039"].deadline.due == TODAY and not standing["GX-2026-0039"].overdue
    # Made 2024-03-05, the day before the rules took effect (2024-03-06): no time limit at all.
    assert standing["GX-2024-0006"].clocks == ()
    # Non-shared data has no check limit in Shaanxi's answer.
    assert standing["GX-2024-0032"].clocks == ()


def test_the_demos_overdue_list_under_shaanxis_rules_is_every_check_later_than_2_working_days(demo_under_shaanxi):
    until = {"转交提供单位", "审核通过", "驳回", "调整为共享", "维持不予共享"}
    expected = set()
    for r in demo_under_shaanxi.requests:
        made = datetime.date.fromisoformat(r.history[0].date)
        shared = {w.resource.sharing_type for w in r.wanted} & {"无条件共享", "有条件共享"}
        if r.kind != "共享申请" or not shared or made < datetime.date(2024, 3, 6):
            continue
        ended = min((datetime.date.fromisoformat(s.date) for s in r.history if s.status in until), default=TODAY)
        if ended > after_working_days(made, 2):
            expected.add(r.id)
    assert {r.id for r in demo_under_shaanxi.overdue} == expected
    assert len(expected) == 108  # of 120: the demo's reviews took about a week, Changde has no limit on them
