"""The sharing rules as data: what a catalog's registry/policy.yaml states, typed and dated.

A city's regulation decides the time limits (which requests and which data, from which step, how
many working or calendar days), the routes a request may take and who writes each step, what each
sharing type requires of an entry, the articles every message and page cites, and how the annual
report scores the units. None of it is written into the code: `read.policy` builds these records
from the file, and every stage asks the version that governs the day in question.

Versions are dated (生效日期) and never retroactive:

- a time limit is the one in force on the day its clock starts (the notice, the request), so a
  request handled under the old rules keeps its deadline after a change;
- the route and the writers of a request's steps are those in force on the day it was made;
- messages, pages and the annual report cite the version in force on the day they speak of (today,
  the end of the reported year).

A day before the first version has no time limit (no rule was in force); its request is still
checked against the first version's routes, the only ones there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

CALENDAR_DAYS = "自然日"  # a limit counted in calendar days; else in working days (工作日, core.workdays)
APPLICANT, APPROVER, PROVIDER, EGOV = "申请单位", "审核部门", "提供单位", "电子政务部门"
SHARED_DATA, NONSHARED_DATA = "共享", "不予共享"  # the data a route is for
REQUIRED, FORBIDDEN, OPTIONAL = "必填", "不得填写", "可填写"
FIRST_STATUS = "提出"  # every request starts by being made (the request format's shape, not a rule)
# How the report establishes each item of the rectification article.
NO_CATALOG, LATE, STALE, UNCORRECTED = "未编制或未更新目录", "逾期", "超过更新周期", "属实未纠正"


@dataclass(frozen=True)
class Regulation:
    """The regulation the rules come from, and how messages name it when citing an article."""

    name: str  # 《常德市政府数据资源共享管理暂行办法》
    short: str  # 办法: 「办法第十七条」


@dataclass(frozen=True)
class StepRule:
    """Who writes one status of a request's handling, and the article behind it."""

    status: str
    writer: str  # APPLICANT, APPROVER, PROVIDER or EGOV
    article: str = ""


@dataclass(frozen=True)
class Route:
    """The handling of one kind of request for shared or non-shared data: its statuses in order, its reviewer."""

    name: str
    kinds: tuple[str, ...]
    data: str  # SHARED_DATA or NONSHARED_DATA
    reviewer: str  # 提供单位或电子政务部门 (the data's competent department, or the e-government one) or EGOV
    article: str
    next: tuple[tuple[str, tuple[str, ...]], ...]  # status -> the statuses that may follow it

    def after(self, status: str | None) -> tuple[str, ...]:
        """The statuses that may follow `status` on this route (None: the first step)."""
        if status is None:
            return (FIRST_STATUS,)
        return next((following for name, following in self.next if name == status), ())

    @property
    def statuses(self) -> tuple[str, ...]:
        """Every status the route uses, in the order the file names them."""
        return tuple(dict.fromkeys([FIRST_STATUS, *(s for name, following in self.next for s in (name, *following))]))

    @property
    def outcomes(self) -> tuple[str, ...]:
        """The review's possible conclusions: what may follow the request itself."""
        return self.after(FIRST_STATUS)


@dataclass(frozen=True)
class Limit:
    """A time limit: for which requests and data, from which step to which, how many days, and its words."""

    id: str
    name: str  # 提供期限
    article: str
    kinds: tuple[str, ...]
    databases: tuple[str, ...]  # () for every class
    sharing: tuple[str, ...]  # () for every sharing type
    on_platform: bool | None  # only when the starting step says the data is (not) on the platform; None: either
    scope: str  # 业务库数据
    start: str  # the status it counts from
    start_noun: str  # 通知: 「收到通知之日起」
    start_required: bool  # an ending step without the starting one is an error
    ends: tuple[str, ...]  # the statuses that end it
    days: int
    calendar: str  # WORKING_DAYS or CALENDAR_DAYS
    who: str  # 提供单位
    act: str  # 提供: 「逾期提供」
    object: str  # 数据: 「提供数据」
    task: str  # 向共享平台提供数据

    def applies(self, kind: str, databases, sharing_types) -> bool:
        """Whether the limit covers a request of `kind` for data of these classes and sharing types."""
        return (kind in self.kinds and (not self.databases or bool(set(self.databases) & set(databases)))
                and (not self.sharing or bool(set(self.sharing) & set(sharing_types))))

    def counts(self, on_platform: bool | None) -> bool:
        """Whether the limit counts from a starting step that recorded `on_platform` (None: not recorded)."""
        return self.on_platform is None or self.on_platform == on_platform

    @property
    def span(self) -> str:
        """「10 个工作日」."""
        return f"{self.days} 个{self.calendar}"


