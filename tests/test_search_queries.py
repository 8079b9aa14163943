"""Finding what people type (issue 14, point 5): the catalog's keyword filter and the site search, each run in
Node.js on the demo catalog's own index, against realistic queries: abbreviations (社保, 低保, 驾照), unit names
and ids, codes and code segments, info items. Each query names the resources a clerk or a citizen expects to find.

Observed before: 社保, 营业执照, 低保 and the full name 常德市公安局 found nothing."""

from __future__ import annotations

import datetime
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.model.catalog import load_catalog
from generator.read.synonyms import load_synonyms
from generator.site.build import build_site

ROOT = Path(__file__).parent.parent
SCRIPT = ROOT / "site_templates/assets/catalog.js"
SEARCH_SCRIPT = ROOT / "site_templates/assets/search.js"
NODE = shutil.which("node")

# query -> names of resources it must find (all of them), as the demo catalog names them.
QUERIES = {
    "社保": ["社会保障卡信息"],
    "低保": ["最低生活保障对象信息"],
    "医保": ["基本医疗保险参保登记信息"],
    "公积金": ["住房公积金个人缴存信息", "住房公积金缴存单位信息", "住房公积金个人住房贷款信息"],
    "营业执照": ["市场主体登记信息", "个体工商户登记信息"],
    "工商": ["市场主体登记信息"],
    "户籍": ["户籍人口变动信息", "户籍人口统计信息"],
    "不动产": ["不动产登记信息", "不动产抵押登记信息"],
    "房产证": ["不动产登记信息"],
    "驾照": ["机动车驾驶证信息"],
    "结婚证": ["婚姻登记信息"],
    "出生证": ["出生医学证明信息"],
    "残疾证": ["中华人民共和国残疾人证"],
    "养老保险": ["城乡居民基本养老保险参保和待遇领取信息", "企业职工基本养老保险参保信息"],
    "失业金": ["失业保险金领取信息"],
    "学籍": ["中小学生学籍信息"],
    "校车": ["校车使用许可信息"],
    "网约车": ["网络预约出租汽车运输证信息"],
    "排污证": ["排污许可信息"],
    "环评": ["建设项目环境影响评价审批信息"],
    "天气": ["城乡精细化网格气象预报", "气象灾害预警信号发布信息"],
    "景区": ["A级旅游景区信息"],
    "退伍军人": ["退役军人基本信息", "退役军人服务站信息"],
    "食品许可": ["食品经营许可信息", "食品生产许可信息"],
    "纳税": ["单位纳税人税务登记信息", "纳税信用A级纳税人名单"],
    "税务登记": ["单位纳税人税务登记信息"],
    "律师": ["律师事务所信息", "律师执业信息"],
    "公证": ["公证机构和公证员信息"],
    "法律援助": ["法律援助受援人信息"],
    "文物": ["不可移动文物信息", "澧县馆藏可移动文物信息"],
    "公交": ["城市公交线路和站点信息"],
    "水质": ["地表水水质监测信息"],
    "特种设备": ["特种设备使用登记信息"],
    "医师": ["医师执业注册信息"],
    "社会组织": ["社会组织登记信息"],
    "信用修复": ["信用修复信息"],
    "常德市公安局": ["常住人口基本信息", "机动车驾驶证信息"],  # a unit's full name
    "市公安局": ["常住人口基本信息", "机动车登记信息"],  # its short name
    "gaj": ["常住人口基本信息"],  # its id
    "人社局": ["社会保障卡信息"],
    "430700-006-J01-0001": ["常住人口基本信息"],  # a full code
    "J01": ["常住人口基本信息", "户籍人口变动信息"],  # a code segment: 基础库 · 人口
    "公民身份号码": ["常住人口基本信息"],  # an info item
    "车牌": ["机动车登记信息"],
}


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    if NODE is None:
        pytest.skip("Node.js is not installed")
    site = tmp_path_factory.mktemp("site")
    assert build_site(ROOT, site_dir=site) == []
    return site


_FILTER = """
const m = require(process.argv[1]);
const fs = require("fs");
const index = new m.Index(JSON.parse(fs.readFileSync(process.argv[2] + "/assets/catalog-index.json", "utf8")));
index.addColumn("items", JSON.parse(fs.readFileSync(process.argv[2] + "/assets/catalog-items.json", "utf8")).items);
const out = {};
for (const q of JSON.parse(process.argv[3])) {
  const state = Object.assign(m.parseState("", null), { q });
  out[q] = Array.from(index.filter(state, ""), (r) => [index.cols.name[r], "资源", index.cols.href[r].slice(3)]);
}
console.log(JSON.stringify(out));
"""

# The site search: every result's title, kind and location, best first.
_SEARCH = """
const m = require(process.argv[1]);
const fs = require("fs");
const engine = new m.Engine((path) => Promise.resolve(
  JSON.parse(fs.readFileSync(process.argv[2] + "/" + path.split("?")[0], "utf8"))));
(async () => {
  const out = {};
  for (const q of JSON.parse(process.argv[3])) {
    out[q] = (await engine.documents(await engine.find(q))).map((d) => [d.title, d.kind, d.location]);
  }
  console.log(JSON.stringify(out));
})();
"""


