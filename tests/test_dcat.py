"""The linked DCAT-AP 3 of the paged catalog (api/catalog/1.jsonld holds every entry of these small catalogs): every
identifier an address on the site, every dataset reachable."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from casetools import PLATFORM, SITE, WHERE, expanded, export_files

from generator.downloads import dcat, hydra
from generator.downloads.linked import Publication, publication_from
from generator.model.catalog import catalog_from, load_catalog

HERE = Path(__file__).parent
ROOT = HERE.parent
FIXTURE = HERE / "cases/fixture"
JILU = "430700-006-J01-0001"
DIBAO = "430700-007-Y09-0001"
SHOUYANG = "430700-007-Y09-0002"
EU = "http://publications.europa.eu/resource/authority"


@pytest.fixture(scope="module")
def fixture_catalog():
    return load_catalog(FIXTURE)


@pytest.fixture(scope="module")
def nodes(fixture_catalog):
    return graph(export_files(fixture_catalog)["api/catalog/1.jsonld"])


@pytest.fixture(scope="module")
def demo_nodes():
    return graph(export_files(load_catalog(ROOT))["api/catalog/1.jsonld"])


def graph(data: bytes) -> dict:
    return {node["@id"]: node for node in expanded(json.loads(data))["@graph"] if "@id" in node}


def types(node: dict) -> set[str]:
    kind = node["@type"]
    return {kind} if isinstance(kind, str) else set(kind)


def test_the_catalog_is_the_site(nodes):
    head = nodes[SITE]
    assert head["@type"] == "dcat:Catalog" and head["dct:title"] == "常德市政府数据资源目录"
    assert head["dct:description"] == "常德市政务数据资源目录"
    assert head["dct:publisher"] == {"@id": SITE + "units/sjj/"}
    assert head["dct:language"] == {"@id": f"{EU}/language/ZHO"}
    assert head["foaf:homepage"] == {"@id": SITE, "@type": "foaf:Document"}
    assert head["dcat:themeTaxonomy"] == {"@id": SITE + "classes/"}
    assert head["dcat:dataset"] == [{"@id": f"{SITE}resources/{code}/"} for code in (JILU, DIBAO, SHOUYANG)]
    assert head["dcat:service"] == [{"@id": PLATFORM}] and head["dct:modified"] == "2025-10-31"
    assert nodes[PLATFORM] == {"@id": PLATFORM, "@type": "dcat:DataService", "dct:title": "常德市政务数据共享交换平台",
                               "dcat:endpointURL": {"@id": PLATFORM}, "dct:publisher": {"@id": SITE + "units/sjj/"}}


def test_every_demo_dataset_is_its_page_and_refers_to_nodes_in_the_graph(demo_nodes):
    datasets = [demo_nodes[ref["@id"]] for ref in demo_nodes[SITE]["dcat:dataset"]]
    assert len(datasets) == 326
    required = {"@id", "@type", "dct:identifier", "dct:title", "dct:description",
                "dcat:landingPage", "dct:publisher", "dcat:contactPoint", "dcat:theme", "dct:issued", "dct:modified",
                "dct:accrualPeriodicity", "dct:accessRights"}
    for dataset in datasets:
        code = dataset["dct:identifier"]
        assert required <= set(dataset), code
        assert dataset["@id"] == dataset["dcat:landingPage"]["@id"] == f"{SITE}resources/{code}/"
        assert dataset["dcat:landingPage"]["@type"] == "foaf:Document"
        publisher = demo_nodes[dataset["dct:publisher"]["@id"]]
        assert "foaf:Organization" in types(publisher) and len(publisher["dct:identifier"]) == 18
        assert demo_nodes[dataset["dcat:theme"]["@id"]]["@type"] == "skos:Concept"
        frequency = demo_nodes[dataset["dct:accrualPeriodicity"]["@id"]]
        assert "dct:Frequency" in types(frequency) and frequency["skos:inScheme"] == {"@id": f"{EU}/frequency"}
        assert "dct:RightsStatement" in types(demo_nodes[dataset["dct:accessRights"]["@id"]])
        for distribution in dataset.get("dcat:distribution", []):
            assert distribution["dcat:accessURL"] == {"@id": PLATFORM}, code
            assert distribution["@id"].startswith(dataset["@id"] + "#")


def test_a_shared_resource_has_a_distribution_per_sharing_method(nodes):
    dibao = nodes[f"{SITE}resources/{DIBAO}/"]
    api, table = dibao["dcat:distribution"]
    assert api == {
        "@id": f"{SITE}resources/{DIBAO}/#api", "@type": "dcat:Distribution", "dct:title": "城乡最低生活保障对象信息(接口服务)",
        "dct:description": "通过常德市政务数据共享交换平台以接口服务方式提供;编码格式:数据库(MySQL)",
        "dcat:accessURL": {"@id": PLATFORM}, "dcat:accessService": {"@id": PLATFORM},
        # a database product is no file type of the EU table: the format stays in words, nothing is guessed
        "dct:rights": {"@id": f"{SITE}resources/{DIBAO}/#conditions", "@type": "dct:RightsStatement", "rdfs:label":
                       "共享条件:仅向承担社会救助、医疗保障、教育资助职责的单位提供,用于救助对象资格核验。"}}
    assert table["@id"].endswith("#table") and table["dct:title"].endswith("(库表交换)")
    assert dibao["dct:accessRights"] == {"@id": f"{EU}/access-right/RESTRICTED"}
    assert dibao["dct:accrualPeriodicity"] == {"@id": f"{EU}/frequency/MONTHLY"}
    assert (dibao["dct:issued"], dibao["dct:modified"]) == ("2022-03-01", "2025-10-31")
    assert dibao["dcat:contactPoint"] == {"@type": ["vcard:Kind", "vcard:Organization"], "vcard:fn": "常德市民政局社会救助科"}
    assert "dcat:keyword" not in dibao and "dcatap:applicableLegislation" not in dibao


def test_a_nonshared_resource_has_no_distribution_and_names_its_legislation(nodes):
    shouyang = nodes[f"{SITE}resources/{SHOUYANG}/"]
    assert "dcat:distribution" not in shouyang
    assert shouyang["dct:accessRights"] == {"@id": f"{EU}/access-right/NON_PUBLIC"}
    assert shouyang["dct:accrualPeriodicity"] == {"@id": f"{EU}/frequency/IRREG"}
    assert shouyang["dcatap:applicableLegislation"] == [{
        "@id": f"{SITE}resources/{SHOUYANG}/#legal-basis-1", "@type": "eli:LegalResource",
        "dct:title": "《中华人民共和国民法典》第一千一百一十条",
        "dct:description": "收养人、送养人要求保守收养秘密的,其他人应当尊重其意愿,不得泄露。"}]


def test_publishers_themes_keywords_and_relations(nodes):
    assert nodes[SITE + "units/mzj/"] == {
        "@id": SITE + "units/mzj/", "@type": ["foaf:Agent", "foaf:Organization"], "foaf:name": "常德市民政局",
        "dct:identifier": "114307000380766847",
        "dct:type": {"@id": "http://purl.org/adms/publishertype/LocalAuthority"}}
    assert nodes[SITE + "classes/Y09/"]["skos:prefLabel"] == "民政服务"
    assert nodes[SITE + "classes/Y09/"]["skos:broader"] == {"@id": SITE + "classes/#Y"}
    assert nodes[SITE + "classes/#J"]["skos:topConceptOf"] == {"@id": SITE + "classes/"}
    jilu = nodes[f"{SITE}resources/{JILU}/"]
    assert jilu["dcat:keyword"] == ["户籍", "常住人口", "身份核验"]
    assert jilu["dct:relation"] == [{"@id": f"{SITE}resources/{DIBAO}/"}]
    assert jilu["dct:identifier"] == JILU and "adms:identifier" not in jilu  # no national code


def test_the_national_code_is_a_second_identifier(fixture_catalog):
    resources = [replace(r, national_code="101001/000001") if r.code == JILU else r for r in fixture_catalog.resources]
    node = dcat.dataset_node(catalog_from(fixture_catalog.units, resources).by_code[JILU], WHERE)
    assert node["dct:identifier"] == JILU
    assert node["adms:identifier"] == [{"@type": "adms:Identifier", "skos:notation": "101001/000001",
                                        "adms:schemaAgency": "国家政务信息资源目录"}]


@pytest.mark.parametrize(("detail", "expected"), [
    ("XLSX", ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
    ("Shapefile,附 XLSX 属性表", ("SHP", "")), ("RESTful JSON,证照版式 OFD", ("JSON", "application/json")),
    ("Oracle", ("", "")), ("达梦 DM8", ("", "")), ("", ("", ""))])
def test_file_types_come_from_what_the_format_detail_names(detail, expected):
    assert dcat.file_type_of(detail) == expected


def test_a_named_file_type_becomes_the_eu_concept_with_its_media_type(fixture_catalog):
    jilu = replace(fixture_catalog.by_code[JILU], format_type="电子表格", format_detail="XLSX")
    [distribution] = dcat.dataset_node(jilu, WHERE)["dcat:distribution"]
    assert distribution["dct:format"] == {"@id": f"{EU}/file-type/XLSX"}
    assert distribution["dcat:mediaType"].endswith("/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    types_used = {n["@id"] for n in dcat.vocabulary_nodes([jilu]) if "dct:MediaTypeOrExtent" in types(n)}
    assert types_used == {f"{EU}/file-type/XLSX"}


def test_the_registry_contact_becomes_an_email_and_a_telephone(fixture_catalog):
    unit = replace(fixture_catalog.units[1], contact="户政科 0736-7221234,邮箱 hzk@changde.example",
                   website="https://gaj.changde.example/")
    node = dcat.contact_node(unit, "户政管理支队")
    assert node["vcard:hasEmail"] == {"@id": "mailto:hzk@changde.example"}
    assert node["vcard:hasTelephone"] == {"@id": "tel:+86-736-7221234"}
    assert node["vcard:hasURL"] == {"@id": "https://gaj.changde.example/"}
    assert dcat.organization_node(unit, WHERE)["foaf:homepage"] == {"@id": "https://gaj.changde.example/"}


def test_every_identifier_follows_the_configured_site(fixture_catalog):
    elsewhere = Publication("https://data.example.org/mulu/", "另一个城市的目录")
    text = json.dumps(hydra.page_document(fixture_catalog, 1, "jsonld", elsewhere), ensure_ascii=False)
    assert SITE not in text and "urn:" not in text and "changde.example" not in text
    nodes = graph(text.encode())
    dibao = nodes[f"https://data.example.org/mulu/resources/{DIBAO}/"]
    # No platform configured: the access address is the page that says how to ask for the data.
    assert {d["dcat:accessURL"]["@id"] for d in dibao["dcat:distribution"]} == {dibao["@id"]}
    assert all("dcat:accessService" not in d for d in dibao["dcat:distribution"])


def test_access_rights_follow_open_and_sharing(demo_nodes):
    for ref in demo_nodes[SITE]["dcat:dataset"]:
        dataset = demo_nodes[ref["@id"]]
        right = dataset["dct:accessRights"]["@id"].rsplit("/", 1)[1]
        has_distribution = "dcat:distribution" in dataset
        assert right in {"PUBLIC", "RESTRICTED", "NON_PUBLIC"}
        assert has_distribution == (right != "NON_PUBLIC"), dataset["@id"]


@pytest.mark.parametrize(("site", "platform", "message"), [
    ("", None, "site_url"), ("changde-data.github.io/catalog/", None, "site_url"),
    ("https://x.example/", {"title": "平台"}, "sharing_platform"),
    ("https://x.example/", {"title": "", "url": "https://p.example/"}, "sharing_platform")])
def test_a_site_without_a_usable_address_is_refused_in_chinese(site, platform, message):
    with pytest.raises(ValueError, match=message):
        publication_from(site, "", platform)


def test_the_site_address_gets_its_closing_slash():
    assert publication_from("https://x.example/mulu", "", None).site == "https://x.example/mulu/"


def test_the_identifiers_inside_a_page_point_at_what_the_page_shows(fixture_catalog):
    """The rights statement and each legal basis are named by where the resource's page states them."""
    from generator.site.render import environment, render_resource, resource_view, rules_view

    env = environment(rules_view(fixture_catalog.policy.versions[0]))
    for code, anchor in ((DIBAO, 'id="conditions"'), (SHOUYANG, 'id="legal-basis-1"')):
        view = resource_view(fixture_catalog.by_code[code], fixture_catalog, (), "https://x.example/issues")
        page = render_resource(env, view)
        assert anchor in page, code


