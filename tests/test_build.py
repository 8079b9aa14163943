"""The site build: every page type exists, builds are byte-identical, hostile values stay inert."""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from casetools import TODAY
from casetools import make_repo as make_catalog_repo
from requestfixture import add_requests

from generator.annual import annual_report
from generator.core import sharing
from generator.core.workdays import beijing_today
from generator.model.catalog import LegalBasis, Link, Wanted, catalog_from, load_catalog, with_requests
from generator.site import build, pages
from generator.site.build import build_date, build_site, publish
from generator.site.render import environment, rules_view

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
                 "resources/430700-007-Y09-0001/index.html", "format/index.html", "search/manifest.json",
                 "assets/catalog-index.json", "sitemap.xml", "sitemap.xml.gz"):
        assert (fixture_site / page).is_file(), page
    assert not (fixture_site / "resources/__shell__").exists()


def test_resource_page_shows_fields_items_and_legal_basis(fixture_site):
    page = (fixture_site / "resources/430700-007-Y09-0002/index.html").read_text(encoding="utf-8")
    assert "<title>收养登记档案信息(430700-007-Y09-0002) - 常德市政府数据资源目录</title>" in page
    assert "中华人民共和国民法典</strong> 第一千一百一十条" in page
    assert '<td>登记证号</td><td>字符型</td><td>20</td>' in page
    assert 'href="../../units/mzj/"' in page
    shared = (fixture_site / "resources/430700-006-J01-0001/index.html").read_text(encoding="utf-8")
    assert ('<a href="../../resources/430700-007-Y09-0001/">城乡最低生活保障对象信息(市民政局,430700-007-Y09-0001)</a>'
            in shared)


def test_search_index_has_the_generated_pages_and_no_stand_in(fixture_site):
    manifest = json.loads((fixture_site / "search/manifest.json").read_text(encoding="utf-8"))
    folder = fixture_site / "search" / manifest["version"]
    chunks = sorted((folder / "d").glob("*.json"), key=lambda p: int(p.stem))
    docs = [doc for chunk in chunks for doc in json.loads(chunk.read_text(encoding="utf-8"))]
    assert len(docs) == manifest["docs"] and len(list((folder / "w").glob("*.json"))) == manifest["shards"]
    by_location = {doc[0]: doc for doc in docs}
    assert not any("__shell__" in location for location in by_location)
    assert by_location["resources/430700-007-Y09-0001/"][1:] == ["城乡最低生活保障对象信息", "资源",
                                                                 "430700-007-Y09-0001 · 市民政局"]
    assert by_location["units/mzj/"][2] == "单位" and by_location["format/"][2] == "页面"
    assert not (fixture_site / "search/search_index.json").exists()  # the theme's index, fetched by every page


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


BENIGN = {key: "a" * len(text) for key, text in HOSTILE.items()}  # as long: charts cut long labels alike


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
    joined = catalog_from(units, resources, catalog.classes, catalog.policy)
    return with_requests(joined, [_request_with(q, texts, by_id, joined) for q in catalog.requests])


def _request_with(request, texts: dict, units: dict, catalog):
    """A request with the given texts in its purpose, reason, duty basis, items, reasons and notes."""
    every = " ".join(texts.values())
    return dataclasses.replace(
        request, applicant=units[request.applicant.id],
        approver=units[request.approver.id] if request.approver else None,
        purpose=every, reason=every if request.reason else "",
        duty_basis=tuple(LegalBasis(texts["markdown"], b.article, texts["script"]) for b in request.duty_basis),
        wanted=tuple(Wanted(catalog.by_code[w.resource.code], tuple(n + texts["close"] for n in w.items))
                     for w in request.wanted),
        history=tuple(dataclasses.replace(step, reason=every if step.reason else "", note=texts["jinja"])
                      for step in request.history))


