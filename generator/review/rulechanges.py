"""`catalog diff` on the sharing rules (registry/policy.yaml): each change as a sentence, with when it applies.

A new version is compared with the version in force before it, a rewritten version with what it
said before; every sentence ends with the date the change takes effect:

    第十七条 业务库数据提供期限由 10 个工作日改为 5 个工作日,自 2027-01-01 起施行。

Rules are dated so that a change is not retroactive (core/policy.py). A version rewritten or
removed once in force, or a new one dated no later than today, changes what was already decided:
the reviewer is warned.
"""

from __future__ import annotations

import datetime
from dataclasses import fields

from ..core.layout import POLICY
from ..core.policy import Limit, Policy, Route, Version
from ..model.changes import ADDED, MODIFIED, REMOVED, EntryChange, ItemChange, Notice

KIND = "共享规则"
_LIMIT_WORDS = {"name": "名称", "article": "条款", "kinds": "申请类型", "databases": "资源库类别", "sharing": "共享类型",
                "on_platform": "数据已在共享平台", "scope": "适用数据的称呼", "start": "起算步骤", "start_noun": "起算事件的称呼",
                "start_required": "必须先有起算步骤", "ends": "办结步骤", "who": "办理单位", "act": "办理事项",
                "object": "办理对象", "task": "要做的事"}
_SHARING_WORDS = {"conditions": "共享条件", "method": "共享方式", "legal_basis": "不予共享依据", "open": "允许的开放属性",
                  "article": "条款"}
_MEASURES = ("数量", "质量", "更新时效", "使用情况")
_POINTS = {"weight": "权重", "per_shared": "每个共享资源的分", "per_new": "每个本年新增共享资源的分", "cap": "上限",
           "completeness": "完整度满分", "per_warning": "每个校验警告扣分", "per_uncorrected": "每条属实未纠正的纠错扣分",
           "on_time": "按期更新满分", "not_updated": "本年没有更新目录扣分", "per_user": "每个使用单位的分"}
_ARTICLE_TOPICS = {"classes": "资源分类", "principle": "共享原则", "types": "共享类型", "catalog": "目录编制",
                   "request": "共享申请", "review": "不予共享数据的审核", "objection": "异议和调整", "one_source": "一数一源",
                   "use": "共享数据的使用", "feedback": "数据纠错", "secrets": "涉密数据", "evaluation": "年度评估",
                   "report": "共享报告", "rectification": "通知整改", "privacy": "个人信息"}


def rules_change(old: Policy | None, new: Policy | None, today: datetime.date) -> EntryChange:
    """The change of the rules file between two sides (None: missing or unreadable on that side)."""
    either = new or old
    named = either.versions[-1].regulation.name if either else ""
    if old is None or new is None:
        change = ADDED if old is None and new is not None else REMOVED if new is None and old is not None else MODIFIED
        note = "改动后的共享规则无法读取,见校验结果;改正前期限、办理路线和条款都无从核对。" if new is None else ""
        return EntryChange(KIND, POLICY, named, change, POLICY if old else "", POLICY if new else "",
                           notices=(Notice("", note),) if note else ())
    before = {v.effective: v for v in old.versions}
    items: list[ItemChange] = []
    notices: list[Notice] = []
    for index, version in enumerate(new.versions):
        was = before.pop(version.effective, None)
        if was is None:
            prior = new.versions[index - 1] if index else None
            items.append(ItemChange("added", version.effective.isoformat(),
                                    f"新增版本,自 {version.effective} 起施行:{version.source}"))
            items += _compared(prior, version) if prior else []
            if version.effective <= today:
                notices.append(Notice("", f"新版本的生效日期 {version.effective} 不晚于今天:这一天以后已经起算的期限会按新规则计算。"
                                          "规则不溯及既往时,生效日期应晚于合并的日期。"))
        elif was != version:
            items += _compared(was, version)
            if version.effective <= today:
                notices.append(Notice("", f"改写了已经生效的版本(自 {version.effective} 起施行):此前已办理的申请的期限和"
                                          "已发布报告的依据会随之改变。规则变化应在最后加一个新版本,写明生效日期。"))
    for effective in before:
        items.append(ItemChange("removed", effective.isoformat(), f"删除了自 {effective} 起施行的版本。"))
        notices.append(Notice("", f"删除了自 {effective} 起施行的版本:按它办理的申请的期限会改按其他版本计算。"
                                  "已经施行的版本应当保留。"))
    return EntryChange(KIND, POLICY, named, MODIFIED, POLICY, POLICY, (), tuple(items), tuple(notices))


def _compared(a: Version, b: Version) -> list[ItemChange]:
    """What `b` says differently from `a`, each a sentence ending with when `b` takes effect."""
    since = f",自 {b.effective} 起施行。"
    said = [*_regulation(a, b), *_articles(a, b), *_sharing(a, b), *_steps(a, b), *_routes(a, b), *_limits(a, b, since),
            *_scoring(a, b)]
    return [ItemChange("modified", key, text if text.endswith("施行。") else text + since) for key, text in said]


