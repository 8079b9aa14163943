"""What one year's figures are computed from: the catalog cut at `as_of`, and the date helpers.

Everything is cut here, once, so that no figure can count an event after `as_of`: resources
not yet published are left out, request statuses dated later are dropped and the standing of
each request is judged again as it stood that day.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, fields

from ..core import sharing
from ..core.policy import Policy, Version
from ..model.catalog import Catalog, Feedback, Resource, SharingRequest
from ..model.freshness import parse_day as _day


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
    rules: Version  # the sharing rules in force at as_of: the scoring, the articles, the rectification items

    def within(self, day: datetime.date | str | None) -> bool:
        """Whether a date falls in the year up to as_of."""
        day = _day(day) if isinstance(day, str) else day
        return day is not None and self.start <= day <= self.end

    def by(self, day: str) -> bool:
        """Whether a date lies on or before as_of."""
        found = _day(day)
        return found is not None and found <= self.end


def _facts(catalog: Catalog, year: int, as_of: datetime.date, previous: Catalog | None, warnings) -> _Year:
    start = datetime.date(year, 1, 1)
    resources = tuple(r for r in catalog.resources if _on_or_before(r.published, as_of))
    changed = _changed(resources, previous, start) if previous is not None else None
    policy = catalog.policy
    if policy is None:
        raise ValueError("the catalog was built without its sharing rules (registry/policy.yaml)")
    requests = tuple(filter(None, (_as_of(r, as_of, policy) for r in catalog.requests)))
    entries: dict[str, list[Resource]] = {}
    for resource in resources:
        entries.setdefault(resource.provider.id, []).append(resource)
    return _Year(year, start, as_of, resources, requests, catalog.feedback, warnings, changed,
                 {unit: tuple(found) for unit, found in entries.items()}, policy.governing(as_of))


def _as_of(request: SharingRequest, as_of: datetime.date, policy: Policy) -> _Request | None:
    """The request cut at as_of; None when it was not made yet."""
    steps = tuple(s for s in request.history if _on_or_before(s.date, as_of, unknown=False))
    if not steps:
        return None
    databases = {w.resource.database for w in request.wanted}
    return _Request(request, sharing.dates(steps), sharing.standing(steps, databases, as_of, policy, request.kind,
                                                                     {w.resource.sharing_type for w in request.wanted}))


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


def _on_or_before(value: str, day: datetime.date, unknown: bool = True) -> bool:
    """Whether a recorded date is on or before `day`; `unknown` for a missing or malformed one."""
    found = _day(value)
    return unknown if found is None else found <= day