def test_hostile_values_never_become_active_on_any_page(tmp_path):
    """Hostile text gives exactly the elements benign text gives, on every page, and nothing active."""
    root = add_requests(make_repo(tmp_path))
    for name, texts in (("benign", BENIGN), ("hostile", HOSTILE)):
        catalog = _catalog_with(root, texts)
        reports = [annual_report(catalog, TODAY.year, TODAY)]  # unit names reach the report's charts and tables
        assert publish(root, catalog, {}, tmp_path / name, today=TODAY, reports=reports) == []
    pages = sorted(p.relative_to(tmp_path / "hostile") for p in (tmp_path / "hostile").rglob("*.html"))
    assert len(pages) >= 15 and Path("shared/index.html") in pages and Path("shared/overdue/index.html") in pages
    assert Path(f"reports/{TODAY.year}/index.html") in pages
    for page in pages:
        hostile, benign = _inspect(tmp_path / "hostile" / page), _inspect(tmp_path / "benign" / page)
        assert hostile.active == [], page
        assert hostile.tags == benign.tags, page
        assert ">49<" not in (tmp_path / "hostile" / page).read_text(encoding="utf-8"), page
    resource = next((tmp_path / "hostile/resources").glob("*/index.html")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in resource
    assert "[点我](javascript:alert(1))" in resource  # Markdown stays text
    assert "{{ 7*7 }}{% raw %}" in resource  # never evaluated
    unit = (tmp_path / "hostile/units/mzj/index.html").read_text(encoding="utf-8")
    assert "户主姓名&lt;/textarea&gt;" in (tmp_path / "hostile/resources/430700-007-Y09-0001/index.html").read_text(
        encoding="utf-8")  # a requested info item
    assert unit.count("&lt;svg onload=alert(1)&gt;") >= 2  # a 维持不予共享 reason, unit names
    reviews = (tmp_path / "hostile/nonshared/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in reviews  # the objection's reason


def test_hostile_request_text_stays_inert_in_the_shared_index_and_downloads(tmp_path):
    root = add_requests(make_repo(tmp_path))
    assert publish(root, _catalog_with(root, HOSTILE), {}, root / "site", today=TODAY) == []
    index = json.loads((root / "site/assets/shared-index.json").read_text(encoding="utf-8"))
    at = {name: i for i, name in enumerate(index["fields"])}
    for row in index["rows"]:
        assert row[at["href"]].startswith("../resources/") and row[at["user_href"]].startswith("../units/")
    assert any("</textarea>" in row[at["items"]] for row in index["rows"])  # text, for textContent
    shared = json.loads((root / "site/downloads/shared.json").read_text(encoding="utf-8"))
    assert shared["sharings"][0]["purpose"] == HOSTILE_TEXT


def test_hostile_values_stay_inert_in_json_outputs(tmp_path):
    root = make_repo(tmp_path)
    assert publish(root, _catalog_with(root, HOSTILE), {}, root / "site") == []
    index = json.loads((root / "site/assets/catalog-index.json").read_text(encoding="utf-8"))
    href = index["fields"].index("href")
    assert all(row[href].startswith("../resources/") for row in index["rows"])
    # The search documents keep a unit's text as it is written; search.js puts it in as text, never as markup.
    chunks = (root / "site/search").glob("*/d/*.json")
    titles = {doc[1] for chunk in chunks for doc in json.loads(chunk.read_text(encoding="utf-8"))}
    assert any("<script>alert" in title for title in titles)
    script = (PROJECT / "site_templates/assets/search.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", script)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name in ("href", "src") and value]


def test_every_internal_link_of_the_site_resolves(fixture_site):
    """Downloads, units, classes, resources, assets: no page links to something that is not there."""
    assert _broken_links(fixture_site) == []


def _broken_links(fixture_site: Path) -> list[str]:
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
    return broken


def test_unit_page_shows_contact_and_only_web_addresses(tmp_path):
    root = make_repo(tmp_path)
    catalog = load_catalog(root)
    sites = {"gaj": "https://example.gov.cn/", "mzj": "javascript:alert(1)"}
    units = tuple(dataclasses.replace(u, contact="0736-0000000(工作日)", website=sites.get(u.id, ""))
                  for u in catalog.units)
    by_id = {u.id: u for u in units}
    resources = [dataclasses.replace(r, provider=by_id[r.provider.id]) for r in catalog.resources]
    assert publish(root, catalog_from(units, resources, catalog.classes), {}, tmp_path / "site") == []
    gaj = (tmp_path / "site/units/gaj/index.html").read_text(encoding="utf-8")
    mzj = (tmp_path / "site/units/mzj/index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.gov.cn/" rel="noopener noreferrer nofollow">' in gaj
    assert "0736-0000000(工作日)" in gaj and "0736-0000000(工作日)" in mzj
    assert "javascript:" not in mzj and "单位网站" not in mzj


# --- the shared catalog (Art. 11, 12, 13, 17, 18) ------------------------------------------


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory):
    """The fixture repository with the request files of requestfixture, built as of TODAY."""
    root = add_requests(make_repo(tmp_path_factory.mktemp("shared")))
    assert build_site(root, today=TODAY) == []
    return root / "site"


def _page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def _rows(html: str, table_class: str) -> list[list[str]]:
    """The body rows of the table of `table_class`, as cell texts; a line break or a span starts a "|" part."""
    table = re.search(rf'<table class="cd-list {table_class} cd-cards"[^>]*>(.*?)</table>', html, re.DOTALL).group(1)
    body = table.split("<tbody>", 1)[1]
    return [[re.sub(r"<[^>]+>", "", re.sub(r"<br>|<span[^>]*>", "|", cell))
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)]


def test_shared_page_is_in_the_navigation_after_the_nonshared_catalog(shared_site):
    page = _page(shared_site, "shared/index.html")
    assert "<title>全市政府数据资源共享目录 - 常德市政府数据资源目录</title>" in page
    nav = re.findall(r'class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">\s*([^<]+?)\s*</span>', page)
    assert nav.index("全市政府数据资源共享目录") == nav.index("不予共享数据目录") + 1
    assert nav.index("逾期提供清单") == nav.index("全市政府数据资源共享目录") + 1


def test_shared_page_figures_facets_and_links(shared_site):
    page = _page(shared_site, "shared/index.html")
    figures = [re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li>(.*?)</li>", page.split('class="cd-figures"')[1]
                                                                .split("</ul>")[0])]
    assert figures == ["3 项已列入的共享", "3 个使用单位", "2 个提供单位", "5 个 2026 年提出的共享申请",
                       "15 个工作日:业务库数据从通知到提供的中位数(1 次提供)", "1 个逾期未提供(另有 1 个逾期提供)"]
    assert "逾期情况截至 2026-11-24" in page
    assert '<option value="anxiang">安乡县政府(1)</option>' in page  # 使用单位
    assert '<option value="逾期未提供">逾期未提供(1)</option>' in page
    assert 'data-index="../assets/shared-index.json" data-table="shared"' in page
    for href in ('href="overdue/"', 'href="../nonshared/#reviews"', 'href="../downloads/shared.xlsx"'):
        assert href in page


