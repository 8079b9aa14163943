"""The annual sharing report (Art. 27, 28, 30, 32): citywide figures, unit scores, rectifications.

Data only: frozen records of plain values (numbers, ISO dates, Chinese labels) that a template,
a CSV or a workbook shows as they are. Every figure counts events by their own dates from
1 January to `as_of` (31 December, or the build date while the year runs): a request's
statuses, an entry's 发布日期 and 数据更新日期, a report's 反馈/核实/纠正 dates. Statuses dated
after `as_of` are cut off before anything is judged, so a year's figures never include what
happened after it, whichever files they are computed from (see snapshot.py).

Scores are computed with exact fractions and rounded half up to one decimal, so the same
catalog always gives the same scores, and a reader can redo them by hand (docs/report.md).
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from fractions import Fraction
from typing import NamedTuple

from . import sharing
from .model import FOUND_TRUE, Catalog, Feedback, Resource, SharingRequest
from .registry import Unit
from .workdays import working_days_between

DATABASES = ("基础", "主题", "业务")
SHARING_TYPES = ("无条件共享", "有条件共享", "不予共享")
IRREGULAR = "不定期"
# Days an entry may go without an update. The catalog records update dates, at best, once a month,
# so every cycle shorter than a month is judged by the month.
WINDOWS = {"实时": 31, "每日": 31, "每周": 31, "每月": 31, "每季度": 92, "每半年": 183, "每年": 366}
BUCKETS = ((0, 5, "0–5"), (6, 10, "6–10"), (11, 15, "11–15"), (16, 20, "16–20"), (21, math.inf, "21 及以上"))
CLAUSES = {  # Art. 32, the items the report can establish from the catalog
    "一": "未按要求编制或更新本单位数据资源目录",
    "二": "无故拒绝或拖延提供本单位可共享数据",
    "三": "未按规定时限更新本单位数据资源",
    "五": "向共享平台提供的数据和本单位业务数据资源库不一致,或提供的数据不符合有关规范无法使用",
}
SHOWN = 3  # codes or ids named in one suggestion before "等"


class Tally(NamedTuple):
    """A labelled count: one bar of a chart, one row of a table."""

    label: str
    count: int


@dataclass(frozen=True)
class Reviews:
    """Reviews of non-shared data or objections (Art. 12, 13): made in the year, decided in it, still open."""

    made: int
    reclassified: int
    upheld: int
    pending: int


@dataclass(frozen=True)
class Citywide:
    """The city's figures for the year."""

    resources: int
    resources_at_start: int
    new: int
    removed: int | None  # None: unknown without the previous year's catalog
    by_database: tuple[Tally, ...]
    by_sharing: tuple[Tally, ...]
    requests_made: int
    approved: int
    rejected: int
    fulfilled: int
    median_days: float | None
    fulfilment_days: tuple[int, ...]
    fulfilment_chart: tuple[Tally, ...]
    overdue: int
    reviews: Reviews
    objections: Reviews
    feedback_reported: int
    feedback_true: int
    feedback_false: int
    feedback_corrected: int


@dataclass(frozen=True)
class Quantity:
    """数量: the resources a unit provides (shared) at year end and those new in the year."""

    shared: int
    nonshared: int
    new: int
    score: float


@dataclass(frozen=True)
class Quality:
    """质量: how complete the unit's entries are, open warnings, errors reported and left uncorrected."""

    entries: int
    completeness: float
    missing_department: tuple[str, ...]
    missing_keywords: tuple[str, ...]
    missing_format: tuple[str, ...]
    undescribed: tuple[tuple[str, int], ...]  # (code, info items without 说明)
    warnings: int
    errors_reported: int
    uncorrected: tuple[str, ...]  # feedback ids
    score: float


@dataclass(frozen=True)
class Stale:
    """A resource past its declared update cycle."""

    code: str
    name: str
    cycle: str
    updated: str


@dataclass(frozen=True)
class Timeliness:
    """更新时效: entries updated within their cycle, and whether the catalog moved during the year."""

    entries: int
    judged: int  # entries whose update date lies on or before as_of
    timely: int
    share: float | None  # None when nothing could be judged
    stale: tuple[Stale, ...]
    updated_in_year: bool | None  # None: unknown, its entries were updated again after the year
    last_change: str
    score: float


