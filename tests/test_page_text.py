"""No Python values in pages: a page shows 「None」, 「True」 or 「[]」 only when a template was handed a raw
value instead of a ready text. Observed before: 「None」 in the 长度 column on 304 of 326 resource pages."""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urljoin, urlsplit

import pytest
import yaml

from generator.site.build import build_site
from generator.site.render import card_columns, issue_link

ROOT = Path(__file__).parent.parent
PYTHON_VALUES = re.compile(r"(?<![A-Za-z_])(None|True|False)(?![A-Za-z_])|\[\]|\{\}")


class _Text(HTMLParser):
    """The text a reader sees: outside code, scripts and styles (a YAML example may show [] on purpose)."""

    SKIPPED = frozenset({"script", "style", "code", "pre", "svg", "template"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.found = 0, []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and PYTHON_VALUES.search(data):
            self.found.append(data.strip()[:80])


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "repo"
    for name in ("registry", "catalog", "nonshared", "requests", "feedback", "docs", "site_templates", "mkdocs.yml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    site = root / "site"
    assert build_site(root, site_dir=site) == []
    return site


def test_no_page_of_the_demo_shows_a_python_value(demo_site):
    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) > 400
    shown = {}
    for page in pages:
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            shown[page.relative_to(demo_site).as_posix()] = parser.found[:3]
    assert shown == {}


def test_the_check_sees_a_python_value(tmp_path):
    parser = _Text()
    parser.feed("<td>18</td><td>None</td><code>keywords: []</code>")
    assert parser.found == ["None"]


def test_the_latest_list_is_sorted_by_the_date_it_shows(demo_site):
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    section = home[home.index('id="latest"'):]
    dates = re.findall(r"<td[^>]*>(\d{4}-\d{2}-\d{2})</td>", section[:section.index("</table>")])
    assert len(dates) == 10 and dates == sorted(dates, reverse=True)
    newest = max(re.search(r"(?m)^updated: \"?(\d{4}-\d{2}-\d{2})", p.read_text(encoding="utf-8")).group(1)
                 for p in (ROOT / "catalog").rglob("*.yaml"))
    assert dates[0] == newest


def test_the_provider_filter_lists_units_in_the_registrys_order(demo_site):
    page = (demo_site / "catalog/index.html").read_text(encoding="utf-8")
    select = page[page.index('id="cd-catalog-unit"'):]
    listed = re.findall(r'<option value="([a-z0-9-]+)"', select[:select.index("</select>")])
    registry = re.findall(r"(?m)^  - id: ([a-z0-9-]+)", (ROOT / "registry/units.yaml").read_text(encoding="utf-8"))
    assert listed == [unit for unit in registry if unit in listed] and listed != sorted(listed)


def test_every_page_carries_the_sites_frame_and_no_theme_credit(demo_site):
    """主办单位, contact and the legal lines from mkdocs.yml on every page; the theme's own credit on none."""
    import yaml

    extra = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]
    lines = [f"主办单位:{extra['organizer']}", f"联系我们:{extra['contact']}", *extra["legal_lines"]]
    for page in sorted(demo_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'class="md-footer' not in text:
            continue  # a fragment, not a page
        assert all(line in text for line in lines), page
        assert "Made with" not in text and "Material for MkDocs" not in text, page


def test_the_not_found_page_is_chinese_with_a_search_and_the_entry_points(demo_site):
    page = (demo_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>页面不存在</h1>" in page and "Not found" not in page
    assert 'action="/catalog/catalog/"' in page and 'name="kw"' in page
    for path in ("/catalog/", "/catalog/catalog/", "/catalog/shared/", "/catalog/nonshared/", "/catalog/units/"):
        assert f'href="{path}"' in page


def test_staff_documents_have_their_own_page_apart_from_the_public_navigation(demo_site):
    """One link in the navigation leads to the staff's page, which lists every staff document; none is in the
    navigation itself (six entries there cost 1.3 KB on every page)."""
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>")]
    assert re.findall(r'<a href="([^"]*)" class="md-nav__link">\s*<span class="md-ellipsis">\s*工作人员文档', nav) == [
        "staff/"]
    staff = (demo_site / "staff/index.html").read_text(encoding="utf-8")
    for title, path in (("目录格式说明", "format"), ("共享规则", "policy"), ("年度共享报告的计算方法", "report"),
                        ("元数据质量评分", "quality"), ("数据接口说明", "api"), ("性能测试", "performance")):
        assert title not in nav and f'<a href="../{path}/">{title}</a>' in staff, title
        assert (demo_site / path / "index.html").is_file()


def test_every_page_has_a_skip_link_to_an_element_it_has(demo_site):
    """Observed before: no skip link on the pages whose body is put in after mkdocs (most of them)."""
    for page in sorted(demo_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'class="md-footer' not in text:
            continue
        links = re.findall(r'<a href="#([^"]+)" class="md-skip">', text)
        assert len(links) == 1, page
        assert f'id="{links[0]}"' in text, page


class _CardTables(HTMLParser):
    """Each card table's column names twice: as its style gives them to the cards (site.css shows them on a phone)
    and as its header shows them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and "cd-cards" in (attributes.get("class") or "").split():
            styled = re.findall(r"--c(\d+):'([^']*)'", attributes.get("style") or "")
            assert [int(n) for n, _ in styled] == list(range(1, len(styled) + 1)), styled
            self.tables.append(([name for _, name in styled], []))
        elif tag == "th" and self.tables and self.cell is None and attributes.get("scope") == "col":
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag == "th" and self.cell is not None:
            self.tables[-1][1].append(self.cell.strip())
            self.cell = None


def test_every_card_table_names_its_columns_as_its_header_does(demo_site):
    """A card on a phone labels each value with the name its table's style gives the column: the same name as the
    header's, for every column, on every page (the labels are written once a table, not in each cell)."""
    checked, wrong = 0, {}
    for page in sorted(demo_site.rglob("*.html")):
        parser = _CardTables()
        parser.feed(page.read_text(encoding="utf-8"))
        checked += len(parser.tables)
        wrong.update({page.relative_to(demo_site).as_posix(): table for table in parser.tables if table[0] != table[1]})
    assert checked > 600 and wrong == {}
    assert "data-label" not in (demo_site / "resources/430700-001-Y14-0003/index.html").read_text(encoding="utf-8")


def test_a_column_name_cannot_leave_its_css_string_or_its_attribute():
    style = card_columns(["序号", "a'b\"c<d>e&f\\g\nh"])
    assert style == " style=\"--c1:'序号';--c2:'a\\27 b\\22 c\\3c d\\3e e\\26 f\\5c g\\a h'\""
    assert not set("\"<>&") & set(style.removeprefix(' style="').removesuffix('"'))


@pytest.mark.parametrize("title", ["共享申请:城乡最低生活保障对象信息", "a&b=c#d+e%f g?h/i", "全角\u3000空格", "方向\u202e标记",
                                   "私用\ue000区", "换行\n回车\r制表\t", "表情😀与扩展区\U00031350", "零宽\u200b连接"])
def test_an_issue_link_keeps_chinese_as_it_is_and_carries_any_title_whole(title):
    """Chinese stays readable and a third the length; anything that could end or split the value, or does not show
    as itself, is percent-encoded. What the browser sends (non-ASCII as UTF-8) gives back the exact title."""
    issues = "https://github.com/changde-data/catalog/issues"
    link = issue_link(issues, "sharing-request.yml", title, "430700-007-Y09-0001")
    assert link.startswith("https://github.com/changde-data/catalog/issues/new?template=sharing-request.yml&title=")
    assert "城乡最低生活保障对象信息" in link or "城乡" not in title
    assert not any(c.isspace() or not c.isprintable() for c in link), link
    sent = "".join(quote(c) if ord(c) > 0x7F else c for c in link)  # as a browser puts the address on the wire
    assert parse_qs(urlsplit(sent).query, keep_blank_values=True) == {
        "template": ["sharing-request.yml"], "title": [title], "resource": ["430700-007-Y09-0001"]}


def _nav_links(page: str) -> list[tuple[str, str]]:
    nav = page[page.index('class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>")]
    return [(href, re.sub(r"<[^>]+>|\s+", "", text))
            for href, text in re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*"[^>]*>(.*?)</a>', nav, re.S)]


def test_a_generated_page_has_every_navigation_link_of_a_mkdocs_page(demo_site):
    """The frame of the generated pages has its navigation links written without the theme's ellipsis span
    (fastpages._slimmed): the same links with the same titles as on the pages mkdocs writes."""
    units = [(urljoin("/units/", href), text)
             for href, text in _nav_links((demo_site / "units/index.html").read_text(encoding="utf-8"))]
    path = sorted((demo_site / "resources").glob("*/index.html"))[0]
    resource = path.read_text(encoding="utf-8")
    assert 'class="md-ellipsis"' not in resource[resource.index('class="md-nav md-nav--primary"'):]
    here = f"/resources/{path.parent.name}/"
    assert [(urljoin(here, href), text) for href, text in _nav_links(resource)] == units
    assert len(units) == 9 and ("/staff/", "工作人员文档") in units


def _description(page: str) -> str:
    return html.unescape(re.search(r'<meta name="description" content="([^"]*)">', page).group(1))


def test_each_generated_page_describes_itself_to_search_engines(demo_site):
    """Observed before: every resource, unit and class page carried the site's one sentence as its description,
    which is what a search engine shows under each of 25,000 links."""
    path = sorted((demo_site / "resources").glob("*/index.html"))[0]
    entries = (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "catalog").rglob("*.yaml"))
    entry = next(data for data in entries if data["code"] == path.parent.name)
    assert _description(path.read_text(encoding="utf-8")) == " ".join(entry["summary"].split())
    unit = _description((demo_site / "units/mzj/index.html").read_text(encoding="utf-8"))
    assert re.fullmatch(r"常德市民政局编目的 \d+ 项政务数据资源", unit), unit
    assert _description((demo_site / "classes/J01/index.html").read_text(encoding="utf-8")).startswith("基础库 · ")
    home = _description((demo_site / "index.html").read_text(encoding="utf-8"))
    assert home.startswith("常德市政务数据资源目录")  # the pages mkdocs writes keep the site's description


def test_a_title_or_description_that_holds_a_mark_or_markup_is_written_as_it_is(tmp_path):
    from generator.site import fastpages

    shell_dir = tmp_path / fastpages.SHELL_DIR
    shell_dir.mkdir(parents=True)
    (shell_dir / "index.html").write_text(
        f'<title>{fastpages.TITLE_MARK}</title><meta name="description" content="{fastpages.DESCRIPTION_MARK}">'
        f'<link rel="canonical" href="https://x/{fastpages.SHELL_DIR}/">'
        f'<div class="cd-shell"><!-- <h1> comes with the body -->{fastpages.BODY_MARK}</div>', encoding="utf-8")
    shell = fastpages.Shell(tmp_path)
    hostile = f'"><script>1</script> {fastpages.TITLE_MARK} {fastpages.SHELL_DIR} {fastpages.DESCRIPTION_MARK}'
    page = shell.fill("resources/X", hostile, "<p>正文</p>", hostile + "\n第二行")
    assert "<script>" not in page and page.count('href="https://x/resources/X/"') == 1
    assert html.unescape(re.search(r"<title>(.*?)</title>", page).group(1)) == hostile
    assert _description(page) == hostile + " 第二行"