def test_every_internal_link_of_the_site_with_requests_resolves(shared_site):
    """The shared catalog, the overdue list, the request tables and the new downloads link to what is there."""
    assert _broken_links(shared_site) == []


def test_shared_index_lists_every_approved_sharing(shared_site):
    index = json.loads(_page(shared_site, "assets/shared-index.json"))
    rows = [dict(zip(index["fields"], row, strict=True)) for row in index["rows"]]
    assert [row["id"] for row in rows] == ["GX-2026-0001", "GX-2026-0003", "GX-2026-0002"]  # by proposal date
    assert rows[0] == {
        "id": "GX-2026-0001", "code": "430700-007-Y09-0001", "name": "城乡最低生活保障对象信息",
        "href": "../resources/430700-007-Y09-0001/", "provider": "mzj", "provider_name": "市民政局",
        "provider_href": "../units/mzj/", "user": "anxiang", "user_name": "安乡县政府", "user_href": "../units/anxiang/",
        "database": "业务", "items": "户主姓名、保障类别、月保障金额", "granted": "2026-03-05", "year": "2026",
        "status": "逾期提供"}
    assert [(row["status"], row["database"]) for row in rows[1:]] == [("已提供", "基础"), ("逾期未提供", "业务")]


def test_overdue_page_lists_open_ones_first_with_exact_days_late(shared_site):
    page = _page(shared_site, "shared/overdue/index.html")
    assert _rows(page, "cd-overdue-list") == [
        ["市民政局", "GX-2026-0002", "市公安局", "城乡最低生活保障对象信息(430700-007-Y09-0001)", "2026-11-02",
         "2026-11-16", "未提供", "6"],
        ["市民政局", "GX-2026-0001", "安乡县政府", "城乡最低生活保障对象信息(430700-007-Y09-0001)", "2026-03-06",
         "2026-03-20", "2026-03-27", "5"]]
    assert '<tr class="cd-overdue--open"><td class="cd-who"><a href="../../units/mzj/">' in page
    assert "截至 2026-11-24 共 2 个,其中 1 个仍未提供" in page


