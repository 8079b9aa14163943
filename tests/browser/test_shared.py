"""The shared catalog page (site_templates/pages/shared.html + assets/catalog.js, table "shared").

The same contract as the catalog page: root #cd-catalog; a <form role="search"> with a keyword
input and <select>s named provider, user, db, state, year; the rows show the current page of
matches, the status line how many; the URL reproduces the view.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the Python package playwright: "
                             "pip install -e '.[test]' (make test does)").expect

from test_catalog import (  # noqa: E402
    FOUND,
    ROWS,
    STATUS,
    focused,
    matches,
    select_option_text,
    tab_to,
    wait_for_url_param,
)


def open_shared(page, url: str) -> int:
    """Opens the shared catalog at `url`; waits for its table; returns the number of matches."""
    page.goto(url)
    expect(page.locator("#cd-catalog[data-table=shared] form[role=search]")).to_be_visible()
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^(找到|没有找到)"))
    return matches(page)


def column(page, css: str) -> list[str]:
    return [t.strip() for t in page.locator(f"{ROWS} td.{css}").all_inner_texts()]


def keys(page) -> list[str]:
    """Request id and resource of each row shown: a row of the shared catalog."""
    return [f"{a}|{b}" for a, b in zip(column(page, "cd-col-id"), column(page, "cd-col-name"), strict=True)]


@pytest.mark.parametrize(("key", "value", "css"), [
    pytest.param("provider", "mzj", "cd-col-unit", id="provider"),
    pytest.param("user", "zjj", "cd-col-user", id="user"),
])
def test_filter_narrows_the_shared_table_and_the_url_reproduces_it(page, context, base_url, shot, key, value, css):
    total = open_shared(page, base_url + "/shared/")
    assert total > 0 and page.locator(ROWS).count() > 0
    expected = select_option_text(page, key, value)

    page.locator(f"#cd-catalog select[name={key}]").select_option(value)
    wait_for_url_param(page, key, value)
    expect(page.locator(STATUS)).not_to_have_text(re.compile(rf"^找到 {total} 条"))
    found = matches(page)
    assert 0 < found < total, f"{key}={value}: {found} of {total} match"
    cells = column(page, css)
    assert cells and set(cells) == {expected}, cells
    # Every row links its resource and both units.
    first = page.locator(ROWS).first
    expect(first.locator("td.cd-col-name a")).to_have_attribute("href", re.compile(r"^\.\./resources/[0-9JZY-]+/$"))
    expect(first.locator("td.cd-col-user a")).to_have_attribute("href", re.compile(r"^\.\./units/[a-z0-9-]+/$"))
    shown = keys(page)
    shot(page, f"shared-filter-{key}")

    fresh = context.new_page()
    assert open_shared(fresh, page.url) == found
    expect(fresh.locator(f"#cd-catalog select[name={key}]")).to_have_value(value)
    assert keys(fresh) == shown, "the URL does not reproduce the filtered rows"
    fresh.close()


def test_status_and_year_filters_by_keyboard_and_sorting(page, base_url, shot):
    total = open_shared(page, base_url + "/shared/")
    page.locator("body").focus()
    tab_to(page, lambda f: f["tag"] == "select" and f["name"] == "state", "the 状态 filter")
    page.keyboard.press("ArrowDown")
    value = page.locator("#cd-catalog select[name=state]").input_value()
    assert value
    wait_for_url_param(page, "state", value)
    found = matches(page)
    assert 0 < found <= total and set(column(page, "cd-col-status")) == {value}

    # The 列入年份 select: arrow keys down to the newest year (the last option).
    tab_to(page, lambda f: f["tag"] == "select" and f["name"] == "year", "the 列入年份 filter")
    select = page.locator("#cd-catalog select[name=year]")
    newest = select.locator("option").last.get_attribute("value")
    for _ in range(10):
        if select.input_value() == newest:
            break
        page.keyboard.press("ArrowDown")
    wait_for_url_param(page, "year", newest)
    assert parse_qs(urlparse(page.url).query).get("state") == [value]
    expect(page.locator(STATUS)).to_have_text(FOUND)
    assert all(day.startswith(newest) for day in column(page, "cd-col-updated"))
    page.locator("#cd-catalog select[name=state]").select_option("")  # the whole year, to sort
    wait_for_url_param(page, "state", None)

    # Newest first by default; the 列入日期 button turns it to oldest first.
    tab_to(page, lambda f: f["tag"] == "button" and f["text"].startswith("列入日期"), "the 列入日期 sort button")
    first = column(page, "cd-col-updated")
    assert len(set(first)) > 1 and first == sorted(first, reverse=True)
    page.keyboard.press("Enter")
    expect(page.locator("#cd-catalog th", has_text="列入日期")).to_have_attribute("aria-sort", "ascending")
    assert parse_qs(urlparse(page.url).query).get("sort") == ["granted"]
    oldest = column(page, "cd-col-updated")
    assert oldest == sorted(oldest)
    shot(page, "shared-keyboard")
    assert focused(page)["tag"] == "button"


def test_keyword_matches_info_items(page, base_url):
    total = open_shared(page, base_url + "/shared/")
    page.locator("#cd-catalog input[name=kw]").fill("车牌号码")
    wait_for_url_param(page, "kw", "车牌号码")
    expect(page.locator(STATUS)).to_have_text(FOUND)
    assert 0 < matches(page) < total
    assert all("车牌号码" in items for items in column(page, "cd-col-items"))


def test_overdue_page_lists_open_ones_first(page, base_url, shot):
    page.goto(base_url + "/shared/overdue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("逾期提供清单")
    rows = page.locator("table.cd-overdue-list tbody tr")
    assert rows.count() > 0
    provided = [t.strip() for t in page.locator("table.cd-overdue-list tbody tr td:nth-child(7)").all_inner_texts()]
    open_rows = [p == "未提供" for p in provided]
    assert open_rows == sorted(open_rows, reverse=True), provided  # every 未提供 before the provided ones
    shot(page, "shared-overdue")
