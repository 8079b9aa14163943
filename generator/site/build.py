"""Build stage: the static site, with mkdocs-material, from a repository that validates.

The sequence: validate -> load the model -> stage the Markdown stubs -> mkdocs build, bodies
put in after Markdown (pagebodies.py) -> resource pages from the theme's shell -> search index (searchindex.py),
sitemap, downloads. Every output is deterministic: the same commit gives byte-identical files.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gzip
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from ..annual import annual_report
from ..check.validate import validate
from ..core import git, layout, workers
from ..core.problems import Refused
from ..core.workdays import beijing_today
from ..downloads.jobs import export_jobs
from ..downloads.linked import Publication, publication_from
from ..model import requeststatus
from ..model.catalog import Catalog, load_catalog
from ..model.feed import dataset_activities
from ..model.history import entry_histories, told_histories
from ..model.snapshot import state_at, warnings_by_unit
from ..quality.scores import EntryScore, scores_of
from ..read.cache import ResultCache, fingerprint
from ..read.policy import load_policy
from ..read.schema import SCHEMA_DIR, Schema
from ..read.synonyms import Synonyms, load_synonyms
from . import fastpages, pagebodies, pages, searchindex
from .incremental import SiteState, digest, sync_tree
from .render import RulesView, environment, render_resource, resource_view, rules_view
from .reportpages import report_jobs, report_pages, report_years
from .searchindex import SearchDoc

ASSETS = layout.TEMPLATES / "assets"
# The site's stylesheets, published as one file in this order (the cascade of three <link>s): one request and one
# <link> a page instead of three (0.1 KB on each of 50,000 pages).
STYLESHEETS = ("site.css", "catalog.css", "report.css")
STYLESHEET = "assets/site.css"
NAV = [{"首页": "index.md"}, {"全市政府数据资源目录": "catalog/index.md"}, {"不予共享数据目录": "nonshared/index.md"},
       {"全市政府数据资源共享目录": "shared/index.md"}, {"逾期提供清单": "shared/overdue/index.md"},
       {"编目单位": "units/index.md"}, {"资源分类": "classes/index.md"}, {"年度共享报告": "reports/index.md"},
       # Documents for the units' staff and the developers: one link to the page that lists them (docs/staff.md),
       # apart from the public pages. As a section of six it cost 1.3 KB on every page (65 MB at 50,000 entries).
       {"工作人员文档": "staff.md"}]
LATEST = 10


class _Collect(logging.Handler):
    """Keep mkdocs' warnings so they are reported with the failure, not lost."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(root: Path, site_dir: Path | None = None, today: datetime.date | None = None) -> list[str]:
    """Build the site; return the problems that stopped it (empty on success).

    Only errors stop a build, so the cross-file warnings (一数一源) are left to `catalog validate`.
    Deadlines and lateness are judged as of `today`, by default the date of the last commit, so
    that the same commit always gives the same site.
    """
    today = today or build_date(root)
    result = validate(root, cache=ResultCache(root / layout.VALIDATION_CACHE, fingerprint(SCHEMA_DIR)),
                      warnings=False)
    if result.errors:
        return [f"目录校验发现 {result.errors} 个错误,先运行 catalog validate 并改正后再生成网站。"]
    warnings = warnings_by_unit(result.problems)
    documents = result.documents
    del result  # the facts of every entry: not needed any more, and large in a big catalog
    entries = ResultCache(root / layout.MODEL_CACHE, fingerprint(SCHEMA_DIR))
    catalog = load_catalog(root, entries, today, documents)  # what validation parsed is not parsed again
    del documents
    workers.settle()
    changes = entry_histories(root, {r.path for r in catalog.resources})
    histories = told_histories(root, changes, Schema.named("resource"))
    reports = annual_reports(root, catalog, today, warnings, entries)
    return publish(root, catalog, histories, site_dir or root / "site", root / layout.CACHE_DIR / "site.json", today,
                   reports)


def annual_reports(root: Path, catalog: Catalog, today: datetime.date, warnings: dict[str, int],
                   cache: ResultCache) -> list:
    """The report of every year with sharing activity: past years as they stood at their end (snapshot.py)."""
    reports = []
    for year in report_years(catalog, today):
        if year == today.year:
            reports.append(annual_report(catalog, year, today, warnings=warnings,
                                         note=f"按截至 {today.isoformat()} 的当前版本统计。"))
            continue
        with state_at(root, year, today, cache) as snapshot:
            reports.append(annual_report(snapshot.catalog, year, snapshot.as_of, note=snapshot.note))
    return reports