def test_overdue_page_shows_an_estimated_deadline_with_its_note(tmp_path):
    """Past the calendar's known years the deadline is counted Monday to Friday, and the page says so."""
    catalog = load_catalog(add_requests(make_repo(tmp_path)), today=TODAY)
    late = next(r for r in catalog.requests if r.id == "GX-2026-0002")
    history = (sharing.Step("提出", "2026-12-01"), sharing.Step("审核通过", "2026-12-10"),
               sharing.Step("通知提供", "2026-12-24"))
    today = datetime.date(2027, 1, 29)
    late = dataclasses.replace(late, history=history, standing=sharing.standing(history, {"业务"}, today, catalog.policy))
    assert late.standing.deadline.estimated
    page = pages.html_body(environment(rules_view(catalog.rules(today))),
                           pages.overdue_page(with_requests(catalog, [late]), today))
    row = _rows(page, "cd-overdue-list")[0]
    assert row[4:6] == ["2026-12-24", f"2027-01-07|估算:{late.standing.deadline.note}"]  # 2027-01-01 counted
    assert "2027 年的法定节假日和调休安排尚未收录" in row[5] and row[6] == "未提供" and row[7] == "16"


def test_unit_pages_list_the_requests_made_and_received(shared_site):
    anxiang = _page(shared_site, "units/anxiang/index.html")
    assert _rows(anxiang.split('id="requests-made"')[1], "cd-requests") == [
        ["GX-2026-0001|共享申请", "常德市民政局", "城乡最低生活保障对象信息(430700-007-Y09-0001)", "逾期提供",
         "提出 2026-03-02|办理 2026-03-27|期限 2026-03-20"],
        ["GX-2026-0005|共享申请", "常德市公安局", "常住人口基本信息(430700-006-J01-0001)",
         "驳回|人口年龄结构可使用统计部门发布的汇总数据,不需要个人明细。", "提出 2026-07-01|办理 2026-07-03"],
        ["YY-2026-0001|异议", "常德市民政局", "收养登记档案信息(430700-007-Y09-0002)", "待审核",
         "提出 2026-09-01|办理 2026-09-01"]]
    assert "本单位尚未收到共享申请。" in anxiang
    mzj = _page(shared_site, "units/mzj/index.html")
    received = _rows(mzj.split('id="requests-received"')[1], "cd-requests")
    assert [row[0][:12] for row in received] == ["GX-2026-0001", "GX-2026-0004", "YY-2026-0001", "GX-2026-0002"]
    assert received[3][3:] == ["逾期未提供", "提出 2026-10-12|办理 2026-11-02|期限 2026-11-16"]
    assert received[1][3] == "维持不予共享|收养档案依民法典第一千一百一十条保密,个案核实可依法向民政部门调取。"
    assert 'href="../../units/gaj/">常德市公安局</a>' in mzj.split('id="requests-received"')[1]


