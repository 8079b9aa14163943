"""In the browser: pages showing a unit's Markdown-looking text still run the theme, search included.

The attack this guards against planted `<div id="__config">` through a fence in a legal-basis
excerpt; mkdocs-material reads its settings from #__config, threw, and search never started.
The site here is the small hostile one of tests/test_unit_text_not_markdown.py (the HTML
checks live there); this only shows that the theme's script starts on the pages it reached.
"""

from __future__ import annotations

import re

import pytest
from casetools import TODAY
from test_unit_text_not_markdown import catalog_with, hostile, site_repo

from generator.annual import annual_report
from generator.site.build import publish

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the Python package playwright: "
                             "pip install -e '.[test]' (make test does)").expect

PAGES = ("", "nonshared/", "catalog/", "shared/", "shared/overdue/", "units/", f"reports/{TODAY.year}/")


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory, serve_folder):
    """The hostile fixture site, served on 127.0.0.1 in a thread."""
    tmp = tmp_path_factory.mktemp("hostile-browser")
    root = site_repo(tmp)
    catalog = catalog_with(root, hostile)
    assert publish(root, catalog, {}, tmp / "site", today=TODAY,
                   reports=[annual_report(catalog, TODAY.year, TODAY)]) == []
    with serve_folder(tmp / "site", "hostile-site") as url:
        yield url + "/"


@pytest.fixture
def offline_page(browser, hostile_url):
    """A page that reaches only the local server (anything else is answered with an empty 204)."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    context.set_default_timeout(15_000)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(hostile_url)
                  else route.fulfill(status=204, body=""))
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_search_starts_on_a_page_showing_unit_text(offline_page, hostile_url, path):
    errors: list[str] = []
    offline_page.on("pageerror", lambda error: errors.append(f"{error.name}: {error.message}"))
    offline_page.goto(hostile_url + path)
    expect(offline_page.locator(".md-content")).to_contain_text("```{#__config .md-dialog}")  # shown, as text
    assert offline_page.evaluate("document.querySelectorAll('[id=\"__config\"]').length") == 1
    offline_page.locator(".cd-search-open").click()
    offline_page.locator("#cd-search-q").fill("户籍")
    expect(offline_page.locator("#cd-search .cd-search__status")).to_have_text(re.compile(r"^找到"))  # it answered
    assert errors == []
