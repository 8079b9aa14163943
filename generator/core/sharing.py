"""The life of a sharing request: its statuses, their dates, where it stands and its time limits.

One place answers "where does this request stand?" for the rules, the site and the report. The
statuses are the request format's vocabulary; which may follow which, who writes each, and the
time limits are the city's rules (registry/policy.yaml, `core.policy`). In Changde's (2016):

    提出 ─┬─ 审核通过 ──┬─ 通知提供 ── 已提供        业务库 data: provided by its unit,
         │             └─ 已提供                   10 working days after notice (Art. 17);
         ├─ 驳回                                   基础/主题库 data: provided directly by
         ├─ 调整为共享 ─┬─ 通知提供 ── 已提供       the e-government department.
         │             └─ 已提供
         └─ 维持不予共享                            (调整为共享 / 维持不予共享: Art. 12, 13)

An objection (异议, Art. 13) only goes 提出 → 调整为共享 or 维持不予共享. Elsewhere (Shaanxi) the
e-government department first checks a request and forwards it to the provider (转交提供单位), who
answers within a limit of its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .policy import CALENDAR_DAYS, Limit, Policy
from .workdays import Deadline, add_working_days, working_days_between

PROPOSED, APPROVED, REJECTED = "提出", "审核通过", "驳回"
NOTIFIED, PROVIDED = "通知提供", "已提供"
RECLASSIFIED, UPHELD = "调整为共享", "维持不予共享"
REQUEST, OBJECTION = "共享申请", "异议"
# The sharing types of Art. 9: the first two are in the shared catalog, the third in the non-shared one.
UNCONDITIONAL, CONDITIONAL, NONSHARED = "无条件共享", "有条件共享", "不予共享"
SHARING_TYPES = (UNCONDITIONAL, CONDITIONAL, NONSHARED)
REVIEW_OUTCOMES = (RECLASSIFIED, UPHELD)  # the e-government department's review of non-shared data (Art. 12)
GRANTED = (APPROVED, RECLASSIFIED)  # from here on the sharing is in the shared catalog (Art. 11, 12)


@dataclass(frozen=True)
class Step:
    """One dated status of a request."""

    status: str
    date: str
    reason: str = ""
    note: str = ""
    on_platform: bool | None = None  # recorded when forwarding: is the data already on the sharing platform?


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
class Clock:
    """One time limit running on a request: from its starting step to the step that ends it."""

    limit: Limit
    start: datetime.date
    deadline: Deadline
    done: str  # the date of the step that ended it, "" while none has come
    days_late: int  # days (of the limit's kind) after the deadline: of that step, or until today
    overdue: bool  # ended late, or not ended and past the deadline
    ref: str = ""  # the article it cites, as its version names it: 办法第十七条

    @property
    def open(self) -> bool:
        """Past the deadline and still not done."""
        return self.overdue and not self.done


@dataclass(frozen=True)
class Standing:
    """Where a request stands today: its status, since when, and its time limits.

    `deadline`, `days_late` and `overdue` speak of the clock that matters most (`clock`): one still
    open past its deadline, else one that ended late, else the latest to start. A request under one
    limit (Changde's) has one clock, and they are its deadline.
    """

    status: str
    granted: str  # the date it entered the shared catalog, "" when it has not
    deadline: Deadline | None  # the deciding clock's, None when no limit runs
    provided: str
    days_late: int
    overdue: bool  # some clock ended late or is past its deadline
    clocks: tuple[Clock, ...] = ()

    @property
    def clock(self) -> Clock | None:
        """The clock that decides what the request shows: open and late, else late, else the latest."""
        if not self.clocks:
            return None
        return min(self.clocks, key=lambda c: (not c.open, not c.overdue, -c.start.toordinal()))

    @property
    def open_overdue(self) -> bool:
        """Past the deadline and still not done: what the overdue list shows first."""
        clock = self.clock
        return bool(clock and clock.open)

    @property
    def done(self) -> str:
        """The date the deciding clock was ended (the provision, the answer), "" when it was not."""
        clock = self.clock
        return clock.done if clock else ""


def standing(steps: tuple[Step, ...], databases, today: datetime.date, policy: Policy, kind: str = REQUEST,
             sharing_types=()) -> Standing:
    """The standing of a request of `kind` for resources of these database classes and sharing types.

    Each time limit is the one in force on the day its starting step was taken: a later version of
    the rules does not move the deadline of a request already under way (`core.policy`).
    """
    on = dates(steps)
    status = steps[-1].status if steps else PROPOSED
    granted = next((on[s] for s in GRANTED if s in on), None)
    provided = on.get(PROVIDED)
    clocks = []
    for started, day in on.items():
        version = policy.in_force(day)
        if version is None:
            continue  # no rule was in force yet
        for limit in version.limits:
            if limit.start == started and limit.applies(kind, databases, sharing_types) \
                    and limit.counts(_on_platform(steps, started)):
                clocks.append(_clock(limit, day, on, today, version.ref(limit.article)))
    decided = Standing(status, "", None, "", 0, False, tuple(clocks)).clock
    return Standing(status, granted.isoformat() if granted else "", decided.deadline if decided else None,
                    provided.isoformat() if provided else "", decided.days_late if decided else 0,
                    any(c.overdue for c in clocks), tuple(clocks))


def _on_platform(steps: tuple[Step, ...], status: str) -> bool | None:
    return next((step.on_platform for step in steps if step.status == status), None)


def _clock(limit: Limit, start: datetime.date, on: dict[str, datetime.date], today: datetime.date, ref: str) -> Clock:
    deadline = due_after(limit, start)
    done = min((on[s] for s in limit.ends if s in on), default=None)
    end = done or today
    overdue = end > deadline.due
    return Clock(limit, start, deadline, done.isoformat() if done else "",
                 days_between(limit, deadline.due, end) if overdue else 0, overdue, ref)


def due_after(limit: Limit, start: datetime.date) -> Deadline:
    """The last day on time for a limit counted from `start` (the day itself not counted)."""
    if limit.calendar == CALENDAR_DAYS:
        return Deadline(start + datetime.timedelta(days=limit.days), False, "")
    return add_working_days(start, limit.days)


def days_between(limit: Limit, start: datetime.date, end: datetime.date) -> int:
    """Days of the limit's kind in (start, end]: how late, or how long something took."""
    if limit.calendar == CALENDAR_DAYS:
        return max(0, (end - start).days)
    return working_days_between(start, end)[0]