def build_date(root: Path) -> datetime.date:
    """The date of the last commit (in the committer's time zone); today's date outside git."""
    try:
        return datetime.date.fromisoformat(git.last_commit(root, "%cs"))
    except ValueError:  # outside git
        return beijing_today()


def publish(root: Path, catalog: Catalog, histories: dict, site: Path, state_file: Path | None = None,
            today: datetime.date | None = None, reports: list | tuple = ()) -> list[str]:
    """Write the site of a loaded catalog (the tests call this with hostile catalogs).

    The downloads start first (in a big catalog, in a second process). mkdocs builds the
    theme and the hand-written pages into a scratch folder; the generated pages and the
    downloads go straight into the site, each only when its key changed (see incremental.py);
    then the scratch folder is synced into the site. `today` is the build date (see build_site).
    """
    today = today or build_date(root)
    try:
        where = publication(root)
        if catalog.policy is None:  # a catalog put together in memory: the repository's rules
            catalog = replace(catalog, policy=load_policy(root))
    except (ValueError, Refused) as exc:
        return [str(exc)]
    site.mkdir(parents=True, exist_ok=True)
    # The pages cite the rules in force: a change of the rules rewrites every page.
    rules = rules_view(catalog.rules(today))
    state = SiteState(state_file, site, repr(rules))
    state.forget()
    (root / "build").mkdir(exist_ok=True)
    built = Path(tempfile.mkdtemp(prefix="site-", dir=root / "build"))  # builds may run side by side
    try:
        changes = dataset_activities(root, root / layout.FEED_CACHE)
        downloads_written = start_downloads(site, catalog, state, where, today, report_jobs(list(reports)), changes)
        try:
            problems = build_pages(root, catalog, histories, built, site, state, today, rules, reports)
        finally:
            downloads_written()
        if not problems:
            sync_tree(built, site, keep=set(state.keys))
            state.save()
    finally:
        shutil.rmtree(built, ignore_errors=True)
    return problems


def build_pages(root: Path, catalog: Catalog, histories: dict, built: Path, site: Path, state: SiteState,
                today: datetime.date, rules: RulesView, reports=()) -> list[str]:
    """The theme and mkdocs' pages into `built`; the generated pages into `site`; search index and sitemap.
    `rules`: what the pages say of the sharing rules in force on `today`."""
    env = environment(rules)
    scores = scores_of(catalog.resources, today, rules_windows(catalog, today))
    docs, bodies = stage_docs(root, catalog, env, today, scores, reports)
    try:
        problems = run_mkdocs(root, docs, built, bodies)
    finally:
        shutil.rmtree(docs, ignore_errors=True)
    if problems:
        return problems
    fastpages.mend_theme_pages(built)  # before the generated pages are poured into the shell, so they have it too
    try:
        synonyms = load_synonyms(root)
    except Refused as exc:
        return [exc.problem.message]
    generated = write_generated_pages(site, fastpages.Shell(built), env, catalog, histories, issues_url(root), state,
                                      synonyms, scores)
    searchindex.write_index(built, [doc for _, doc in generated] + searchindex.page_docs(built))
    changed = {f"resources/{r.code}": told[0].date for r in catalog.resources if (told := histories.get(r.path))}
    fastpages.extend_sitemap(built, [(location, changed.get(location, "")) for location, _ in generated])
    gzip_sitemap(built)
    write_catalog_index(built, catalog, synonyms)
    write_shared_index(built, catalog)
    return []


def stage_docs(root: Path, catalog: Catalog, env, today: datetime.date, scores: Mapping[str, EntryScore],
               reports=()) -> tuple[Path, dict[str, str]]:
    """Write what mkdocs builds (hand-written docs, generated stubs, the shell); return the stubs' bodies."""
    docs = Path(tempfile.mkdtemp(prefix="docs-", dir=root / "build"))
    shutil.copytree(root / "docs", docs, dirs_exist_ok=True)
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True, ignore=shutil.ignore_patterns(*STYLESHEETS))
    (docs / STYLESHEET).write_text("".join((ASSETS / name).read_text(encoding="utf-8") for name in STYLESHEETS),
                                   encoding="utf-8")
    (docs / "index.md").unlink(missing_ok=True)
    bodies = pages.write_pages(env, markdown_pages(catalog, today, scores) + report_pages(list(reports)), docs)
    shell = docs / fastpages.SHELL_DIR / "index.md"
    shell.parent.mkdir(parents=True, exist_ok=True)
    shell.write_text(fastpages.shell_markdown(), encoding="utf-8")
    return docs, bodies