@dataclass(frozen=True)
class Late:
    """A request provided late or not yet provided past its deadline."""

    id: str
    applicant: str
    deadline: str
    provided: str
    days_late: int


@dataclass(frozen=True)
class Usage:
    """使用情况: requests received, approved, provided on time, and the units using the data."""

    received: int
    approved: int
    fulfilled: int
    on_time: int
    overdue: tuple[Late, ...]
    users: tuple[str, ...]  # unit ids, by unit number
    user_names: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class UnitReport:
    """One unit's evaluation (Art. 28), its rank and the improvement suggestions."""

    unit_id: str
    unit_name: str
    number: str
    quantity: Quantity
    quality: Quality
    timeliness: Timeliness
    usage: Usage
    total: float
    rank: int
    suggestions: tuple[str, ...]


@dataclass(frozen=True)
class Evidence:
    """What establishes a rectification item: a request, resource or report, its date, in words."""

    ref: str
    date: str
    detail: str


@dataclass(frozen=True)
class Item:
    """One item of Art. 32 that applies to a unit."""

    clause: str
    article: str
    label: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Rectification:
    """A unit notified to rectify (Art. 32), with every item that applies."""

    unit_id: str
    unit_name: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class AnnualReport:
    """常德市政府数据资源共享报告 of one year (Art. 30)."""

    year: int
    as_of: str
    final: bool  # the year is over: as_of is 31 December
    note: str
    citywide: Citywide
    units: tuple[UnitReport, ...]  # by rank
    rectifications: tuple[Rectification, ...]  # by unit number


@dataclass(frozen=True)
class _Request:
    """A request as it stood at as_of: statuses after it cut off, its standing judged again."""

    request: SharingRequest
    on: dict
    standing: sharing.Standing


@dataclass(frozen=True)
class _Year:
    """Everything the figures of one year are computed from."""

    year: int
    start: datetime.date
    end: datetime.date
    resources: tuple[Resource, ...]
    requests: tuple[_Request, ...]
    feedback: tuple[Feedback, ...]
    warnings: Mapping[str, int]
    changed: frozenset[str] | None  # providers whose entries differ from the previous year's
    entries: Mapping[str, tuple[Resource, ...]]  # year-end resources by provider: grouped once, not per unit

    def within(self, day: datetime.date | str | None) -> bool:
        """Whether a date falls in the year up to as_of."""
        day = _day(day) if isinstance(day, str) else day
        return day is not None and self.start <= day <= self.end

    def by(self, day: str) -> bool:
        """Whether a date lies on or before as_of."""
        found = _day(day)
        return found is not None and found <= self.end


def annual_report(catalog: Catalog, year: int, as_of: datetime.date, previous: Catalog | None = None, *,
                  warnings: Mapping[str, int] | None = None, note: str = "") -> AnnualReport:
    """The report of `year` as of `as_of` (31 December, or the build date while the year runs).

    `previous` is last year's catalog, only from a real snapshot (`state_at(...).source` set): it
    shows removals and edits. `warnings` counts open entry warnings by unit (`warnings_by_unit`),
    `note` says where the figures come from (`state_at(...).note`).
    """
    if as_of.year != year:
        raise ValueError(f"统计截止日 {as_of} 不在 {year} 年内")
    facts = _facts(catalog, year, as_of, previous, warnings or {})
    units = _ranked([_unit(facts, unit) for unit in catalog.units])
    by_id = {u.unit_id: u for u in units}
    rectifications = tuple(r for unit in sorted(catalog.units, key=lambda u: (u.number, u.id))
                           if (r := _rectification(facts, unit, by_id[unit.id])).items)
    return AnnualReport(year, as_of.isoformat(), as_of == datetime.date(year, 12, 31), note,
                        _citywide(facts, previous), units, rectifications)


