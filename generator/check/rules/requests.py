"""Rules on sharing requests and objections, against the registry, the catalog and the calendar.

A request file is checked alone by its schema (reasons for 驳回 and 维持不予共享, the fields
each kind needs); here it meets the rest of the repository: the units and resources it names,
the order of its statuses, the Art. 12 route for non-shared data and the Art. 17 deadline.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from ...core import sharing
from ...core.fields import list_at, mapping_at
from ...core.layout import NONSHARED_DIR, REQUESTS_DIR
from ...core.problems import ERROR, WARNING, Finding
from ...read.registry import Unit

FINISHED_HINT = "本申请已办结,这是目录后来的变化;申请文件作为办理记录保留,不必修改。"
ALL_ITEMS_FROM = 6  # asking for every item of a resource this wide deserves a second look
MAX_WANTED = 500  # the request schema's maxItems for 所需信息项


@dataclass(frozen=True)
class Listed:
    """What the request rules need of a catalogued resource."""

    code: str
    name: str
    provider: str
    database: str
    nonshared: bool
    items: tuple[str, ...]


def listed_resources(data_by_path: dict[str, dict]) -> dict[str, Listed]:
    """The catalogued resources by code, from the facts of every entry file."""
    found: dict[str, Listed] = {}
    for path, data in data_by_path.items():
        category = mapping_at(data, "category")
        code = data.get("code")
        if isinstance(code, str):
            found.setdefault(code, Listed(code, str(data.get("name", "")), str(data.get("provider", "")),
                                          str(category.get("database", "")), path.startswith(NONSHARED_DIR + "/"),
                                          tuple(i.get("name") for i in list_at(data, "items") if i.get("name"))))
    return found


def check_request(path: str, data: dict, units: dict[str, Unit], listed: dict[str, Listed],
                  today: datetime.date, describe) -> Iterator[Finding]:
    """Every rule on one request file (`describe` names a key path in Chinese)."""
    yield from location(path, data)
    yield from known_units(data, units)
    steps = _steps(data)
    # A finished request is a record: later changes to the catalog (an item renamed, a resource
    # moved back to nonshared/ under Art. 13) must not turn it into an error nobody may fix.
    drift = WARNING if steps and sharing.finished(str(data.get("kind")), steps[-1][1].status) else ERROR
    named = list(known_resources(data, listed, units, drift))
    yield from (finding for finding, _ in named if finding)
    resources = [resource for _, resource in named if resource]
    yield from wanted_items(data, listed, drift)
    yield from one_provider(data, resources, units)
    yield from approver_fits(data, resources, units)
    order = list(status_order(data, steps))
    yield from order
    yield from dates_in_order(steps, today, describe)
    if resources and not order:
        yield from review_route(data, steps, resources, units, drift)
        yield from deadline(data, steps, resources, today)


def location(path: str, data: dict) -> Iterator[Finding]:
    """requests/<year>/<id>.yaml, the year being the id's."""
    request_id = data.get("id")
    if not isinstance(request_id, str) or request_id.count("-") != 2:
        return
    year = request_id.split("-")[1]
    expected = f"{REQUESTS_DIR}/{year}/{request_id}.yaml"
    if PurePosixPath(path).as_posix() != expected:
        yield Finding(("id",), "request-location", ERROR,
                      f"「申请编号」(id)是 {request_id},文件却是 {path}。",
                      f"文件应为 {expected}:文件名与申请编号相同,放在提出年份的文件夹下。")


def known_units(data: dict, units: dict[str, Unit]) -> Iterator[Finding]:
    """The applicant and the approver are registered units."""
    for key, label in (("applicant", "申请单位"), ("approver", "审核部门")):
        value = data.get(key)
        if isinstance(value, str) and value not in units:
            yield Finding((key,), "request-unit-unknown", ERROR, f"「{label}」({key})「{value}」不在单位登记表中。",
                          "填写 registry/units.yaml 中的单位标识(id),例如 gaj。")


def known_resources(data: dict, listed: dict[str, Listed], units: dict[str, Unit],
                    severity=ERROR) -> Iterator[tuple[Finding | None, Listed | None]]:
    """Each named resource is in the catalog (shared or not); a finished request may name a retired one."""
    for index, entry in enumerate(_entries(data)):
        code = entry.get("code")
        if not isinstance(code, str):
            continue
        if code in listed:
            yield None, listed[code]
        else:
            yield retired_code(("resources", index, "code"), "request-resource-unknown", code, units, severity,
                               FINISHED_HINT), None


