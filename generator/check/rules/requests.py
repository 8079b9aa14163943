"""Rules on sharing requests and objections, against the registry, the catalog and the calendar.

A request file is checked alone by its schema (reasons for 驳回 and 维持不予共享, the fields
each kind needs); here it meets the rest of the repository: the units and resources it names,
and the sharing rules (registry/policy.yaml): the order of its statuses along its route, the
route for non-shared data (Art. 12 in Changde) and the time limits (Art. 17). The route is the
rules' in force when the request was made; each time limit the one in force when its clock started.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from ...core import sharing
from ...core.fields import list_at, mapping_at
from ...core.layout import NONSHARED_DIR, REQUESTS_DIR
from ...core.policy import EGOV, NONSHARED_DATA, Policy, Route, Version
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
    sharing_type: str = ""


def listed_resources(data_by_path: dict[str, dict]) -> dict[str, Listed]:
    """The catalogued resources by code, from the facts of every entry file."""
    found: dict[str, Listed] = {}
    for path, data in data_by_path.items():
        category = mapping_at(data, "category")
        code = data.get("code")
        if isinstance(code, str):
            found.setdefault(code, Listed(code, str(data.get("name", "")), str(data.get("provider", "")),
                                          str(category.get("database", "")), path.startswith(NONSHARED_DIR + "/"),
                                          tuple(i.get("name") for i in list_at(data, "items") if i.get("name")),
                                          str(mapping_at(data, "sharing").get("type", ""))))
    return found


def check_request(path: str, data: dict, units: dict[str, Unit], listed: dict[str, Listed],
                  today: datetime.date, describe, policy: Policy) -> Iterator[Finding]:
    """Every rule on one request file (`describe` names a key path in Chinese), by the sharing rules `policy`."""
    yield from location(path, data)
    yield from known_units(data, units)
    steps = _steps(data)
    rules = policy.governing(_made(steps) or today)
    # A finished request is a record: later changes to the catalog (an item renamed, a resource
    # moved back to nonshared/ under Art. 13) must not turn it into an error nobody may fix.
    drift = WARNING if steps and rules.finished(_kind(data), steps[-1][1].status) else ERROR
    named = list(known_resources(data, listed, units, drift))
    yield from (finding for finding, _ in named if finding)
    resources = [resource for _, resource in named if resource]
    yield from wanted_items(data, listed, drift)
    yield from one_provider(data, resources, units)
    yield from approver_fits(data, resources, units, rules)
    order = list(status_order(data, steps, rules))
    yield from order
    yield from dates_in_order(steps, today, describe)
    if resources and not order:
        yield from review_route(data, steps, resources, units, rules, drift)
        yield from deadline(data, steps, resources, today, policy)


def _made(steps: list[tuple[int, sharing.Step]]) -> datetime.date | None:
    """The day the request was made, when its first step says so."""
    try:
        return datetime.date.fromisoformat(steps[0][1].date) if steps and steps[0][1].status == sharing.PROPOSED \
            else None
    except ValueError:
        return None


def _kind(data: dict) -> str:
    """共享申请 or 异议 (a kind the schema refuses is checked as a request)."""
    return sharing.OBJECTION if data.get("kind") == sharing.OBJECTION else sharing.REQUEST


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


def approver_fits(data: dict, resources: list[Listed], units: dict[str, Unit], rules: Version) -> Iterator[Finding]:
    """The approver is the data's competent department or the e-government department, never the applicant.

    Art. 11: a unit asks 同级业务主管部门 (the unit responsible for the data, its provider);
    Art. 12: non-shared data goes to the e-government department (checked with the route).
    """
    cited = rules.cite(rules.article("request"), rules.article("review"))
    approver = data.get("approver")
    if not isinstance(approver, str) or approver not in units:
        return  # missing or unregistered: the schema or known_units says so
    providers = {r.provider for r in resources}
    if approver == data.get("applicant") and approver not in providers:  # else request-self says it already
        yield Finding(("approver",), "request-approver", ERROR,
                      f"「审核部门」(approver)就是申请单位:申请单位不能审核自己的申请{cited}。",
                      _APPROVER_HINT)
    elif resources and not units[approver].egov and approver not in providers:
        yield Finding(("approver",), "request-approver", ERROR,
                      f"「审核部门」(approver)是{units[approver].name},它既不是所申请数据的提供单位,也不是电子政务部门。",
                      _APPROVER_HINT)


_APPROVER_HINT = ("审核部门填所申请数据的业务主管部门(即提供单位),或本级电子政务部门(单位登记表中 egov: true 的单位);"
                  "不予共享数据和异议只能由电子政务部门审核。")


def status_order(data: dict, steps: list[tuple[int, sharing.Step]], rules: Version) -> Iterator[Finding]:
    """The history starts with 提出 and moves only along the routes of the request's kind."""
    kind = _kind(data)
    objection = kind == sharing.OBJECTION
    previous = None
    for index, step in steps:
        allowed = rules.next_statuses(kind, previous)
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


