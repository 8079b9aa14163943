"""Browser figures for a built site, in Debian's Chromium: `make bench-site` runs this after each build.

The site is served gzip-encoded, as GitHub Pages serves it, and each figure is taken in a fresh
browser context (cold cache) on a fast line and on a throttled one: 1.5 Mbit/s and 40 ms per
request, a county office or a phone. Measured:

- a page view (the home page): bytes transferred, and what of the search it fetched (should be none);
- the site search: the dialog opened and a two-character query typed at once, time until the first
  result is on screen (on a page already loaded, and from asking for the page); bytes the search
  fetched; renderer memory (the renderer processes' RSS and the page's JS heap) before and after;
- relevance: for 户籍, 社保, 许可 and 医保, how many of the top ten results' pages hold the query or one
  of its synonyms;
- the catalog filter page: time until the first page of the table is there (it comes with the page), until
  the filters work (the index is in), and from a keystroke in its keyword box to the redrawn table.

    python bench/browser.py SITE_DIR   (prints JSON)
    python bench/browser.py SITE_DIR --theme-search   (the peer: mkdocs-material's own search, on a site
                                                       built by a commit before the site had its own)
"""

from __future__ import annotations

import functools
import gzip
import html
import http.server
import io
import json
import os
import re
import sys
import threading
import typing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
LINES = {"fast": None, "throttled": {"offline": False, "latency": 40, "downloadThroughput": 1_500_000 / 8,
                                     "uploadThroughput": 1_500_000 / 8}}
QUERIES = ("户籍", "社保", "许可", "医保")
COMPRESSED = {".html", ".json", ".js", ".css", ".xml", ".svg", ".txt", ".jsonld", ".csv"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Text files gzip-encoded when the browser accepts it, as GitHub Pages does."""

    cache: typing.ClassVar[dict[str, bytes]] = {}

    def send_head(self):
        request = self.path.split("?")[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not request.endswith("/"):
                return super().send_head()  # the redirect to the folder's address with a slash
            path = path / "index.html"
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or path.suffix not in COMPRESSED or not accepted:
            return super().send_head()
        body = self.cache.get(str(path))
        if body is None:
            body = self.cache[str(path)] = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format, *args):
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


class Traffic:
    """Bytes each response took on the wire (CDP Network events), by URL path."""

    def __init__(self, cdp):
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event) -> None:
        url = self.urls.get(event["requestId"], "")
        path = re.sub(r"^https?://[^/]+", "", url).split("?")[0]
        self.bytes[path] = self.bytes.get(path, 0) + int(event["encodedDataLength"])

    def total(self, where=lambda path: True) -> int:
        return sum(size for path, size in self.bytes.items() if where(path))


def renderer_rss_mib() -> float:
    """Resident memory of the machine's Chromium renderer processes, summed: run the benchmark with no other
    Chromium open (it opens one page at a time; blank_renderer gives the baseline of the same browser)."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"--type=renderer" not in cmdline:
                continue
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) if found else 0
    return total / 1024


def fresh_page(browser, line):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    if LINES[line]:
        cdp.send("Network.emulateNetworkConditions", LINES[line])
    cdp.send("Performance.enable")
    return context, page, cdp, Traffic(cdp)


def blank_renderer(browser) -> int:
    """The renderer processes' RSS with one blank page open: the baseline the figures above it are read against."""
    context = browser.new_context()
    try:
        context.new_page().goto("about:blank")
        return round(renderer_rss_mib())
    finally:
        context.close()


def js_heap_mib(cdp) -> float:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics.get("JSHeapTotalSize", 0) / 2 ** 20


_TIME_SEARCH = """(query) => new Promise((done) => {
  const started = performance.now();
  document.querySelector(".cd-search-open").click();  // makes the dialog, which starts loading the manifest
  const list = document.querySelector("#cd-search .cd-search__results");
  new MutationObserver((_, observer) => {
    if (list.querySelector("a")) { observer.disconnect(); done(performance.now() - started); }
  }).observe(list, {childList: true});
  const box = document.getElementById("cd-search-q");
  box.value = query;
  box.dispatchEvent(new Event("input", {bubbles: true}));
})"""


_TIME_THEME_SEARCH = """(query) => new Promise((done) => {
  const started = performance.now();
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver((_, observer) => {
    if (list.querySelector("li")) { observer.disconnect(); done(performance.now() - started); }
  }).observe(list, {childList: true});
  const box = document.querySelector("input.md-search__input");
  box.focus();
  box.value = query;
  box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "End"}));  // the theme searches on keyup
})"""

# Each search as the benchmark drives it: the script that types a query and resolves at the first result, and the
# result links. The theme's is the peer, on a site built before the site had a search of its own.
SEARCHES = {False: (_TIME_SEARCH, "#cd-search .cd-search__results a"),
            True: (_TIME_THEME_SEARCH, ".md-search-result__list > li > a")}


def _is_search(path: str) -> bool:
    return path.startswith("/search/") or "workers/search" in path


