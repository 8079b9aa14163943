"""The page 「全市政府数据资源目录」 without a browser: its template, and its script's source.

The template is rendered as the build renders page bodies (autoescape, StrictUndefined) with a
small fake context; the script is read as text (no HTML-parsing sink, links only from checked
relative paths) and, where Node.js is installed, its pure functions are run.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from generator.model.catalog import load_catalog
from generator.read.policy import load_policy
from generator.site import pages
from generator.site.render import environment, rules_view

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "site_templates" / "pages"
SCRIPT = ROOT / "site_templates" / "assets" / "catalog.js"
STYLES = ROOT / "site_templates" / "assets" / "catalog.css"

HOSTILE = "<script>alert(1)</script>"
RULES = rules_view(load_policy(ROOT).versions[0])  # the demo's sharing rules, which the shared page cites
COLUMNS = ["资源代码", "数据名称", "提供单位", "资源分类", "共享类型", "编码格式", "更新周期", "数据更新日期"]


@dataclass(frozen=True)
class FakeFacet:
    key: str
    label: str
    options: tuple


def context(**changes) -> dict:
    facets = [
        FakeFacet("unit", "提供单位", (("gaj", "市公安局", 14), ("evil", HOSTILE, 1), ('q"x', 'a"b&c', 2))),
        FakeFacet("db", "资源库类别", (("基础", "基础", 40), ("主题", "主题", 30))),
        FakeFacet("sub", "子类", (("人口", "基础 · 人口", 6), ("法人", "基础 · 法人", 10), ("医疗健康", "主题 · 医疗健康", 5))),
        FakeFacet("sharing", "共享类型", (("无条件共享", "无条件共享", 20), ("不予共享", "不予共享", 3))),
        FakeFacet("format", "编码格式", (("数据库", "数据库", 50),)),
        FakeFacet("cycle", "更新周期", (("每日", "每日", 9), ("每年", "每年", 12))),
    ]
    values = {"index_url": "../assets/catalog-index.json", "csv_url": "../downloads/catalog.csv.zip",
              "xlsx_url": "../downloads/catalog.xlsx", "json_url": "../downloads/catalog.json.zip",
              "items_url": "../downloads/items.csv.zip",
              "total": 326, "facets": facets, "pages": 7,
              "first_rows": [{"code": "430700-006-J01-0001", "name": HOSTILE,
                              "href": "../resources/430700-006-J01-0001/", "unit": "市公安局",
                              "category": "基础 · 人口", "sharing": "有条件共享", "format": "数据库",
                              "cycle": "每日", "updated": "2025-10-31"}]}
    values.update(changes)
    return values


def render(**changes) -> str:
    return environment().get_template("catalog.html").render(**context(**changes))


def shared_context(**changes) -> dict:
    facets = [
        FakeFacet("provider", "提供单位", (("mzj", "市民政局", 2), ("evil", HOSTILE, 1))),
        FakeFacet("user", "使用单位", (("gaj", "市公安局", 1), ('q"x', 'a"b&c', 2))),
        FakeFacet("db", "资源库类别", (("业务", "业务", 2), ("基础", "基础", 1))),
        FakeFacet("state", "状态", (("已提供", "已提供", 1), ("逾期未提供", "逾期未提供", 1))),
        FakeFacet("year", "列入年份", (("2026", "2026 年", 3),)),
    ]
    values = {"index_url": "../assets/shared-index.json", "as_of": "2026-11-24", "total": 3, "facets": facets,
              "figures": {"sharings": 3, "users": 3, "providers": 2, "year": "2026", "requests_this_year": 5,
                          "median_days": "15", "provisions": 1, "overdue_open": 1, "overdue_done": 1},
              "overdue_href": "overdue/", "reviews_href": "../nonshared/#reviews",
              "downloads": {"csv": "../downloads/shared.csv", "xlsx": "../downloads/shared.xlsx",
                            "json": "../downloads/shared.json"},
              "overdue_csv": "../downloads/overdue.csv"}
    values.update(changes)
    return values


def render_shared(**changes) -> str:
    return environment(RULES).get_template("shared.html").render(**shared_context(**changes))


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent, self.children, self.texts = tag, attrs, parent, [], []

    def text(self) -> str:
        return "".join(t if isinstance(t, str) else t.text() for t in self.texts)

    def walk(self):
        for child in self.children:
            yield child
            yield from child.walk()

    def find_all(self, tag: str | None = None, **attrs) -> list[Node]:
        return [n for n in self.walk() if (tag is None or n.tag == tag)
                and all(n.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, **attrs) -> Node:
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class TreeBuilder(HTMLParser):
    VOID = frozenset({"input", "br", "img", "meta", "link", "hr", "source", "wbr", "col"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: ("" if v is None else v) for k, v in attrs}, self.current)
        self.current.children.append(node)
        self.current.texts.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        assert node is not self.root, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data):
        self.current.texts.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.current is builder.root, "unclosed element"
    return builder.root


@pytest.fixture(scope="module")
def page() -> Node:
    return parse(render())


# --- template -------------------------------------------------------------------------------


def test_opens_with_the_catalog_root():
    """The body is the page content as rendered: pagebodies.py puts it in after Markdown, which never reads it."""
    assert render().startswith('<div id="cd-catalog"')


def test_root_names_the_index(page):
    root = page.find(id="cd-catalog")
    assert root.attrs["data-index"] == "../assets/catalog-index.json"


def test_search_form_controls_are_labelled(page):
    form = page.find("form", id="cd-catalog-form")
    assert form.attrs["role"] == "search" and form.attrs.get("aria-label")
    labels = {label.attrs["for"]: label.text().strip() for label in form.find_all("label")}
    controls = form.find_all("input") + form.find_all("select")
    assert controls and all(c.attrs.get("id") in labels for c in controls), "every control needs a <label for>"
    q = form.find("input", id="cd-catalog-q")
    assert q.attrs["name"] == "kw" and labels["cd-catalog-q"] == "关键词"
    assert page.find(id=q.attrs["aria-describedby"]).text()
    expected = {"unit": "提供单位", "db": "资源库类别", "sub": "子类", "sharing": "共享类型",
                "format": "编码格式", "cycle": "更新周期"}
    for key, label in expected.items():
        select = form.find("select", id=f"cd-catalog-{key}")
        assert select.attrs["name"] == key and labels[select.attrs["id"]] == label
        first = select.find_all("option")[0]
        assert first.attrs["value"] == "" and first.text() == "全部"
    size = form.find("select", id="cd-catalog-size")
    assert [o.attrs["value"] for o in size.find_all("option")] == ["20", "50", "100"]
    assert form.find("button", type="submit").text()
    reset = form.find("a", id="cd-catalog-reset")
    assert reset.attrs["href"] == "?" and reset.text().strip()


def test_facet_options_carry_value_and_count(page):
    unit = page.find("select", id="cd-catalog-unit")
    options = unit.find_all("option")[1:]
    assert [o.attrs["value"] for o in options] == ["gaj", "evil", 'q"x']
    assert options[0].text() == "市公安局(14)"
    sub = page.find("select", id="cd-catalog-sub").find_all("option")[1:]
    assert [(o.attrs["value"], o.attrs["data-db"], o.attrs["data-sub"]) for o in sub] == [
        ("人口", "基础", "人口"), ("法人", "基础", "法人"), ("医疗健康", "主题", "医疗健康")]
    assert all("data-db" not in o.attrs for o in page.find("select", id="cd-catalog-db").find_all("option"))


def test_option_text_and_values_are_escaped():
    html = render()
    # The page's own script is the one script element the template may contain.
    assert html.count('<script src="../assets/catalog.js" defer></script>') == 1
    html = html.replace('<script src="../assets/catalog.js" defer></script>', "")
    assert HOSTILE not in html and "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;(1)" in html
    assert 'value="q&#34;x"' in html and "a&#34;b&amp;c(2)" in html
    hostile_url = 'x" onmouseover="alert(1)'
    html = render(csv_url=hostile_url, index_url=hostile_url)
    assert 'onmouseover="' not in html


def test_every_variable_is_required():
    for name in context():
        values = context()
        del values[name]
        env = environment()
        with pytest.raises(UndefinedError):
            env.get_template("catalog.html").render(**values)


def test_status_is_a_polite_live_region(page):
    status = page.find(id="cd-catalog-status")
    assert status.attrs["aria-live"] == "polite" and status.attrs["role"] == "status"
    assert "326" in status.text()


def test_table_structure(page):
    table = page.find("table", id="cd-catalog-table")
    caption = table.find("caption")
    assert caption.text().strip() and caption.attrs["id"] == "cd-catalog-caption"
    scroll = page.find(id="cd-catalog-scroll")
    assert table in scroll.walk()
    # A scrolling region must be reachable by keyboard and named (axe: scrollable-region-focusable).
    assert scroll.attrs["tabindex"] == "0" and scroll.attrs["role"] == "region"
    assert scroll.attrs["aria-labelledby"] == "cd-catalog-caption"
    headers = table.find("thead").find_all("th")
    assert [th.text().strip() for th in headers] == COLUMNS
    for th in headers:
        assert th.attrs["scope"] == "col"
        button = th.find("button")
        assert button.attrs["type"] == "button" and button.attrs["data-sort"]
        assert all(span.attrs.get("aria-hidden") == "true" for span in button.find_all("span")
                   if "cd-sort" in span.attrs.get("class", ""))
    sorted_headers = [th for th in headers if "aria-sort" in th.attrs]
    assert len(sorted_headers) == 1 and sorted_headers[0].attrs["aria-sort"] == "ascending"
    assert sorted_headers[0].text().strip() == "资源代码"
    body = table.find("tbody", id="cd-catalog-body")
    assert len(body.find_all("tr")) == 1  # the first page, from first_rows; the script draws the rest


def test_pager(page):
    pager = page.find("nav", id="cd-catalog-pager")
    assert pager.attrs.get("aria-label")
    assert pager.find("button", id="cd-catalog-prev").text() == "上一页"
    assert pager.find("button", id="cd-catalog-next").text() == "下一页"
    assert all(b.attrs["type"] == "button" for b in pager.find_all("button"))
    assert re.fullmatch(r"第 \d+ / \d+ 页", pager.find(id="cd-catalog-page").text())


def test_noscript_points_to_downloads(page):
    noscript = page.find("noscript")
    hrefs = [a.attrs["href"] for a in noscript.find_all("a")]
    assert "../downloads/catalog.csv.zip" in hrefs and "../downloads/catalog.xlsx" in hrefs
    assert "JavaScript" in noscript.text()


def test_ids_are_unique(page):
    ids = [n.attrs["id"] for n in page.walk() if "id" in n.attrs]
    assert len(ids) == len(set(ids))


# --- script source --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def source() -> str:
    return SCRIPT.read_text(encoding="utf-8")


@pytest.mark.parametrize("sink", ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                                  "eval(", "new Function", "Function(", "createContextualFragment",
                                  "DOMParser", "srcdoc", "setHTML"])
def test_no_html_sink_or_code_from_strings(source, sink):
    assert sink not in source


def test_timers_take_functions_not_strings(source):
    assert not re.search(r"set(?:Timeout|Interval)\(\s*['\"`]", source)


def test_only_href_from_data_and_only_after_checking(source):
    attributes = re.findall(r"\.setAttribute\(\s*([^,]+),", source)
    assert set(attributes) <= {'"href"', '"aria-sort"', '"aria-busy"'}, attributes
    assert attributes.count('"href"') == 1
    # The one href: set from the same value isSafeHref() has just accepted.
    assert re.search(r"if \(isSafeHref\(([\w.\[\]]+)\)\) \{[^}]*?\.setAttribute\(\"href\", \1\);", source)
    assert not re.search(r"\.(?:href|src|action)\s*=", source), "no URL properties set directly"


def test_no_network_but_the_index(source):
    assert source.count("fetch(") == 1
    for word in ("XMLHttpRequest", "WebSocket", "EventSource", "sendBeacon", "import(", "http://", "https://",
                 "localStorage", "document.cookie"):
        assert word not in source, word


@pytest.mark.parametrize("name", ["catalog.html", "shared.html"])
def test_script_finds_the_template_elements(source, name):
    """Both filterable tables carry every element the script looks up (their shared pieces come from _filter.html)."""
    page = render() if name == "catalog.html" else render_shared()
    ids = set(re.findall(r'\$\("([\w-]+)"\)', source))
    assert ids >= {"cd-catalog-form", "cd-catalog-q", "cd-catalog-status", "cd-catalog-body"}
    for element_id in ids:
        assert f'id="{element_id}"' in page, element_id
    for name in re.findall(r'querySelector\("\.(cd-catalog__\w+)"\)', source):
        assert f'class="md-button {name}"' in page or f'class="{name}"' in page, name
    assert 'getElementById("cd-catalog")' in source and "dataset.index" in source


def test_sort_buttons_are_the_sorts_the_script_knows(source):
    catalog = set(re.findall(r'data-sort="(\w+)"', (TEMPLATES / "catalog.html").read_text(encoding="utf-8")))
    block = re.search(r"const SORTS = \{(.*?)\};", source, re.DOTALL).group(1)
    assert catalog == set(re.findall(r"(\w+): \[", block))
    shared = set(re.findall(r'data-sort="(\w+)"', (TEMPLATES / "shared.html").read_text(encoding="utf-8")))
    block = re.search(r"const SHARED = \{.*?sorts: \{(.*?)\},", source, re.DOTALL).group(1)
    assert shared == set(re.findall(r"(\w+): \[", block))
    facets = re.search(r"const SHARED = \{.*?facetKeys: \[(.*?)\]", source, re.DOTALL).group(1)
    page = pages.shared_page(load_catalog(ROOT / "tests/cases/fixture"), datetime.date(2026, 11, 24))
    assert re.findall(r'"(\w+)"', facets) == [facet.key for facet in page.view["facets"]]


def test_the_first_page_is_in_the_page_itself_each_column_labelled_and_escaped():
    """At city scale the index takes seconds on a slow line: the first page of the table comes with the page."""
    page = parse(render())
    rows = page.find("tbody", id="cd-catalog-body").find_all("tr")
    assert len(rows) == 1
    cells = rows[0].find_all("td")
    assert len(cells) == 8 and page.find("table", id="cd-catalog-table").attrs["style"] == (
        "--c1:'资源代码';--c2:'数据名称';--c3:'提供单位';--c4:'资源分类';--c5:'共享类型';--c6:'编码格式';--c7:'更新周期';"
        "--c8:'数据更新日期'")
    assert cells[1].text() == HOSTILE and "<script>" not in render().split("cd-catalog-body")[1].split("</tbody>")[0]
    assert page.find(id="cd-catalog-status").text() == "共 326 条数据资源,按资源代码升序排列,第 1 / 7 页。"


def test_a_pager_sits_above_the_table_and_below_it():
    page = render()
    top, bottom = page.index('id="cd-catalog-pager-top"'), page.index('id="cd-catalog-pager"')
    assert top < page.index('id="cd-catalog-table"') < bottom
    assert 'aria-label="分页(表格上方)"' in page and 'aria-label="分页(表格下方)"' in page


def test_styles_use_material_variables_and_scroll():
    css = STYLES.read_text(encoding="utf-8")
    for variable in ("--md-default-fg-color", "--md-accent-fg-color", "--md-typeset-table-color"):
        assert f"var({variable}" in css
    assert "overflow: auto" in css and "position: sticky" in css  # scrolls from the first row, header kept


# --- script behaviour, in Node.js where available -------------------------------------------

NODE = shutil.which("node")

FIELDS = ["code", "name", "unit", "unit_name", "database", "subclass", "sharing", "format", "cycle", "open",
          "updated", "href"]
ROWS = [
    ["430700-006-J01-0001", "常住人口基本信息", "gaj", "市公安局", "基础", "人口", "有条件共享", "数据库", "每日",
     "不予开放", "2025-10-31", "../resources/430700-006-J01-0001/"],
    ["430700-006-J01-0002", "户籍人口变动信息", "gaj", "市公安局", "基础", "人口", "无条件共享", "数据库", "每日",
     "不予开放", "2025-09-01", "javascript:alert(1)"],
    ["430700-010-Y05-0001", "安全生产许可信息", "yjj", "市应急局", "业务", "安全生产", "无条件共享", "电子表格",
     "每年", "依申请开放", "2024-12-31", "../resources/430700-010-Y05-0001/"],
    ["430700-020-Z03-0001", "北京ＡＢＣ路段 Wi-Fi 点位", "jtj", "市交通运输局", "主题", "交通出行", "有条件共享",
     "接口", "实时", "无条件开放", "2025-01-15", "../resources/430700-020-Z03-0001/"],
]

NODE_SCRIPT = r"""
const m = require(process.argv[1]);
const data = JSON.parse(process.argv[2]);
const index = new m.Index(data);
const codes = (rows) => Array.from(rows, (r) => index.cols.code[r].slice(-8));
const state = (over) => Object.assign(m.parseState("", null), over);
const allowed = { unit: new Set(["gaj", "jtj"]), db: new Set(["基础"]), sub: new Set(["人口"]),
                  sharing: new Set(), format: new Set(), cycle: new Set() };
