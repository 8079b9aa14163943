"""The city this catalog serves, in one place: its name, division code and publisher.

A city that adopts the tool changes this module and mkdocs.yml (site name and address) and keeps
its own data, its sharing rules among them (registry/policy.yaml: the regulation, its time limits
and articles); nothing else in the package or the page templates names the city
(tests/test_city.py builds a site under another identity and looks for a trace of this one).
"""

from __future__ import annotations

NAME = "常德市"
DIVISION = "430700"  # 行政区划代码: city-level units' resource codes start with it
PUBLISHER = "常德市数据局"  # publishes the catalog and the downloads
PUBLISHER_ID = "sjj"  # its unit id in the registry
EXAMPLE_UNIT = ("gaj", "常德市公安局", "市公安局")  # how hints show a unit: its id, full name, short name

CATALOG_TITLE = f"{NAME}政府数据资源目录"
SHARED_TITLE = f"{NAME}政府数据资源共享目录"
CLASSES_TITLE = f"{NAME}政府数据资源分类"


def report_title(year: int) -> str:
    """The annual sharing report's title (Art. 30)."""
    return f"{year} 年{NAME}政府数据资源共享报告"


def template_values() -> dict[str, str]:
    """What page templates may print about the city (its regulation is in its sharing rules: `rules` in templates)."""
    return {"name": NAME, "catalog_title": CATALOG_TITLE, "publisher": PUBLISHER}
