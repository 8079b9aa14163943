"""The annual report's records: frozen, plain values (numbers, ISO dates, Chinese labels).

Kept apart from the computation so that templates, CSV and workbooks (reporting.py, tables.py)
can read a report without importing how its figures are worked out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tally:
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
    # Beside the score, not in it: the average quality score of the entries (generator.quality, docs/quality.md),
    # 0 to 100, and its rating; None and "" without entries.
    metadata: float | None
    metadata_rating: str


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
