"""Text a unit wrote is shown as text on every page of the site, never read as Markdown (STYLE.md 11).

Every line of PAYLOAD is something Markdown, or an extension mkdocs.yml enables or might enable,
turns into elements. The first did: a fence with attributes in a legal-basis excerpt or a
request's reason became `<div id="__config">` on the home page, the lists and the report, and
the theme, which reads its settings from #__config, stopped, search with it. Here every unit-written field
that reaches a page carries the whole payload after a tag naming the field. The site is built
once so and once with plain text of the same length; every page must have the same elements,
the theme's #__config alone, nothing active, and each payload shown exactly as it was written.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from casetools import TODAY
from casetools import make_repo as make_catalog_repo
from mkdocs.exceptions import PluginError
from requestfixture import add_requests

from generator.annual import annual_report
from generator.model.catalog import (
    FOUND_TRUE,
    Feedback,
    LegalBasis,
    Link,
    Wanted,
    catalog_from,
    load_catalog,
    with_feedback,
    with_requests,
)
from generator.model.history import Told
from generator.site import pages
from generator.site.build import publish
from generator.site.pagebodies import MARK, Bodies
from generator.site.render import environment

PROJECT = Path(__file__).parent.parent
PAYLOAD = "\n".join([
    "```{#__config .md-dialog}", "x", "```",  # pymdownx.superfences: <div id="__config">, the reported attack
    "~~~{#cd-evil-tilde .cd-evil}", "y", "~~~",
    "# 标题 {#cd-evil-heading}", "标题二", "===", "***",
    '!!! danger "cd-evil-admonition"', "    告警",  # admonition
    '??? note "cd-evil-details"', "    详情",  # pymdownx.details
    "", "    缩进成代码",
    "| a | b |", "|---|---|", "| c | d |",
    "*[HTML]: cd-evil-abbr", "脚注[^1]", "[^1]: cd-evil-footnote",
    "> 引用", "- 列表", "1. 编号",
    '文字 {: #cd-evil-attr .cd-evil onclick="alert(1)" }',  # attr_list
    "[点我](javascript:alert(1)) ![图](https://evil.example/x.png) <https://evil.example/>",
    "*斜体* _下划线_ **粗体** `代码` ~~删除~~ ==标记== ^^插入^^",
    '<div markdown="1" id="cd-evil-html">*x*</div><script>alert(1)</script>',
    "&lt;b&gt; &amp; &#x3C;",  # entities stay as typed, not decoded
    "\x02wzxhzdk:0\x03",  # Python-Markdown's placeholder for set-aside raw HTML
])
# The fields whose text is on some page; the others filled in (duty basis, step and report notes) are only in downloads.
SHOWN = {
    "unit.name", "unit.short_name", "unit.contact", "resource.name", "resource.summary", "resource.department",
    "resource.keyword", "resource.format_detail", "resource.conditions", "item.name", "item.description",
    "basis.law", "basis.article", "basis.excerpt", "link.title", "request.purpose", "request.reason",
    "request.item", "step.reason", "feedback.problem", "feedback.description", "change.subject",
}


def hostile(field: str) -> str:
    """The payload, tagged with the field it is put in."""
    return f"【{field}】\n{PAYLOAD}"


def plain(field: str) -> str:
    """Text as long as hostile(field) (charts cut long labels alike), with nothing Markdown could read."""
    return f"【{field}】\n" + re.sub(r"[^\n]", "a", PAYLOAD)


def site_repo(tmp: Path) -> Path:
    """The fixture catalog and its requests, with the project's site configuration and templates."""
    root = add_requests(make_catalog_repo(tmp))
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "docs", root / "docs")
    shutil.copytree(PROJECT / "site_templates", root / "site_templates")
    return root


def catalog_with(root: Path, text):
    """The fixture catalog with text(field) in every free-text field a unit writes; feedback added."""
    catalog = load_catalog(root, today=TODAY)
    units = tuple(dataclasses.replace(u, name=u.name + text("unit.name"), contact=text("unit.contact"),
                                      short_name=u.short_name + text("unit.short_name")) for u in catalog.units)
    by_id = {u.id: u for u in units}
    resources = [_resource_with(r, text, by_id) for r in catalog.resources]
    joined = catalog_from(units, resources, catalog.classes, catalog.policy)
    requests = with_requests(joined, [_request_with(q, text, by_id, joined) for q in catalog.requests])
    return with_feedback(requests, [_feedback(text, by_id, requests)])