@dataclass(frozen=True)
class SharingRule:
    """What an entry of one sharing type must, must not or may fill in."""

    type: str
    conditions: str  # REQUIRED, FORBIDDEN or OPTIONAL
    method: str
    legal_basis: str
    open: tuple[str, ...]  # the 开放属性 it may have; () for any
    article: str = ""


@dataclass(frozen=True)
class Measure:
    """One of the annual report's four scores: its weight in the total and its figures."""

    weight: int
    points: tuple[tuple[str, int], ...]  # the measure's figures by their key in the file

    def __getitem__(self, key: str) -> int:
        return dict(self.points)[key]


@dataclass(frozen=True)
class Clause:
    """An item of the rectification article the report establishes from the catalog."""

    clause: str  # 二
    text: str
    finding: str  # NO_CATALOG, LATE, STALE or UNCORRECTED


@dataclass(frozen=True)
class Scoring:
    """The annual report's measures (Art. 28 in Changde) and the rectification items (Art. 32)."""

    quantity: Measure
    quality: Measure
    timeliness: Measure
    usage: Measure
    windows: tuple[tuple[str, int], ...]  # update cycle -> days an entry may go without an update
    clauses: tuple[Clause, ...]

    @property
    def measures(self) -> tuple[Measure, ...]:
        """The four measures in the report's order: 数量, 质量, 更新时效, 使用情况."""
        return (self.quantity, self.quality, self.timeliness, self.usage)


@dataclass(frozen=True)
class Version:
    """The rules in force from one date on."""

    effective: datetime.date
    source: str
    regulation: Regulation
    articles: tuple[tuple[str, str], ...]  # topic -> article
    sharing: tuple[SharingRule, ...]
    steps: tuple[StepRule, ...]
    routes: tuple[Route, ...]
    limits: tuple[Limit, ...]
    scoring: Scoring

    def article(self, topic: str) -> str:
        """The article the version cites for a topic (classes, review, …), "" when it names none."""
        return dict(self.articles).get(topic, "")

    def ref(self, *articles: str) -> str:
        """「办法第十一条、第十二条」: the articles given, with the regulation's short name; "" when none."""
        named = "、".join(dict.fromkeys(a for a in articles if a))
        return f"{self.regulation.short}{named}" if named else ""

    def cite(self, *articles: str) -> str:
        """「(办法第十七条)」 for the end of a sentence; "" when no article is given."""
        named = self.ref(*articles)
        return f"({named})" if named else ""

    def writer(self, status: str) -> str:
        """Who writes a status ("" when the version does not list it: then only the e-government reviewers)."""
        return next((step.writer for step in self.steps if step.status == status), "")

    def step_article(self, status: str) -> str:
        """The article behind a status, "" when none."""
        return next((step.article for step in self.steps if step.status == status), "")

    def next_statuses(self, kind: str, previous: str | None) -> tuple[str, ...]:
        """What may follow `previous` on any route of a kind of request (None: the first step)."""
        return tuple(dict.fromkeys(s for route in self.routes if kind in route.kinds for s in route.after(previous)))

    def finished(self, kind: str, status: str) -> bool:
        """Whether a request of `kind` whose last status is `status` is over: its file is a record from then on.

        Over when nothing follows the status on any route (已提供, 驳回), or on the kind's own routes
        (an objection once 调整为共享).
        """
        def terminal(routes: list[Route]) -> bool:
            return any(status in r.statuses for r in routes) and not any(r.after(status) for r in routes)
        return terminal(list(self.routes)) or terminal([r for r in self.routes if kind in r.kinds])

    def route(self, kind: str, nonshared: bool) -> Route | None:
        """The route of a request of `kind` for shared or non-shared data; else the kind's first route; else None."""
        data = NONSHARED_DATA if nonshared else SHARED_DATA
        of_kind = [r for r in self.routes if kind in r.kinds]
        return next((r for r in of_kind if r.data == data), of_kind[0] if of_kind else None)

    def sharing_rule(self, sharing_type: str) -> SharingRule | None:
        """What the version requires of entries of a sharing type."""
        return next((rule for rule in self.sharing if rule.type == sharing_type), None)

    def window(self, cycle: str) -> int | None:
        """Days an entry of this update cycle may go without an update; None when it is never stale."""
        return dict(self.scoring.windows).get(cycle)


@dataclass(frozen=True)
class Policy:
    """Every version of the rules, by effective date (at least one)."""

    versions: tuple[Version, ...]

    def in_force(self, day: datetime.date) -> Version | None:
        """The version in force on `day`; None before the first one took effect."""
        found = None
        for version in self.versions:
            if version.effective <= day:
                found = version
        return found

    def governing(self, day: datetime.date) -> Version:
        """The version in force on `day`, or the first one for a day before it (to word messages, check routes)."""
        return self.in_force(day) or self.versions[0]
