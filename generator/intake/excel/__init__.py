"""The Excel route: a unit's catalog to and from a workbook laid out like the national
政务信息资源目录 template (sheet 资源目录, one row per resource; sheet 信息项, one row per item).

Many units keep their catalog in a spreadsheet and never touch YAML. Importing turns each row
into one entry file written as a clerk would write it (schema order, quotes only where the
strict loader needs them); every cell either lands in the entry or is reported in Chinese
with its sheet, row and column, and a row with any problem is not written at all. The
written files then go through `validate` like any pull request. Exporting writes the same
layout, so export -> edit -> import loses nothing.

The modules, in the order a workbook passes through them on import:

- `columns`: the columns of both sheets, and how a header as written is recognised;
- `limits` and `scan`: the caps a workbook must keep before openpyxl reads it (zip, parts, each
  sheet's rows, columns, cells and merges, streamed), and the refusals that name the cause;
- `sheets`: opening the file, finding the sheets and the header row, reading the cells;
- `parsers`: one parser per column, from a cell to an entry value or a located problem;
- `importer`: rows to entries, merged over the unit's existing files, then written;
- `yaml_writer`: `entry_text`, the entry file as text;
- `exporter`: the unit's entries back to a workbook that `importer` reads unchanged;
- `results` and `unit_files`: what both directions report, and the files both read.
"""

from .annotate import annotate, annotated_path
from .columns import EXPORT_HEADER, ITEM_COLUMNS, ITEM_HEADER, ITEM_SHEET, MAIN_COLUMNS, MAIN_SHEET, PATHS, Column
from .exporter import export_xlsx
from .importer import FLAGS, Supplied, import_xlsx, supplied_values
from .results import ExportResult, ImportResult, report_lines, row_ranges, sheet_problem, summary_line
from .yaml_writer import MODELINE, entry_text

__all__ = [
    "EXPORT_HEADER",
    "FLAGS",
    "ITEM_COLUMNS",
    "ITEM_HEADER",
    "ITEM_SHEET",
    "MAIN_COLUMNS",
    "MAIN_SHEET",
    "MODELINE",
    "PATHS",
    "Column",
    "ExportResult",
    "ImportResult",
    "Supplied",
    "annotate",
    "annotated_path",
    "entry_text",
    "export_xlsx",
    "import_xlsx",
    "report_lines",
    "row_ranges",
    "sheet_problem",
    "summary_line",
    "supplied_values",
]
