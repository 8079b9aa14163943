"""The site's search (assets/search.js, index by generator/site/searchindex.py), used as a person uses it.

Observed before, with the theme's search: every page view downloaded and rebuilt the whole index
(24 MiB at 25,000 entries), with search open Tab walked into the links under the overlay, and
short unit names such as 人社局 found nothing.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlparse

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the Python package playwright: "
                             "pip install -e '.[test]' (make test does)").expect

RESULTS = "#cd-search .cd-search__results a"
STATUS = "#cd-search .cd-search__status"


def open_search(page, base_url: str, path: str = "/"):
    page.goto(base_url + path)
    page.locator(".cd-search-open").click()
    box = page.locator("#cd-search-q")
    expect(box).to_be_focused()
    return box


def search(page, base_url: str, query: str) -> list[str]:
    """Types `query` into the site search; returns the result links' paths, best first."""
    box = open_search(page, base_url)
    box.fill(query)  # an input method hands the page the whole word at once
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^找到 \d+ 个结果$"))
    links = page.locator(RESULTS)
    expect(links.first).to_be_visible()
    return [urlparse(urljoin(page.url, href)).path for href in (a.get_attribute("href") for a in links.all())]


def resource_text(site_dir: Path, path: str) -> tuple[str, str]:
    """A resource page's name and its information items' names, read from the built page."""
    page = (site_dir / path.strip("/") / "index.html").read_text(encoding="utf-8")
    article = page[page.find('<article class="cd-resource">'):]
    name = re.search(r"<h1>(.*?)</h1>", article, re.S).group(1)
    items = re.search(r'<table class="cd-items[^"]*"[^>]*>(.*?)</table>', article, re.S)
    cells = re.findall(r"<tr><td[^>]*>\d+</td><td[^>]*>(.*?)</td>", items.group(1)) if items else []
    return html.unescape(name), " ".join(html.unescape(c) for c in cells)


def test_no_page_fetches_the_search_index_until_search_is_used(page, base_url):
    asked: list[str] = []
    page.on("request", lambda request: asked.append(urlparse(request.url).path))
    page.goto(base_url + "/resources/430700-006-J01-0001/", wait_until="networkidle")
    assert not [path for path in asked if "/search/" in path or "workers/search" in path], asked
    page.locator(".cd-search-open").click()
    page.locator("#cd-search-q").fill("户籍")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^找到"))
    fetched = [path for path in asked if path.startswith("/search/")]
    assert "/search/manifest.json" in fetched and len(fetched) <= 6, fetched  # manifest, one shard, a few chunks


def test_search_for_a_chinese_term_finds_the_resources_that_contain_it(page, base_url, site_dir, shot):
    term = "户籍"
    paths = search(page, base_url, term)
    shot(page, "search-huji")
    named = {p: resource_text(site_dir, p) for p in paths if p.startswith("/resources/")}
    assert [p for p, (name, items) in named.items() if term in name or term in items], paths
    # 户籍人口变动信息 has the term in its name: a title match comes first.
    assert "/resources/430700-006-J01-0002/" in paths[:2], paths
    expect(page.locator(RESULTS).first.locator("mark")).to_have_text(term)


def test_search_for_a_unit_short_name_finds_the_unit_page(page, base_url, shot):
    for query in ("市公安局", "常德市公安局", "gaj"):
        paths = search(page, base_url, query)
        assert paths[0] == "/units/gaj/", (query, paths)
    shot(page, "search-gaj")
    assert search(page, base_url, "人社局")[0] == "/units/rsj/"


def test_search_for_a_word_from_an_info_item_finds_the_resource(page, base_url, site_dir):
    """「民族」 is not in the name 常住人口基本信息, only in its info items."""
    paths = search(page, base_url, "民族")
    name, items = resource_text(site_dir, "/resources/430700-006-J01-0001/")
    assert "民族" not in name and "民族" in items
    assert "/resources/430700-006-J01-0001/" in paths, paths


@pytest.mark.parametrize(("query", "path"), [("社保", "/resources/430700-010-Y01-0003/"),  # 社会保障卡信息
                                             ("低保", "/resources/430700-007-Y09-0002/"),  # 最低生活保障对象信息
                                             ("430700-006-J01-0001", "/resources/430700-006-J01-0001/")])