def _facts(catalog: Catalog, year: int, as_of: datetime.date, previous: Catalog | None, warnings) -> _Year:
    start = datetime.date(year, 1, 1)
    resources = tuple(r for r in catalog.resources if _on_or_before(r.published, as_of))
    changed = _changed(resources, previous, start) if previous is not None else None
    requests = tuple(filter(None, (_as_of(r, as_of) for r in catalog.requests)))
    entries: dict[str, list[Resource]] = {}
    for resource in resources:
        entries.setdefault(resource.provider.id, []).append(resource)
    return _Year(year, start, as_of, resources, requests, catalog.feedback, warnings, changed,
                 {unit: tuple(found) for unit, found in entries.items()})


def _as_of(request: SharingRequest, as_of: datetime.date) -> _Request | None:
    """The request cut at as_of; None when it was not made yet."""
    steps = tuple(s for s in request.history if _on_or_before(s.date, as_of, unknown=False))
    if not steps:
        return None
    databases = {w.resource.database for w in request.wanted}
    return _Request(request, sharing.dates(steps), sharing.standing(steps, databases, as_of))


def _changed(resources, previous: Catalog, start: datetime.date) -> frozenset[str]:
    """Units that added, removed or edited an entry since the end of the previous year."""
    before = {r.code: r for r in previous.resources if _on_or_before(r.published, start - datetime.timedelta(1))}
    now = {r.code: r for r in resources}
    changed = set()
    for code in before.keys() | now.keys():
        old, new = before.get(code), now.get(code)
        if _content(old) != _content(new):
            changed |= {r.provider.id for r in (old, new) if r is not None}
    return frozenset(changed)


def _content(resource: Resource | None) -> tuple | None:
    # The provider record is left out: a change of the registry is not a change of the entry.
    return None if resource is None else tuple(getattr(resource, f.name) for f in fields(resource)
                                               if f.name != "provider")


# ---- citywide


def _citywide(facts: _Year, previous: Catalog | None) -> Citywide:
    resources, requests, days = facts.resources, _requests(facts), _fulfilment_days(facts)
    start, removed = _at_start(facts, previous)
    made, approved, rejected, fulfilled = _request_counts(facts, requests)
    reported, true, untrue, corrected = _feedback_counts(facts)
    return Citywide(
        resources=len(resources), resources_at_start=start, new=sum(facts.within(r.published) for r in resources),
        removed=removed, by_database=tuple(Tally(db, sum(r.database == db for r in resources)) for db in DATABASES),
        by_sharing=tuple(Tally(kind, sum(r.sharing_type == kind for r in resources)) for kind in SHARING_TYPES),
        requests_made=made, approved=approved, rejected=rejected, fulfilled=fulfilled,
        median_days=float(statistics.median(days)) if days else None, fulfilment_days=days,
        fulfilment_chart=tuple(Tally(label, sum(low <= d <= high for d in days)) for low, high, label in BUCKETS),
        overdue=len(_overdue(facts, requests)), reviews=_reviews(facts, sharing.REQUEST),
        objections=_reviews(facts, sharing.OBJECTION), feedback_reported=reported, feedback_true=true,
        feedback_false=untrue, feedback_corrected=corrected)


def _at_start(facts: _Year, previous: Catalog | None) -> tuple[int, int | None]:
    """Resources on 1 January, and those removed since: from last year's catalog when there is one."""
    if previous is None:
        return sum(not facts.within(r.published) for r in facts.resources), None
    last_day = facts.start - datetime.timedelta(1)
    before = {r.code for r in previous.resources if _on_or_before(r.published, last_day)}
    return len(before), len(before - {r.code for r in facts.resources})


def _requests(facts: _Year, provider: str | None = None) -> list[_Request]:
    """Sharing requests (not objections), of one provider when given."""
    return [r for r in facts.requests if r.request.kind == sharing.REQUEST
            and (provider is None or r.request.provider.id == provider)]


def _request_counts(facts: _Year, requests: list[_Request]) -> tuple[int, int, int, int]:
    """Made, approved (审核通过 or 调整为共享), rejected and provided in the year."""
    return (sum(facts.within(r.on.get(sharing.PROPOSED)) for r in requests),
            sum(facts.within(r.standing.granted) for r in requests),
            sum(facts.within(r.on.get(sharing.REJECTED)) for r in requests),
            sum(facts.within(r.on.get(sharing.PROVIDED)) for r in requests))