def review_route(data: dict, steps, resources: list[Listed], units: dict[str, Unit], rules: Version,
                 drift=ERROR) -> Iterator[Finding]:
    """Each request takes the route of its kind and data (non-shared data: Art. 12, 13 in Changde).

    What depends on whether a resource is non-shared *now* is a warning once the request is
    finished (`drift`): the listing may have changed since.
    """
    statuses = list(dict.fromkeys(step.status for _, step in steps))
    nonshared = [r for r in resources if r.nonshared]
    kind = _kind(data)
    objection = kind == sharing.OBJECTION
    closed, opened = rules.route(sharing.REQUEST, True), rules.route(sharing.REQUEST, False)
    if nonshared and len(nonshared) < len(resources):
        yield Finding(("resources",), "request-review-route", ERROR,
                      f"不予共享的资源和共享资源不能放在同一个申请里:前者须经{_reviewer(closed)}审核{_cite(rules, closed)}。",
                      "把不予共享的资源单独提出申请。")
        return
    route = rules.route(kind, bool(nonshared))
    if route and closed and opened and not objection:
        yield from _off_route(steps, statuses, route, closed, resources, nonshared, rules, drift)
    statuses_set = set(statuses)
    if sharing.RECLASSIFIED in statuses_set and nonshared:
        yield Finding(_at(steps, sharing.RECLASSIFIED), "request-review-route", drift,
                      f"审核结论为「调整为共享」,但「{nonshared[0].name}」仍在不予共享目录中。",
                      "提供单位应把条目从 nonshared/ 移到 catalog/,并改为共享类"
                      f"{rules.cite(rules.step_article(sharing.RECLASSIFIED))}。")
    if objection and not nonshared and sharing.RECLASSIFIED not in statuses_set:
        yield Finding(("resources", 0, "code"), "request-review-route", drift,
                      f"异议只针对不予共享目录中的数据,「{resources[0].name}」是共享资源。",
                      "需要使用共享资源时提出共享申请(kind: 共享申请)。")
    approver = units.get(data["approver"]) if isinstance(data.get("approver"), str) else None
    if route and route.reviewer == EGOV and approver and not approver.egov:
        # A finished request approved while the data was shared stays a record after Art. 13 reclassification.
        severity = ERROR if objection else drift
        who = "不予共享数据的申请和异议" if route.data == NONSHARED_DATA else f"「{route.name}」"
        yield Finding(("approver",), "request-review-route", severity,
                      f"{who}由电子政务部门审核,「审核部门」(approver)却是{approver.name}。",
                      FINISHED_HINT if severity is WARNING else "审核部门填本级电子政务部门(单位登记表中 egov: true 的单位)。")


def _off_route(steps, statuses: list[str], route: Route, closed: Route, resources: list[Listed],
               nonshared: list[Listed], rules: Version, drift) -> Iterator[Finding]:
    """Statuses of another route of the same kind: a shared data's review on non-shared data, and back."""
    for status in statuses:
        if status in route.statuses:
            continue
        if nonshared:
            yield _off_closed_route(steps, status, nonshared[0].name, route, rules, drift)
        elif _terminal(closed, status):  # 调整为共享 on data shared since is the record of how it became shared
            yield Finding(_at(steps, status), "request-review-route", drift,
                          f"「{resources[0].name}」是共享资源,审核结论只能是{_either(route.outcomes)};"
                          f"「{status}」只用于不予共享数据{_cite(rules, closed)}。",
                          f"共享资源的申请不予通过时用{_either(s for s in route.outcomes if _terminal(route, s))}并写明理由。")


def _off_closed_route(steps, status: str, name: str, route: Route, rules: Version, drift) -> Finding:
    """A status of the shared data's route in a request for non-shared data (审核通过, 驳回 in Changde)."""
    outcomes = _either(route.outcomes)
    if _terminal(rules.route(sharing.REQUEST, False), status):  # a refusal: the route's own refusal instead
        refusal = next((s for s in route.outcomes if _terminal(route, s)), "")
        return Finding(_at(steps, status), "request-review-route", drift,
                       f"「{name}」是不予共享数据,申请由{_reviewer(route)}审核,结论为{outcomes}(写明理由),"
                       f"不用「{status}」{_cite(rules, route)}。", f"把「{status}」改为「{refusal}」并写明理由。")
    return Finding(_at(steps, status), "request-review-route", drift,
                   f"「{name}」是不予共享数据,申请须由{_reviewer(route)}审核,结论为{outcomes},不能直接「{status}」"
                   f"{_cite(rules, route)}。",
                   f"把「{status}」改为{_reviewer(route)}的审核结论;审核部门(approver)填{_reviewer(route)}。")


def _terminal(route: Route | None, status: str) -> bool:
    """Whether a status ends the handling on a route (驳回, 维持不予共享)."""
    return route is not None and status in route.statuses and not route.after(status)