def test_site_search_finds_resources_by_abbreviations_and_codes(page, base_url, query, path):
    """The reviewed synonym list (registry/synonyms.yaml) is added to each resource's search entry at build time:
    社保 finds 社会保障卡信息. Observed before: 社保, 营业执照 and 低保 found nothing."""
    assert path in search(page, base_url, query)[:5]


def test_a_query_with_no_result_says_what_to_try(page, base_url):
    box = open_search(page, base_url)
    box.fill("火星基地")
    expect(page.locator(STATUS)).to_contain_text("没有找到含「火星基地」")
    expect(page.locator("#cd-search .cd-search__all")).to_be_visible()


def test_with_search_open_tab_stays_in_the_dialog_and_escape_returns(page, base_url):
    """Observed before: with the theme's search open, Tab walked into the links under the overlay."""
    box = open_search(page, base_url, "/units/gaj/")
    box.fill("户籍")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^找到"))
    outside = []
    for _ in range(25):
        page.keyboard.press("Tab")
        if not page.evaluate("document.getElementById('cd-search').contains(document.activeElement)"):
            outside.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
    assert outside in ([], ["<body"]) or all(o.startswith("<body") for o in outside), outside
    page.keyboard.press("Escape")
    expect(page.locator("#cd-search")).not_to_be_visible()
    expect(page.locator(".cd-search-open")).to_be_focused()


def test_arrow_keys_move_through_the_results_and_enter_opens_one(page, base_url):
    box = open_search(page, base_url)
    box.fill("户籍")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^找到"))
    box.press("ArrowDown")
    first = page.locator(RESULTS).first
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(RESULTS).nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    box.press("ArrowDown")
    target = first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(urlparse(urljoin(base_url + "/", target)).path) + "$"))


def test_enter_in_the_box_opens_the_catalog_filtered_by_the_same_words(page, base_url):
    box = open_search(page, base_url, "/resources/430700-006-J01-0001/")
    box.fill("社保")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/catalog/\?"))
    assert parse_qs(urlparse(page.url).query)["kw"] == ["社保"], unquote(page.url)
    expect(page.locator("#cd-catalog [role=status]")).to_have_text(re.compile(r"^找到"))


def test_more_results_are_shown_on_request(page, base_url):
    box = open_search(page, base_url)
    box.fill("信息")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^找到"))
    expect(page.locator(RESULTS)).to_have_count(10)
    page.locator("#cd-search .cd-search__more").click()
    expect(page.locator(RESULTS)).to_have_count(20)
    expect(page.locator(RESULTS).nth(10)).to_be_focused()


def test_on_a_phone_the_dialog_fills_the_screen(page, base_url, shot):
    page.set_viewport_size({"width": 390, "height": 844})
    box = open_search(page, base_url)
    box.fill("社保")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^找到"))
    shot(page, "search-phone")
    size = page.evaluate("""() => { const r = document.getElementById('cd-search').getBoundingClientRect();
        return {width: r.width, scroll: document.getElementById('cd-search').scrollWidth}; }""")
    assert size["width"] >= 389 and size["scroll"] <= size["width"] + 1, size


def test_no_single_key_shortcut_takes_a_key_from_the_page(page, base_url):
    """A one-character shortcut fires under speech input and cannot be turned off (WCAG 2.1.4): the link and Tab
    open search, the / key does not."""
    page.goto(base_url + "/classes/")
    page.keyboard.press("/")
    expect(page.locator("#cd-search")).to_have_count(0)


def test_pressing_more_twice_quickly_shows_each_result_once(page, base_url):
    box = open_search(page, base_url)
    box.fill("信息")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^找到"))
    page.locator("#cd-search .cd-search__more").evaluate("b => { b.click(); b.click(); }")  # before either is answered
    expect(page.locator(RESULTS)).to_have_count(30)
    hrefs = [a.get_attribute("href") for a in page.locator(RESULTS).all()]
    assert len(set(hrefs)) == len(hrefs) == 30


def test_the_search_link_says_it_opens_a_dialog(page, base_url):
    page.goto(base_url + "/")
    expect(page.locator(".cd-search-open")).to_have_attribute("aria-haspopup", "dialog")