def _fulfilment_days(facts: _Year) -> tuple[int, ...]:
    """Working days from notice to provision of 业务库 data provided in the year, sorted."""
    return tuple(sorted(working_days_between(r.on[sharing.NOTIFIED], r.on[sharing.PROVIDED])[0]
                        for r in _requests(facts) if r.standing.deadline and facts.within(r.on.get(sharing.PROVIDED))))


def _overdue(facts: _Year, requests: list[_Request]) -> tuple[Late, ...]:
    """Requests whose deadline fell in the year, provided late or not provided by as_of; by id."""
    return tuple(Late(r.request.id, r.request.applicant.id, r.standing.deadline.due.isoformat(), r.standing.provided,
                      r.standing.days_late)
                 for r in sorted(requests, key=lambda r: r.request.id)
                 if r.standing.deadline and facts.within(r.standing.deadline.due) and r.standing.overdue)


def _reviews(facts: _Year, kind: str) -> Reviews:
    """Reviews of non-shared data (requests for it) or objections: made, decided, still open."""
    chosen = [r for r in facts.requests if r.request.kind == kind and (kind == sharing.OBJECTION or _is_review(r))]
    decided = [r for r in chosen if any(s in r.on for s in (*sharing.REVIEW_OUTCOMES, sharing.REJECTED))]
    return Reviews(sum(facts.within(r.on.get(sharing.PROPOSED)) for r in chosen),
                   sum(facts.within(r.on.get(sharing.RECLASSIFIED)) for r in chosen),
                   sum(facts.within(r.on.get(sharing.UPHELD)) for r in chosen), len(chosen) - len(decided))


def _is_review(request: _Request) -> bool:
    # Once reclassified the resource is shared, so a decided review is known by its outcome.
    return (any(s in request.on for s in sharing.REVIEW_OUTCOMES)
            or any(not w.resource.shared for w in request.request.wanted))


def _feedback_counts(facts: _Year) -> tuple[int, int, int, int]:
    """Reports made, verified true, verified untrue and corrected in the year."""
    reports = facts.feedback
    return (sum(facts.within(f.reported) for f in reports),
            sum(facts.within(f.verified) and f.verdict == FOUND_TRUE for f in reports),
            sum(facts.within(f.verified) and f.verdict != FOUND_TRUE for f in reports),
            sum(facts.within(f.corrected) for f in reports))


# ---- one unit


def _unit(facts: _Year, unit: Unit) -> UnitReport:
    entries = facts.entries.get(unit.id, ())
    parts = (_quantity(facts, entries), _quality(facts, unit, entries), _timeliness(facts, unit, entries),
             _usage(facts, unit))
    total = _tenths(sum(Fraction(str(p.score)) for p in parts) / len(parts))
    return UnitReport(unit.id, unit.name, unit.number, *parts, float(total), 0,
                      _suggestions(facts, entries, *parts))


def _quantity(facts: _Year, entries) -> Quantity:
    shared = [r for r in entries if r.shared]
    new = sum(facts.within(r.published) for r in shared)
    return Quantity(len(shared), len(entries) - len(shared), new, _score(min(100, 10 * len(shared) + 10 * new)))


def _quality(facts: _Year, unit: Unit, entries) -> Quality:
    completeness = sum(map(_completeness, entries), Fraction(0)) / len(entries) if entries else Fraction(0)
    reports = [f for f in facts.feedback if f.resource.provider.id == unit.id]
    uncorrected = tuple(f.id for f in reports if f.verdict == FOUND_TRUE and facts.by(f.verified)
                        and not facts.by(f.corrected))
    warnings = facts.warnings.get(unit.id, 0)
    score = max(Fraction(0), 100 * completeness - 5 * warnings - 10 * len(uncorrected))
    return Quality(len(entries), round(float(completeness), 4),
                   tuple(r.code for r in entries if not r.department.strip()),
                   tuple(r.code for r in entries if not r.keywords),
                   tuple(r.code for r in entries if not r.format_detail.strip()),
                   tuple((r.code, n) for r in entries if (n := _undescribed(r))),
                   warnings, sum(facts.within(f.reported) for f in reports), uncorrected, _score(score))