def search_view(browser, base: str, line: str, query: str, theme: bool = False) -> dict:
    """Open the home page (the theme fetches its index there and builds it in a worker), then search for `query`."""
    script, results_css = SEARCHES[theme]
    context, page, cdp, traffic = fresh_page(browser, line)
    try:
        page.goto(base + "/", wait_until="networkidle", timeout=300_000)
        page_bytes, search_before = traffic.total(), traffic.total(_is_search)
        rss, heap = renderer_rss_mib(), js_heap_mib(cdp)
        seconds = page.evaluate(script, query) / 1000
        page.wait_for_load_state("networkidle")  # the rest of what the search fetched
        results = page.eval_on_selector_all(results_css, "as => as.map(a => a.href)")
        return {"page_view_kb": round(page_bytes / 1000, 1), "search_bytes_before_use": search_before,
                "first_result_s": round(seconds, 3),
                "search_kb": round((traffic.total(_is_search) - search_before) / 1000, 1),
                "renderer_rss_mib": [round(rss), round(renderer_rss_mib())],
                "js_heap_mib": [round(heap, 1), round(js_heap_mib(cdp), 1)],
                "top10": [re.sub(r"^https?://[^/]+/", "", href).split("#")[0].split("?")[0] for href in results[:10]]}
    finally:
        context.close()


def from_open(browser, base: str, line: str, query: str, theme: bool) -> float:
    """Seconds from opening the home page to the first result, the query typed as soon as the page is read."""
    context, page, _, _ = fresh_page(browser, line)
    try:
        page.set_default_timeout(180_000)
        page.goto(base + "/", wait_until="domcontentloaded")
        page.evaluate(SEARCHES[theme][0], query)  # resolves at the first result
        return round(page.evaluate("performance.now()") / 1000, 3)  # since the page was asked for
    finally:
        context.close()


def relevant(site: Path, location: str, query: str, synonyms) -> bool:
    """The result's built page holds the query or a word of its synonym group."""
    words = {query} | {other for group in synonyms.groups if query in group for other in group}
    text = html.unescape(re.sub(r"<[^>]+>", "", (site / location / "index.html").read_text(encoding="utf-8")))
    return any(word in text for word in words)


_TIME_KEYSTROKE = """(word) => new Promise((done) => {
  const status = document.querySelector("#cd-catalog [role=status]");
  const box = document.querySelector("#cd-catalog input[type=search]");
  const started = performance.now();
  // The table is redrawn before the status line is written (even when it says the same again).
  new MutationObserver((_, observer) => { observer.disconnect(); done(performance.now() - started); })
    .observe(status, {childList: true, characterData: true, subtree: true});
  box.value = word;
  box.dispatchEvent(new Event("input", {bubbles: true}));
})"""


def catalog_view(browser, base: str, line: str) -> dict:
    """The catalog filter page: time to the first page of the table, then keystrokes redrawn."""
    context, page, _, traffic = fresh_page(browser, line)
    try:
        page.goto(base + "/catalog/", wait_until="commit")
        page.wait_for_selector("#cd-catalog-body tr", state="attached", timeout=120_000)
        first_rows = page.evaluate("performance.now()") / 1000  # the first page comes with the HTML
        page.wait_for_function("() => /^(找到|没有找到)/.test(document.querySelector('#cd-catalog [role=status]')"
                               "?.textContent || '')", timeout=120_000)
        filterable = page.evaluate("performance.now()") / 1000  # the index is in: filters and sorting work
        page.wait_for_load_state("networkidle")  # the info items too
        strokes = [page.evaluate(_TIME_KEYSTROKE, word) for word in ("许", "许可", "社保", "")]
        return {"first_rows_s": round(first_rows, 3), "filterable_s": round(filterable, 3),
                "transferred_kb": round(traffic.total() / 1000, 1),
                "keystroke_ms": [round(ms) for ms in strokes]}
    finally:
        context.close()


def measure_site(site: Path, theme: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    from generator.read.synonyms import load_synonyms

    synonyms = load_synonyms(site.parent)
    server, base = serve(site)
    figures: dict = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            figures["blank_renderer_rss_mib"] = blank_renderer(browser)  # what headless Chromium takes for nothing
            for line in LINES:
                runs = {query: search_view(browser, base, line, query, theme) for query in QUERIES}
                for query, run in runs.items():
                    run["relevant_of_top10"] = sum(relevant(site, loc, query, synonyms) for loc in run.pop("top10"))
                    run["from_open_s"] = from_open(browser, base, line, query, theme)
                figures[line] = {"search": runs} if theme else {"search": runs,
                                                                 "catalog": catalog_view(browser, base, line)}
            browser.close()
    finally:
        server.shutdown()
    return figures


if __name__ == "__main__":
    print(json.dumps(measure_site(Path(sys.argv[1]).resolve(), theme="--theme-search" in sys.argv[2:]),
                     ensure_ascii=False, indent=1))
