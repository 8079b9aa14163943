"""Working days for the time limits of the sharing rules (Changde's Art. 17: 10 working days after notice).

Counting rule: the notice day itself is never counted. Day 1 is the first working day after
the notice day, so "within 10 working days" means the 10th working day after the notice day
is the last day on which provision is on time. A notice on a Saturday or during a holiday
therefore gets the same deadline as a notice on the working day before it.

Working days follow China's official calendar, not the bare week: public holidays (春节, 国庆 …)
are off even on a weekday, and 调休 weekend days (a Saturday or Sunday declared a working day)
are on. The `chinesecalendar` package carries that schedule, but only for the years it ships;
the State Council publishes each year's schedule late in the year before. For any other year
we count Monday to Friday, mark the result as estimated and say so in Chinese, rather than fail:
a deadline that may be a day or two off is more useful to a unit than no deadline at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache

import chinese_calendar
from chinese_calendar import constants as calendar_data

_ONE_DAY = timedelta(days=1)
# China keeps one time zone and no daylight saving: UTC+8 all year, no tz database needed.
BEIJING = timezone(timedelta(hours=8))


def beijing_today() -> date:
    """Today in Beijing: the date a clerk writes, whatever time zone the machine (or CI) runs in."""
    return datetime.now(BEIJING).date()


@dataclass(frozen=True)
class Deadline:
    """The last day on which provision is on time, and how far to trust it."""

    due: date
    estimated: bool  # True when any day counted fell in a year the calendar does not know
    note: str  # "" or the Chinese warning from fallback_note


@cache
def known_years() -> range:
    """The years whose holidays and 调休 days the installed calendar knows.

    Read from the package's own data rather than written down here, so upgrading
    `chinesecalendar` to a release with next year's schedule needs no change in this module.
    The package accepts a date when its year lies in the span of its holiday table and raises
    NotImplementedError otherwise, so this is the same span.
    """
    years = {day.year for day in calendar_data.holidays}
    return range(min(years), max(years) + 1)


def is_working_day(day: date) -> tuple[bool, bool]:
    """(working, known): whether `day` is a working day, and whether the official calendar said so.

    `known` is False when the year is outside the calendar and the answer is only "Monday to Friday".
    """
    if day.year in known_years():
        try:
            return chinese_calendar.is_workday(day), True
        except NotImplementedError:
            pass  # a package release that checks its range differently must not stop a build
    return _is_weekday(day), False


def add_working_days(start: date, count: int) -> Deadline:
    """The deadline `count` working days after `start`; `start` itself is not counted.

    With count 0 the deadline is `start` itself: nothing was counted, so nothing was estimated.
    """
    if count < 0:
        raise ValueError(f"working days to add must not be negative: {count}")
    day, counted, unknown_years = start, 0, set()
    while counted < count:
        day += _ONE_DAY
        working, known = is_working_day(day)
        if not known:
            unknown_years.add(day.year)
        counted += working
    return Deadline(due=day, estimated=bool(unknown_years), note=fallback_note(unknown_years))


def working_days_between(start: date, end: date) -> tuple[int, bool]:
    """(working days in (start, end], estimated): how late a provision was, or how long it took.

    For lateness pass the due date as `start` and the provision date as `end`. The count is 0
    when `end` is not after `start`, and also when every day after the due date up to `end` was
    off (provided during 国庆 after a deadline just before it); whether a provision was late at
    all is `end > due`, this only says by how many working days.
    """
    counted, estimated = 0, False
    day = start + _ONE_DAY
    while day <= end:
        working, known = is_working_day(day)
        counted += working
        estimated = estimated or not known
        day += _ONE_DAY
    return counted, estimated


def fallback_note(years: Iterable[int]) -> str:
    """The Chinese warning for the years among `years` that the calendar does not know; "" if none.

    It names the last known year too, so a reader can tell the calendar package needs updating
    rather than suspect the count.
    """
    unknown = sorted({year for year in years if year not in known_years()})
    if not unknown:
        return ""
    named = "、".join(str(year) for year in unknown)
    last_known = known_years()[-1]
    return (f"{named} 年的法定节假日和调休安排尚未收录(已收录至 {last_known} 年),"
            "按周一至周五计算工作日,结果可能不准。")


def _is_weekday(day: date) -> bool:
    # Monday is 0 and Friday is 4.
    return day.weekday() < 5