@pytest.mark.parametrize("site", ["https://example.org/my catalog/", "https://example.org/{x}/",
                                  "https://example.org/mulu/?page=1", "https://example.org/mulu/#top"])
def test_an_address_no_iri_can_hold_is_refused(site):
    with pytest.raises(ValueError, match="site_url"):
        publication_from(site, "", None)
    with pytest.raises(ValueError, match="sharing_platform"):
        publication_from("https://example.org/", "", {"title": "平台", "url": site.replace("https", "https", 1) + " x"})


def test_a_broken_mkdocs_yml_is_a_problem_in_chinese_not_a_traceback(tmp_path):
    from generator.site.build import publish

    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text("site_name: 目录\nsite_url: https://x.example/\nsite_description: [a, b]\n",
                                     encoding="utf-8")
    problems = publish(root, load_catalog(root), {}, tmp_path / "site")
    assert problems and problems[0].startswith("mkdocs.yml 有配置错误") and "site_description" in problems[0]
    (root / "mkdocs.yml").write_text("site_name: 目录\nsite_url: https://x.example/a b/\n", encoding="utf-8")
    assert "site_url" in publish(root, load_catalog(root), {}, tmp_path / "site")[0]


def test_a_fax_number_is_not_the_telephone(fixture_catalog):
    unit = replace(fixture_catalog.units[1], contact="传真 0736-7252072,办公电话 0736-7252071")
    assert dcat.contact_node(unit, "")["vcard:hasTelephone"] == {"@id": "tel:+86-736-7252071"}
