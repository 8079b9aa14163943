"""How long an entry's 更新周期 lets its 数据更新日期 age: the one rule the report and the quality score share.

The annual report (更新时效, Art. 28; Art. 32 (三)) and the quality score of an entry (generator.quality)
judge an entry kept up to date in the same way, so the rule lives here, with the data it reads.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from .catalog import Resource

IRREGULAR = "不定期"
# Days an entry may go without an update, as Changde's rules judge it (registry/policy.yaml states them, and the
# annual report reads them there): the catalog records update dates, at best, once a month, so every cycle shorter
# than a month is judged by the month.
WINDOWS = {"实时": 31, "每日": 31, "每周": 31, "每月": 31, "每季度": 92, "每半年": 183, "每年": 366}


def parse_day(value: str | None) -> datetime.date | None:
    """A recorded YYYY-MM-DD date; None when missing or not a real date."""
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def stale(resource: Resource, as_of: datetime.date, windows: Mapping[str, int] = WINDOWS) -> bool:
    """Past its cycle: more days between its last update and as_of than the cycle allows (不定期 never)."""
    window, updated = windows.get(resource.update_cycle), parse_day(resource.updated)
    return window is not None and updated is not None and (as_of - updated).days > window


def kept(resource: Resource, as_of: datetime.date, windows: Mapping[str, int] = WINDOWS) -> bool:
    """Shown to keep its cycle on as_of: 不定期, or a known cycle and an update date not yet past it.

    Unlike `stale`, an entry whose cycle or update date cannot be read is not given the benefit of the doubt.
    """
    if resource.update_cycle == IRREGULAR:
        return True
    return (resource.update_cycle in windows and parse_day(resource.updated) is not None
            and not stale(resource, as_of, windows))