def test_resource_pages_show_who_uses_them_and_the_other_requests(shared_site):
    dibao = _page(shared_site, "resources/430700-007-Y09-0001/index.html")
    assert _rows(dibao, "cd-uses") == [
        ["安乡县人民政府", "户主姓名、保障类别、月保障金额", "2026-03-05", "逾期提供", "GX-2026-0001"],
        ["常德市公安局", "保障对象身份号码、户主姓名", "2026-10-19", "逾期未提供", "GX-2026-0002"]]
    assert 'id="requests"' not in dibao  # every request for it was granted
    shouyang = _page(shared_site, "resources/430700-007-Y09-0002/index.html")
    assert "目前没有单位通过全市政府数据资源共享目录使用这项数据。" in shouyang
    assert [(row[0], row[1], row[2].split("|")[0]) for row in _rows(shouyang, "cd-requests")] == [
        ("GX-2026-0004|共享申请", "常德市公安局", "维持不予共享"), ("YY-2026-0001|异议", "安乡县人民政府", "待审核")]
    renkou = _page(shared_site, "resources/430700-006-J01-0001/index.html")
    assert [row[0] for row in _rows(renkou, "cd-uses")] == ["常德市民政局"]
    assert [row[2].split("|")[0] for row in _rows(renkou, "cd-requests")] == ["驳回"]


def test_nonshared_page_lists_reviews_and_objections(shared_site):
    page = _page(shared_site, "nonshared/index.html")
    rows = _rows(page.split('id="reviews"')[1], "cd-reviews")
    assert [(row[0], row[1], row[4]) for row in rows] == [
        ("GX-2026-0004|共享申请提出 2026-06-01", "市公安局",
         "维持不予共享 2026-06-19|收养档案依民法典第一千一百一十条保密,个案核实可依法向民政部门调取。"),
        ("YY-2026-0001|异议提出 2026-09-01", "安乡县政府", "待审核")]
    assert rows[1][3].startswith("县级民政部门办理收养登记需要查询市级档案")


def test_home_page_shows_the_shared_figures_and_entry_points(shared_site):
    page = _page(shared_site, "index.html")
    assert '<a href="shared/"><strong>3</strong> 项已列入共享目录的共享</a>' in page
    assert '<a href="shared/overdue/"><strong>1</strong> 个逾期未提供</a>(截至 2026-11-24;另有 1 个逾期提供)' in page
    for href in ("shared/", "shared/overdue/", "downloads/shared.csv", "downloads/shared.xlsx", "downloads/shared.json",
                 "downloads/overdue.csv", "downloads/schemas/request.schema.json"):
        assert f'href="{href}"' in page, href


def test_the_annual_reports_are_pages_and_downloads(shared_site):
    index = _page(shared_site, "reports/index.html")
    assert '<a href="2026/">2026 年常德市政府数据资源共享报告</a>' in index
    page = _page(shared_site, "reports/2026/index.html")
    assert page.count('class="cd-chart cd-chart--') == 4  # classes, sharing types, fulfilment times, unit scores
    assert "<script" not in page.split('<article class="cd-report">')[1].split("</article>")[0]
    assert "三、应整改事项" in page and 'href="../../report/"' in page
    for name in ("2026.xlsx", "2026-citywide.csv", "2026-units.csv", "2026-rectifications.csv"):
        assert (shared_site / "downloads/reports" / name).is_file(), name
        assert f'href="../../downloads/reports/{name}"' in page, name


def test_a_changed_request_rewrites_its_pages_and_equals_a_fresh_build(tmp_path):
    """A request provided at last: its resource and both units' pages are written again, nothing else."""
    root = add_requests(make_repo(tmp_path))
    site = root / "site"
    assert build_site(root, today=TODAY) == []
    for path in site.rglob("*"):
        os.utime(path, ns=(0, 0))
    request = root / "requests/2026/GX-2026-0002.yaml"
    request.write_text(request.read_text(encoding="utf-8") + '  - status: 已提供\n    date: "2026-11-20"\n',
                       encoding="utf-8")
    assert build_site(root, today=TODAY) == []
    rewritten = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.stat().st_mtime_ns}
    assert {name for name in rewritten if name.startswith(("resources/", "units/", "classes/"))} == {
        "resources/430700-007-Y09-0001/index.html", "units/mzj/index.html", "units/gaj/index.html"}
    assert {name for name in rewritten if name.startswith("downloads/")} == {
        "downloads/shared.json", "downloads/shared.csv", "downloads/shared.xlsx", "downloads/overdue.csv",
        # the report of this year counts the provision
        "downloads/reports/2026.xlsx", "downloads/reports/2026-citywide.csv", "downloads/reports/2026-units.csv",
        "downloads/reports/2026-rectifications.csv"}
    assert [row[6:] for row in _rows(_page(site, "shared/overdue/index.html"), "cd-overdue-list")] == [
        ["2026-03-27", "5"], ["2026-11-20", "4"]]  # both provided now: most days late first
    assert build_site(root, tmp_path / "fresh", today=TODAY) == []
    rebuilt, fresh = _files(site), _files(tmp_path / "fresh")
    assert sorted(rebuilt) == sorted(fresh)
    assert [name for name in rebuilt if rebuilt[name] != fresh[name]] == []