def retired_code(path: tuple, rule: str, code: str, units: dict[str, Unit], severity, kept_hint: str) -> Finding:
    """A code not in the catalog: an error, or only a warning on a finished record of a retired resource.

    A record keeps naming its provider through the code, so the code's unit must stay registered.
    """
    label = f"{_LABEL[rule]}「{code}」"
    if code.rsplit("-", 2)[0] not in {unit.code_prefix for unit in units.values()}:
        return Finding(path, rule, ERROR, f"{label}不在目录中,前两段也不是单位登记表中任何单位的编号。",
                       "核对资源代码;有共享申请或纠错记录的单位不能从单位登记表中删除。")
    return Finding(path, rule, severity, f"{label}不在目录中。",
                   kept_hint if severity is WARNING else "在全市目录网站上查到资源后复制它的资源代码。")


_LABEL = {"request-resource-unknown": "「资源代码」(resources.code)", "feedback-resource-unknown": "「资源代码」(resource)"}


def wanted_items(data: dict, listed: dict[str, Listed], severity=ERROR) -> Iterator[Finding]:
    """The items asked for are items of the resource; asking for all of a wide one is questioned."""
    for index, entry in enumerate(_entries(data)):
        code, wanted = entry.get("code"), entry.get("items")
        resource = listed.get(code) if isinstance(code, str) else None
        if resource is None or not isinstance(wanted, list):
            continue  # a malformed list is the schema's to report
        for number, name in enumerate(wanted[:MAX_WANTED]):  # past the schema's cap, its maxItems says it
            if isinstance(name, str) and name not in resource.items:
                shown = "、".join(resource.items[:12]) + ("等" if len(resource.items) > 12 else "")
                yield Finding(("resources", index, "items", number), "request-item-unknown", severity,
                              f"「所需信息项」(resources.items)「{name}」不是资源「{resource.name}」的信息项。",
                              FINISHED_HINT if severity is WARNING else f"从该资源的信息项中选:{shown}。")
        names = {name for name in wanted if isinstance(name, str)}
        if len(resource.items) >= ALL_ITEMS_FROM and names >= set(resource.items) and severity is ERROR:
            yield Finding(("resources", index, "items"), "request-all-items", WARNING,
                          f"申请了资源「{resource.name}」的全部 {len(resource.items)} 个信息项。",
                          "只申请履职需要的信息项;确实都需要的,在「用途」(purpose)中说明为什么。")


def one_provider(data: dict, resources: list[Listed], units: dict[str, Unit]) -> Iterator[Finding]:
    """One request goes to one provider (one review, one notice, one deadline), never to the applicant itself."""
    providers = sorted({r.provider for r in resources})
    if len(providers) > 1:
        names = "、".join(units[p].short_name if p in units else p for p in providers)
        yield Finding(("resources",), "request-one-provider", ERROR,
                      f"一个申请只能向一个提供单位提出,这里涉及 {names}。",
                      "按提供单位分成几个申请文件,各自编号。")
    if data.get("applicant") in providers:
        yield Finding(("applicant",), "request-self", ERROR, "「申请单位」(applicant)就是所申请资源的提供单位。",
                      "本单位的数据不需要申请共享;检查申请单位或资源代码是否写错。")


def approver_fits(data: dict, resources: list[Listed], units: dict[str, Unit]) -> Iterator[Finding]:
    """The approver is the data's competent department or the e-government department, never the applicant.

    Art. 11: a unit asks 同级业务主管部门 (the unit responsible for the data, its provider);
    Art. 12: non-shared data goes to the e-government department (checked with the route).
    """
    approver = data.get("approver")
    if not isinstance(approver, str) or approver not in units:
        return  # missing or unregistered: the schema or known_units says so
    providers = {r.provider for r in resources}
    if approver == data.get("applicant") and approver not in providers:  # else request-self says it already
        yield Finding(("approver",), "request-approver", ERROR,
                      "「审核部门」(approver)就是申请单位:申请单位不能审核自己的申请(办法第十一条、第十二条)。",
                      _APPROVER_HINT)
    elif resources and not units[approver].egov and approver not in providers:
        yield Finding(("approver",), "request-approver", ERROR,
                      f"「审核部门」(approver)是{units[approver].name},它既不是所申请数据的提供单位,也不是电子政务部门。",
                      _APPROVER_HINT)