def markdown_pages(catalog: Catalog, today: datetime.date, scores: Mapping[str, EntryScore]) -> list[pages.Page]:
    """The pages mkdocs builds: the home page and the lists in the navigation (the units with their entries'
    quality `scores`, by code)."""
    return [pages.home_page(catalog, latest_changes(catalog), today), pages.catalog_page(catalog),
            pages.nonshared_page(catalog), pages.shared_page(catalog, today), pages.overdue_page(catalog, today),
            pages.units_page(catalog, scores), pages.classes_page(catalog)]


def write_generated_pages(site: Path, shell: fastpages.Shell, env, catalog: Catalog, histories: dict, issues: str,
                          state: SiteState, synonyms: Synonyms | None = None,
                          scores: Mapping[str, EntryScore] | None = None) -> list[tuple[str, SearchDoc]]:
    """Every unit, class and resource page, poured into the shell; their (location, search document).

    `scores` are the entries' quality scores by code (generator.quality), as of the build date."""
    writer, generated, synonyms, scores = PageWriter(site, shell, state), [], synonyms or Synonyms(), scores or {}
    for unit, page in zip(catalog.units, pages.unit_pages(catalog, scores), strict=True):
        location = pages.location(page)
        described = f"{unit.name}编目的 {len(catalog.by_unit.get(unit.id, ()))} 项政务数据资源"
        writer.write(location, page.title, described, repr(page.view), lambda page=page: pages.html_body(env, page))
        named = (unit.short_name, unit.id, *synonyms.others(f"{unit.name} {unit.short_name}"))
        generated.append((location, SearchDoc(f"{location}/", page.title, "单位", f"{unit.short_name} · {unit.kind}",
                                              named, (unit.name, unit.kind, unit.level))))
    for page in pages.class_pages(catalog):
        location, view = pages.location(page), page.view
        described = f"{page.title}({view['code']})的 {len(view['rows'])} 项政务数据资源"
        writer.write(location, page.title, described, repr(view), lambda page=page: pages.html_body(env, page))
        generated.append((location, SearchDoc(f"{location}/", page.title, "分类", view["code"],
                                              text=(view["code"], view["database"] + "库", view["subclass"]))))
    for resource in catalog.resources:
        location = f"resources/{resource.code}"
        page_view = resource_view(resource, catalog, histories.get(resource.path, ()), issues,
                                  scores.get(resource.code))
        described = resource.summary.strip() or f"{resource.name}:{resource.provider.name}提供的政务数据资源"
        writer.write(location, f"{resource.name}({resource.code})", described, repr(page_view),
                     functools.partial(render_resource, env, page_view))
        generated.append((location, SearchDoc(f"{location}/", resource.name, "资源",
                                              f"{resource.code} · {resource.provider.short_name}",
                                              (resource.code, *synonyms.others(resource.name)),
                                              tuple(search_parts(resource, synonyms)))))
    return generated


@dataclass(frozen=True)
class PageWriter:
    """Writes generated pages into the site, skipping those whose view and shell are unchanged."""

    site: Path
    shell: fastpages.Shell
    state: SiteState

    def write(self, location: str, title: str, description: str, view: str, body) -> None:
        """Write <location>/index.html from body() unless the same title, description and view were written last
        time. `view` is the repr of everything the body shows: the page's key, with the shell's.
        """
        name = f"{location}/index.html"
        if self.state.fresh(name, digest(self.shell.digest, title, description, view)):
            return
        target = self.site / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.shell.fill(location, title, body(), description), encoding="utf-8")


def latest_changes(catalog: Catalog) -> list:
    """The resources whose data was updated last, by the 数据更新日期 the list shows (newest first)."""
    dated = [(r.updated, r) for r in catalog.resources]
    return sorted(dated, key=lambda pair: (pair[0], pair[1].code), reverse=True)[:LATEST]


def run_mkdocs(root: Path, docs: Path, site: Path, bodies: dict[str, str]) -> list[str]:
    """mkdocs build --strict over the staged pages, reproducibly dated, the stubs' `bodies` put in (pagebodies.py)."""
    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        with _source_date(root):
            config = load_config(str(root / "mkdocs.yml"), strict=True, docs_dir=str(docs), site_dir=str(site),
                                 nav=NAV, extra_css=[STYLESHEET],
                                 extra_javascript=["assets/tables.js", "assets/search.js"])
            placed = pagebodies.install(config, bodies)
            mkdocs_build(config)
    except MkDocsException as exc:
        return collector.messages + [str(exc)]
    finally:
        logger.removeHandler(collector)
    return placed.missing()


