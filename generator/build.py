"""Build stage: the static site, with mkdocs-material, from a repository that validates.

The sequence: validate -> load the model -> stage the Markdown pages -> mkdocs build ->
resource pages from the theme's shell -> search index, sitemap, downloads. Every output
is deterministic: the same commit gives byte-identical files.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from . import fastpages, pages
from .cache import ResultCache, fingerprint
from .history import entry_histories
from .model import Catalog, load_catalog
from .render import environment, render_resource, resource_view
from .schema import SCHEMA_DIR
from .validate import validate

ASSETS = Path(__file__).resolve().parent.parent / "site_templates" / "assets"
NAV = [{"首页": "index.md"}, {"全市政府数据资源目录": "catalog/index.md"}, {"不予共享数据目录": "nonshared/index.md"},
       {"编目单位": "units/index.md"}, {"资源分类": "classes/index.md"}, {"目录格式说明": "format.md"},
       {"性能测试": "performance.md"}]
LATEST = 10


class _Collect(logging.Handler):
    """Keep mkdocs' warnings so they are reported with the failure, not lost."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(root: Path, site_dir: Path | None = None) -> list[str]:
    """Build the site; return the problems that stopped it (empty on success)."""
    result = validate(root, cache=ResultCache(root / ".cache" / "validate.json", fingerprint(SCHEMA_DIR)))
    if result.errors:
        return [f"目录校验发现 {result.errors} 个错误,先运行 catalog validate 并改正后再生成网站。"]
    catalog = load_catalog(root)
    histories = entry_histories(root, {r.path for r in catalog.resources})
    return publish(root, catalog, histories, site_dir or root / "site")


def publish(root: Path, catalog: Catalog, histories: dict, site: Path) -> list[str]:
    """Write the site of a loaded catalog (the tests call this with hostile catalogs)."""
    docs = stage_docs(root, catalog, histories)
    try:
        problems = run_mkdocs(root, docs, site)
    finally:
        shutil.rmtree(docs, ignore_errors=True)
    if not problems:
        write_resources(site, catalog, histories, issues_url(root))
        write_catalog_index(site, catalog)
        write_downloads(site, catalog)
        gzip_sitemap(site)
        if not fastpages.patch_search_segmentation(site):
            logging.getLogger(__name__).warning("未能修正主题的中文搜索分词(主题已升级?),请检查浏览器测试中的搜索用例。")
    return problems


def stage_docs(root: Path, catalog: Catalog, histories: dict) -> Path:
    """Write the Markdown pages mkdocs builds (hand-written docs plus generated pages)."""
    (root / "build").mkdir(exist_ok=True)
    docs = Path(tempfile.mkdtemp(prefix="docs-", dir=root / "build"))  # builds may run side by side
    shutil.copytree(root / "docs", docs, dirs_exist_ok=True)
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)
    (docs / "index.md").unlink(missing_ok=True)
    env = environment()
    pages.write_pages(env, all_pages(catalog, histories), docs)
    shell = docs / fastpages.SHELL_DIR / "index.md"
    shell.parent.mkdir(parents=True, exist_ok=True)
    shell.write_text(fastpages.shell_markdown(), encoding="utf-8")
    return docs


def all_pages(catalog: Catalog, histories: dict) -> list[pages.Page]:
    """Every page mkdocs builds."""
    return ([pages.home_page(catalog, latest_changes(catalog, histories)), pages.catalog_page(catalog),
             pages.nonshared_page(catalog)] + pages.unit_pages(catalog) + pages.class_pages(catalog))


def latest_changes(catalog: Catalog, histories: dict) -> list:
    """The most recently changed resources (by commit date, else by data update date)."""
    dated = [((histories.get(r.path) or ())[0].date if histories.get(r.path) else r.updated, r)
             for r in catalog.resources]
    return sorted(dated, key=lambda pair: (pair[0], pair[1].code), reverse=True)[:LATEST]