let missing = null;
try { new m.Index({ fields: ["code"], rows: [] }); } catch (e) { missing = e.message; }
const safe = ["../resources/430700-006-J01-0001/", "../resources/a%20b/", "./x", "x/y#top"];
const unsafe = ["javascript:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)", "JAVASCRIPT:x",
  "data:text/html,x", "//evil.example/x", "/\\evil.example", "\\\\evil", "https://evil.example/",
  "/resources/x/", "", "../x\n", "vbscript:x", "..\\x", "../x?y=1", null, 42];
console.log(JSON.stringify({
  safe: safe.map(m.isSafeHref), unsafe: unsafe.map(m.isSafeHref),
  byCode: codes(index.filter(state({}), "")),
  byName: codes(index.filter(state({ sort: "name" }), "")),
  byNameDesc: codes(index.filter(state({ sort: "-name" }), "")),
  byUnitDesc: codes(index.filter(state({ sort: "-unit_name" }), "")),
  byUpdated: codes(index.filter(state({ sort: "updated" }), "")),
  lower: codes(index.filter(state({ q: "j01" }), "")),
  chinese: codes(index.filter(state({ q: "人口" }), "")),
  unitName: codes(index.filter(state({ q: "应急" }), "")),
  fullWidth: codes(index.filter(state({ q: "abc wi-fi" }), "")),
  twoTerms: codes(index.filter(state({ q: "人口 变动" }), "")),
  acrossFields: codes(index.filter(state({ q: "信息市" }), "")),
  facets: codes(index.filter(state({ unit: "gaj", sharing: "无条件共享" }), "")),
  sub: codes(index.filter(state({ db: "基础" }), "人口")),
  parsed: m.parseState("?kw=%E4%BA%BA%E5%8F%A3&unit=nope&db=%E5%9F%BA%E7%A1%80&sort=-name&page=3&size=100", allowed),
  parsedOld: m.parseState("?q=%E4%BA%BA%E5%8F%A3", allowed),
  parsedBad: m.parseState("?unit=gaj&sort=bogus&page=-1&size=7&sub=<x>", allowed),
  search: m.stateToSearch(state({ q: "人口", unit: "gaj", sort: "-updated", page: 2, size: 20 }), "?h=x&page=9"),
  searchDefault: m.stateToSearch(state({}), ""),
  missing: missing,
  beforeItems: codes(index.filter(state({ q: "护照" }), "")),
  afterItems: (index.addColumn("items", ["姓名、护照号码", "", "", ""]), codes(index.filter(state({ q: "护照" }), ""))),
  wrongLength: (() => { try { index.addColumn("items", ["x"]); return null; } catch (e) { return e.message; } })(),
}));
"""


@pytest.fixture(scope="module")
def node_results() -> dict:
    if NODE is None:
        pytest.skip("Node.js is not installed")
    data = json.dumps({"fields": FIELDS, "rows": ROWS}, ensure_ascii=False)
    done = subprocess.run([NODE, "-e", NODE_SCRIPT, str(SCRIPT), data], capture_output=True, text=True,
                          timeout=60, check=True)
    return json.loads(done.stdout)


def test_node_accepts_only_relative_paths(node_results):
    assert node_results["safe"] == [True] * 4
    assert node_results["unsafe"] == [False] * 17


def test_node_sorting(node_results):
    assert node_results["byCode"] == ["J01-0001", "J01-0002", "Y05-0001", "Z03-0001"]
    # Pinyin order under zh-Hans-CN: 安 (an), 北 (bei), 常 (chang), 户 (hu).
    assert node_results["byName"] == ["Y05-0001", "Z03-0001", "J01-0001", "J01-0002"]
    assert node_results["byNameDesc"] == ["J01-0002", "J01-0001", "Z03-0001", "Y05-0001"]
    # Ties (both 市公安局) keep code order in descending sorts too.
    assert node_results["byUnitDesc"] == ["Y05-0001", "Z03-0001", "J01-0001", "J01-0002"]
    assert node_results["byUpdated"] == ["Y05-0001", "Z03-0001", "J01-0002", "J01-0001"]


def test_node_info_items_arrive_apart_and_join_the_keyword_search(node_results):
    """The items are a file of their own (three fifths of the index at city scale): a keyword finds them once added."""
    assert node_results["beforeItems"] == []
    assert node_results["afterItems"] == ["J01-0001"]
    assert "行数不符" in node_results["wrongLength"]


def test_node_keyword_search(node_results):
    assert node_results["lower"] == ["J01-0001", "J01-0002"]
    assert node_results["chinese"] == ["J01-0001", "J01-0002"]
    assert node_results["unitName"] == ["Y05-0001"]
    assert node_results["fullWidth"] == ["Z03-0001"]
    assert node_results["twoTerms"] == ["J01-0002"]
    assert node_results["acrossFields"] == [], "a keyword must not match across two fields"


def test_node_facets(node_results):
    assert node_results["facets"] == ["J01-0002"]
    assert node_results["sub"] == ["J01-0001", "J01-0002"]


def test_node_url_state(node_results):
    parsed = node_results["parsed"]
    assert parsed["q"] == "人口" and parsed["unit"] == "" and parsed["db"] == "基础"
    assert (parsed["sort"], parsed["page"], parsed["size"]) == ("-name", 3, 100)
    bad = node_results["parsedBad"]
    assert (bad["unit"], bad["sub"], bad["sort"], bad["page"], bad["size"]) == ("gaj", "", "code", 1, 50)
    search = node_results["search"]
    assert search.startswith("?h=x&") and "page=9" not in search
    assert "kw=%E4%BA%BA%E5%8F%A3" in search and "q=" not in search  # the theme's search reads q: never written
    assert node_results["parsedOld"]["q"] == "人口"  # a link written with ?q= before still opens its view
    assert "unit=gaj" in search and "sort=-updated" in search and "page=2" in search and "size=20" in search
    assert node_results["searchDefault"] == ""
    assert node_results["missing"].startswith("索引缺少字段")


# --- the shared catalog's table (shared.html, the "shared" table of catalog.js) ---------------


@pytest.fixture(scope="module")
def shared_page() -> Node:
    return parse(render_shared())


def test_shared_opens_with_its_figures():
    assert render_shared().startswith('<div class="cd-shared">')


def test_shared_root_names_its_index_and_table(shared_page):
    root = shared_page.find(id="cd-catalog")
    assert (root.attrs["data-index"], root.attrs["data-table"]) == ("../assets/shared-index.json", "shared")


def test_shared_filters_are_labelled_selects(shared_page):
    form = shared_page.find("form", id="cd-catalog-form")
    assert form.attrs["role"] == "search" and form.attrs["aria-label"] == "筛选共享目录"
    labels = {label.attrs["for"]: label.text().strip() for label in form.find_all("label")}
    assert all(c.attrs.get("id") in labels for c in form.find_all("input") + form.find_all("select"))
    expected = {"provider": "提供单位", "user": "使用单位", "db": "资源库类别", "state": "状态", "year": "列入年份"}
    for key, label in expected.items():
        select = form.find("select", id=f"cd-catalog-{key}")
        assert select.attrs["name"] == key and labels[f"cd-catalog-{key}"] == label
    assert [o.text() for o in form.find("select", id="cd-catalog-year").find_all("option")] == ["全部", "2026 年(3)"]


def test_shared_table_columns_and_initial_sort(shared_page):
    headers = shared_page.find("table", id="cd-catalog-table").find("thead").find_all("th")
    assert [th.text().strip() for th in headers] == ["申请编号", "数据资源", "提供单位", "使用单位", "资源库类别",
                                                      "共享信息项", "列入日期", "状态"]
    assert [th.attrs.get("aria-sort") for th in headers if "aria-sort" in th.attrs] == ["descending"]
    assert all(th.attrs["scope"] == "col" for th in headers)


def test_shared_figures_and_links(shared_page):
    figures = [li.text() for li in shared_page.find("ul", class_="cd-figures").find_all("li")]
    assert figures[0] == "3 项已列入的共享" and "15 个工作日" in figures[4]
    assert figures[5] == "1 个逾期未提供(另有 1 个逾期提供)"
    hrefs = {a.attrs["href"] for a in shared_page.find_all("a")}
    assert {"overdue/", "../nonshared/#reviews", "../downloads/shared.csv", "../downloads/shared.xlsx",
            "../downloads/shared.json", "../downloads/overdue.csv"} <= hrefs
    noscript = {a.attrs["href"] for a in shared_page.find("noscript").find_all("a")}
    assert {"../downloads/shared.csv", "overdue/"} <= noscript


def test_shared_options_are_escaped_and_every_variable_required():
    html = render_shared().replace('<script src="../assets/catalog.js" defer></script>', "")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;(1)" in html
    assert 'value="q&#34;x"' in html
    for name in shared_context():
        values = shared_context()
        del values[name]
        env = environment(RULES)
        with pytest.raises(UndefinedError):
            env.get_template("shared.html").render(**values)


def test_shared_ids_are_unique(shared_page):
    ids = [n.attrs["id"] for n in shared_page.walk() if "id" in n.attrs]
    assert len(ids) == len(set(ids))


SHARED_FIELDS = ["id", "code", "name", "href", "provider", "provider_name", "provider_href", "user", "user_name",
                 "user_href", "database", "items", "granted", "year", "status"]
SHARED_ROWS = [
    ["GX-2025-0003", "430700-014-Y07-0002", "道路运输车辆信息", "../resources/430700-014-Y07-0002/", "jtj",
     "市交通运输局", "../units/jtj/", "yjj", "市应急局", "../units/yjj/", "业务", "车牌号码、业户名称", "2025-01-23",
     "2025", "已提供"],
    ["GX-2026-0001", "430700-007-Y09-0002", "城乡低保家庭信息", "../resources/430700-007-Y09-0002/", "mzj",
     "市民政局", "../units/mzj/", "zjj", "市住建局", "javascript:alert(1)", "业务", "户主姓名、保障状态", "2026-01-16",
     "2026", "逾期未提供"],
    ["GX-2026-0007", "430700-006-J01-0001", "常住人口基本信息", "../resources/430700-006-J01-0001/", "gaj", "市公安局",
     "../units/gaj/", "zjj", "市住建局", "../units/zjj/", "基础", "姓名", "2026-01-16", "2026", "已提供"],
]

SHARED_NODE_SCRIPT = r"""
const m = require(process.argv[1]);
const spec = m.TABLES.shared;
const index = new m.Index(JSON.parse(process.argv[2]), spec);
const ids = (rows) => Array.from(rows, (r) => index.cols.id[r]);
const state = (over) => Object.assign(m.parseState("", null, spec), over);
const allowed = { provider: new Set(["mzj", "gaj"]), user: new Set(["zjj"]), db: new Set(["业务"]),
                  state: new Set(["已提供"]), year: new Set(["2026"]) };
