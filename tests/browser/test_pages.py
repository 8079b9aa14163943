"""The published pages as a browser shows them: home, resource, non-shared list, unit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the Python package playwright: "
                             "pip install -e '.[test]' (make test does)").expect


RESOURCE = "430700-006-J01-0001"  # 常住人口基本信息, 市公安局


def test_home_page_loads_without_console_errors(page, base_url, external_requests, shot):
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(
        f"console.{msg.type}: {msg.text} ({msg.location.get('url', '')}:{msg.location.get('lineNumber', '')})")
        if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught {error.name}: {error.message}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} ({req.failure})"))

    response = page.goto(base_url + "/", wait_until="networkidle")
    assert response is not None and response.ok, f"home page answered {response and response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text("常德市政府数据资源目录")
    # Material's JavaScript ran (the console test would pass trivially if it had not).
    assert page.evaluate("typeof window.document$ === 'object'"), "Material's bundle did not start"
    # The site's search runs too: it opens, loads its index and answers.
    page.locator(".cd-search-open").click()
    page.locator("#cd-search-q").fill("户籍")
    expect(page.locator("#cd-search .cd-search__status")).to_have_text(re.compile(r"^找到"))
    page.keyboard.press("Escape")
    page.wait_for_load_state("networkidle")
    shot(page, "home")

    if external_requests:  # not sent; reported so that a new third-party host is seen
        print("home page asked for third-party URLs (answered locally with 204):",
              *sorted(set(external_requests)), sep="\n  ")
    assert problems == [], "the home page logged errors:\n" + "\n".join(problems)


def test_resource_page_shows_its_information_items(page, base_url, shot):
    page.goto(f"{base_url}/resources/{RESOURCE}/")
    expect(page.get_by_role("heading", level=1).first).to_contain_text("常住人口基本信息")
    heading = page.get_by_role("heading", name=re.compile(r"^信息项"))
    expect(heading).to_be_visible()
    declared = int(re.search(r"(\d+)\s*项", heading.inner_text()).group(1))

    table = page.locator("table.cd-items")
    expect(table).to_be_visible()
    header = [t.strip() for t in table.locator("thead th").all_inner_texts()]
    assert "信息项名称" in header, header
    column = header.index("信息项名称") + 1
    names = [t.strip() for t in table.locator(f"tbody tr td:nth-child({column})").all_inner_texts()]
    assert {"公民身份号码", "户籍地址"} <= set(names), names
    assert len(names) == declared, f"heading says {declared} items, the table lists {len(names)}"
    # The page also names its provider, with a link to the unit page.
    expect(page.locator("table.cd-fields").get_by_role("link", name="常德市公安局")).to_be_visible()
    shot(page, "resource")


def test_nonshared_page_shows_legal_bases(page, base_url, site_dir, shot):
    index = json.loads((site_dir / "assets" / "catalog-index.json").read_text(encoding="utf-8"))
    at = {name: i for i, name in enumerate(index["fields"])}
    nonshared = {row[at["code"]]: row[at["name"]] for row in index["rows"] if row[at["sharing"]] == "不予共享"}
    assert nonshared, "the demo catalog has no 不予共享 resource"

    page.goto(base_url + "/nonshared/")
    expect(page.get_by_role("heading", level=1)).to_have_text("不予共享数据目录")
    entries = page.locator("section.cd-legal-entry")
    expect(entries).to_have_count(len(nonshared))
    listed = {}
    for entry in entries.all():
        code = entry.locator("h3 code").inner_text().strip()
        listed[code] = entry.locator("h3 a").inner_text().strip()
        bases = entry.locator("li")
        assert bases.count() >= 1, f"{code}: no legal basis shown"
        for basis in bases.all():
            law = basis.locator("strong").inner_text().strip()
            text = basis.inner_text()
            assert law, f"{code}: a basis without the name of its law"
            assert re.search(r"第[一二三四五六七八九十百千零〇\d]+条", text), f"{code}: no article in {text!r}"
    assert listed == nonshared

    fingerprint = entries.filter(has=page.get_by_role("link", name="居民身份证指纹信息"))
    expect(fingerprint.locator("li").first).to_contain_text("中华人民共和国居民身份证法")
    expect(fingerprint.locator("li").first).to_contain_text("第六条")
    shot(page, "nonshared")


def test_unit_page_lists_its_resources(page, base_url, shot):
    page.goto(base_url + "/units/gaj/")
    expect(page.get_by_role("heading", level=1)).to_have_text("常德市公安局")
    expect(page.get_by_role("link", name="常住人口基本信息").first).to_have_attribute(
        "href", re.compile(rf"resources/{RESOURCE}/$"))
    shot(page, "unit-gaj")


def test_the_first_tab_offers_to_skip_to_the_main_content(page, base_url):
    page.goto(base_url + "/resources/430700-006-J01-0001/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.classList.contains('md-skip'),"
                            " document.activeElement.textContent.trim()]")
    assert focused == [True, "跳到正文"], focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "cd-main"


def test_a_printed_report_names_its_issuer_and_numbers_its_pages(page, base_url):
    """Observed before: reports printed without page numbers or the issuing authority, with half-blank pages."""
    page.goto(base_url + "/reports/2026/")
    issuer = page.locator(".cd-report__issuer")
    assert not issuer.is_visible()  # on screen the page header says it
    page.emulate_media(media="print")
    assert issuer.is_visible() and issuer.inner_text().startswith("常德市数据局 编制 · 统计截止 ")
    assert not page.locator(".md-footer").is_visible()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages < 40, pages
    css = (Path(__file__).parents[2] / "site_templates/assets/report.css").read_text(encoding="utf-8")
    assert re.search(r"@bottom-center\s*\{[^}]*counter\(page\)[^}]*counter\(pages\)", css)


def test_list_tables_read_as_cards_on_a_phone_and_codes_stay_whole(page, base_url):
    """Observed before: at 390 px codes broke into 2–3 character pieces and headers stacked a character per line."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "/units/gaj/")
    table = page.locator("table.cd-list").first
    expect(table).to_have_class(re.compile(r"\bcd-cards\b"))
    shown = table.evaluate("""(t) => {
        const row = t.querySelector("tbody tr");
        const cells = Array.from(row.children);
        const code = cells.find((c) => /430700-\\d{3}-[JZY]\\d{2}-\\d{4}/.test(c.textContent));
        const range = document.createRange();
        const text = Array.from(code.querySelectorAll("*")).concat([code]).flatMap((e) => Array.from(e.childNodes))
            .find((n) => n.nodeType === 3 && /430700-/.test(n.textContent));
        const at = text.textContent.indexOf("430700-");
        range.setStart(text, at);
        range.setEnd(text, at + 19);
        const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
        return {display: getComputedStyle(row).display, label: getComputedStyle(cells[0], "::before").content,
                lines: lines, wide: t.getBoundingClientRect().width <= document.documentElement.clientWidth};
    }""")
    assert shown["display"] == "block" and shown["label"] not in ("none", "normal", '""'), shown
    assert shown["lines"] == 1 and shown["wide"], shown