_APPROVER_HINT = ("审核部门填所申请数据的业务主管部门(即提供单位),或本级电子政务部门(单位登记表中 egov: true 的单位);"
                  "不予共享数据和异议只能由电子政务部门审核。")


def status_order(data: dict, steps: list[tuple[int, sharing.Step]]) -> Iterator[Finding]:
    """The history starts with 提出 and moves only along the request's route."""
    objection = data.get("kind") == sharing.OBJECTION
    previous = None
    for index, step in steps:
        allowed = sharing.NEXT.get(previous, ())
        if objection:
            allowed = tuple(s for s in allowed if s in sharing.OBJECTION_STATUSES)
        if step.status not in allowed:
            yield Finding(("history", index, "status"), "request-transition", ERROR,
                          _transition_message(previous, step.status, objection),
                          "可接的状态:" + ("、".join(allowed) if allowed else "无(办理已经结束)") + "。")
            return
        previous = step.status


def _transition_message(previous: str | None, status: str, objection: bool) -> str:
    kind = "异议" if objection else "共享申请"
    if previous is None:
        return f"{kind}的「办理过程」(history)第一条应为「提出」,这里是「{status}」。"
    return f"{kind}的「办理过程」(history)中,「{previous}」之后不能是「{status}」。"


def dates_in_order(steps: list[tuple[int, sharing.Step]], today: datetime.date, describe) -> Iterator[Finding]:
    """Each status is dated on or after the one before, and not after today."""
    latest = None
    for index, step in steps:
        try:
            day = datetime.date.fromisoformat(step.date)
        except (TypeError, ValueError):
            continue  # the schema or date-invalid reports it
        if day > today:
            yield Finding(("history", index, "date"), "date-future", ERROR,
                          f"{describe(('history', index, 'date'))}「{step.date}」晚于今天({today.isoformat()})。",
                          "只记录已经发生的状态变化。")
        elif latest and day < latest[1]:
            yield Finding(("history", index, "date"), "request-date-order", ERROR,
                          f"「{step.status}」的日期 {step.date} 早于前一条「{latest[0]}」的日期 {latest[1].isoformat()}。",
                          "按实际发生的先后填写日期;各条记录按时间顺序排列。")
        latest = (step.status, max(day, latest[1]) if latest else day)


