"""Names vulture cannot see used (tests/test_gates.py passes this file to it).

Page views are read by the Jinja templates in site_templates/pages/, ZIP entries by zipfile, the page-bodies plugin by
mkdocs, the scanner's handler by expat, and the page-text reader's handlers by html.parser: none of them
through Python code vulture can follow.
"""

# ruff: noqa: B018 - a vulture allowlist is a list of bare expressions

from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook

from generator.downloads import archive
from generator.intake.excel import scan
from generator.site import pagebodies, render, searchindex

archive.zipfile.ZipInfo.create_system  # read by zipfile when it writes the archive
archive.zipfile.ZipInfo.external_attr
scan.expat.XMLParserType.StartElementHandler
searchindex._Text.handle_starttag
searchindex._Text.handle_endtag
searchindex._Text.handle_data
pagebodies.Bodies.on_page_content
render.LinkView.href
render.UseView.since
render.ResourceView.sharing_class
render.ResourceView.provider_name
render.ResourceView.provider_href
render.ResourceView.created
render.ResourceView.request_href
render.ResourceView.report_href
render.ResourceView.json_href
render.QualityView.maximum
render.QualityView.method_href
Cell.font  # set on the annotated workbook's cells: openpyxl writes them into the file
Cell.alignment
Workbook.active  # the sheet the annotated workbook opens on
