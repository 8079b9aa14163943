"""Rows to resources: one row per resource, or one row per info item under the resource's own row.

Units keep info items in two ways on the 资源目录 sheet itself: the resource's cells merged down
over its item rows (the national template), or filled on its first row and left blank below (the
usual WPS layout). Both read as one resource here. A later row starts a new resource only when it
names one (a code or a name of its own); a later row that changes another of the resource's cells
is reported, never silently dropped or taken as a new resource.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .columns import ITEM_KEYS
from .sheets import Table, is_filled

_IDENTITY = ("code", "name")  # what names a resource: a row with its own starts the next one


@dataclass
class Record:
    """One resource as the sheet holds it: its first row, every row of it, and cells that disagree with the first."""

    first: int  # the Excel row of the resource's own cells
    cells: list  # that row's cells
    rows: list[tuple[int, list]] = field(default_factory=list)  # (Excel row, cells), the first row included
    conflicts: list[tuple[int, int]] = field(default_factory=list)  # (Excel row, column index)


def group_rows(table: Table) -> list[Record]:
    """The resources of a table: a row each, unless the sheet has info-item columns (then rows group)."""
    item_columns = {i for i, key in table.keys.items() if key in ITEM_KEYS}
    records: list[Record] = []
    for number, cells in table.rows:
        current = records[-1] if records and item_columns else None
        if current is None or _names_another(table, current.cells, cells):
            records.append(Record(number, cells, [(number, cells)]))
            continue
        current.rows.append((number, cells))
        current.conflicts += [(number, i) for i in _resource_columns(table, item_columns)
                              if _cell(cells, i) is not None and _cell(cells, i) != _cell(current.cells, i)]
    return records


def _names_another(table: Table, first: list, row: list) -> bool:
    """Whether a row gives a code or name of its own: it is then the next resource, not an item row."""
    columns = [i for i, key in table.keys.items() if key in _IDENTITY]
    return any(_cell(row, i) is not None and _cell(row, i) != _cell(first, i) for i in columns)


def _resource_columns(table: Table, item_columns: set[int]) -> list[int]:
    return [i for i, key in table.keys.items() if i not in item_columns and key != "number"]


def _cell(cells: list, index: int):
    """A cell's value as compared between rows; None for an empty or placeholder cell."""
    cell = cells[index] if index < len(cells) else None
    return cell.value if cell is not None and is_filled(cell) else None
