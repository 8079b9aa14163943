"""The report as tables of plain values, for CSV files and worksheets.

One place decides the labels, the column order and how None and yes/no are written, so the
CSV, the workbook and the page's figure list cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from .records import AnnualReport, Citywide, Rectification, Reviews, UnitReport


@dataclass(frozen=True)
class Table:
    """A table for CSV or a worksheet: a title, a header and rows of plain values."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple, ...]


def report_rows(report: AnnualReport) -> dict[str, Table]:
    """The report's tables: 'citywide', 'units' (by rank) and 'rectifications' (one row per evidence)."""
    return {"citywide": Table(f"{report.year} 年全市共享情况", ("指标", "数值"), citywide_figures(report.citywide)),
            "units": Table(f"{report.year} 年各单位评估结果", UNIT_HEADER, tuple(map(_unit_row, report.units))),
            "rectifications": Table(f"{report.year} 年应整改事项(办法第三十二条)", RECTIFICATION_HEADER,
                                    tuple(_rectification_rows(report.rectifications)))}


def citywide_figures(city: Citywide) -> tuple[tuple[str, object], ...]:
    """The citywide figures as (Chinese label, value) pairs, in reading order."""
    return (("年末资源数", city.resources), ("年初资源数", city.resources_at_start), ("本年新增资源", city.new),
            ("本年撤销资源", _cell(city.removed)),
            *((f"{t.label}库资源", t.count) for t in city.by_database),
            *((f"{t.label}资源", t.count) for t in city.by_sharing),
            ("本年共享申请", city.requests_made), ("本年审核通过", city.approved), ("本年驳回", city.rejected),
            ("本年已提供", city.fulfilled), ("业务库数据提供用时中位数(工作日)", _cell(city.median_days)),
            *((f"提供用时 {t.label} 个工作日", t.count) for t in city.fulfilment_chart),
            ("逾期提供的申请", city.overdue),
            *_review_figures("不予共享数据审核", city.reviews), *_review_figures("异议", city.objections),
            ("本年数据纠错反馈", city.feedback_reported), ("核实属实", city.feedback_true),
            ("核实不属实", city.feedback_false), ("本年已纠正", city.feedback_corrected))


def _review_figures(label: str, reviews: Reviews) -> tuple[tuple[str, int], ...]:
    return ((f"本年提出的{label}", reviews.made), (f"{label}:调整为共享", reviews.reclassified),
            (f"{label}:维持不予共享", reviews.upheld), (f"{label}:年末未决", reviews.pending))


UNIT_HEADER = ("名次", "单位", "单位标识", "共享资源", "不予共享资源", "本年新增", "数量得分",
               "条目完整度", "缺责任处室", "缺关键词", "缺具体格式", "缺说明的信息项", "校验警告", "本年纠错反馈",
               "属实未纠正", "质量得分", "元数据质量平均分", "元数据质量等级", "可判断更新的资源", "按期更新", "按期更新比例", "本年更新目录", "更新时效得分",
               "收到申请", "审核通过", "已提供", "按期提供", "逾期", "使用单位数", "使用得分", "总分", "改进意见")
RECTIFICATION_HEADER = ("单位", "单位标识", "条款", "情形", "编号", "日期", "说明")


def _unit_row(u: UnitReport) -> tuple:
    q, t, s = u.quality, u.timeliness, u.usage
    return (u.rank, u.unit_name, u.unit_id, u.quantity.shared, u.quantity.nonshared, u.quantity.new, u.quantity.score,
            q.completeness, len(q.missing_department), len(q.missing_keywords), len(q.missing_format),
            sum(n for _, n in q.undescribed), q.warnings, q.errors_reported, len(q.uncorrected), q.score,
            _cell(q.metadata), q.metadata_rating, t.judged, t.timely, _cell(t.share), _cell(t.updated_in_year), t.score,
            s.received, s.approved, s.fulfilled, s.on_time, len(s.overdue), len(s.users), s.score, u.total,
            "\n".join(u.suggestions))


def _rectification_rows(rectifications: tuple[Rectification, ...]):
    for r in rectifications:
        for item in r.items:
            for e in item.evidence:
                yield (r.unit_name, r.unit_id, item.article, item.label, e.ref, e.date, e.detail)


def _cell(value) -> object:
    """None as an empty cell, yes/no in Chinese."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return value
