"""Art. 17 deadlines in working days, on China's official calendar, with a Monday–Friday fallback.

Every expected date below was counted by hand from the State Council's published schedules and
agrees with `chinesecalendar`. The counting rule: the notice day is not counted, day 1 is the
first working day after it, and the 10th working day is the last day on time.

Official schedules used:
  国庆 2025: Oct 1–8 off; Sun Sep 28 and Sat Oct 11 are working days.
  春节 2026: Feb 15–23 off; Sat Feb 14 and Sat Feb 28 are working days.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from generator.core.workdays import (
    Deadline,
    add_working_days,
    fallback_note,
    is_working_day,
    known_years,
    working_days_between,
)

ART_17_WORKING_DAYS = 10

FIRST_UNKNOWN_YEAR = known_years().stop
LAST_KNOWN_YEAR = FIRST_UNKNOWN_YEAR - 1

# The exact cross-year case below was counted for a calendar that ends with 2026. A newer
# chinesecalendar release with the 2027 schedule makes that case a known-calendar one instead.
calendar_ends_2026 = pytest.mark.skipif(
    LAST_KNOWN_YEAR != 2026, reason=f"the installed calendar knows up to {LAST_KNOWN_YEAR}, not 2026")


def deadline(notice: date) -> Deadline:
    return add_working_days(notice, ART_17_WORKING_DAYS)


def test_the_calendar_knows_2025_and_2026():
    assert 2025 in known_years() and 2026 in known_years()


def test_notice_on_the_working_sunday_before_national_day_2025():
    # Notice Sun Sep 28 (调休 working day, not counted).
    # 1 Mon Sep 29, 2 Tue Sep 30, Oct 1–8 off, 3 Thu Oct 9, 4 Fri Oct 10, 5 Sat Oct 11 (调休),
    # Sun Oct 12 off, 6 Mon Oct 13, 7 Tue 14, 8 Wed 15, 9 Thu 16, 10 Fri Oct 17.
    assert deadline(date(2025, 9, 28)) == Deadline(date(2025, 10, 17), estimated=False, note="")


def test_notice_on_the_eve_of_national_day_2025():
    # Notice Tue Sep 30. Oct 1–8 off, 1 Thu Oct 9, 2 Fri Oct 10, 3 Sat Oct 11 (调休),
    # Sun Oct 12 off, 4 Mon Oct 13, 5 Tue 14, 6 Wed 15, 7 Thu 16, 8 Fri 17,
    # Sat–Sun Oct 18–19 off, 9 Mon Oct 20, 10 Tue Oct 21.
    assert deadline(date(2025, 9, 30)) == Deadline(date(2025, 10, 21), estimated=False, note="")


def test_notice_before_spring_festival_2026():
    # Notice Fri Feb 13. 1 Sat Feb 14 (调休), Feb 15–23 off, 2 Tue Feb 24, 3 Wed 25, 4 Thu 26,
    # 5 Fri 27, 6 Sat Feb 28 (调休), Sun Mar 1 off, 7 Mon Mar 2, 8 Tue 3, 9 Wed 4, 10 Thu Mar 5.
    assert deadline(date(2026, 2, 13)) == Deadline(date(2026, 3, 5), estimated=False, note="")


@pytest.mark.parametrize(("notice", "due"), [
    # Mon Nov 10: 1–4 Tue Nov 11–Fri 14, 5–9 Mon 17–Fri 21, 10 Mon Nov 24.
    (date(2025, 11, 10), date(2025, 11, 24)),
    # Fri Nov 14: 1–5 Mon 17–Fri 21, 6–10 Mon 24–Fri Nov 28.
    (date(2025, 11, 14), date(2025, 11, 28)),
    # Sat Nov 15: Sun 16 off, then the same ten days as after Friday's notice.
    (date(2025, 11, 15), date(2025, 11, 28)),
])
def test_ordinary_weeks_without_a_holiday(notice, due):
    assert deadline(notice) == Deadline(due, estimated=False, note="")


def test_no_working_days_to_add_leaves_the_notice_day():
    assert add_working_days(date(2025, 9, 30), 0) == Deadline(date(2025, 9, 30), estimated=False, note="")


def test_a_negative_count_is_a_caller_error():
    with pytest.raises(ValueError):
        add_working_days(date(2025, 9, 30), -1)


@calendar_ends_2026
def test_deadline_running_past_the_last_known_year_is_estimated():
    # Notice Thu Dec 24 2026. 1 Fri Dec 25, 2 Mon 28, 3 Tue 29, 4 Wed 30, 5 Thu Dec 31;
    # 2027 is unknown, so Mon–Fri only: 6 Fri Jan 1 (surely 元旦 in fact, hence the warning),
    # 7 Mon Jan 4, 8 Tue 5, 9 Wed 6, 10 Thu Jan 7.
    result = deadline(date(2026, 12, 24))
    assert result.due == date(2027, 1, 7)
    assert result.estimated
    assert result.note == ("2027 年的法定节假日和调休安排尚未收录(已收录至 2026 年),"
                           "按周一至周五计算工作日,结果可能不准。")


def test_deadline_from_the_last_day_of_the_last_known_year_is_estimated():
    # Every day counted is in the first unknown year, whichever release is installed.
    result = deadline(date(LAST_KNOWN_YEAR, 12, 31))
    assert result.due.year == FIRST_UNKNOWN_YEAR
    assert result.estimated
    assert f"{FIRST_UNKNOWN_YEAR} 年" in result.note and f"已收录至 {LAST_KNOWN_YEAR} 年" in result.note


def test_notice_entirely_in_an_unknown_year_counts_monday_to_friday():
    # A Monday in March of the first unknown year: two plain Mon–Fri weeks end on the Monday
    # two weeks later (1–4 Tue–Fri, 5–9 Mon–Fri, 10 Mon), whatever holidays that year will have.
    monday = _first_monday_of_march(FIRST_UNKNOWN_YEAR)
    result = deadline(monday)
    assert result == Deadline(monday + timedelta(days=14), estimated=True, note=fallback_note([FIRST_UNKNOWN_YEAR]))
    assert str(FIRST_UNKNOWN_YEAR) in result.note


@pytest.mark.parametrize(("start", "end", "expected"), [
    # Provided on the last day on time: 10 working days after the notice, as counted above.
    (date(2025, 9, 30), date(2025, 10, 21), (10, False)),
    # Due Tue Sep 30, provided Thu Oct 9: Oct 1–8 off, so 1 working day late.
    (date(2025, 9, 30), date(2025, 10, 9), (1, False)),
    # Due Fri Feb 13 2026, provided Wed Feb 25: Sat Feb 14 (调休), Feb 15–23 off, Tue 24, Wed 25.
    (date(2026, 2, 13), date(2026, 2, 25), (3, False)),
    # Due Tue Oct 21, provided Thu Oct 23: Wed 22, Thu 23.
    (date(2025, 10, 21), date(2025, 10, 23), (2, False)),
    # Provided during 国庆 after a deadline just before it: late, but by no working day.
    (date(2025, 9, 30), date(2025, 10, 5), (0, False)),
    # Provided on the due day, or before it.
    (date(2025, 10, 21), date(2025, 10, 21), (0, False)),
    (date(2025, 10, 21), date(2025, 10, 14), (0, False)),
])
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


@calendar_ends_2026
def test_working_days_between_across_the_last_known_year_is_estimated():
    # Thu Dec 31 2026, then 2027 Mon–Fri: Fri Jan 1, Mon Jan 4, Tue Jan 5.
    assert working_days_between(date(2026, 12, 30), date(2027, 1, 5)) == (4, True)


@pytest.mark.parametrize(("day", "expected"), [
    (date(2025, 10, 11), (True, True)),   # Saturday, 调休 working day after 国庆 2025
    (date(2025, 10, 8), (False, True)),   # Wednesday, 国庆 2025 holiday
    (date(2025, 11, 15), (False, True)),  # ordinary Saturday
    (date(2025, 11, 17), (True, True)),   # ordinary Monday
])
def test_is_working_day_in_a_known_year(day, expected):
    assert is_working_day(day) == expected


def test_is_working_day_in_an_unknown_year_is_monday_to_friday():
    monday = _first_monday_of_march(FIRST_UNKNOWN_YEAR)
    assert is_working_day(monday) == (True, False)
    assert is_working_day(monday + timedelta(days=5)) == (False, False)  # Saturday


def test_fallback_note_names_only_the_unknown_years():
    assert fallback_note([2025, 2026]) == ""
    assert fallback_note([]) == ""
    later = FIRST_UNKNOWN_YEAR + 1
    note = fallback_note([LAST_KNOWN_YEAR, later, FIRST_UNKNOWN_YEAR])
    assert note.startswith(f"{FIRST_UNKNOWN_YEAR}、{later} 年的法定节假日和调休安排尚未收录")
    assert f"已收录至 {LAST_KNOWN_YEAR} 年" in note


def _first_monday_of_march(year: int) -> date:
    first = date(year, 3, 1)
    return first + timedelta(days=-first.weekday() % 7)