@pytest.fixture(scope="module", params=["filter", "site"])
def found(request, demo_site) -> dict:
    """Each query's results ([title, kind, location], best first) from the catalog filter or the site search."""
    script, engine = (_FILTER, SCRIPT) if request.param == "filter" else (_SEARCH, SEARCH_SCRIPT)
    queries = json.dumps(list(QUERIES), ensure_ascii=False)
    done = subprocess.run([NODE, "-e", script, str(engine), str(demo_site), queries], capture_output=True, text=True,
                          check=True)
    everything = json.loads(done.stdout)
    catalog = load_catalog(ROOT, today=datetime.date(2026, 12, 1))
    return {"engine": request.param, "site": demo_site, "all": everything,
            "results": {q: [title for title, kind, _ in rows if kind == "资源"] for q, rows in everything.items()},
            "names": [r.name for r in catalog.resources]}


def test_at_least_forty_queries_are_asked():
    assert len(QUERIES) >= 40


def test_every_expected_resource_is_found(found):
    missing = {q: sorted(set(expected) - set(found["results"][q])) for q, expected in QUERIES.items()}
    assert {q: names for q, names in missing.items() if names} == {}


def test_every_resource_whose_name_holds_the_query_or_its_synonym_is_found(found):
    from generator.read.synonyms import load_synonyms

    synonyms = load_synonyms(ROOT)
    for query in QUERIES:
        words = {query} | {other for group in synonyms.groups if query in group for other in group}
        named = {name for name in found["names"] if any(word in name for word in words)}
        assert named <= set(found["results"][query]), query


def test_the_first_five_results_hold_an_expected_resource_for_nine_queries_in_ten(found):
    hits = [q for q, expected in QUERIES.items() if set(expected) & set(found["results"][q][:5])]
    assert len(hits) / len(QUERIES) >= 0.9, sorted(set(QUERIES) - set(hits))


def page_text(site: Path, location: str) -> str:
    """A built page's text and link addresses (a unit's id is in its links), folded as search folds it."""
    from generator.site.searchindex import fold

    markup = (site / location / "index.html").read_text(encoding="utf-8")
    return fold(html.unescape(re.sub(r"<[^>]+>", "", markup) + " ".join(re.findall(r'href="([^"]*)"', markup))))


def test_every_one_of_the_first_ten_results_holds_the_query_or_its_synonym(found):
    """The relevance target of issue 14: the theme's search met it at 25,000 entries; untuned Pagefind found 文物保护单位
    for 医保. Checked on the built page of each result, whatever its kind."""
    synonyms = load_synonyms(ROOT)
    wrong = {}
    for query, rows in found["all"].items():
        words = {query.lower()} | {other for group in synonyms.groups if query in group for other in group}
        misses = [location for _, _, location in rows[:10]
                  if not any(word in page_text(found["site"], location) for word in words)]
        if misses:
            wrong[query] = misses
    assert wrong == {}


def measures(found) -> tuple[float, float]:
    """Recall (expected resources found) and precision (of the first five results, those expected), averaged."""
    recall = sum(len(set(e) & set(found["results"][q])) / len(e) for q, e in QUERIES.items()) / len(QUERIES)
    precision = sum(len(set(e) & set(found["results"][q][:5])) / max(1, min(5, len(found["results"][q])))
                    for q, e in QUERIES.items()) / len(QUERIES)
    return recall, precision


def test_recall_and_precision_are_reported(found, capsys):
    recall, precision = measures(found)
    hits = sum(1 for q, e in QUERIES.items() if set(e) & set(found["results"][q][:5])) / len(QUERIES)
    with capsys.disabled():
        print(f"\n查找测试({found['engine']}):{len(QUERIES)} 个查询,召回率 {recall:.0%},前五条含期望资源的查询 {hits:.0%},"
              f"前五条的准确率 {precision:.0%}")
    assert recall == 1.0


def test_the_synonym_list_is_read_strictly(tmp_path):
    from generator.core.problems import Refused
    from generator.read.synonyms import Synonyms

    assert load_synonyms(tmp_path) == Synonyms()  # a catalog that keeps no list
    (tmp_path / "registry").mkdir()
    for bad in ("synonyms: [[社保]]\n", "synonyms: [[社保, 社保]]\n", "synonyms: [[社保, [医保]]]\n", "synonyms: 社保\n",
                "synonyms: [[' 社保', 社会保障]]\n"):
        (tmp_path / "registry/synonyms.yaml").write_text(bad, encoding="utf-8")
        with pytest.raises(Refused):
            load_synonyms(tmp_path)
    groups = load_synonyms(ROOT)
    assert groups.others("社会保障卡信息") == ["社保", "社会保险"]