let missing = null;
try { new m.Index({ fields: ["code", "name"], rows: [] }, spec); } catch (e) { missing = e.message; }
console.log(JSON.stringify({
  byDefault: ids(index.filter(state({}), "")),
  byId: ids(index.filter(state({ sort: "id" }), "")),
  user: ids(index.filter(state({ user: "zjj" }), "")),
  userYear: ids(index.filter(state({ user: "zjj", db: "业务", year: "2026" }), "")),
  status: ids(index.filter(state({ state: "已提供" }), "")),
  item: ids(index.filter(state({ q: "车牌" }), "")),
  unitName: ids(index.filter(state({ q: "住建" }), "")),
  parsed: m.parseState("?provider=mzj&user=nope&year=2026&sort=user_name&state=%E5%B7%B2%E6%8F%90%E4%BE%9B",
                       allowed, spec),
  search: m.stateToSearch(state({ provider: "mzj", year: "2026" }), "", spec),
  searchDefault: m.stateToSearch(state({}), "", spec),
  catalogSortKept: m.parseState("?sort=granted", null).sort,
  missing: missing,
}));
"""


@pytest.fixture(scope="module")
def shared_node_results() -> dict:
    if NODE is None:
        pytest.skip("Node.js is not installed")
    data = json.dumps({"fields": SHARED_FIELDS, "rows": SHARED_ROWS}, ensure_ascii=False)
    done = subprocess.run([NODE, "-e", SHARED_NODE_SCRIPT, str(SCRIPT), data], capture_output=True, text=True,
                          timeout=60, check=True)
    return json.loads(done.stdout)


def test_node_shared_sorts_newest_first(shared_node_results):
    # Newest first; the same day by request id, descending too.
    assert shared_node_results["byDefault"] == ["GX-2026-0007", "GX-2026-0001", "GX-2025-0003"]
    assert shared_node_results["byId"] == ["GX-2025-0003", "GX-2026-0001", "GX-2026-0007"]


def test_node_shared_facets_and_keywords(shared_node_results):
    assert shared_node_results["user"] == ["GX-2026-0007", "GX-2026-0001"]
    assert shared_node_results["userYear"] == ["GX-2026-0001"]
    assert shared_node_results["status"] == ["GX-2026-0007", "GX-2025-0003"]
    assert shared_node_results["item"] == ["GX-2025-0003"], "info items are searched"
    assert shared_node_results["unitName"] == ["GX-2026-0007", "GX-2026-0001"]


def test_node_shared_url_state(shared_node_results):
    parsed = shared_node_results["parsed"]
    assert (parsed["provider"], parsed["user"], parsed["year"], parsed["state"]) == ("mzj", "", "2026", "已提供")
    assert parsed["sort"] == "user_name"
    assert shared_node_results["search"] == "?provider=mzj&year=2026"
    assert shared_node_results["searchDefault"] == "", "the default sort (-granted) stays out of the URL"
    assert shared_node_results["catalogSortKept"] == "code", "the catalog does not take the shared table's sorts"
    assert shared_node_results["missing"] == "索引缺少字段 id"