def _either(statuses) -> str:
    return "或".join(f"「{s}」" for s in statuses)


def _reviewer(route: Route | None) -> str:
    return "电子政务部门" if route is None or route.reviewer == EGOV else "业务主管部门或电子政务部门"


def _cite(rules: Version, route: Route | None) -> str:
    return rules.cite(route.article) if route else ""


def deadline(data: dict, steps, resources: list[Listed], today: datetime.date, policy: Policy) -> Iterator[Finding]:
    """Each time limit that applies runs from its step to the step that ends it (Art. 17 in Changde).

    The limit is the one in force on the day its clock started (not retroactive).
    """
    history = tuple(step for _, step in steps)
    kind, databases = _kind(data), {r.database for r in resources}
    types = {r.sharing_type for r in resources}
    on = sharing.dates(history)
    yield from _unstarted(steps, on, kind, databases, types, policy)
    yield from _platform_unsaid(steps, on, kind, databases, types, policy)
    state = sharing.standing(history, databases, today, policy, kind, types)
    for clock in state.clocks:
        limit, due = clock.limit, clock.deadline.due.isoformat()
        ending = next((s for s in limit.ends if s in on and on[s].isoformat() == clock.done), "")
        at = _at(steps, ending or limit.start)
        cited = f"({clock.ref})" if clock.ref else ""
        if clock.overdue and clock.done:
            yield Finding(at, "request-overdue", WARNING,
                          f"逾期{limit.act}:应在 {due} 前{limit.act}({limit.start_noun}后 {limit.span}),"
                          f"实际 {clock.done} {limit.act},晚了 {clock.days_late} 个{limit.calendar}。",
                          f"{limit.who}应在收到{limit.start_noun}之日起 {limit.span}内{limit.act}{cited}。")
        elif clock.overdue:
            yield Finding(at, "request-overdue", WARNING,
                          f"已逾期:应在 {due} 前{limit.act},至今({today.isoformat()})未{limit.act},"
                          f"已超过 {clock.days_late} 个{limit.calendar}。",
                          f"{limit.who}尽快{limit.task},{limit.act}后在「办理过程」中记录「{limit.ends[0]}」。")
        if clock.deadline.estimated:
            yield Finding(at, "request-calendar", WARNING, f"{limit.name} {due} 是估算的:{clock.deadline.note}",
                          "更新 chinesecalendar 到收录该年份安排的版本后重新校验。")


def _unstarted(steps, on: dict, kind: str, databases: set, types: set, policy: Policy) -> Iterator[Finding]:
    """An ending step without the step a limit must count from (已提供 without 通知提供)."""
    said = set()
    for ending in dict.fromkeys(step.status for _, step in steps):
        day = on.get(ending)
        rules = policy.in_force(day) if day else policy.versions[-1]
        if rules is None:
            continue  # no rule was in force yet
        for limit in rules.limits:
            if not (limit.start_required and ending in limit.ends and limit.start not in on
                    and limit.applies(kind, databases, types)):
                continue
            message = (f"{limit.scope}由{rules.writer(limit.start) or '电子政务部门'}{limit.start_noun}{limit.who}后"
                       f"{limit.act}{rules.cite(limit.article)},「办理过程」缺少「{limit.start}」。")
            if message not in said:
                said.add(message)
                yield Finding(_at(steps, ending), "request-notice", ERROR, message,
                              f"在「{ending}」之前补上「{limit.start}」及{limit.start_noun}日期。")


def _platform_unsaid(steps, on: dict, kind: str, databases: set, types: set, policy: Policy) -> Iterator[Finding]:
    """A step a limit counts from only when it says whether the data is on the platform, which it does not."""
    for started, day in on.items():
        rules = policy.in_force(day)
        step = next(step for _, step in steps if step.status == started)
        limits = [limit for limit in (rules.limits if rules else ()) if limit.start == started
                  and limit.on_platform is not None and limit.applies(kind, databases, types)]
        if limits and step.on_platform is None:
            yield Finding(_at(steps, started), "request-on-platform", ERROR,
                          f"「{started}」这一步没有写明「数据已在共享平台」(on_platform),无法确定{limits[0].scope}的"
                          f"{limits[0].name}。", "数据已在共享平台发布的写 on_platform: true,须由提供单位先发布的写 false。")


def _entries(data: dict) -> list[dict]:
    entries = data.get("resources")
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _steps(data: dict) -> list[tuple[int, sharing.Step]]:
    history = data.get("history")
    return [(index, sharing.Step(str(step.get("status", "")), str(step.get("date", "")),
                                 str(step.get("reason", "")), str(step.get("note", "")),
                                 step["on_platform"] if isinstance(step.get("on_platform"), bool) else None))
            for index, step in enumerate(history if isinstance(history, list) else [])
            if isinstance(step, dict) and isinstance(step.get("status"), str)]


def _at(steps, status: str) -> tuple:
    index = next((i for i, step in steps if step.status == status), 0)
    return ("history", index, "status")
