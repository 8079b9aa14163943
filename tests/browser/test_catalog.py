"""The catalog page's filters (site_templates/pages/catalog.html + assets/catalog.js).

The contract tested: root #cd-catalog; a <form role="search"> with a keyword input (URL
parameter q) and <select>s named unit, db, sub, sharing, format, cycle; the table body's
rows show the current page of matches; the status line says how many match; the state is
kept in the URL (history.replaceState), so the URL reproduces the view.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the Python package playwright: "
                             "pip install -e '.[test]' (make test does)").expect


ROWS = "#cd-catalog tbody tr"
STATUS = "#cd-catalog [role=status]"
FOUND = re.compile(r"找到\s*(\d+)\s*条")


def open_catalog(page, url: str) -> int:
    """Opens the catalog page at `url`; waits for the table; returns the number of matches."""
    page.goto(url)
    form = page.locator("#cd-catalog form[role=search]")
    expect(form).to_be_visible()
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^(找到|没有找到)"))
    return matches(page)


def matches(page) -> int:
    found = FOUND.search(page.locator(STATUS).inner_text())
    return int(found.group(1)) if found else 0


def column(page, css: str) -> list[str]:
    return [t.strip() for t in page.locator(f"{ROWS} td.{css}").all_inner_texts()]


def codes(page) -> list[str]:
    return column(page, "cd-col-code")


def wait_for_url_param(page, key: str, value: str | None):
    def has(url: str) -> bool:
        return parse_qs(urlparse(url).query).get(key) == ([value] if value is not None else None)
    page.wait_for_url(has)


def select_option_text(page, key: str, value: str) -> str:
    """The text a <select> shows for `value`, without its count: "市公安局(14)" -> "市公安局"."""
    text = page.locator(f"#cd-catalog select[name={key}] option[value='{value}']").inner_text()
    return re.sub(r"[((]\d+[))]$", "", text).strip()


FILTERS = [
    # (URL parameter, value, column class, what every row's cell must then read)
    pytest.param("sharing", "不予共享", "cd-col-sharing", "不予共享", id="sharing"),
    pytest.param("unit", "gaj", "cd-col-unit", None, id="unit"),  # None: the option's own text
]


@pytest.mark.parametrize(("key", "value", "css", "expected"), FILTERS)
def test_filter_narrows_the_table_and_the_url_reproduces_it(page, context, base_url, shot, key, value, css, expected):
    total = open_catalog(page, base_url + "/catalog/")
    before = page.locator(ROWS).count()
    assert total > 0 and before > 0
    expected = expected or select_option_text(page, key, value)

    page.locator(f"#cd-catalog select[name={key}]").select_option(value)
    wait_for_url_param(page, key, value)
    expect(page.locator(STATUS)).not_to_have_text(re.compile(rf"^找到 {total} 条"))
    found = matches(page)
    assert 0 < found < total, f"{key}={value}: {found} of {total} match"
    cells = column(page, css)
    assert cells and all(cell == expected for cell in cells), f"rows not matching {expected!r}: {cells}"
    assert len(cells) == min(found, before), (len(cells), found, before)
    shown = codes(page)
    filtered_url = page.url
    shot(page, f"catalog-filter-{key}")

    fresh = context.new_page()
    assert open_catalog(fresh, filtered_url) == found
    expect(fresh.locator(f"#cd-catalog select[name={key}]")).to_have_value(value)
    assert codes(fresh) == shown, "the URL does not reproduce the filtered rows"
    fresh.close()


def searched_text(site_dir) -> dict[str, str]:
    """Each resource's text the keyword is looked for in (name, unit, class, info items, keywords), by code."""
    index = json.loads((site_dir / "assets/catalog-index.json").read_text(encoding="utf-8"))
    items = json.loads((site_dir / "assets" / index["items_url"]).read_text(encoding="utf-8"))["items"]
    at = {name: i for i, name in enumerate(index["fields"])}
    fields = ("code", "name", "unit", "unit_name", "unit_full", "subclass", "keywords")
    return {row[at["code"]]: "\n".join([*(str(row[at[f]]) for f in fields), items[n]])
            for n, row in enumerate(index["rows"])}


def all_hold(page, site_dir, term: str) -> bool:
    """Whether every row shown holds `term` in what the keyword is looked for in, shown or not (an info item)."""
    text = searched_text(site_dir)
    return all(term in text[code] for code in codes(page))