def test_every_tab_stop_of_a_page_can_be_seen(page, base_url):
    """Observed before: the theme's empty search-result box was an invisible tab stop."""
    page.goto(base_url + "/resources/430700-006-J01-0001/")
    unseen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate("""() => {
            const e = document.activeElement;
            if (!e || e === document.body) return null;
            let opacity = 1, hidden = false;
            for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
                const s = getComputedStyle(n);
                opacity *= Number(s.opacity);
                hidden = hidden || s.visibility === "hidden" || s.display === "none";
            }
            const r = e.getBoundingClientRect();
            return {what: e.tagName + "." + e.className, seen: !hidden && opacity > 0 && r.width > 0 && r.height > 0};
        }""")
        if state and not state["seen"] and "md-skip" not in state["what"]:
            unseen.append(state["what"])
    assert unseen == []


def test_list_tables_are_cards_on_a_phone_without_any_script(browser, base_url):
    """The column names are written into each cell at build time, so a phone without script reads cards too."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(base_url + "/units/gaj/")
        shown = page.locator("table.cd-list tbody td").first.evaluate(
            "(td) => ({display: getComputedStyle(td).display, label: getComputedStyle(td, '::before').content})")
        assert shown == {"display": "grid", "label": '"资源代码"'}, shown
    finally:
        context.close()


def test_the_reports_evaluation_table_reads_on_a_phone(page, base_url, shot):
    """Observed before: the 2026 report's evaluation table was about 38,500 px tall, unit names one character a line."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "/reports/2026/")
    shot(page, "report-phone")
    lines = page.locator("table.cd-report__units tbody td:nth-child(2) a").evaluate_all("""(links) => links.map(
        (a) => new Set(Array.from(a.getClientRects(), (r) => Math.round(r.top))).size)""")
    assert lines and max(lines) <= 2, lines
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
