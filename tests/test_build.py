"""The site build: every page type exists, builds are byte-identical, hostile values stay inert."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from casetools import make_repo as make_catalog_repo
from generator import build
from generator.build import build_site, publish
from generator.model import LegalBasis, Link, catalog_from, load_catalog

HOSTILE = {
    "script": "<script>alert('x')</script>",
    "img": '"><img src=x onerror=alert(1)>',
    "markdown": "[点我](javascript:alert(1)) **粗体** {: onclick=\"alert(1)\" }",
    "jinja": "{{ 7*7 }}{% raw %}",
    "close": "</textarea></blockquote></table><svg onload=alert(1)>",
}
HOSTILE_TEXT = " ".join(HOSTILE.values())
PROJECT = Path(__file__).parent.parent


def make_repo(tmp: Path) -> Path:
    """The fixture catalog with the project's site configuration and documentation."""
    root = make_catalog_repo(tmp)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "docs", root / "docs")
    shutil.copytree(PROJECT / "site_templates", root / "site_templates")
    return root


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    root = make_repo(tmp_path_factory.mktemp("fixture"))
    assert build_site(root) == []
    return root / "site"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_every_page_type_is_built(fixture_site):
    for page in ("index.html", "catalog/index.html", "nonshared/index.html", "units/index.html",
                 "units/mzj/index.html", "classes/index.html", "classes/Y09/index.html",
                 "resources/430700-007-Y09-0001/index.html", "format/index.html", "search/search_index.json",
                 "assets/catalog-index.json", "sitemap.xml", "sitemap.xml.gz"):
        assert (fixture_site / page).is_file(), page
    assert not (fixture_site / "resources/__shell__").exists()


def test_resource_page_shows_fields_items_and_legal_basis(fixture_site):
    page = (fixture_site / "resources/430700-007-Y09-0002/index.html").read_text(encoding="utf-8")
    assert "<title>收养登记档案信息(430700-007-Y09-0002) - 常德市政府数据资源目录</title>" in page
    assert "中华人民共和国民法典</strong> 第一千一百一十条" in page
    assert "<td>登记证号</td><td>字符型</td><td>20</td>" in page
    assert 'href="../../units/mzj/"' in page
    shared = (fixture_site / "resources/430700-006-J01-0001/index.html").read_text(encoding="utf-8")
    assert ('<a href="../../resources/430700-007-Y09-0001/">城乡最低生活保障对象信息(市民政局,430700-007-Y09-0001)</a>'
            in shared)


def test_search_index_has_segmented_resources_and_no_stand_in(fixture_site):
    index = json.loads((fixture_site / "search/search_index.json").read_text(encoding="utf-8"))
    by_location = {doc["location"]: doc for doc in index["docs"]}
    assert not any("__shell__" in location for location in by_location)
    entry = by_location["resources/430700-007-Y09-0001/"]
    assert "\u200b保障\u200b" in entry["text"] or "\u200b最低\u200b" in entry["text"]
    assert "户主\u200b姓名" in entry["text"] or "户主" in entry["text"]


def test_two_builds_are_byte_identical(tmp_path):
    root = make_repo(tmp_path)
    assert build_site(root, tmp_path / "a") == []
    assert build_site(root, tmp_path / "b") == []
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert sorted(first) == sorted(second)
    changed = [name for name in first if first[name] != second[name]]
    assert changed == []


def test_a_rebuild_rewrites_only_what_changed_and_equals_a_fresh_build(tmp_path):
    """After one entry changes, a rebuild writes its pages and no others, and the site is as if built anew."""
    root = make_repo(tmp_path)
    site = root / "site"
    assert build_site(root) == []
    for path in site.rglob("*"):
        os.utime(path, ns=(0, 0))  # whatever the rebuild writes gets a new date
    entry = root / "catalog/mzj/dibao-duixiang.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("name: 城乡最低生活保障对象信息", "name: 城乡低保对象信息"),
                     encoding="utf-8")
    (site / "resources/430700-999-J01-0001").mkdir()
    (site / "resources/430700-999-J01-0001/index.html").write_text("已删除的条目", encoding="utf-8")
    assert build_site(root) == []
    rewritten = {p.relative_to(site).as_posix() for p in site.rglob("index.html") if p.stat().st_mtime_ns}
    generated = {name for name in rewritten if name.startswith(("resources/", "units/", "classes/"))}
    assert generated == {
        "resources/430700-007-Y09-0001/index.html",  # the changed entry
        "resources/430700-006-J01-0001/index.html",  # lists it as related, by name
        "units/mzj/index.html", "classes/Y09/index.html",  # list it by name
    }  # not the lists of units and classes: mkdocs built them again, the same, so they were left alone
    assert not (site / "resources/430700-999-J01-0001").exists()
    assert build_site(root, tmp_path / "fresh") == []
    rebuilt, fresh = _files(site), _files(tmp_path / "fresh")
    assert sorted(rebuilt) == sorted(fresh)
    assert [name for name in rebuilt if rebuilt[name] != fresh[name]] == []


def test_downloads_shared_by_two_processes_equal_those_written_by_one(tmp_path, monkeypatch):
    root = make_repo(tmp_path)
    assert build_site(root, tmp_path / "one") == []
    monkeypatch.setattr(build, "PARALLEL_DOWNLOADS_FROM", 0)  # the fixture is far below the threshold
    assert build_site(root, tmp_path / "two") == []
    one, two = _files(tmp_path / "one/downloads"), _files(tmp_path / "two/downloads")
    assert sorted(one) == sorted(two) and [name for name in one if one[name] != two[name]] == []