def review_route(data: dict, steps, resources: list[Listed], units: dict[str, Unit], drift=ERROR) -> Iterator[Finding]:
    """Non-shared data goes through the e-government department's review (Art. 12, 13).

    What depends on whether a resource is non-shared *now* is a warning once the request is
    finished (`drift`): the listing may have changed since.
    """
    statuses = {step.status for _, step in steps}
    nonshared = [r for r in resources if r.nonshared]
    objection = data.get("kind") == sharing.OBJECTION
    if nonshared and len(nonshared) < len(resources):
        yield Finding(("resources",), "request-review-route", ERROR,
                      "不予共享的资源和共享资源不能放在同一个申请里:前者须经电子政务部门审核(办法第十二条)。",
                      "把不予共享的资源单独提出申请。")
        return
    if nonshared and sharing.APPROVED in statuses:
        yield Finding(_at(steps, sharing.APPROVED), "request-review-route", drift,
                      f"「{nonshared[0].name}」是不予共享数据,申请须由电子政务部门审核,结论为「调整为共享」"
                      "或「维持不予共享」,不能直接「审核通过」(办法第十二条)。",
                      "把「审核通过」改为电子政务部门的审核结论;审核部门(approver)填电子政务部门。")
    if nonshared and sharing.REJECTED in statuses:
        yield Finding(_at(steps, sharing.REJECTED), "request-review-route", drift,
                      f"「{nonshared[0].name}」是不予共享数据,申请由电子政务部门审核,结论为「调整为共享」"
                      "或「维持不予共享」(写明理由),不用「驳回」(办法第十二条)。",
                      "把「驳回」改为「维持不予共享」并写明理由。")
    if not nonshared and sharing.UPHELD in statuses and not objection:
        yield Finding(_at(steps, sharing.UPHELD), "request-review-route", drift,
                      f"「{resources[0].name}」是共享资源,审核结论只能是「审核通过」或「驳回」;"
                      "「维持不予共享」只用于不予共享数据(办法第十二条)。",
                      "共享资源的申请不予通过时用「驳回」并写明理由。")
    if sharing.RECLASSIFIED in statuses and nonshared:
        yield Finding(_at(steps, sharing.RECLASSIFIED), "request-review-route", drift,
                      f"审核结论为「调整为共享」,但「{nonshared[0].name}」仍在不予共享目录中。",
                      "提供单位应把条目从 nonshared/ 移到 catalog/,并改为共享类(办法第十二条、第十三条)。")
    if objection and not nonshared and sharing.RECLASSIFIED not in statuses:
        yield Finding(("resources", 0, "code"), "request-review-route", drift,
                      f"异议只针对不予共享目录中的数据,「{resources[0].name}」是共享资源。",
                      "需要使用共享资源时提出共享申请(kind: 共享申请)。")
    approver = units.get(data["approver"]) if isinstance(data.get("approver"), str) else None
    if (nonshared or objection) and approver and not approver.egov:
        # A finished request approved while the data was shared stays a record after Art. 13 reclassification.
        severity = ERROR if objection else drift
        yield Finding(("approver",), "request-review-route", severity,
                      f"不予共享数据的申请和异议由电子政务部门审核,「审核部门」(approver)却是{approver.name}。",
                      FINISHED_HINT if severity is WARNING else "审核部门填本级电子政务部门(单位登记表中 egov: true 的单位)。")


def deadline(data: dict, steps, resources: list[Listed], today: datetime.date) -> Iterator[Finding]:
    """业务库 data is provided after notice, within 10 working days of it (Art. 17)."""
    history = tuple(step for _, step in steps)
    databases = {r.database for r in resources}
    statuses = {step.status for step in history}
    if sharing.PROVIDED in statuses and sharing.NOTIFIED not in statuses and sharing.BUSINESS in databases:
        yield Finding(_at(steps, sharing.PROVIDED), "request-notice", ERROR,
                      "业务库数据由电子政务部门通知提供单位后提供(办法第十七条),「办理过程」缺少「通知提供」。",
                      "在「已提供」之前补上「通知提供」及通知日期。")
    state = sharing.standing(history, databases, today)
    if state.deadline is None:
        return
    due = state.deadline.due.isoformat()
    at = _at(steps, sharing.PROVIDED if state.provided else sharing.NOTIFIED)
    if state.overdue and state.provided:
        yield Finding(at, "request-overdue", WARNING,
                      f"逾期提供:应在 {due} 前提供(通知后 10 个工作日),实际 {state.provided} 提供,"
                      f"晚了 {state.days_late} 个工作日。", "提供单位应在收到通知之日起 10 个工作日内提供(办法第十七条)。")
    elif state.overdue:
        yield Finding(at, "request-overdue", WARNING,
                      f"已逾期:应在 {due} 前提供,至今({today.isoformat()})未提供,已超过 {state.days_late} 个工作日。",
                      "提供单位尽快向共享平台提供数据,提供后在「办理过程」中记录「已提供」。")
    if state.deadline.estimated:
        yield Finding(at, "request-calendar", WARNING, f"提供期限 {due} 是估算的:{state.deadline.note}",
                      "更新 chinesecalendar 到收录该年份安排的版本后重新校验。")


def _entries(data: dict) -> list[dict]:
    entries = data.get("resources")
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _steps(data: dict) -> list[tuple[int, sharing.Step]]:
    history = data.get("history")
    return [(index, sharing.Step(str(step.get("status", "")), str(step.get("date", "")),
                                 str(step.get("reason", "")), str(step.get("note", ""))))
            for index, step in enumerate(history if isinstance(history, list) else [])
            if isinstance(step, dict) and isinstance(step.get("status"), str)]


def _at(steps, status: str) -> tuple:
    index = next((i for i, step in steps if step.status == status), 0)
    return ("history", index, "status")