@contextlib.contextmanager
def _source_date(root: Path):
    """Date the build by its commit, not by the clock (mkdocs reads SOURCE_DATE_EPOCH)."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = git.last_commit(root, "%ct")
    os.environ["SOURCE_DATE_EPOCH"] = stamp or "315532800"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


PAGES_LIMIT = 1 << 30  # bytes: GitHub Pages publishes a site of at most 1 GB (its deploy action counts GiB)
PAGES_WARNING = 0.9  # of the limit: say so while there is still room to decide


@dataclass(frozen=True)
class SiteSize:
    """How big the built site is, against what GitHub Pages publishes."""

    size: int  # bytes, the files' contents
    files: int

    def summary(self) -> str:
        return (f"网站共 {self.files:,} 个文件,{self.size / (1 << 20):,.1f} MiB,"
                f"是 GitHub Pages 发布上限 1 GB 的 {self.size / PAGES_LIMIT:.0%}。")

    def warning(self) -> str:
        """What to do when the site nears the limit ("" while it does not)."""
        if self.size < PAGES_WARNING * PAGES_LIMIT:
            return ""
        return ("网站接近或超过 GitHub Pages 的 1 GB 发布上限,部署可能失败。请与市电子政务部门商定把下载文件"
                "(downloads/)和机器接口(api/)发布到对象存储,或改用没有这一上限的托管服务,见 docs/performance.md。")


def site_size(site: Path) -> SiteSize:
    """The total size and number of the site's files."""
    size = files = 0
    for folder, _, names in os.walk(site):
        for name in names:
            size += os.path.getsize(os.path.join(folder, name))
            files += 1
    return SiteSize(size, files)


def rules_windows(catalog: Catalog, day: datetime.date) -> dict[str, int]:
    """How long each 更新周期 lets an entry age under the sharing rules of `day`."""
    return dict(catalog.rules(day).scoring.windows)


def issues_url(root: Path) -> str:
    """Where sharing requests and error reports are filed: the repository's issues."""
    config = load_config(str(root / "mkdocs.yml"))
    return str(config["extra"].get("issues_url", "")).rstrip("/")


def publication(root: Path) -> Publication:
    """The site's address, description and sharing platform from mkdocs.yml: every linked-data identifier is
    made from them (downloads/linked.py). ValueError, in Chinese, when they are missing or not addresses, or when
    mkdocs cannot read the file (with mkdocs' own words for what is wrong, as the site's build would report them)."""
    collector, logger = _Collect(), logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        config = load_config(str(root / "mkdocs.yml"))
    except MkDocsException as exc:
        raise ValueError("mkdocs.yml 有配置错误:" + ";".join([*collector.messages, str(exc)])) from exc
    finally:
        logger.removeHandler(collector)
    platform = config["extra"].get("sharing_platform")
    if platform is not None and not isinstance(platform, dict):
        raise ValueError("mkdocs.yml 的 extra.sharing_platform 需要 title(平台名称)和 url(http(s) 地址)")
    return publication_from(str(config["site_url"] or ""), str(config["site_description"] or ""), platform)


def search_parts(resource, synonyms: Synonyms | None = None) -> list[str]:
    """What search finds a resource by: code, unit, class, summary, keywords, info items, and the other words
    of each synonym group (社保 for 社会保障) its text uses."""
    parts = [resource.code, resource.provider.name, resource.provider.short_name, resource.provider.id,
             resource.database + "库", resource.subclass, resource.sharing_type, resource.summary, *resource.keywords,
             *(item.name for item in resource.items)]
    parts = [part for part in parts if part]
    return parts + (synonyms.others(" ".join(parts)) if synonyms else [])


CATALOG_ITEMS = "catalog-items.json"  # beside the index: the info items, loaded after the table is usable


