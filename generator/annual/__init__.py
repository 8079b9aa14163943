"""The annual sharing report (Art. 27, 28, 30, 32): citywide figures, unit scores, rectifications.

Data only: frozen records of plain values (numbers, ISO dates, Chinese labels) that a template,
a CSV or a workbook shows as they are. Every figure counts events by their own dates from
1 January to `as_of` (31 December, or the build date while the year runs): a request's
statuses, an entry's 发布日期 and 数据更新日期, a report's 反馈/核实/纠正 dates. Statuses dated
after `as_of` are cut off before anything is judged, so a year's figures never include what
happened after it, whichever files they are computed from (see snapshot.py).

Scores are computed with exact fractions and rounded half up to one decimal, so the same
catalog always gives the same scores, and a reader can redo them by hand (docs/report.md).

The package reads in pipeline order: `facts` cuts the catalog at `as_of`, `figures` computes
the report from it, `advice` words the suggestions and rectifications, `records` holds what
comes out and `tables` lays it out for CSV and worksheets. Import from `generator.annual`;
the submodules are its parts, not its interface.
"""

from ..model.freshness import IRREGULAR
from .advice import SHOWN
from .figures import BUCKETS, DATABASES, SHARING_TYPES, annual_report
from .records import (
    AnnualReport,
    Citywide,
    Evidence,
    Item,
    Late,
    Quality,
    Quantity,
    Rectification,
    Reviews,
    Stale,
    Tally,
    Timeliness,
    UnitReport,
    Usage,
)
from .tables import RECTIFICATION_HEADER, UNIT_HEADER, Table, citywide_figures, report_rows

__all__ = [
    "BUCKETS", "DATABASES", "IRREGULAR", "RECTIFICATION_HEADER", "SHARING_TYPES", "SHOWN", "UNIT_HEADER",
    "AnnualReport", "Citywide", "Evidence", "Item", "Late", "Quality", "Quantity", "Rectification",
    "Reviews", "Stale", "Table", "Tally", "Timeliness", "UnitReport", "Usage", "annual_report", "citywide_figures",
    "report_rows",
]
