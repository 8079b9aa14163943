"""Names vulture cannot see used (tests/test_gates.py passes this file to it).

Page views are read by the Jinja templates in site_templates/pages/, the page-bodies plugin by
mkdocs, and the scanner's handler by expat: none of them through Python code vulture can follow.
"""

# ruff: noqa: B018 - a vulture allowlist is a list of bare expressions

from generator.intake.excel import scan
from generator.site import pagebodies, render

scan.expat.XMLParserType.StartElementHandler
pagebodies.Bodies.on_page_content
render.LinkView.href
render.UseView.since
render.ResourceView.sharing_class
render.ResourceView.provider_name
render.ResourceView.provider_href
render.ResourceView.created
render.ResourceView.request_href
render.ResourceView.report_href