def test_keyword_filters_and_is_kept_in_the_url(page, context, base_url, site_dir, shot):
    total = open_catalog(page, base_url + "/catalog/")
    page.locator("#cd-catalog input[name=kw]").fill("户籍")
    wait_for_url_param(page, "kw", "户籍")
    expect(page.locator(STATUS)).not_to_have_text(re.compile(rf"^找到 {total} 条"))
    found = matches(page)
    assert 0 < found < total
    names = column(page, "cd-col-name")
    assert all_hold(page, site_dir, "户籍"), codes(page)
    assert "户籍人口变动信息" in names, names
    shown = codes(page)
    shot(page, "catalog-q")

    fresh = context.new_page()
    assert open_catalog(fresh, page.url) == found
    expect(fresh.locator("#cd-catalog input[name=kw]")).to_have_value("户籍")
    assert codes(fresh) == shown
    fresh.close()


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return { tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || '', id: e.id || '',
                 text: (e.textContent || '').trim().slice(0, 40) }; }""")


def tab_to(page, predicate, what: str, limit: int = 80) -> list[dict]:
    """Presses Tab until `predicate(focused element)`; returns the path for the message."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        path.append(now)
        if predicate(now):
            return path
    raise AssertionError(f"{what} is not reachable with Tab; focus went through: "
                         + ", ".join(f"{p['tag']}#{p['id'] or p['name'] or p['text']}" for p in path))


def test_filters_work_by_keyboard_alone(page, base_url, site_dir, shot):
    total = open_catalog(page, base_url + "/catalog/")
    page.locator("body").focus()

    # The 共享类型 select: Tab to it, then arrow keys change it (as on Windows and Linux).
    tab_to(page, lambda f: f["tag"] == "select" and f["name"] == "sharing", "the 共享类型 filter")
    page.keyboard.press("ArrowDown")
    value = page.locator("#cd-catalog select[name=sharing]").input_value()
    assert value, "ArrowDown did not change the 共享类型 filter"
    wait_for_url_param(page, "sharing", value)
    found = matches(page)
    assert 0 < found < total
    cells = column(page, "cd-col-sharing")
    assert cells and set(cells) == {value}, cells
    shot(page, "catalog-keyboard-sharing")

    # The keyword: Shift+Tab back to the search field, type, submit with Enter.
    for _ in range(20):
        if focused(page)["name"] == "kw":
            break
        page.keyboard.press("Shift+Tab")
    assert focused(page)["name"] == "kw", "Shift+Tab does not reach the keyword field"
    page.keyboard.type("信息")
    page.keyboard.press("Enter")
    wait_for_url_param(page, "kw", "信息")
    assert parse_qs(urlparse(page.url).query).get("sharing") == [value]
    narrowed = matches(page)
    assert 0 < narrowed <= found
    assert all_hold(page, site_dir, "信息")

    # 清除筛选 by keyboard: every filter goes, the whole catalog is back.
    tab_to(page, lambda f: f["id"] == "cd-catalog-reset", "清除筛选")
    page.keyboard.press("Enter")
    wait_for_url_param(page, "sharing", None)
    wait_for_url_param(page, "kw", None)
    expect(page.locator(STATUS)).to_have_text(re.compile(rf"^找到 {total} 条"))
    expect(page.locator("#cd-catalog select[name=sharing]")).to_have_value("")
    expect(page.locator("#cd-catalog input[name=kw]")).to_have_value("")

    # The sort buttons in the column heads answer to the keyboard too.
    tab_to(page, lambda f: f["tag"] == "button" and f["text"].startswith("数据名称"), "the 数据名称 sort button")
    first = codes(page)
    page.keyboard.press("Enter")
    expect(page.locator("#cd-catalog th", has_text="数据名称")).to_have_attribute("aria-sort", "ascending")
    assert parse_qs(urlparse(page.url).query).get("sort") == ["name"]
    assert codes(page) != first
    shot(page, "catalog-keyboard-sorted")


def test_a_shared_link_opens_the_view_it_names_without_the_search_overlay(page, base_url, site_dir, shot):
    """?kw= is the table's keyword and the URL keeps it; no search overlay opens over the table (the theme's search,
    which read ?q=, is gone, and its hidden toggle stays off). Observed before: catalog/?q=户籍&sharing=有条件共享
    opened the search overlay over the table, and closing it dropped the keyword from the URL."""
    found = open_catalog(page, base_url + "/catalog/?kw=户籍&sharing=有条件共享")
    assert found > 0
    expect(page.locator("#cd-catalog input[name=kw]")).to_have_value("户籍")
    expect(page.locator("#cd-catalog select[name=sharing]")).to_have_value("有条件共享")
    assert not page.locator("input[data-md-toggle=search]").is_checked()
    expect(page.locator("#cd-search")).to_have_count(0)  # the site's search dialog is made only when opened
    assert all_hold(page, site_dir, "户籍")
    query = parse_qs(urlparse(page.url).query)
    assert query.get("kw") == ["户籍"] and query.get("sharing") == ["有条件共享"]
    shot(page, "catalog-shared-link")


def test_a_link_written_with_the_old_parameter_still_opens_its_view(page, base_url):
    found = open_catalog(page, base_url + "/catalog/?q=户籍")
    assert found > 0
    expect(page.locator("#cd-catalog input[name=kw]")).to_have_value("户籍")


def test_after_paging_the_focus_is_on_the_new_pages_first_row(page, base_url):
    """Observed before: after 下一页 the focus stayed on the button, now far below the screen."""
    open_catalog(page, base_url + "/catalog/?size=20")
    page.locator("#cd-catalog-next").focus()
    page.keyboard.press("Enter")
    wait_for_url_param(page, "page", "2")
    first = page.locator(ROWS).first.locator("a").first
    expect(first).to_be_focused()
    assert page.evaluate("() => document.activeElement.getBoundingClientRect().top") >= 0


