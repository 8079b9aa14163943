"""The annual sharing report as the site, the downloads and the command line show it.

generator.annual computes the figures; this module turns one AnnualReport into a page view (charts
included, as inline SVG), into CSV and XLSX tables, and into a short text summary.
"""

from __future__ import annotations

import datetime
import functools
from collections import Counter

from ..annual import BUCKETS, AnnualReport, citywide_figures, report_rows
from ..check.formats import terminal_text
from ..core import city
from ..downloads.jobs import ExportJob
from ..downloads.tables import table_csv
from ..downloads.workbook import workbook_bytes
from . import charts
from .incremental import digest
from .pages import Page
from .render import unit_href

TABLES = ("citywide", "units", "rectifications")


def report_title(year: int) -> str:
    """The title Art. 30 gives the report."""
    return city.report_title(year)


def report_pages(reports: list[AnnualReport]) -> list[Page]:
    """The list of years and a page per year (newest first)."""
    ordered = sorted(reports, key=lambda r: r.year, reverse=True)
    years = [{"year": r.year, "title": report_title(r.year), "href": f"{r.year}/", "as_of": r.as_of, "final": r.final}
             for r in ordered]
    return ([Page("reports/index.md", "年度共享报告", "reports.html", {"years": years})]
            + [Page(f"reports/{r.year}/index.md", report_title(r.year), "report.html", report_view(r))
               for r in ordered])


def report_view(report: AnnualReport) -> dict:
    """Everything the report page shows, ready to print (pages live two folders deep)."""
    city = report.citywide
    return {
        "year": report.year, "as_of": report.as_of, "final": report.final, "note": report.note,
        "figures": [(label, _shown(value)) for label, value in citywide_figures(city)],
        "charts": report_charts(report),
        "units": [unit_row(u) for u in report.units],
        "rectifications": [{"unit": r.unit_name, "href": unit_href(r.unit_id, 2),
                            "clauses": [{"clause": i.clause, "article": i.article, "label": i.label,
                                       "evidence": [{"ref": e.ref, "date": e.date, "detail": e.detail}
                                                    for e in i.evidence]} for i in r.items]}
                           for r in report.rectifications],
        "downloads": {"xlsx": f"../../downloads/reports/{report.year}.xlsx",
                      "csv": [(report_rows(report)[name].title, f"../../downloads/reports/{report.year}-{name}.csv")
                              for name in TABLES]},
        "method_href": "../../report/",
    }


def unit_row(u) -> dict:
    """One line of the ranking, with the unit's suggestions."""
    return {"rank": u.rank, "name": u.unit_name, "href": unit_href(u.unit_id, 2), "quantity": _shown(u.quantity.score),
            "quality": _shown(u.quality.score), "timeliness": _shown(u.timeliness.score),
            "metadata": _shown(u.quality.metadata) + (f"({r})" if (r := u.quality.metadata_rating) else ""),
            "usage": _shown(u.usage.score), "total": _shown(u.total), "suggestions": list(u.suggestions),
            "resources": u.quantity.shared + u.quantity.nonshared, "users": len(u.usage.users)}


def report_charts(report: AnnualReport) -> list[str]:
    """Resources by class and sharing type, fulfilment times, unit scores: inline SVG."""
    city, year = report.citywide, report.year
    by_class = charts.bar_chart(f"{year} 年末各资源库的资源数", [(t.label, t.count) for t in city.by_database],
                                unit="项", chart_id=f"classes-{year}")
    by_sharing = charts.bar_chart(f"{year} 年末各共享类型的资源数", [(t.label, t.count) for t in city.by_sharing],
                                  unit="项", chart_id=f"sharing-{year}")
    times = charts.histogram(f"{year} 年业务库数据从通知到提供的工作日数", list(city.fulfilment_days), list(BUCKETS),
                             unit="个工作日", chart_id=f"fulfilment-{year}", count_unit="个")
    scores = charts.bar_chart(f"{year} 年各单位总分", [(u.unit_name, u.total) for u in report.units], unit="分",
                              max_value=100, chart_id=f"scores-{year}")
    return [by_class, by_sharing, times, scores]


def report_downloads(report: AnnualReport) -> dict[str, bytes]:
    """The report's tables: one workbook with a sheet per table, and a CSV per table."""
    return {name: report_file(report, name) for name in report_file_names(report.year)}


def report_file_names(year: int) -> list[str]:
    """The download names of a year's report, under downloads/."""
    return [f"reports/{year}.xlsx"] + [f"reports/{year}-{name}.csv" for name in TABLES]


def report_file(report: AnnualReport, name: str) -> bytes:
    """One of the report's downloads (see report_file_names), made alone."""
    tables = report_rows(report)
    if name.endswith(".xlsx"):
        return workbook_bytes(report_title(report.year), datetime.datetime.fromisoformat(report.as_of),
                              [(_sheet(t.title), t.header, t.rows) for t in tables.values()])
    table = tables[name.removesuffix(".csv").rsplit("-", 1)[1]]
    return table_csv(table.header, table.rows)


def report_jobs(reports: list[AnnualReport]) -> list[ExportJob]:
    """The report downloads as keyed jobs: a year's files change only when its figures do."""
    jobs = []
    for report in reports:
        key = digest("report", repr(report))
        jobs += [ExportJob(name, digest(key, name), functools.partial(report_file, report, name))
                 for name in report_file_names(report.year)]
    return jobs


def report_years(catalog, today: datetime.date) -> list[int]:
    """From the first year with a sharing request or error report to this year."""
    dates = [r.proposed for r in catalog.requests] + [f.reported for f in catalog.feedback]
    first = min((int(d[:4]) for d in dates), default=today.year)
    return list(range(min(first, today.year), today.year + 1))


def report_text(report: AnnualReport) -> str:
    """A plain-text summary for the command line: figures, ranking, rectifications.

    Unit names and the note are data, not ours: each line is escaped for the terminal.
    """
    lines = [report_title(report.year), f"统计截止 {report.as_of}。{report.note}", ""]
    lines += [f"{label}:{_shown(value)}" for label, value in citywide_figures(report.citywide)]
    lines += ["", "名次  总分   单位"]
    lines += [f"{u.rank:>4}  {_shown(u.total):>5}  {u.unit_name}" for u in report.units]
    clauses = Counter(item.clause for r in report.rectifications for item in r.items)
    lines += ["", f"应整改:{len(report.rectifications)} 个单位"
              + ("(" + "、".join(f"第{c}项 {n} 个" for c, n in sorted(clauses.items())) + ")" if clauses else "")]
    for r in report.rectifications:
        lines.append(f"  {r.unit_name}:" + ";".join(f"({i.clause}){i.label}" for i in r.items))
    return terminal_text(lines)


def _sheet(title: str) -> str:
    """A worksheet name: Excel allows 31 characters and no []:*?/\\."""
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31]


def _shown(value) -> str:
    if value is None or value == "":
        return "—"  # not known (e.g. removals without last year's catalog)
    if isinstance(value, float):
        return charts.format_number(value)
    return str(value)