def _completeness(resource: Resource) -> Fraction:
    """Mean of four checks: 责任处室, 关键词, 编码格式 detail, and the share of items with a 说明."""
    items = len(resource.items)
    described = Fraction(items - _undescribed(resource), items) if items else Fraction(0)
    checks = (bool(resource.department.strip()), bool(resource.keywords), bool(resource.format_detail.strip()))
    return (sum(checks) + described) / 4


def _undescribed(resource: Resource) -> int:
    return sum(1 for item in resource.items if not item.description.strip())


def _timeliness(facts: _Year, unit: Unit, entries) -> Timeliness:
    judged = [r for r in entries if facts.by(r.updated)]
    stale = tuple(Stale(r.code, r.name, r.update_cycle, r.updated) for r in judged if _stale(r, facts.end))
    share = Fraction(len(judged) - len(stale), len(judged)) if judged else None
    updated = _updated_in_year(facts, unit, entries, len(judged) < len(entries))
    basis = share if share is not None else Fraction(1 if entries else 0)  # nothing judgeable: nothing against it
    score = max(Fraction(0), 100 * basis - (20 if updated is False else 0))
    changes = [d for r in entries for d in (r.published, r.updated) if facts.by(d)]
    return Timeliness(len(entries), len(judged), len(judged) - len(stale), None if share is None else
                      round(float(share), 4), stale, updated, max(changes, default=""), _score(score))


def _stale(resource: Resource, as_of: datetime.date) -> bool:
    """Past its cycle: more days between its last update and as_of than the cycle allows (不定期 never)."""
    window = WINDOWS.get(resource.update_cycle)
    return window is not None and (as_of - _day(resource.updated)).days > window


def _updated_in_year(facts: _Year, unit: Unit, entries, unknown: bool) -> bool | None:
    """Published, updated or (against last year's catalog) edited in the year; None when it cannot be told."""
    if any(facts.within(r.published) or facts.within(r.updated) for r in entries):
        return True
    if facts.changed is not None and unit.id in facts.changed:
        return True
    return None if unknown else False


def _usage(facts: _Year, unit: Unit) -> Usage:
    requests = _requests(facts, unit.id)
    received, approved, _, fulfilled = _request_counts(facts, requests)
    on_time = sum(facts.within(r.on.get(sharing.PROVIDED)) and not r.standing.overdue for r in requests)
    users = {r.request.applicant.id: r.request.applicant for r in requests
             if r.standing.granted and r.request.applicant.id != unit.id}
    ordered = sorted(users.values(), key=lambda u: (u.number, u.id))
    return Usage(received, approved, fulfilled, on_time, _overdue(facts, requests), tuple(u.id for u in ordered),
                 tuple(u.short_name for u in ordered), _score(min(100, 20 * len(ordered))))


def _ranked(units: list[UnitReport]) -> tuple[UnitReport, ...]:
    """Rank 1..n by total, highest first; equal totals by unit number."""
    ordered = sorted(units, key=lambda u: (-u.total, u.number, u.unit_id))
    return tuple(replace(u, rank=rank) for rank, u in enumerate(ordered, start=1))


# ---- suggestions and rectifications