def _resource_with(r, text, units: dict):
    """A resource with text(field) in its texts, and a javascript: link among its links."""
    basis = tuple(LegalBasis(text("basis.law"), text("basis.article"), text("basis.excerpt")) for _ in r.legal_basis)
    return dataclasses.replace(
        r, provider=units[r.provider.id], name=r.name + text("resource.name"), summary=text("resource.summary"),
        department=text("resource.department"), keywords=(text("resource.keyword"),),
        format_detail=text("resource.format_detail"), conditions=text("resource.conditions") if r.conditions else "",
        items=tuple(i._replace(name=i.name + text("item.name"), description=text("item.description")) for i in r.items),
        legal_basis=basis, links=(Link(text("link.title"), "https://example.org/a"),
                                  Link(text("link.title"), "javascript:alert(1)")))


def _request_with(q, text, units: dict, catalog):
    """A request with text(field) in its purpose, reason, duty basis, the items it asks for, its steps."""
    return dataclasses.replace(
        q, applicant=units[q.applicant.id], approver=units[q.approver.id] if q.approver else None,
        purpose=text("request.purpose"), reason=text("request.reason") if q.reason else "",
        duty_basis=tuple(LegalBasis(text("duty.law"), text("duty.article"), "") for _ in q.duty_basis),
        wanted=tuple(Wanted(catalog.by_code[w.resource.code], tuple(n + text("request.item") for n in w.items))
                     for w in q.wanted),
        history=tuple(dataclasses.replace(s, reason=text("step.reason") if s.reason else "", note=text("step.note"))
                      for s in q.history))


