"""What the report asks of a unit: up to three suggestions, and the Art. 32 items to rectify.

Apart from the scores because they answer a different question: the scores say how a unit did,
these say what it should do next, in words a unit can act on, each naming the codes, requests or
reports it is about. Both start from the unit's finished figures (its stale entries, overdue
requests, uncorrected reports), so they name exactly what the scores counted.
"""

from __future__ import annotations

from ..model.catalog import Feedback
from ..read.registry import Unit
from .facts import _Year
from .records import Evidence, Item, Quality, Quantity, Rectification, Timeliness, UnitReport, Usage

CLAUSES = {  # Art. 32, the items the report can establish from the catalog
    "一": "未按要求编制或更新本单位数据资源目录",
    "二": "无故拒绝或拖延提供本单位可共享数据",
    "三": "未按规定时限更新本单位数据资源",
    "五": "向共享平台提供的数据和本单位业务数据资源库不一致,或提供的数据不符合有关规范无法使用",
}
SHOWN = 3  # codes or ids named in one suggestion before "等"


def _suggestions(facts: _Year, entries, quantity: Quantity, quality: Quality, timeliness: Timeliness,
                 usage: Usage) -> tuple[str, ...]:
    """At most three, the most serious first: Art. 32 matters, then the quality of entries, then use."""
    q, stale, late = quality, [s.code for s in timeliness.stale], [r.id for r in usage.overdue]
    undescribed = sum(n for _, n in q.undescribed)
    candidates = (
        (q.uncorrected, _about(f"有 {len(q.uncorrected)} 条经核实属实的数据纠错尚未纠正", q.uncorrected,
                               "请尽快纠正并记录纠正日期(办法第二十二条)。")),
        (late, _about(f"有 {len(late)} 个共享申请逾期提供", late, "请在接到通知后 10 个工作日内提供数据(办法第十七条)。")),
        (not entries, "本单位尚未编制数据资源目录,请按办法第十条编制并提交目录条目。"),
        (stale, _about(f"{len(stale)} 个资源超过声明的更新周期未更新", stale, "请按更新周期更新数据并修改「数据更新日期」。")),
        (entries and timeliness.updated_in_year is False,
         f"{facts.year} 年没有发布或更新任何资源,请核对目录是否反映本单位当前的数据。"),
        (entries and not quantity.shared, "本单位的资源全部列为不予共享,请复核不予共享的依据,能共享的调整为共享(办法第九条)。"),
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


def _about(lead: str, refs, advice: str) -> str:
    """A suggestion naming its first few codes or ids: 「lead(A、B、C等),advice」."""
    refs = list(refs)
    return f"{lead}({'、'.join(refs[:SHOWN])}{'等' if len(refs) > SHOWN else ''}),{advice}"


def _rectification(facts: _Year, unit: Unit, report: UnitReport) -> Rectification:
    """The Art. 32 items that apply to a unit, in the order of the article."""
    end = facts.end.isoformat()
    found = {
        "一": _catalog_evidence(facts, report.timeliness),
        "二": tuple(Evidence(r.id, r.deadline, f"提供期限 {r.deadline}," + (
            f"{r.provided} 提供,逾期 {r.days_late} 个工作日。" if r.provided else
            f"截至 {end} 未提供,已逾期 {r.days_late} 个工作日。")) for r in report.usage.overdue),
        "三": tuple(Evidence(s.code, s.updated, f"「{s.name}」更新周期为{s.cycle},最近更新于 {s.updated}。")
                   for s in sorted(report.timeliness.stale, key=lambda s: s.code)),
        "五": tuple(_error_evidence(f, end) for f in sorted(facts.feedback, key=lambda f: f.id)
                   if f.id in report.quality.uncorrected),
    }
    items = tuple(Item(clause, f"第三十二条第({clause})项", CLAUSES[clause], evidence)
                  for clause, evidence in found.items() if evidence)
    return Rectification(unit.id, unit.name, items)


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