def test_build_refuses_a_catalog_with_errors(tmp_path):
    root = make_repo(tmp_path)
    (root / "catalog/mzj/bad.yaml").write_text("name: 缺字段\n", encoding="utf-8")
    problems = build_site(root)
    assert problems and "catalog validate" in problems[0]
    assert not (root / "site").exists()


class _Inspector(HTMLParser):
    """Collects what a browser would build: element names, event attributes, script URLs."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.active: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.active.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action") and value and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.active.append(f"{tag} {name}={value}")


def _inspect(path: Path) -> _Inspector:
    inspector = _Inspector()
    inspector.feed(path.read_text(encoding="utf-8"))
    return inspector


BENIGN = {key: "甲乙" for key in HOSTILE}


def _catalog_with(root: Path, texts: dict):
    """The fixture catalog with every free-text field replaced by the given texts."""
    catalog = load_catalog(root)
    every = " ".join(texts.values())
    units = tuple(dataclasses.replace(u, name=u.name + texts["img"], short_name=texts["script"],
                                      contact=every, website="javascript:alert(1)") for u in catalog.units)
    by_id = {u.id: u for u in units}
    resources = []
    for r in catalog.resources:
        items = tuple(i._replace(name=i.name + texts["close"], description=every) for i in r.items)
        resources.append(dataclasses.replace(
            r, provider=by_id[r.provider.id], name=r.name + texts["script"], summary=every,
            department=texts["jinja"], keywords=(texts["markdown"],), items=items,
            conditions=every if r.conditions else "",
            legal_basis=tuple(LegalBasis(texts["img"], b.article, texts["close"]) for b in r.legal_basis),
            links=(Link(texts["script"], "javascript:alert(1)"), Link("正常链接", "https://example.org/a?b=c"))))
    return catalog_from(units, resources, catalog.classes)


def test_hostile_values_never_become_active_on_any_page(tmp_path):
    """Hostile text gives exactly the elements benign text gives, on every page, and nothing active."""
    root = make_repo(tmp_path)
    assert publish(root, _catalog_with(root, BENIGN), {}, tmp_path / "benign") == []
    assert publish(root, _catalog_with(root, HOSTILE), {}, tmp_path / "hostile") == []
    pages = sorted(p.relative_to(tmp_path / "hostile") for p in (tmp_path / "hostile").rglob("*.html"))
    assert len(pages) >= 12
    for page in pages:
        hostile, benign = _inspect(tmp_path / "hostile" / page), _inspect(tmp_path / "benign" / page)
        assert hostile.active == [], page
        assert hostile.tags == benign.tags, page
        assert ">49<" not in (tmp_path / "hostile" / page).read_text(encoding="utf-8"), page
    resource = next((tmp_path / "hostile/resources").glob("*/index.html")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in resource
    assert "[点我](javascript:alert(1))" in resource  # Markdown stays text
    assert "{{ 7*7 }}{% raw %}" in resource  # never evaluated


def test_hostile_values_stay_inert_in_json_outputs(tmp_path):
    root = make_repo(tmp_path)
    assert publish(root, _catalog_with(root, HOSTILE), {}, root / "site") == []
    index = json.loads((root / "site/assets/catalog-index.json").read_text(encoding="utf-8"))
    assert all(row[-1].startswith("../resources/") for row in index["rows"])
    search = (root / "site/search/search_index.json").read_text(encoding="utf-8")
    assert "<script>alert" not in search and "<img src=x" not in search


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name in ("href", "src") and value]


def test_every_internal_link_of_the_site_resolves(fixture_site):
    """Downloads, units, classes, resources, assets: no page links to something that is not there."""
    broken = []
    for page in sorted(fixture_site.rglob("*.html")):
        links = _Links()
        links.feed(page.read_text(encoding="utf-8"))
        for href in links.hrefs:
            if re.match(r"[a-z]+:|//|#", href):
                continue
            path = href.split("#")[0].split("?")[0]
            # 404.html links from the site root, which is /catalog/ as site_url says
            base, path = (fixture_site, path.removeprefix("/catalog/")) if path.startswith("/") else (page.parent, path)
            target = (base / path).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(fixture_site)} -> {href}")
    assert broken == []


def test_search_worker_looks_the_whole_query_up(fixture_site):
    """The theme's off-by-one in Chinese query segmentation is fixed in the built worker."""
    worker = next((fixture_site / "assets/javascripts/workers").glob("search.*.min.js")).read_text(encoding="utf-8")
    assert re.search(r"for\(let (\w+)=(\w+)\+1;\1<=(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ", worker)


def test_unit_page_shows_contact_and_only_web_addresses(tmp_path):
    root = make_repo(tmp_path)
    catalog = load_catalog(root)
    units = tuple(dataclasses.replace(u, contact="0736-0000000(工作日)", website=site)
                  for u, site in zip(catalog.units, ("https://example.gov.cn/", "javascript:alert(1)", "")))
    by_id = {u.id: u for u in units}
    resources = [dataclasses.replace(r, provider=by_id[r.provider.id]) for r in catalog.resources]
    assert publish(root, catalog_from(units, resources, catalog.classes), {}, tmp_path / "site") == []
    gaj = (tmp_path / "site/units/gaj/index.html").read_text(encoding="utf-8")
    mzj = (tmp_path / "site/units/mzj/index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.gov.cn/" rel="noopener noreferrer nofollow">' in gaj
    assert "0736-0000000(工作日)" in gaj and "0736-0000000(工作日)" in mzj
    assert "javascript:" not in mzj and "单位网站" not in mzj
