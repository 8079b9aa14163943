"""The Excel route under its first name: `catalog import` / `catalog export` and their tests import from here.

The code lives in the package `generator.excel` (see its docstring for the modules); this module
only re-exports its public names, so existing imports keep working.
"""

from .excel import (
    EXPORT_HEADER,
    ITEM_COLUMNS,
    ITEM_HEADER,
    ITEM_SHEET,
    MAIN_COLUMNS,
    MAIN_SHEET,
    MODELINE,
    PATHS,
    Column,
    ExportResult,
    ImportResult,
    RowProblem,
    entry_text,
    export_xlsx,
    import_xlsx,
    report_lines,
)

__all__ = [
    "EXPORT_HEADER", "ITEM_COLUMNS", "ITEM_HEADER", "ITEM_SHEET", "MAIN_COLUMNS", "MAIN_SHEET", "MODELINE", "PATHS",
    "Column", "ExportResult", "ImportResult", "RowProblem", "entry_text", "export_xlsx", "import_xlsx", "report_lines",
]
