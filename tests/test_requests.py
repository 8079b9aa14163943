"""Sharing requests past the calendar's known years, and where a request stands."""

from __future__ import annotations

import datetime

from casetools import CASES, make_repo

from generator.check.validate import validate
from generator.core import sharing
from generator.core.workdays import known_years
from generator.read.policy import load_policy

FULFILLED = (CASES / "valid/valid_request-fulfilled.yaml").read_text(encoding="utf-8")
PATH = "requests/2026/GX-2026-0001.yaml"
POLICY = load_policy(CASES / "fixture")  # the demo's sharing rules (Changde 2016)


def request_with(history: str) -> str:
    head = FULFILLED.replace("GX-2025-0001", "GX-2026-0001")
    return head[:head.index("history:")] + history


def test_a_deadline_in_an_unknown_year_is_estimated_and_said_so(tmp_path):
    first_unknown = known_years()[-1] + 1
    notice = datetime.date(first_unknown - 1, 12, 24)
    root = make_repo(tmp_path)
    target = root / PATH.replace("2026", str(notice.year))
    target.parent.mkdir(parents=True)
    target.write_text(request_with(f"""history:
  - status: 提出
    date: {notice.year}-12-01
  - status: 审核通过
    date: {notice.year}-12-10
  - status: 通知提供
    date: {notice.isoformat()}
""").replace("GX-2026-0001", f"GX-{notice.year}-0001"), encoding="utf-8")
    today = datetime.date(first_unknown, 3, 1)
    problems = validate(root, [target.relative_to(root).as_posix()], today).problems
    rules = {p.rule: p.message for p in problems}
    assert set(rules) == {"request-overdue", "request-calendar"}
    assert f"{first_unknown} 年的法定节假日和调休安排尚未收录" in rules["request-calendar"]
    assert "按周一至周五计算工作日" in rules["request-calendar"]


def test_standing_of_a_request_provided_late_across_national_day():
    steps = (sharing.Step("提出", "2025-09-22"), sharing.Step("审核通过", "2025-09-26"),
             sharing.Step("通知提供", "2025-09-30"), sharing.Step("已提供", "2025-10-23"))
    state = sharing.standing(steps, {"业务"}, datetime.date(2026, 11, 24), POLICY)
    assert state.deadline.due == datetime.date(2025, 10, 21)
    assert (state.status, state.granted, state.provided) == ("已提供", "2025-09-26", "2025-10-23")
    assert (state.overdue, state.days_late, state.open_overdue) == (True, 2, False)


def test_basic_and_theme_data_have_no_provider_deadline():
    steps = (sharing.Step("提出", "2025-03-03"), sharing.Step("审核通过", "2025-03-07"),
             sharing.Step("已提供", "2025-05-30"))
    state = sharing.standing(steps, {"基础"}, datetime.date(2026, 11, 24), POLICY)
    assert state.deadline is None and not state.overdue


def test_an_open_request_is_late_by_the_working_days_until_today():
    steps = (sharing.Step("提出", "2026-10-20"), sharing.Step("审核通过", "2026-10-28"),
             sharing.Step("通知提供", "2026-11-02"))
    state = sharing.standing(steps, {"业务"}, datetime.date(2026, 11, 24), POLICY)
    assert (state.deadline.due, state.days_late, state.open_overdue) == (datetime.date(2026, 11, 16), 6, True)
    before = sharing.standing(steps, {"业务"}, datetime.date(2026, 11, 16), POLICY)
    assert not before.overdue and before.days_late == 0


def test_a_rejected_request_is_never_granted():
    steps = (sharing.Step("提出", "2025-03-03"), sharing.Step("驳回", "2025-03-10", "超出履职范围"))
    state = sharing.standing(steps, {"业务"}, datetime.date(2026, 11, 24), POLICY)
    assert (state.status, state.granted, state.deadline) == ("驳回", "", None)
