"""Who may write each step of a sharing request's handling (Art. 11, 12, 13, 17 in Changde).

A request file is written by several units, one step each, and a pull request can only be
judged by comparing the steps it adds or changes with the file as it was. The sharing rules
(registry/policy.yaml, steps) name the writer of each status; in Changde:

- 提出 and the request itself: the applicant;
- 审核通过 / 驳回: the approver named when the request was filed (the competent department,
  Art. 11), never the applicant;
- 调整为共享 / 维持不予共享: the e-government department's review (Art. 12, 13);
- 通知提供: the e-government department notifies the provider (Art. 17);
- 已提供: the provider of the data, or the e-government department for data it provides itself.

A status the rules do not list is the e-government reviewers' alone. The reviewers may write
anything; that is decided before this module is asked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..core.policy import APPROVER, PROVIDER, Policy, Version
from ..read.registry import Unit


@dataclass(frozen=True)
class Parties:
    """The units a request names: who asked, who reviews, who holds the data."""

    applicant: str
    approver: str
    providers: frozenset[str]


def parties(old: dict | None, new: dict | None, units: dict[str, Unit]) -> Parties:
    """The parties as the request was filed: the base version's approver counts, not a changed one."""
    first = old if old is not None else new or {}
    approver = str(first["approver"]) if isinstance(first.get("approver"), str) else ""
    prefixes = {code.rsplit("-", 2)[0] for data in (old, new) if data for code in _codes(data)}
    providers = frozenset(u.id for u in units.values() if u.code_prefix in prefixes)
    return Parties(str(first.get("applicant", "")), approver, providers)


def writers(status: str, who: Parties, rules: Version) -> frozenset[str]:
    """The units (besides the e-government reviewers) that may write a step with this status."""
    writer = rules.writer(status)
    if writer == APPROVER:
        found = {who.approver}
    elif writer == PROVIDER:
        found = set(who.providers)
    else:  # the e-government department's steps, the request's own status after the first step (a request is
        found = set()  # not made twice), any status the rules do not list: the reviewers only
    return frozenset(found - {who.applicant, ""})  # nobody reviews or answers their own request


def governing(policy: Policy, old: dict | None, new: dict | None, today: datetime.date) -> Version:
    """The rules a request is handled by: those in force on the day it was made (as first filed), else today's."""
    first = old if old is not None else new or {}
    history = first.get("history")
    step = history[0] if isinstance(history, list) and history and isinstance(history[0], dict) else {}
    date = step.get("date")
    try:
        made = datetime.date.fromisoformat(date) if isinstance(date, str) else None
    except ValueError:
        made = None
    return policy.governing(made or today)


def changed_steps(old: dict | None, new: dict | None) -> list[tuple[int, str]]:
    """(1-based step number, status) of every step after 提出 that was added, removed or changed.

    A changed step counts with both statuses: overwriting another unit's step is writing it.
    """
    before, after = _later_steps(old), _later_steps(new)
    changed = []
    for index in range(max(len(before), len(after))):
        was = before[index] if index < len(before) else None
        now = after[index] if index < len(after) else None
        if was != now:
            statuses = dict.fromkeys(_status(step) for step in (was, now) if step is not None)
            changed += [(index + 2, status) for status in statuses]
    return changed


def approver_changed_after_review(old: dict | None, new: dict | None) -> bool:
    """Whether the approver was changed once its review had begun (a request cannot pick a new judge)."""
    return bool(old and new and _later_steps(old) and old.get("approver") != new.get("approver"))


def _later_steps(data: dict | None) -> list:
    history = data.get("history") if isinstance(data, dict) else None
    return history[1:] if isinstance(history, list) else []


def _status(step) -> str:
    status = step.get("status") if isinstance(step, dict) else None
    return status if isinstance(status, str) else ""


def _codes(data: dict) -> list[str]:
    entries = data.get("resources")
    codes = [e.get("code") for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []
    return [code for code in codes if isinstance(code, str) and code.count("-") == 3]