def test_the_pager_above_the_table_pages_too(page, base_url):
    open_catalog(page, base_url + "/catalog/?size=20")
    page.locator("#cd-catalog-next-top").click()
    wait_for_url_param(page, "page", "2")
    expect(page.locator("#cd-catalog-page-top")).to_have_text(re.compile(r"^第 2 / \d+ 页$"))
    expect(page.locator("#cd-catalog-page")).to_have_text(re.compile(r"^第 2 / \d+ 页$"))
    expect(page.locator(ROWS).first.locator("a").first).to_be_focused()


def test_the_first_page_is_there_before_the_index_arrives(page, base_url):
    """At 25,000 entries the index takes seconds on a slow line: the page itself brings the first page of rows."""
    page.route("**/assets/catalog-index.json", lambda route: None)  # never answered
    page.goto(base_url + "/catalog/")
    expect(page.locator(ROWS)).to_have_count(50)
    first = page.locator(ROWS).first
    expect(first.locator("td").first).to_have_text(re.compile(r"^430700-"))
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^共 \d+ 条数据资源,按资源代码升序排列,第 1 / \d+ 页。$"))


def test_a_filtered_link_shows_no_unfiltered_rows_while_the_index_loads(page, base_url):
    page.route("**/assets/catalog-index.json", lambda route: None)
    page.goto(base_url + "/catalog/?sharing=不予共享")
    expect(page.locator(STATUS)).to_have_text("正在加载目录……")
    expect(page.locator(ROWS)).to_have_count(0)


def test_on_a_desktop_the_table_scrolls_in_a_box_no_taller_than_the_screen_with_its_header_kept(page, base_url):
    """Observed before: the table was wider than its box at every width, and its sideways scrollbar came after
    50 rows."""
    page.set_viewport_size({"width": 1366, "height": 800})
    open_catalog(page, base_url + "/catalog/")
    box = page.locator("#cd-catalog-scroll")
    box.scroll_into_view_if_needed()
    sizes = page.evaluate("""() => { const b = document.getElementById('cd-catalog-scroll');
        return {height: b.getBoundingClientRect().height, screen: innerHeight}; }""")
    assert sizes["height"] <= sizes["screen"], sizes
    box.evaluate("b => b.scrollTop = 600")
    header = page.evaluate("""() => { const b = document.getElementById('cd-catalog-scroll').getBoundingClientRect();
        const h = document.querySelector('#cd-catalog-table thead th').getBoundingClientRect();
        return {box: b.top, header: h.top}; }""")
    assert abs(header["header"] - header["box"]) <= 2, header  # the header row stayed at the top of the box


def test_on_a_phone_the_catalog_rows_are_cards(page, base_url, shot):
    page.set_viewport_size({"width": 390, "height": 844})
    open_catalog(page, base_url + "/catalog/")
    shot(page, "catalog-phone")
    shown = page.evaluate("""() => { const td = document.querySelector('#cd-catalog tbody tr td');
        return {display: getComputedStyle(td).display, label: getComputedStyle(td, '::before').content,
                wide: document.documentElement.scrollWidth <= innerWidth}; }""")
    assert shown["display"] != "table-cell" and shown["label"] == '"资源代码"' and shown["wide"], shown


def test_a_keyword_typed_before_the_items_arrive_says_so_and_finds_them_after(page, base_url):
    """The info items are a file of their own, loaded after the table (three fifths of the index at city scale)."""
    held = []
    page.route("**/assets/catalog-items.json", lambda route: held.append(route))
    open_catalog(page, base_url + "/catalog/")
    page.locator("#cd-catalog input[name=kw]").fill("公民身份号码")  # only in info items
    expect(page.locator(STATUS)).to_contain_text("信息项仍在加载")
    held[0].continue_()
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^找到 \d+ 条数据资源"))
    assert matches(page) > 0


def test_paging_from_the_bottom_pager_starts_the_new_page_at_its_first_row(page, base_url):
    page.set_viewport_size({"width": 1366, "height": 700})
    open_catalog(page, base_url + "/catalog/")
    page.locator("#cd-catalog-scroll").evaluate("b => b.scrollTop = b.scrollHeight")
    page.locator("#cd-catalog-next").click()
    wait_for_url_param(page, "page", "2")
    assert page.locator("#cd-catalog-scroll").evaluate("b => b.scrollTop") == 0


def test_a_filter_chosen_before_the_index_arrives_clears_the_rows_that_came_with_the_page(page, base_url):
    page.route("**/assets/catalog-index.json", lambda route: None)  # never answered
    page.goto(base_url + "/catalog/")
    expect(page.locator(ROWS)).to_have_count(50)
    page.locator("#cd-catalog select[name=sharing]").select_option("不予共享")
    expect(page.locator(ROWS)).to_have_count(0)
    expect(page.locator(STATUS)).to_have_text("正在加载目录……")