def _suggestions(facts: _Year, entries, quantity: Quantity, quality: Quality, timeliness: Timeliness,
                 usage: Usage) -> tuple[str, ...]:
    """At most three, the most serious first: Art. 32 matters, then the quality of entries, then use."""
    q, stale, late = quality, [s.code for s in timeliness.stale], [r.id for r in usage.overdue]
    undescribed = sum(n for _, n in q.undescribed)
    candidates = (
        (q.uncorrected, _about(f"有 {len(q.uncorrected)} 条经核实属实的数据纠错尚未纠正", q.uncorrected,
                               "请尽快纠正并记录纠正日期(办法第二十二条)。")),
        (late, _about(f"有 {len(late)} 个共享申请逾期提供", late, "请在接到通知后 10 个工作日内提供数据(办法第十七条)。")),
        (not entries, "本单位尚未编制数据资源目录,请按办法第十条编制并提交目录条目。"),
        (stale, _about(f"{len(stale)} 个资源超过声明的更新周期未更新", stale, "请按更新周期更新数据并修改「数据更新日期」。")),
        (entries and timeliness.updated_in_year is False,
         f"{facts.year} 年没有发布或更新任何资源,请核对目录是否反映本单位当前的数据。"),
        (entries and not quantity.shared, "本单位的资源全部列为不予共享,请复核不予共享的依据,能共享的调整为共享(办法第九条)。"),
        (q.missing_department, _about(f"{len(q.missing_department)} 个条目未填写「责任处室」", q.missing_department,
                                      "请补充,便于使用单位联系。")),
        (q.undescribed, _about(f"{len(q.undescribed)} 个条目共 {undescribed} 个信息项缺少「说明」",
                               [code for code, _ in q.undescribed], "请补充信息项的含义和取值。")),
        (q.missing_keywords, _about(f"{len(q.missing_keywords)} 个条目未填写「关键词」", q.missing_keywords,
                                    "请补充,便于检索。")),
        (q.missing_format, _about(f"{len(q.missing_format)} 个条目未写明编码格式的具体格式", q.missing_format,
                                  "请补充。")),
        (q.warnings, f"目录文件有 {q.warnings} 个校验警告,请按校验提示修改。"),
        (quantity.shared and not usage.users, "还没有单位使用本单位的共享数据,请完善资源摘要和关键词,方便其他单位查找和申请。"),
    )
    return tuple(text for applies, text in candidates if applies)[:3]


def _about(lead: str, refs, advice: str) -> str:
    """A suggestion naming its first few codes or ids: 「lead(A、B、C等),advice」."""
    refs = list(refs)
    return f"{lead}({'、'.join(refs[:SHOWN])}{'等' if len(refs) > SHOWN else ''}),{advice}"


def _rectification(facts: _Year, unit: Unit, report: UnitReport) -> Rectification:
    """The Art. 32 items that apply to a unit, in the order of the article."""
    end = facts.end.isoformat()
    found = {
        "一": _catalog_evidence(facts, report.timeliness),
        "二": tuple(Evidence(r.id, r.deadline, f"提供期限 {r.deadline}," + (
            f"{r.provided} 提供,逾期 {r.days_late} 个工作日。" if r.provided else
            f"截至 {end} 未提供,已逾期 {r.days_late} 个工作日。")) for r in report.usage.overdue),
        "三": tuple(Evidence(s.code, s.updated, f"「{s.name}」更新周期为{s.cycle},最近更新于 {s.updated}。")
                   for s in sorted(report.timeliness.stale, key=lambda s: s.code)),
        "五": tuple(_error_evidence(f, end) for f in sorted(facts.feedback, key=lambda f: f.id)
                   if f.id in report.quality.uncorrected),
    }
    items = tuple(Item(clause, f"第三十二条第({clause})项", CLAUSES[clause], evidence)
                  for clause, evidence in found.items() if evidence)
    return Rectification(unit.id, unit.name, items)


def _catalog_evidence(facts: _Year, timeliness: Timeliness) -> tuple[Evidence, ...]:
    if not timeliness.entries:
        return (Evidence("", "", f"截至 {facts.end.isoformat()} 没有编制任何目录条目。"),)
    if timeliness.updated_in_year is False:
        return (Evidence("", timeliness.last_change,
                         f"{facts.year} 年内没有发布或更新任何资源,最近一次是 {timeliness.last_change}。"),)
    return ()


def _error_evidence(report: Feedback, end: str) -> Evidence:
    resource = report.resource
    return Evidence(report.id, report.verified, f"「{resource.name}」({resource.code}){report.problem}:"
                                                f"{report.reported} 反馈,{report.verified} 核实属实,截至 {end} 未纠正。")


# ---- tables