def _feedback(text, units: dict, catalog) -> Feedback:
    """A report found true and not corrected: it shows on its resource page and in the annual report."""
    resource = catalog.by_code["430700-007-Y09-0001"]
    return Feedback(path="feedback/2026/JC-2026-0001.yaml", id="JC-2026-0001", reporter=units["gaj"],
                    resource=resource, problem=text("feedback.problem"), description=text("feedback.description"),
                    reported="2026-04-01", verified="2026-04-10", verdict=FOUND_TRUE, corrected="",
                    note=text("feedback.note"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    """The site built with the payloads (hostile) and with plain text of the same length (plain)."""
    tmp = tmp_path_factory.mktemp("markdown")
    root = site_repo(tmp)
    for name, text in (("hostile", hostile), ("plain", plain)):
        catalog = catalog_with(root, text)
        histories = {r.path: (Told("2026-05-01", text("change.subject")),) for r in catalog.resources}
        reports = [annual_report(catalog, TODAY.year, TODAY)]
        assert publish(root, catalog, histories, tmp / name, today=TODAY, reports=reports) == []
    return tmp / "hostile", tmp / "plain"


class Parsed(HTMLParser):
    """What a browser builds from a page: its elements, their attributes, and the text a reader sees."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[str, ...]]] = []  # (tag, attribute names), in document order
        self.attributes: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.text: list[str] = []
        self.hidden = 0  # inside <script>, <style> or a chart's <svg> (charts cut and clean their labels)
        self.feed(path.read_text(encoding="utf-8"))
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(name for name, _ in attrs)))
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self.hidden += tag in ("script", "style", "svg")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style", "svg")

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)

    def words(self) -> str:
        """The visible text, white space collapsed as a browser shows it."""
        return " ".join("".join(self.text).split())


def html_pages(site: Path) -> list[str]:
    """Every HTML page of a site, relative to it."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_every_page_has_the_elements_plain_text_gives(sites):
    """No element, attribute or script comes from a payload: the same as with text Markdown cannot read."""
    hostile, plain = sites
    pages = html_pages(hostile)
    assert pages == html_pages(plain)
    for page in ("index.html", "nonshared/index.html", "shared/index.html", "shared/overdue/index.html",
                 "catalog/index.html", "units/index.html", "units/mzj/index.html", "classes/Y09/index.html",
                 f"reports/{TODAY.year}/index.html", "resources/430700-007-Y09-0002/index.html"):
        assert page in pages, page
    for page in pages:
        assert Parsed(hostile / page).elements == Parsed(plain / page).elements, page


def test_the_themes_config_is_the_only_one_and_no_id_or_class_is_a_units(sites):
    """`#__config` is the theme's script alone (its JavaScript reads it); no id or class a payload names."""
    for page in html_pages(sites[0]):
        attributes = Parsed(sites[0] / page).attributes
        assert [tag for tag, name, value in attributes if name == "id" and value == "__config"] == ["script"], page
        chosen = [f"<{tag} {name}={value!r}>" for tag, name, value in attributes
                  if name in ("id", "class") and ("evil" in value or "{" in value)]
        assert chosen == [], page
        assert not [tag for tag, name, _ in attributes if name == "markdown"], page


def test_nothing_active_comes_from_unit_text(sites):
    """No event handler, and no javascript:, data: or vbscript: address, on any page."""
    for page in html_pages(sites[0]):
        active = [f"<{tag} {name}={value!r}>" for tag, name, value in Parsed(sites[0] / page).attributes
                  if name.startswith("on") or (name in ("href", "src", "action", "formaction")
                                               and re.match(r"\s*(javascript|data|vbscript):", value, re.I))]
        assert active == [], page


def test_every_payload_is_shown_exactly_as_written(sites):
    """Wherever a field's text is shown, all of its payload follows as text: no mark-up read, none lost."""
    expected, seen = " " + " ".join(PAYLOAD.split()), set()
    for page in html_pages(sites[0]):
        words = Parsed(sites[0] / page).words()
        for tag in re.finditer(r"【([a-z_.]+)】", words):
            seen.add(tag.group(1))
            assert words[tag.end():].startswith(expected), (page, tag.group(1), words[tag.end():tag.end() + 120])
    assert seen >= SHOWN, sorted(SHOWN - seen)


def test_the_search_documents_hold_the_payloads_as_written(sites):
    """Search shows a unit's title and note as text (search.js builds its results with textContent): the documents
    keep the payload exactly, in the same places as the plain text of the same length."""
    hostile, plain = ([doc for chunk in sorted((site / "search").glob("*/d/*.json"), key=lambda p: int(p.stem))
                       for doc in json.loads(chunk.read_text(encoding="utf-8"))] for site in sites)
    assert [doc[0] for doc in hostile] == [doc[0] for doc in plain]
    shown = [doc for doc in hostile if "```{#__config .md-dialog}" in doc[1]]
    assert shown and all(" ".join(PAYLOAD.split()) in " ".join(doc[1].split()) for doc in shown)


# --- the stub and the plugin that put a body in place of it ---------------------------------


@dataclasses.dataclass
class _File:
    src_uri: str


@dataclasses.dataclass
class _Page:
    file: _File


def test_a_staged_page_is_a_stub_and_its_body_goes_round_markdown(tmp_path):
    view = {"units": [], "method_href": "../quality/"}
    env, page = environment(), pages.Page("units/index.md", "编目单位", "units.html", view)
    bodies = pages.write_pages(env, [page], tmp_path)
    assert (tmp_path / "units/index.md").read_text(encoding="utf-8") == f'---\ntitle: "编目单位"\n---\n\n{MARK}\n'
    assert bodies == {"units/index.md": pages.staged_body(env, page)}
    assert bodies["units/index.md"].startswith('<div class="cd-units">')


def test_the_plugin_puts_each_body_in_and_refuses_anything_but_the_marker():
    plugin = Bodies({"a/index.md": "<p>甲</p>", "b/index.md": "<p>乙</p>"})
    assert plugin.on_page_content(f"<p>{MARK}</p>\n", _Page(_File("a/index.md")), None, None) == "<p>甲</p>"
    assert plugin.on_page_content("<p>手写</p>", _Page(_File("format.md")), None, None) == "<p>手写</p>"
    with pytest.raises(PluginError):
        plugin.on_page_content(f"<h1>x</h1><p>{MARK}</p>", _Page(_File("b/index.md")), None, None)
    assert plugin.missing() == ["b/index.md:页面正文没有放入网站(mkdocs 没有生成这个页面)。"]
