"""What the report asks of a unit: up to three suggestions, and the Art. 32 items to rectify.

Apart from the scores because they answer a different question: the scores say how a unit did,
these say what it should do next, in words a unit can act on, each naming the codes, requests or
reports it is about. Both start from the unit's finished figures (its stale entries, overdue
requests, uncorrected reports), so they name exactly what the scores counted.
"""

from __future__ import annotations

from ..core.policy import LATE, NO_CATALOG, STALE, UNCORRECTED, Limit
from ..model.catalog import Feedback
from ..read.registry import Unit
from .facts import _Year
from .records import Evidence, Item, Late, Quality, Quantity, Rectification, Timeliness, UnitReport, Usage

# The items of the rectification article (Art. 32) the report can establish, their words and the articles
# cited are the sharing rules' (registry/policy.yaml): facts.rules.
SHOWN = 3  # codes or ids named in one suggestion before "等"


def _suggestions(facts: _Year, entries, quantity: Quantity, quality: Quality, timeliness: Timeliness,
                 usage: Usage) -> tuple[str, ...]:
    """At most three, the most serious first: Art. 32 matters, then the quality of entries, then use."""
    q, stale, rules = quality, [s.code for s in timeliness.stale], facts.rules
    undescribed = sum(n for _, n in q.undescribed)
    catalog_article = rules.ref(rules.article("catalog"))
    candidates = (
        (q.uncorrected, _about(f"有 {len(q.uncorrected)} 条经核实属实的数据纠错尚未纠正", q.uncorrected,
                               f"请尽快纠正并记录纠正日期{rules.cite(rules.article('feedback'))}。")),
        *((late, _about(f"有 {len(late)} 个共享申请逾期{limit.act}", late,
                        f"请在接到{limit.start_noun}后 {limit.span}内{limit.act}{limit.object}{rules.cite(limit.article)}。"))
          for limit, late in _late_by_limit(facts, usage.overdue)),
        (not entries, f"本单位尚未编制数据资源目录,请{'按' + catalog_article if catalog_article else ''}编制并提交目录条目。"),
        (stale, _about(f"{len(stale)} 个资源超过声明的更新周期未更新", stale, "请按更新周期更新数据并修改「数据更新日期」。")),
        (entries and timeliness.updated_in_year is False,
         f"{facts.year} 年没有发布或更新任何资源,请核对目录是否反映本单位当前的数据。"),
        (entries and not quantity.shared, "本单位的资源全部列为不予共享,请复核不予共享的依据,能共享的调整为共享"
                                          f"{rules.cite(rules.article('types'))}。"),
        (q.missing_department, _about(f"{len(q.missing_department)} 个条目未填写「责任处室」", q.missing_department,
                                      "请补充,便于使用单位联系。")),
        (q.undescribed, _about(f"{len(q.undescribed)} 个条目共 {undescribed} 个信息项缺少「说明」",
                               [code for code, _ in q.undescribed], "请补充信息项的含义和取值。")),
        (q.missing_keywords, _about(f"{len(q.missing_keywords)} 个条目未填写「关键词」", q.missing_keywords,
                                    "请补充,便于检索。")),
        (q.missing_format, _about(f"{len(q.missing_format)} 个条目未写明编码格式的具体格式", q.missing_format,
                                  "请补充。")),
        (q.warnings, f"目录文件有 {q.warnings} 个校验警告,请按校验提示修改。"),
        (quantity.shared and not usage.users, "还没有单位使用本单位的共享数据,请完善资源摘要和关键词,方便其他单位查找和申请。"),
    )
    return tuple(text for applies, text in candidates if applies)[:3]


def _limit_of(facts: _Year, request_id: str) -> Limit | None:
    """The time limit a request was late on (its deciding clock's)."""
    clock = next((r.standing.clock for r in facts.requests if r.request.id == request_id), None)
    return clock.limit if clock else None


def _late_by_limit(facts: _Year, overdue: tuple[Late, ...]) -> list[tuple[Limit, list[str]]]:
    """The late requests' ids grouped by the limit they were late on, in the order first met."""
    groups: dict[Limit, list[str]] = {}
    for late in overdue:
        limit = _limit_of(facts, late.id)
        if limit is not None:
            groups.setdefault(limit, []).append(late.id)
    return list(groups.items())


def _about(lead: str, refs, advice: str) -> str:
    """A suggestion naming its first few codes or ids: 「lead(A、B、C等),advice」."""
    refs = list(refs)
    return f"{lead}({'、'.join(refs[:SHOWN])}{'等' if len(refs) > SHOWN else ''}),{advice}"


def _rectification(facts: _Year, unit: Unit, report: UnitReport) -> Rectification:
    """The items of the rectification article (Art. 32) that apply to a unit, in the order the rules list them."""
    end = facts.end.isoformat()
    found = {
        NO_CATALOG: _catalog_evidence(facts, report.timeliness),
        LATE: tuple(_late_evidence(r, _limit_of(facts, r.id), end) for r in report.usage.overdue),
        STALE: tuple(Evidence(s.code, s.updated, f"「{s.name}」更新周期为{s.cycle},最近更新于 {s.updated}。")
                     for s in sorted(report.timeliness.stale, key=lambda s: s.code)),
        UNCORRECTED: tuple(_error_evidence(f, end) for f in sorted(facts.feedback, key=lambda f: f.id)
                           if f.id in report.quality.uncorrected),
    }
    article = facts.rules.article("rectification")
    items = tuple(Item(c.clause, f"{article}第({c.clause})项", c.text, found[c.finding])
                  for c in facts.rules.scoring.clauses if found[c.finding])
    return Rectification(unit.id, unit.name, items)


def _late_evidence(late: Late, limit: Limit | None, end: str) -> Evidence:
    name, act, unit = (limit.name, limit.act, limit.calendar) if limit else ("期限", "办理", "天")
    return Evidence(late.id, late.deadline, f"{name} {late.deadline}," + (
        f"{late.provided} {act},逾期 {late.days_late} 个{unit}。" if late.provided else
        f"截至 {end} 未{act},已逾期 {late.days_late} 个{unit}。"))


def _catalog_evidence(facts: _Year, timeliness: Timeliness) -> tuple[Evidence, ...]:
    if not timeliness.entries:
        return (Evidence("", "", f"截至 {facts.end.isoformat()} 没有编制任何目录条目。"),)
    if timeliness.updated_in_year is False:
        return (Evidence("", timeliness.last_change,
                         f"{facts.year} 年内没有发布或更新任何资源,最近一次是 {timeliness.last_change}。"),)
    return ()


def _error_evidence(report: Feedback, end: str) -> Evidence:
    resource = report.resource
    return Evidence(report.id, report.verified, f"「{resource.name}」({resource.code}){report.problem}:"
                                                f"{report.reported} 反馈,{report.verified} 核实属实,截至 {end} 未纠正。")
