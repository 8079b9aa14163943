"""Browser tests: the demo site, built once, served on 127.0.0.1 and driven in Debian's Chromium.

Playwright (the Python package) drives the system browser at CHROMIUM (default
/usr/bin/chromium; Playwright's own browser downloads are not used). Requests that leave
the local server are never sent: they are answered with an empty 204 and recorded, so a
test sees which third-party hosts a page asks for without the network.

When Chromium or Playwright is missing the tests skip with the reason — except when the
environment variable CI is set (as .ci/run does): there they fail, never skip silently.

Every page a test opens gets a full-page screenshot in test-artifacts/screenshots/
(git-ignored); a failing test also leaves FAILED-<test>.png there.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# As on this machine's probe: no sandbox as root, no background traffic to Google's hosts.
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}


def unavailable(reason: str):
    """Skip locally; fail under CI, where a skipped browser test would pass unseen."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: browser tests must run, not skip; `make test` installs them)",
                    pytrace=False)
    pytest.skip(reason)


# The test modules importorskip these (a clear skip locally); under CI a missing one fails the run.
PACKAGES = ("playwright", "axe_playwright_python")  # the latter bundles axe-core: never from a CDN
if os.environ.get("CI"):
    for _name in PACKAGES:
        try:
            __import__(_name)
        except ImportError as error:
            raise RuntimeError(f"browser tests need the Python package {_name}: pip install -e '.[test]' "
                               "(make test does); CI is set, so they must run, not skip") from error


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives the built site in headless Chromium")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The demo catalog's site, built once for the session into a temporary folder."""
    from generator.site.build import build_site

    site = tmp_path_factory.mktemp("browser-site")
    problems = build_site(ROOT, site_dir=site)
    assert problems == [], "the demo site did not build:\n" + "\n".join(problems)
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site at /; a file the site does not have at /catalog/<path> is looked up at /<path>, as on GitHub
    Pages, where the site lives under /catalog/ (site_url): the 404 page links to its assets by that absolute path."""

    def translate_path(self, path):
        found = super().translate_path(path)
        if path.startswith("/catalog/") and not os.path.exists(found):
            return super().translate_path(path.removeprefix("/catalog"))
        return found

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def _served(directory: Path, name: str):
    """http://127.0.0.1:<free port> serving `directory`, in a thread, while the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="session")
def serve_folder():
    """The context manager that serves a folder on 127.0.0.1, for tests that build a site of their own."""
    return _served


@pytest.fixture(scope="session")
def base_url(site_dir) -> str:
    """http://127.0.0.1:<free port> serving the built site, in a thread."""
    with _served(site_dir, "site-server") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium "
                    "(apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        # launch() gives every run a fresh, temporary user-data-dir.
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def external_requests() -> list[str]:
    """URLs a page asked for outside the local server (answered with an empty 204)."""
    return []


@pytest.fixture
def context(browser, base_url, external_requests):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai",
                                  service_workers="block")
    context.set_default_timeout(15_000)
    local = base_url + "/"

    def offline(route):
        if route.request.url.startswith(local):
            route.continue_()
        else:
            external_requests.append(route.request.url)
            route.fulfill(status=204, body="")

    context.route("**/*", offline)
    yield context
    context.close()


@pytest.fixture
def page(context, request):
    page = context.new_page()
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed and not page.is_closed():
        with contextlib.suppress(Exception):  # a screenshot that fails must not hide the test's own failure
            page.screenshot(path=SCREENSHOTS / f"FAILED-{_slug(request.node.name)}.png", full_page=True)


@pytest.fixture
def shot():
    """shot(page, name): a full-page PNG of what the page shows now, kept as a test artifact."""
    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{_slug(name)}.png"
        page.screenshot(path=path, full_page=True)
        return path
    return take


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z._-]+", "_", text).strip("_")[:120]
