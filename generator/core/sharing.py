"""The life of a sharing request (Art. 11, 12, 13, 17): its statuses, their order, its deadline.

One place answers "where does this request stand?" for the rules, the site and the report:

    提出 ─┬─ 审核通过 ──┬─ 通知提供 ── 已提供        业务库 data: provided by its unit,
         │             └─ 已提供                   10 working days after notice (Art. 17);
         ├─ 驳回                                   基础/主题库 data: provided directly by
         ├─ 调整为共享 ─┬─ 通知提供 ── 已提供       the e-government department.
         │             └─ 已提供
         └─ 维持不予共享                            (调整为共享 / 维持不予共享: Art. 12, 13)

An objection (异议, Art. 13) only goes 提出 → 调整为共享 or 维持不予共享.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .workdays import Deadline, add_working_days, working_days_between

PROPOSED, APPROVED, REJECTED = "提出", "审核通过", "驳回"
NOTIFIED, PROVIDED = "通知提供", "已提供"
RECLASSIFIED, UPHELD = "调整为共享", "维持不予共享"
REQUEST, OBJECTION = "共享申请", "异议"
# The sharing types of Art. 9: the first two are in the shared catalog, the third in the non-shared one.
UNCONDITIONAL, CONDITIONAL, NONSHARED = "无条件共享", "有条件共享", "不予共享"
SHARING_TYPES = (UNCONDITIONAL, CONDITIONAL, NONSHARED)
DEADLINE_DAYS = 10  # Art. 17: within 10 working days of the notice
BUSINESS = "业务"  # only 业务库 data is provided by its unit on notice; 基础/主题 come from the platform

NEXT = {
    None: (PROPOSED,),
    PROPOSED: (APPROVED, REJECTED, RECLASSIFIED, UPHELD),
    APPROVED: (NOTIFIED, PROVIDED),
    RECLASSIFIED: (NOTIFIED, PROVIDED),
    NOTIFIED: (PROVIDED,),
    REJECTED: (), UPHELD: (), PROVIDED: (),
}
OBJECTION_STATUSES = (PROPOSED, RECLASSIFIED, UPHELD)
REVIEW_OUTCOMES = (RECLASSIFIED, UPHELD)  # the Art. 12 review by the e-government department
GRANTED = (APPROVED, RECLASSIFIED)  # from here on the sharing is in the shared catalog (Art. 11, 12)
FINISHED = (PROVIDED, REJECTED, UPHELD)  # nothing follows these (nor 调整为共享 in an objection)


def finished(kind: str, last_status: str) -> bool:
    """Whether a request's handling is over: its file is a record from then on."""
    return last_status in FINISHED or (kind == OBJECTION and last_status == RECLASSIFIED)


@dataclass(frozen=True)
class Step:
    """One dated status of a request."""

    status: str
    date: str
    reason: str = ""
    note: str = ""


def dates(steps: tuple[Step, ...]) -> dict[str, datetime.date]:
    """The first date of each status (steps whose date is not a real date are left out)."""
    found: dict[str, datetime.date] = {}
    for step in steps:
        try:
            found.setdefault(step.status, datetime.date.fromisoformat(step.date))
        except (TypeError, ValueError):
            continue
    return found


@dataclass(frozen=True)
class Standing:
    """Where a request stands today: its status, since when, and its deadline if it has one."""

    status: str
    granted: str  # the date it entered the shared catalog, "" when it has not
    deadline: Deadline | None  # for 业务库 data once notified
    provided: str
    days_late: int  # working days after the deadline: of provision, or until today when still not provided
    overdue: bool  # provided late, or not provided and past the deadline

    @property
    def open_overdue(self) -> bool:
        """Past the deadline and still not provided: what the overdue list shows first."""
        return self.overdue and not self.provided


def standing(steps: tuple[Step, ...], databases: set[str], today: datetime.date) -> Standing:
    """The standing of a request for resources of the given database classes."""
    on = dates(steps)
    status = steps[-1].status if steps else PROPOSED
    granted = next((on[s] for s in GRANTED if s in on), None)
    deadline = add_working_days(on[NOTIFIED], DEADLINE_DAYS) if NOTIFIED in on and BUSINESS in databases else None
    provided = on.get(PROVIDED)
    late, overdue = 0, False
    if deadline:
        end = provided or today
        overdue = end > deadline.due
        late = working_days_between(deadline.due, end)[0] if overdue else 0
    return Standing(status, granted.isoformat() if granted else "", deadline,
                    provided.isoformat() if provided else "", late, overdue)