def run_mkdocs(root: Path, docs: Path, site: Path) -> list[str]:
    """mkdocs build --strict over the staged pages, reproducibly dated."""
    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        with _source_date(root):
            config = load_config(str(root / "mkdocs.yml"), strict=True, docs_dir=str(docs), site_dir=str(site),
                                 nav=NAV, extra_css=["assets/site.css", "assets/catalog.css"])
            mkdocs_build(config)
    except MkDocsException as exc:
        return collector.messages + [str(exc)]
    finally:
        logger.removeHandler(collector)
    return []


@contextlib.contextmanager
def _source_date(root: Path):
    """Date the build by its commit, not by the clock (mkdocs reads SOURCE_DATE_EPOCH)."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        stamp = ""
    os.environ["SOURCE_DATE_EPOCH"] = stamp or "315532800"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def issues_url(root: Path) -> str:
    """Where sharing requests and error reports are filed: the repository's issues."""
    config = load_config(str(root / "mkdocs.yml"))
    return str(config["extra"].get("issues_url", "")).rstrip("/")


def write_resources(site: Path, catalog: Catalog, histories: dict, issues: str) -> None:
    """Every resource page, poured into the theme's shell; then search index and sitemap."""
    shell, env = fastpages.Shell(site), environment()
    entries = []
    for resource in catalog.resources:
        view = resource_view(resource, catalog, histories.get(resource.path, ()), issues)
        shell.write(resource.code, f"{resource.name}({resource.code})", render_resource(env, view))
        entries.append({"location": f"resources/{resource.code}/", "title": resource.name,
                        "parts": search_parts(resource)})
    shell.remove()
    fastpages.extend_search_index(site, entries)
    fastpages.extend_sitemap(site, [r.code for r in catalog.resources])


def search_parts(resource) -> list[str]:
    """What search finds a resource by: code, unit, class, summary, keywords and info items."""
    parts = [resource.code, resource.provider.name, resource.provider.short_name, resource.database + "库",
             resource.subclass, resource.sharing_type, resource.summary, *resource.keywords,
             *(item.name for item in resource.items)]
    return [part for part in parts if part]


def write_catalog_index(site: Path, catalog: Catalog) -> None:
    """The compact index the catalog page filters in the browser."""
    fields = ["code", "name", "unit", "unit_name", "database", "subclass", "sharing", "format", "cycle", "open",
              "updated", "href"]
    rows = [[r.code, r.name, r.provider.id, r.provider.short_name, r.database, r.subclass, r.sharing_type,
             r.format_type, r.update_cycle, r.open, r.updated, f"../resources/{r.code}/"] for r in catalog.resources]
    target = site / "assets" / "catalog-index.json"
    target.write_text(json.dumps({"fields": fields, "rows": rows}, ensure_ascii=False, separators=(",", ":")),
                      encoding="utf-8")


def write_downloads(site: Path, catalog: Catalog) -> None:
    """The machine-readable exports, when the exports stage is installed."""
    try:
        from .exports import write_exports
    except ImportError:
        return
    write_exports(catalog, site / "downloads")


def gzip_sitemap(site: Path) -> None:
    """Compress sitemap.xml again after it changed, with no timestamp in the header."""
    source = site / "sitemap.xml"
    if source.exists():
        with open(site / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                                       filename="") as out:
            out.write(source.read_bytes())


def serve_site(root: Path) -> None:
    """Preview with live reload: build into a temporary folder, serve it, rebuild on change."""
    from mkdocs.livereload import LiveReloadServer

    site = root / "build" / "serve"
    problems = build_site(root, site)
    for problem in problems:
        logging.getLogger(__name__).warning(problem)
    server = LiveReloadServer(builder=lambda: build_site(root, site), host="127.0.0.1", port=8000, root=str(site))
    for watched in ("catalog", "nonshared", "registry", "docs", "site_templates", "mkdocs.yml"):
        server.watch(str(root / watched))
    with contextlib.suppress(KeyboardInterrupt):
        server.serve()