def write_catalog_index(site: Path, catalog: Catalog, synonyms: Synonyms | None = None) -> None:
    """The compact index the catalog page filters in the browser, with the synonym groups it expands a keyword by.

    The info items' names, three fifths of it (1.1 of 1.9 MB gzipped at 25,000 entries), are a file of their
    own, in the same row order: the table is usable when the rest has arrived, and keywords reach the items
    a moment later."""
    fields = ["code", "name", "unit", "unit_name", "database", "subclass", "sharing", "format", "cycle", "open",
              "updated", "href", "unit_full", "keywords"]
    rows = [[r.code, r.name, r.provider.id, r.provider.short_name, r.database, r.subclass, r.sharing_type,
             r.format_type, r.update_cycle, r.open, r.updated, f"../resources/{r.code}/", r.provider.name,
             "、".join(r.keywords)] for r in catalog.resources]
    groups = [list(group) for group in synonyms.groups] if synonyms else []
    names = ["、".join(item.name for item in r.items) for r in catalog.resources]
    # Both files name the same version, a hash of what makes items and rows belong together (which entries, in
    # which order, with which items): a browser never joins one build's items to another's rows.
    codes = [r.code for r in catalog.resources]
    version = hashlib.sha256(json.dumps([codes, names], ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
    document = {"fields": fields, "rows": rows, "synonyms": groups, "items_url": CATALOG_ITEMS, "version": version}
    items = {"version": version, "items": names}
    for name, data in (("catalog-index.json", document), (CATALOG_ITEMS, items)):
        (site / "assets" / name).write_bytes(searchindex.compact_json(data))


def write_shared_index(site: Path, catalog: Catalog) -> None:
    """The compact index the shared catalog page filters in the browser (one row per sharing)."""
    fields = ["id", "code", "name", "href", "provider", "provider_name", "provider_href", "user", "user_name",
              "user_href", "database", "items", "granted", "year", "status"]
    rows = []
    for request, wanted in catalog.sharings:
        r = requeststatus.sharing_record(request, wanted)
        rows.append([r["request"], r["code"], r["name"], f"../resources/{r['code']}/", r["provider"],
                     r["provider_short"], f"../units/{r['provider']}/", r["user"], r["user_short"],
                     f"../units/{r['user']}/", r["database"], "、".join(r["items"]), r["granted"], r["granted"][:4],
                     r["status"]])
    (site / pages.SHARED_INDEX).write_bytes(searchindex.compact_json({"fields": fields, "rows": rows}))


def start_downloads(site: Path, catalog: Catalog, state: SiteState, where: Publication,
                    today: datetime.date | None = None, extra: list | tuple = (), changes: list | tuple = ()):
    """Start writing the downloads (the exports, and `extra` jobs) whose key changed; return what finishes them.

    In a big catalog the citywide files take seconds and change with any entry, so a forked
    process starts on them at once; this process joins in once its pages are written. The
    two take the next job from a shared counter, biggest files first.
    """
    jobs = [*export_jobs(catalog, today, where=where, activities=changes), *extra]
    pending = sorted((job for job in jobs if not state.fresh(job.path, job.key)),  # the citywide downloads first
                     key=lambda job: job.folder != "downloads" or job.name.startswith(("units/", "schemas/")))
    if (len(pending) < 2 or not PARALLEL_DOWNLOADS_FROM <= len(catalog.resources) <= PARALLEL_DOWNLOADS_UP_TO
            or len(os.sched_getaffinity(0)) < 2 or not workers.can_fork()):
        return lambda: _take_jobs(site, pending, None)
    pool = workers.fork_pool(1)
    with workers.left_for_forks(_PENDING, (site, pending, workers.counter())) as shared:
        future = pool.submit(_take_pending)  # the worker is forked here, inheriting the jobs

    def finish() -> None:
        try:
            _take_jobs(*shared)
            future.result()  # a failure in the worker is raised here, as if it happened here
        finally:
            pool.shutdown()
    return finish


# Below this many resources, forking costs more than the downloads take. Above the second
# figure memory counts more than seconds: the forked process copies the model's pages as it
# reads them (reference counts), about 1.7 GiB more at 100,000 entries.
PARALLEL_DOWNLOADS_FROM = 2000
PARALLEL_DOWNLOADS_UP_TO = 50_000
_PENDING = "build: downloads to write"


def _take_pending() -> None:
    _take_jobs(*workers.inherited(_PENDING))


def _take_jobs(site: Path, jobs, counter) -> None:
    """Make and write the jobs this process claims."""
    for job in _claimed(jobs, counter):
        target = site / job.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(job.make())


def _claimed(jobs, counter):
    """Every job when working alone; else the next unclaimed one, until none is left."""
    if counter is None:
        yield from jobs
        return
    while True:
        with counter.get_lock():
            index = counter.value
            counter.value += 1
        if index >= len(jobs):
            return
        yield jobs[index]


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
    def rebuild() -> None:
        for problem in build_site(root, site):
            logging.getLogger(__name__).warning(problem)

    server = LiveReloadServer(builder=rebuild, host="127.0.0.1", port=8000, root=str(site))
    for watched in (*layout.DATA_DIRS, "docs", "site_templates", "mkdocs.yml"):
        server.watch(str(root / watched))
    with contextlib.suppress(KeyboardInterrupt):
        server.serve()
