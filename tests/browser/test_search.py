"""mkdocs-material's search box, queried in Chinese as a person types it.

Through an input method the page receives the whole word at once (what fill() does), then the
keyup of the key that committed it: Material searches on keyup, not on input, so the test
presses End after filling.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the Python package playwright: "
                             "pip install -e '.[test]' (make test does)").expect


RESULTS = ".md-search-result__list > li > a"


def search(page, base_url: str, query: str) -> list[str]:
    """Types `query` into the header search box; returns the result links' paths, best first."""
    page.goto(base_url + "/")
    box = page.locator("input.md-search__input")
    box.click()
    expect(page.locator(".md-search-result__meta")).to_have_text("键入以开始搜索")  # index loaded
    box.fill(query)
    box.press("End")
    expect(page.locator(".md-search-result__meta")).not_to_have_text("键入以开始搜索")
    expect(page.locator(".md-search-result__meta")).not_to_have_text("没有找到符合条件的结果")
    links = page.locator(RESULTS)
    expect(links.first).to_be_visible()
    return [urlparse(urljoin(page.url, href)).path for href in
            (a.get_attribute("href") for a in links.all())]


def resource_text(site_dir: Path, path: str) -> tuple[str, str]:
    """A resource page's name and its information items' names, read from the built page."""
    page = (site_dir / path.strip("/") / "index.html").read_text(encoding="utf-8")
    article = page[page.find('<article class="cd-resource">'):]
    name = re.search(r"<h1>(.*?)</h1>", article, re.S).group(1)
    items = re.search(r'<table class="cd-items">(.*?)</table>', article, re.S)
    cells = re.findall(r"<tr><td>\d+</td><td>(.*?)</td>", items.group(1)) if items else []
    return html.unescape(name), " ".join(html.unescape(c) for c in cells)


def test_search_for_a_chinese_term_finds_the_resources_that_contain_it(page, base_url, site_dir, shot):
    term = "户籍"
    paths = search(page, base_url, term)
    shot(page, "search-huji")
    resources = [p for p in paths if p.startswith("/resources/")]
    named = {p: resource_text(site_dir, p) for p in resources}
    hits = [p for p, (name, items) in named.items() if term in name or term in items]
    assert hits, f"no result for {term!r} is a resource whose name or items contain it: {paths}"
    # 常住人口基本信息 has the item 户籍地址; 户籍人口变动信息 has the term in its name.
    assert "/resources/430700-006-J01-0002/" in paths, paths


def test_search_ranks_entries_containing_the_whole_word_first(page, base_url, site_dir):
    term = "户籍"
    paths = search(page, base_url, term)
    top = paths[0]
    assert term in (site_dir / top.strip("/") / "index.html").read_text(encoding="utf-8"), (
        f"the top result for {term!r} is {top}, whose page does not contain {term!r}: {paths}")


def test_search_for_a_unit_short_name_finds_the_unit_page(page, base_url, shot):
    paths = search(page, base_url, "市公安局")
    shot(page, "search-gaj")
    assert "/units/gaj/" in paths, f"the unit page of 市公安局 is not among the results: {paths}"
    assert paths[0] == "/units/gaj/", f"the unit page is not the top result: {paths}"


def test_search_for_a_word_from_an_info_item_finds_the_resource(page, base_url, site_dir, shot):
    """「民族」 is not in the name 常住人口基本信息, only in its info items."""
    paths = search(page, base_url, "民族")
    shot(page, "search-minzu")
    name, items = resource_text(site_dir, "/resources/430700-006-J01-0001/")
    assert "民族" not in name and "民族" in items
    assert "/resources/430700-006-J01-0001/" in paths, paths


@pytest.mark.parametrize(("query", "path"), [("社保", "/resources/430700-010-Y01-0003/"),  # 社会保障卡信息
                                             ("低保", "/resources/430700-007-Y09-0002/")])  # 最低生活保障对象信息
def test_site_search_finds_resources_by_the_abbreviations_people_type(page, base_url, query, path):
    """The reviewed synonym list (registry/synonyms.yaml) is added to each resource's search entry at build time:
    社保 finds 社会保障卡信息. Observed before: 社保, 营业执照 and 低保 found nothing."""
    paths = search(page, base_url, query)
    resources = [p for p in paths if p.startswith("/resources/")]
    assert resources and path in paths[:5], paths