def _regulation(a: Version, b: Version):
    if a.regulation != b.regulation:
        yield "regulation", f"依据的规定由{a.regulation.name}(简称「{a.regulation.short}」)改为{b.regulation.name}" \
                            f"(简称「{b.regulation.short}」)"


def _articles(a: Version, b: Version):
    for topic, title in _ARTICLE_TOPICS.items():
        old, new = a.article(topic), b.article(topic)
        if old != new:
            yield topic, f"{title}引用的条款由{_shown(old)}改为{_shown(new)}"



def _sharing(a: Version, b: Version):
    for rule in b.sharing:
        was = a.sharing_rule(rule.type)
        for key, label in _SHARING_WORDS.items():
            old, new = (getattr(was, key) if was else ""), getattr(rule, key)
            if old != new:
                yield rule.type, f"「{rule.type}」的{label}由{_shown(old)}改为{_shown(new)}"


def _steps(a: Version, b: Version):
    for status in dict.fromkeys([*(s.status for s in a.steps), *(s.status for s in b.steps)]):
        old, new = a.writer(status), b.writer(status)
        if old != new:
            yield status, f"「{status}」改由{new or '电子政务部门审核人员'}填写(原为{old or '电子政务部门审核人员'})"
        elif a.step_article(status) != b.step_article(status):
            yield status, f"「{status}」引用的条款由{_shown(a.step_article(status))}改为{_shown(b.step_article(status))}"


def _routes(a: Version, b: Version):
    old = {_route_key(r): r for r in a.routes}
    for route in b.routes:
        was = old.pop(_route_key(route), None)
        if was is None:
            yield route.name, f"新增办理路线「{route.name}」:{_route_text(route)}"
            continue
        for status in dict.fromkeys([*was.statuses, *route.statuses]):
            if was.after(status) != route.after(status):
                yield route.name, f"办理路线「{route.name}」中「{status}」之后可接的状态由{_statuses(was.after(status))}" \
                                  f"改为{_statuses(route.after(status))}"
        if was.reviewer != route.reviewer:
            yield route.name, f"办理路线「{route.name}」的审核部门由{was.reviewer}改为{route.reviewer}"
        if was.article != route.article:
            yield route.name, f"办理路线「{route.name}」引用的条款由{_shown(was.article)}改为{_shown(route.article)}"
    for route in old.values():
        yield route.name, f"取消办理路线「{route.name}」"


def _route_key(route: Route) -> tuple:
    return route.kinds, route.data


def _route_text(route: Route) -> str:
    return ";".join(f"「{status}」之后{_statuses(following)}" for status, following in route.next)


def _limits(a: Version, b: Version, since: str):
    old = {limit.id: limit for limit in a.limits}
    for limit in b.limits:
        was = old.pop(limit.id, None)
        named = f"{limit.article} {limit.scope}{limit.name}".strip()
        if was is None:
            yield limit.id, f"{named}:新增,{limit.who}应在收到{limit.start_noun}之日起 {limit.span}内{limit.act}"
            continue
        if (was.days, was.calendar) != (limit.days, limit.calendar):
            yield limit.id, f"{named}由 {was.span}改为 {limit.span}{since}"
        for field in fields(Limit):
            key = field.name
            if key in _LIMIT_WORDS and getattr(was, key) != getattr(limit, key):
                before, after = _shown(getattr(was, key)), _shown(getattr(limit, key))
                yield limit.id, f"{named}的{_LIMIT_WORDS[key]}由{before}改为{after}"
    for limit in old.values():
        yield limit.id, f"{limit.article} {limit.scope}{limit.name}取消".strip()


def _scoring(a: Version, b: Version):
    for title, was, now in zip(_MEASURES, a.scoring.measures, b.scoring.measures, strict=True):
        old, new = {"weight": was.weight, **dict(was.points)}, {"weight": now.weight, **dict(now.points)}
        for key in dict.fromkeys([*old, *new]):
            if old.get(key) != new.get(key):
                yield title, f"年度报告「{title}」的{_POINTS.get(key, key)}由 {_shown(old.get(key))} 改为 {_shown(new.get(key))}"
    for cycle in dict.fromkeys([*dict(a.scoring.windows), *dict(b.scoring.windows)]):
        if a.window(cycle) != b.window(cycle):
            yield cycle, f"更新周期「{cycle}」允许的天数由 {_shown(a.window(cycle))} 改为 {_shown(b.window(cycle))}"
    if a.scoring.clauses != b.scoring.clauses:
        yield "rectification", "应整改事项由" + _clauses(a) + "改为" + _clauses(b)


def _clauses(version: Version) -> str:
    return "、".join(f"第({c.clause})项" for c in version.scoring.clauses) or "(无)"


def _statuses(statuses) -> str:
    return "、".join(f"「{s}」" for s in statuses) or "无(办理结束)"


def _shown(value) -> str:
    if value is None or value == "" or value == ():
        return "(无)"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, tuple):
        return "、".join(str(v) for v in value)
    return f"「{value}」" if isinstance(value, str) else str(value)
