"""Scores: an entry's points, rating and missing criteria; a unit's average over its entries.

Pure functions of the model and a date: the same entries on the same day always score the same, so a
page or a report that shows a score is as reproducible as the rest of the site.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from ..model.catalog import Resource
from .criteria import CRITERIA, LOWEST, MAXIMUM, THRESHOLDS, Criterion, Judging, rating

RATING_NAMES = (*(name for name, _ in THRESHOLDS), LOWEST)
LOWEST_SHOWN = 5  # entries a unit's page lists as the ones to improve first


@dataclass(frozen=True)
class EntryScore:
    """One entry's score out of MAXIMUM, its rating, and the criteria it misses (what would raise it)."""

    code: str
    name: str
    score: int
    rating: str
    missing: tuple[Criterion, ...]


def score_entry(resource: Resource, as_of: datetime.date, windows: Mapping[str, int] | None = None) -> EntryScore:
    """Score an entry as of a day, its 更新周期 judged by `windows` (the sharing rules of that day; Changde's when
    none are given)."""
    judging = Judging(as_of) if windows is None else Judging(as_of, windows)
    missing = tuple(c for c in CRITERIA if not c.met(resource, judging))
    score = MAXIMUM - sum(c.points for c in missing)
    return EntryScore(resource.code, resource.name, score, rating(score), missing)


def scores_of(resources: Iterable[Resource], as_of: datetime.date,
              windows: Mapping[str, int] | None = None) -> dict[str, EntryScore]:
    """Every entry's score by resource code."""
    return {r.code: score_entry(r, as_of, windows) for r in resources}


@dataclass(frozen=True)
class UnitScore:
    """A unit's entries taken together: their average and its rating, how many have each rating, the weakest."""

    entries: int
    average: float | None  # rounded half up to one decimal; None without entries
    rating: str  # "" without entries
    counts: tuple[tuple[str, int], ...]  # (rating, entries), 优秀 first
    lowest: tuple[EntryScore, ...]  # up to LOWEST_SHOWN entries below full marks, lowest first


def unit_score(scores: Iterable[EntryScore]) -> UnitScore:
    """What a unit's entries score together (its entries' scores in any order)."""
    scored = sorted(scores, key=lambda s: (s.score, s.code))
    if not scored:
        return UnitScore(0, None, "", tuple((name, 0) for name in RATING_NAMES), ())
    average = float(tenths(Fraction(sum(s.score for s in scored), len(scored))))
    return UnitScore(len(scored), average, rating(average),
                     tuple((name, sum(s.rating == name for s in scored)) for name in RATING_NAMES),
                     tuple(s for s in scored if s.score < MAXIMUM)[:LOWEST_SHOWN])


def tenths(value: Fraction) -> Fraction:
    """Rounded half up to one decimal, as the annual report rounds (round() would take 0.25 to 0.2)."""
    return Fraction(math.floor(value * 10 + Fraction(1, 2)), 10)