@dataclass(frozen=True)
class Table:
    """A table for CSV or a worksheet: a title, a header and rows of plain values."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple, ...]


def report_rows(report: AnnualReport) -> dict[str, Table]:
    """The report's tables: 'citywide', 'units' (by rank) and 'rectifications' (one row per evidence)."""
    return {"citywide": Table(f"{report.year} 年全市共享情况", ("指标", "数值"), citywide_figures(report.citywide)),
            "units": Table(f"{report.year} 年各单位评估结果", UNIT_HEADER, tuple(map(_unit_row, report.units))),
            "rectifications": Table(f"{report.year} 年应整改事项(办法第三十二条)", RECTIFICATION_HEADER,
                                    tuple(_rectification_rows(report.rectifications)))}


def citywide_figures(city: Citywide) -> tuple[tuple[str, object], ...]:
    """The citywide figures as (Chinese label, value) pairs, in reading order."""
    return (("年末资源数", city.resources), ("年初资源数", city.resources_at_start), ("本年新增资源", city.new),
            ("本年撤销资源", _cell(city.removed)),
            *((f"{t.label}库资源", t.count) for t in city.by_database),
            *((f"{t.label}资源", t.count) for t in city.by_sharing),
            ("本年共享申请", city.requests_made), ("本年审核通过", city.approved), ("本年驳回", city.rejected),
            ("本年已提供", city.fulfilled), ("业务库数据提供用时中位数(工作日)", _cell(city.median_days)),
            *((f"提供用时 {t.label} 个工作日", t.count) for t in city.fulfilment_chart),
            ("逾期提供的申请", city.overdue),
            *_review_figures("不予共享数据审核", city.reviews), *_review_figures("异议", city.objections),
            ("本年数据纠错反馈", city.feedback_reported), ("核实属实", city.feedback_true),
            ("核实不属实", city.feedback_false), ("本年已纠正", city.feedback_corrected))


def _review_figures(label: str, reviews: Reviews) -> tuple[tuple[str, int], ...]:
    return ((f"本年提出的{label}", reviews.made), (f"{label}:调整为共享", reviews.reclassified),
            (f"{label}:维持不予共享", reviews.upheld), (f"{label}:年末未决", reviews.pending))


UNIT_HEADER = ("名次", "单位", "单位标识", "共享资源", "不予共享资源", "本年新增", "数量得分",
               "条目完整度", "缺责任处室", "缺关键词", "缺具体格式", "缺说明的信息项", "校验警告", "本年纠错反馈",
               "属实未纠正", "质量得分", "可判断更新的资源", "按期更新", "按期更新比例", "本年更新目录", "更新时效得分",
               "收到申请", "审核通过", "已提供", "按期提供", "逾期", "使用单位数", "使用得分", "总分", "改进意见")
RECTIFICATION_HEADER = ("单位", "单位标识", "条款", "情形", "编号", "日期", "说明")


def _unit_row(u: UnitReport) -> tuple:
    q, t, s = u.quality, u.timeliness, u.usage
    return (u.rank, u.unit_name, u.unit_id, u.quantity.shared, u.quantity.nonshared, u.quantity.new, u.quantity.score,
            q.completeness, len(q.missing_department), len(q.missing_keywords), len(q.missing_format),
            sum(n for _, n in q.undescribed), q.warnings, q.errors_reported, len(q.uncorrected), q.score,
            t.judged, t.timely, _cell(t.share), _cell(t.updated_in_year), t.score,
            s.received, s.approved, s.fulfilled, s.on_time, len(s.overdue), len(s.users), s.score, u.total,
            "\n".join(u.suggestions))


def _rectification_rows(rectifications: tuple[Rectification, ...]):
    for r in rectifications:
        for item in r.items:
            for e in item.evidence:
                yield (r.unit_name, r.unit_id, item.article, item.label, e.ref, e.date, e.detail)


def _cell(value) -> object:
    """None as an empty cell, yes/no in Chinese."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


# ---- dates and rounding


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _on_or_before(value: str, day: datetime.date, unknown: bool = True) -> bool:
    """Whether a recorded date is on or before `day`; `unknown` for a missing or malformed one."""
    found = _day(value)
    return unknown if found is None else found <= day


def _tenths(value: Fraction) -> Fraction:
    """Rounded half up to one decimal (Python's round() would round 0.25 to 0.2)."""
    return Fraction(math.floor(value * 10 + Fraction(1, 2)), 10)


def _score(value) -> float:
    return float(_tenths(Fraction(value)))
