"""Sharing requests as plain, ready values: status texts, dates, figures and records.

The shared catalog page, its browser index, the overdue list, the unit and resource pages
and the downloads all describe the same requests; they take their wording and their numbers
from here, so a status reads the same everywhere. Nothing here builds a link: pages add
those (render.py, pages.py), the downloads need none.
"""

from __future__ import annotations

import datetime
import statistics

from ..core import sharing
from .catalog import Catalog, SharingRequest, Wanted

NOT_PROVIDED = "未提供"
PENDING_REVIEW = "待审核"


def status_text(standing: sharing.Standing) -> str:
    """The status a reader sees: the last step, or the overdue state that matters more (逾期未提供, 逾期提供).

    The words are the time limit's own (its 办理事项: 提供, 答复 …), so a city whose limit is an answer reads
    「逾期未答复」.
    """
    clock = standing.clock
    if clock and clock.open:
        return f"逾期未{clock.limit.act}"
    if clock and clock.overdue:
        return f"逾期{clock.limit.act}"
    if standing.status == sharing.PROPOSED:
        return PENDING_REVIEW
    return standing.status


def step_date(request: SharingRequest, status: str) -> str:
    """The first date the request reached `status`, "" when it has not."""
    found = sharing.dates(request.history).get(status)
    return found.isoformat() if found else ""


def last_step(request: SharingRequest) -> sharing.Step:
    """The latest step of the request's history (its current status and since when)."""
    return request.history[-1]


def due_date(request: SharingRequest) -> str:
    """The deadline of the deciding time limit, "" when none runs (基础/主题 data, or not yet notified, in Changde)."""
    deadline = request.standing.deadline
    return deadline.due.isoformat() if deadline else ""


def started(request: SharingRequest) -> str:
    """The day the deciding time limit started (the notice, in Changde), "" when none runs."""
    clock = request.standing.clock
    return clock.start.isoformat() if clock else ""


def deadline_note(request: SharingRequest) -> str:
    """The calendar's warning when the deadline was counted Monday to Friday (an unknown year)."""
    deadline = request.standing.deadline
    return deadline.note if deadline and deadline.estimated else ""


def review(request: SharingRequest) -> sharing.Step | None:
    """The step that decided a review or objection (驳回, 调整为共享, 维持不予共享), if any."""
    decisive = (sharing.REJECTED, *sharing.REVIEW_OUTCOMES)
    return next((step for step in request.history if step.status in decisive), None)


def is_review(request: SharingRequest) -> bool:
    """An objection, or a request that went through the Art. 12 review of non-shared data."""
    return (request.kind == sharing.OBJECTION or any(step.status in sharing.REVIEW_OUTCOMES for step in request.history)
            or (request.standing.status == sharing.PROPOSED and any(not w.resource.shared for w in request.wanted)))


def provision_days(request: SharingRequest) -> int | None:
    """Days from the start of a time limit ending in provision (已提供) to the provision; None when there is none.

    In Changde: working days from notice to provision of 业务库 data (Art. 17).
    """
    clock = next((c for c in request.standing.clocks if sharing.PROVIDED in c.limit.ends and c.done), None)
    return sharing.days_between(clock.limit, clock.start, datetime.date.fromisoformat(clock.done)) if clock else None


def median_text(values: list[int]) -> str:
    """The median as a reader writes it: 7, 7.5; "—" when there is nothing to count."""
    if not values:
        return "—"
    middle = statistics.median(values)
    return str(int(middle)) if middle == int(middle) else f"{middle:.1f}"


def shared_figures(catalog: Catalog, today: datetime.date) -> dict:
    """The headline numbers of the shared catalog (Art. 11, 17), as of `today`."""
    sharings = catalog.sharings
    year = str(today.year)
    days = [d for d in map(provision_days, catalog.requests) if d is not None]
    open_overdue = sum(1 for r in catalog.overdue if r.standing.open_overdue)
    return {
        "sharings": len(sharings),
        "users": len({request.applicant.id for request, _ in sharings}),
        "providers": len({request.provider.id for request, _ in sharings}),
        "year": year,
        "requests_this_year": sum(1 for r in catalog.requests
                                  if r.kind == sharing.REQUEST and r.proposed.startswith(year)),
        "median_days": median_text(days),
        "provisions": len(days),
        "overdue_open": open_overdue,
        "overdue_done": len(catalog.overdue) - open_overdue,
    }


def sharing_record(request: SharingRequest, wanted: Wanted) -> dict:
    """One entry of the shared catalog: a resource of a granted request, every value as text."""
    resource, standing = wanted.resource, request.standing
    return {
        "request": request.id, "code": resource.code, "name": resource.name, "database": resource.database,
        "provider": resource.provider.id, "provider_name": resource.provider.name,
        "provider_short": resource.provider.short_name,
        "user": request.applicant.id, "user_name": request.applicant.name, "user_short": request.applicant.short_name,
        "items": list(wanted.items), "purpose": request.purpose,
        "granted": standing.granted, "status": status_text(standing),
        "notified": step_date(request, sharing.NOTIFIED), "due": due_date(request), "provided": standing.provided,
        "days_late": standing.days_late if standing.deadline else None, "deadline_note": deadline_note(request),
    }


def overdue_record(request: SharingRequest) -> dict:
    """One line of the overdue list (逾期提供清单): who, what, when due, how late."""
    return {
        "provider": request.provider.id, "provider_name": request.provider.name,
        "provider_short": request.provider.short_name, "request": request.id,
        "user": request.applicant.id, "user_name": request.applicant.name,
        "user_short": request.applicant.short_name,
        "codes": [w.resource.code for w in request.wanted], "names": [w.resource.name for w in request.wanted],
        "notified": started(request), "due": due_date(request),
        "provided": request.standing.done, "days_late": request.standing.days_late,
        "open": request.standing.open_overdue, "deadline_note": deadline_note(request),
    }


def latest_date(catalog: Catalog) -> datetime.datetime:
    """The newest date in any request's history: a timestamp that changes only with the requests."""
    dates = [d for r in catalog.requests for d in sharing.dates(r.history).values()]
    return datetime.datetime.combine(max(dates), datetime.time()) if dates else datetime.datetime(2000, 1, 1)
