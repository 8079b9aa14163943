"""What the regulation asks a reviewer to weigh in a change, each with the articles that say why.

Sharing made narrower needs a legal basis (Art. 4, 9, 12); non-shared data made shared must leave
the non-shared catalog (Art. 13); opening to the public must carry no secret or private data
(Art. 26, 33); an item an approved request uses is what the provider has to deliver (Art. 17,
18); each step of a request is written by the unit whose step it is (Art. 11, 12, 13, 17).
The articles, and who writes each step, are the sharing rules' (registry/policy.yaml).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..core import sharing
from ..core.policy import Policy, Version
from ..model.changes import ItemChange, Notice, shown
from ..read.registry import Unit
from .authorship import governing, parties, writers

SHARING_ORDER = {sharing.UNCONDITIONAL: 0, sharing.CONDITIONAL: 1, sharing.NONSHARED: 2}
OPEN_ORDER = {"无条件开放": 0, "有条件开放": 1, "不予开放": 2}


@dataclass(frozen=True)
class Use:
    """An approved sharing request that uses items of a resource."""

    request: str
    applicant: str
    items: frozenset[str]


def resource_notices(before: dict, after: dict, items: list[ItemChange], uses: list[Use],
                     units: dict[str, Unit], rules: Version) -> list[Notice]:
    """The notices for a resource present on both sides, citing the articles of `rules`."""
    notices = _sharing(before.get("sharing", {}).get("type"), after.get("sharing", {}).get("type"), rules)
    notices += _opening(before.get("open"), after.get("open"), rules)
    if before.get("provider") != after.get("provider"):
        notices.append(Notice(rules.article("catalog"),
                              f"提供单位由「{_unit(before.get('provider'), units)}」改为"
                              f"「{_unit(after.get('provider'), units)}」:两个单位都应确认这项资源改由谁编目和提供。"))
    for change in items:
        if change.change in ("removed", "renamed", "retyped"):
            users = [use for use in uses if change.name in use.items]
            if users:
                named = "、".join(f"{use.request}({_unit(use.applicant, units)})" for use in users)
                notices.append(Notice(_delivery(rules), f"{change.text},而已批准的共享申请 {named} 使用它:"
                                                        "应先与申请单位商定,并更新共享申请。"))
    return notices


def _delivery(rules: Version) -> str:
    """The articles on what a provider delivers to an approved request (Art. 17, 18 in Changde)."""
    return rules.step_article(sharing.PROVIDED) or rules.article("use")


def removed_notices(uses: list[Use], units: dict[str, Unit], rules: Version) -> list[Notice]:
    """A resource taken out of the catalog that approved requests use."""
    if not uses:
        return []
    named = "、".join(f"{use.request}({_unit(use.applicant, units)})" for use in uses)
    return [Notice(_delivery(rules), f"已批准的共享申请 {named} 使用这项资源:删除前应与申请单位商定。")]


def _sharing(old, new, rules: Version) -> list[Notice]:
    if old == new or old not in SHARING_ORDER or new not in SHARING_ORDER:
        return []
    if new == sharing.NONSHARED:
        rule = rules.sharing_rule(sharing.NONSHARED)
        return [Notice(rule.article if rule else "", f"共享类型由「{old}」改为「不予共享」:不予共享须有法律、法规或规章依据,"
                                                     "并列入不予共享数据目录;使用单位此后须向电子政务部门申请。")]
    if old == sharing.NONSHARED:
        return [Notice(rules.article("objection"),
                       f"不予共享数据调整为「{new}」:提供单位应通知电子政务部门,将它从不予共享数据目录中删除。")]
    if SHARING_ORDER[new] > SHARING_ORDER[old]:
        return [Notice(rules.article("principle"),
                       f"共享范围收窄:由「{old}」改为「{new}」。共享为原则、不共享为例外,应写明共享条件及其理由。")]
    return [Notice(rules.article("principle"), f"共享范围放宽:由「{old}」改为「{new}」,此后各单位可直接使用,不再受共享条件限制。")]


def _opening(old, new, rules: Version) -> list[Notice]:
    if old == new or old not in OPEN_ORDER or new not in OPEN_ORDER:
        return []
    if OPEN_ORDER[new] < OPEN_ORDER[old]:
        articles = "、".join(a for a in (rules.article("secrets"), rules.article("privacy")) if a)
        return [Notice(articles, f"向社会开放的范围扩大:由「{old}」改为「{new}」。请核实不含国家秘密、商业秘密和个人隐私。")]
    return [Notice("", f"向社会开放的范围收窄:由「{old}」改为「{new}」。")]


def request_notices(before: dict | None, after: dict, units: dict[str, Unit], policy: Policy,
                    today: datetime.date) -> list[Notice]:
    """Each step of the handling added or rewritten, with who must write it (as the request's rules say)."""
    old_steps, new_steps = _steps(before), _steps(after)
    who = parties(before, after, units)
    rules = governing(policy, before, after, today)
    notices = []
    for index, step in enumerate(new_steps):
        was = old_steps[index] if index < len(old_steps) else None
        if step == was or not isinstance(step, dict):
            continue
        status = shown(step.get("status"))
        allowed = {who.applicant} if index == 0 else writers(status, who, rules)  # the first step is the request itself
        writer = "、".join(_unit(unit, units) for unit in sorted(allowed)) or "电子政务部门"
        where = f"第 {index + 1} 步「{status}」({shown(step.get('date'))})"
        message = f"办理过程新增{where}:须由{writer}填写。" if was is None else \
            f"办理过程已有的{where}被改写:办理记录只增不改,确需更正的须由{writer}填写并说明理由。"
        notices.append(Notice(rules.step_article(status), message))
    if len(old_steps) > len(new_steps):
        notices.append(Notice("", f"删除了办理过程的第 {len(new_steps) + 1}–{len(old_steps)} 步:办理记录只能增加,不能删改。"))
    return notices


def _steps(data: dict | None) -> list:
    history = data.get("history") if isinstance(data, dict) else None
    return history if isinstance(history, list) else []


def _unit(unit_id, units: dict[str, Unit]) -> str:
    unit = units.get(unit_id) if isinstance(unit_id, str) else None
    return unit.name if unit else shown(unit_id)


def approved_uses(requests: list[dict]) -> dict[str, list[Use]]:
    """Resource code -> the approved requests (审核通过 or 调整为共享 at some step) that use its items."""
    found: dict[str, list[Use]] = {}
    for data in requests:
        if not any(isinstance(s, dict) and s.get("status") in sharing.GRANTED for s in _steps(data)):
            continue
        for entry in data.get("resources") or ():
            if isinstance(entry, dict) and isinstance(entry.get("code"), str):
                names = frozenset(n for n in entry.get("items") or () if isinstance(n, str))
                found.setdefault(entry["code"], []).append(Use(str(data.get("id")), str(data.get("applicant")), names))
    return found