def test_the_build_date_makes_the_open_lateness_and_two_builds_are_identical(tmp_path):
    root = add_requests(make_repo(tmp_path))
    assert build_site(root, tmp_path / "a", today=TODAY) == []
    assert build_site(root, tmp_path / "b", today=TODAY) == []
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert sorted(first) == sorted(second) and [name for name in first if first[name] != second[name]] == []
    assert build_site(root, tmp_path / "c", today=datetime.date(2026, 11, 25)) == []
    assert _rows(_page(tmp_path / "c", "shared/overdue/index.html"), "cd-overdue-list")[0][6:] == ["未提供", "7"]


def test_the_build_date_is_the_last_commits(tmp_path):
    repo = tmp_path / "git"
    repo.mkdir()
    env = {**os.environ, "GIT_AUTHOR_DATE": "2025-03-04T23:30:00+08:00",
           "GIT_COMMITTER_DATE": "2025-03-04T23:30:00+08:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    for command in (["git", "init", "-q"], ["git", "commit", "-q", "--allow-empty", "-m", "x"]):
        subprocess.run(command, cwd=repo, env=env, check=True, capture_output=True)
    assert build_date(repo) == datetime.date(2025, 3, 4)  # the committer's own day, not UTC's
    outside = tmp_path / "plain"
    outside.mkdir()
    assert build_date(outside) == beijing_today()  # outside git: today in Beijing, whatever the machine's zone


def test_a_resource_page_lists_its_error_reports(tmp_path):
    root = make_repo(tmp_path)
    cases = PROJECT / "tests/cases/valid"
    for name, text in (("JC-2025-0001", (cases / "valid_feedback-corrected.yaml").read_text(encoding="utf-8")),
                       ("JC-2025-0002", (cases / "valid_feedback-open.yaml").read_text(encoding="utf-8")
                        .replace("JC-2025-0001", "JC-2025-0002"))):
        target = root / f"feedback/2025/{name}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    assert build_site(root, today=TODAY) == []
    rows = _rows(_page(root / "site", "resources/430700-007-Y09-0001/index.html"), "cd-feedback")
    assert [(row[0], row[1], row[3], row[4]) for row in rows] == [
        ("JC-2025-0001", "安乡县人民政府", "2025-04-02", "已纠正(2025-04-18)"),
        ("JC-2025-0002", "安乡县人民政府", "2025-04-02", "待核实")]


def test_a_failed_build_leaves_nothing_the_next_build_trusts(tmp_path):
    """Downloads written before mkdocs failed are rewritten by the next build, not kept as fresh."""
    root = make_repo(tmp_path)
    assert build_site(root) == []
    entry = root / "catalog/mzj/dibao-duixiang.yaml"
    original = entry.read_text(encoding="utf-8")
    entry.write_text(original.replace("name: 城乡最低生活保障对象信息", "name: 城乡低保对象信息"), encoding="utf-8")
    (root / "docs/broken.md").write_text("[坏链接](missing.md)\n", encoding="utf-8")
    assert build_site(root) != []  # strict mkdocs: the broken link stops the build
    entry.write_text(original, encoding="utf-8")
    (root / "docs/broken.md").unlink()
    assert build_site(root) == []
    assert build_site(root, tmp_path / "fresh") == []
    rebuilt, fresh = _files(root / "site"), _files(tmp_path / "fresh")
    assert sorted(rebuilt) == sorted(fresh)
    assert [name for name in rebuilt if rebuilt[name] != fresh[name]] == []
    assert not list((root / "build").glob("site-*"))  # no scratch folder left behind
