"""The figures: the report of one year, the citywide summary and each unit's four scores (Art. 28).

Scores are worked out with exact fractions and rounded half up only at the end, so that a
reader redoing them by hand (docs/report.md) gets the same tenths.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction

from ..core import sharing
from ..model import freshness
from ..model.catalog import FOUND_TRUE, Catalog, Resource
from ..quality.scores import score_entry, unit_score
from ..read.registry import Unit
from .advice import _rectification, _suggestions
from .facts import _facts, _on_or_before, _Request, _Year
from .records import (
    AnnualReport,
    Citywide,
    Late,
    Quality,
    Quantity,
    Reviews,
    Stale,
    Tally,
    Timeliness,
    UnitReport,
    Usage,
)

DATABASES = ("基础", "主题", "业务")
SHARING_TYPES = sharing.SHARING_TYPES
# Days an entry may go without an update, and every weight of the scores, are the sharing rules' (registry/
# policy.yaml, report); model/freshness.py applies the windows.
BUCKETS = ((0, 5, "0–5"), (6, 10, "6–10"), (11, 15, "11–15"), (16, 20, "16–20"), (21, math.inf, "21 及以上"))


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
    """Days from the start of a time limit ending in provision to a provision in the year, sorted.

    In Changde: working days from notice to provision of 业务库 data.
    """
    return tuple(sorted(sharing.days_between(c.limit, c.start, datetime.date.fromisoformat(c.done))
                        for r in _requests(facts) for c in r.standing.clocks
                        if sharing.PROVIDED in c.limit.ends and facts.within(c.done)))


def _overdue(facts: _Year, requests: list[_Request]) -> tuple[Late, ...]:
    """Requests late at some time in the year, provided late or not provided by as_of; by id."""
    return tuple(Late(r.request.id, r.request.applicant.id, _due(r), r.standing.done, r.standing.days_late)
                 for r in sorted(requests, key=lambda r: r.request.id) if _late_in_year(facts, r))


def _due(request: _Request) -> str:
    """The day the data was due (a late request always has a deadline)."""
    deadline = request.standing.deadline
    return deadline.due.isoformat() if deadline else ""


def _late_in_year(facts: _Year, r: _Request) -> bool:
    """Its deadline fell in the year, or passed before and it was still not provided when the year began.

    A request due in December and still not provided a year later is the later year's delay too
    (Art. 32 (二)), not only the year its deadline fell in.
    """
    if not (r.standing.deadline and r.standing.overdue):
        return False
    due, provided = r.standing.deadline.due, r.standing.done
    return due <= facts.end and (due >= facts.start or not provided or provided >= facts.start.isoformat())


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
    weights = [m.weight for m in facts.rules.scoring.measures]
    scores = [Fraction(str(p.score)) for p in parts]
    total = _tenths(sum((w * s for w, s in zip(weights, scores, strict=True)), Fraction(0)) / sum(weights))
    return UnitReport(unit.id, unit.name, unit.number, *parts, float(total), 0,
                      _suggestions(facts, entries, *parts))


def _quantity(facts: _Year, entries) -> Quantity:
    shared = [r for r in entries if r.shared]
    new = sum(facts.within(r.published) for r in shared)
    points = facts.rules.scoring.quantity
    return Quantity(len(shared), len(entries) - len(shared), new,
                    _score(min(points["cap"], points["per_shared"] * len(shared) + points["per_new"] * new)))


def _quality(facts: _Year, unit: Unit, entries) -> Quality:
    completeness = sum(map(_completeness, entries), Fraction(0)) / len(entries) if entries else Fraction(0)
    reports = [f for f in facts.feedback if f.resource.provider.id == unit.id]
    uncorrected = tuple(f.id for f in reports if f.verdict == FOUND_TRUE and facts.by(f.verified)
                        and not facts.by(f.corrected))
    warnings = facts.warnings.get(unit.id, 0)
    points = facts.rules.scoring.quality
    score = max(Fraction(0), points["completeness"] * completeness - points["per_warning"] * warnings
                - points["per_uncorrected"] * len(uncorrected))
    metadata = unit_score(score_entry(r, facts.end, dict(facts.rules.scoring.windows)) for r in entries)
    return Quality(len(entries), round(float(completeness), 4),
                   tuple(r.code for r in entries if not r.department.strip()),
                   tuple(r.code for r in entries if not r.keywords),
                   tuple(r.code for r in entries if not r.format_detail.strip()),
                   tuple((r.code, n) for r in entries if (n := _undescribed(r))),
                   warnings, sum(facts.within(f.reported) for f in reports), uncorrected, _score(score),
                   metadata.average, metadata.rating)


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
    windows = dict(facts.rules.scoring.windows)
    stale = tuple(Stale(r.code, r.name, r.update_cycle, r.updated) for r in judged
                  if freshness.stale(r, facts.end, windows))
    share = Fraction(len(judged) - len(stale), len(judged)) if judged else None
    updated = _updated_in_year(facts, unit, entries, len(judged) < len(entries))
    basis = share if share is not None else Fraction(1 if entries else 0)  # nothing judgeable: nothing against it
    points = facts.rules.scoring.timeliness
    score = max(Fraction(0), points["on_time"] * basis - (points["not_updated"] if updated is False else 0))
    changes = [d for r in entries for d in (r.published, r.updated) if facts.by(d)]
    return Timeliness(len(entries), len(judged), len(judged) - len(stale), None if share is None else
                      round(float(share), 4), stale, updated, max(changes, default=""), _score(score))


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
    points = facts.rules.scoring.usage
    return Usage(received, approved, fulfilled, on_time, _overdue(facts, requests), tuple(u.id for u in ordered),
                 _score(min(points["cap"], points["per_user"] * len(ordered))))


def _ranked(units: list[UnitReport]) -> tuple[UnitReport, ...]:
    """Rank 1..n by total, highest first; equal totals by unit number."""
    ordered = sorted(units, key=lambda u: (-u.total, u.number, u.unit_id))
    return tuple(replace(u, rank=rank) for rank, u in enumerate(ordered, start=1))


# ---- rounding

def _tenths(value: Fraction) -> Fraction:
    """Rounded half up to one decimal (Python's round() would round 0.25 to 0.2)."""
    return Fraction(math.floor(value * 10 + Fraction(1, 2)), 10)


def _score(value) -> float:
    return float(_tenths(Fraction(value)))
