"""The machine interface: api/resources/<code>.json is the entry as its file states it, api/units/<id>.json the
unit with its entries, api/catalog/<n> the DCAT graph in pages a harvester walks to the end."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
import referencing
from casetools import SITE, WHERE, expanded, export_files

from generator.downloads import hydra
from generator.downloads.records import entry_document, unit_document
from generator.model.catalog import catalog_from, load_catalog
from generator.read.load import load_bytes
from generator.read.schema import Schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"


@pytest.fixture(scope="module")
def demo():
    return load_catalog(ROOT)


@pytest.fixture(scope="module")
def demo_files(demo):
    return export_files(demo)


def schema_validator(name: str) -> jsonschema.protocols.Validator:
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.schema.json")]
    registry = referencing.Registry().with_resources(
        (contents["$id"], referencing.Resource.from_contents(contents)) for contents in schemas)
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, registry=registry)


def test_each_entry_reads_back_exactly_as_its_file_states_it(demo, demo_files):
    schema = Schema.named("resource")
    for resource in demo.resources:
        doc, _ = load_bytes((ROOT / resource.path).read_bytes(), resource.path, schema.typed_keys, positions=False)
        stated = schema.coerce(doc)
        published = json.loads(demo_files[f"api/resources/{resource.code}.json"])
        assert published == stated, resource.path


def test_an_entry_with_every_optional_field_keeps_them_all(demo):
    jilu = replace(demo.resources[0], national_code="101001/000001", national_class=(("类", "基础信息资源类"),
                                                                                     ("项", "人口信息")),
                   open_conditions="向社会开放统计汇总数据。")
    document = entry_document(jilu)
    assert document["national_code"] == "101001/000001"
    assert document["national_class"] == {"class": "基础信息资源类", "item": "人口信息"}
    assert document["open_conditions"] == "向社会开放统计汇总数据。"
    assert list(document)[:3] == ["code", "national_code", "national_class"]
    schema_validator("resource.schema.json").validate(document)


def test_every_entry_document_passes_the_schema_units_write_to(demo_files):
    validator = schema_validator("resource.schema.json")
    documents = [json.loads(data) for name, data in demo_files.items() if name.startswith("api/resources/")]
    assert len(documents) == 326
    for document in documents:
        errors = [e.message for e in validator.iter_errors(document)]
        assert errors == [], document["code"]


def test_a_unit_document_is_its_registry_record_and_its_entries(demo, demo_files):
    validator = schema_validator("unit-api.schema.json")
    registry = {u["id"]: u for u in Schema.named("units").coerce(
        load_bytes((ROOT / "registry/units.yaml").read_bytes(), "registry/units.yaml",
                   Schema.named("units").typed_keys, positions=False)[0])["units"]}
    for unit in demo.units:
        document = json.loads(demo_files[f"api/units/{unit.id}.json"])
        validator.validate(document)
        assert document["unit"] == registry[unit.id]
        assert [r["code"] for r in document["resources"]] == [r.code for r in demo.by_unit.get(unit.id, ())]
    mzj = json.loads(demo_files["api/units/mzj.json"])["resources"][0]
    assert mzj["json"] == f"{SITE}api/resources/{mzj['code']}.json" and mzj["page"] == f"{SITE}resources/{mzj['code']}/"


def test_the_egov_declaration_is_kept_and_not_invented(demo):
    egov = [u for u in demo.units if u.egov]
    assert egov and all(unit_document(u, (), WHERE)["unit"]["egov"] is True for u in egov)
    assert all("egov" not in unit_document(u, (), WHERE)["unit"] for u in demo.units if not u.egov)


def harvest(files: dict[str, bytes], start: str, ext: str = "jsonld") -> tuple[set[str], int]:
    """What a harvester gets: from `start`, it follows hydra:next until there is none; the datasets it saw and
    the number of pages it read. It reads only the pages' own links."""
    seen, address, pages = set(), start, 0
    while address:
        page = expanded(json.loads(files[address.removeprefix(SITE)]))
        nodes = {node["@id"]: node for node in page["@graph"]}
        view = next(n for n in page["@graph"] if "hydra:PartialCollectionView" in n["@type"])
        assert "hydra:PagedCollection" in view["@type"] and view["@id"] == address
        assert view["hydra:first"] == view["hydra:firstPage"] and view["hydra:last"] == view["hydra:lastPage"]
        assert view.get("hydra:next") == view.get("hydra:nextPage")
        assert all(view[key]["@id"].endswith(f".{ext}") for key in ("hydra:first", "hydra:last"))
        refs = nodes[SITE].get("dcat:dataset", [])
        assert all(nodes[ref["@id"]]["@type"] == "dcat:Dataset" for ref in refs)  # each page stands on its own
        seen |= {ref["@id"] for ref in refs}
        pages += 1
        address = view.get("hydra:next", {}).get("@id", "")
        assert pages <= 1000
    return seen, pages


def test_a_harvester_following_next_from_page_one_gets_the_catalog(demo, demo_files):
    seen, pages = harvest(demo_files, f"{SITE}api/catalog/1.jsonld")
    assert seen == {f"{SITE}resources/{r.code}/" for r in demo.resources}
    assert pages == hydra.page_count(demo) == 1  # 326 entries fit a page of 500


def test_many_pages_link_first_last_next_and_previous(demo, monkeypatch):
    monkeypatch.setattr(hydra, "PAGE_SIZE", 100)
    files = export_files(demo)
    seen, pages = harvest(files, f"{SITE}api/catalog/1.jsonld")
    assert pages == 4 and seen == {f"{SITE}resources/{r.code}/" for r in demo.resources}
    third = expanded(json.loads(files["api/catalog/3.jsonld"]))["@graph"][1]
    assert third["hydra:previous"] == {"@id": f"{SITE}api/catalog/2.jsonld"}
    assert third["hydra:totalItems"] == 326 and third["hydra:itemsPerPage"] == 100
    assert third["hydra:last"] == {"@id": f"{SITE}api/catalog/4.jsonld"}
    assert "hydra:next" not in json.loads(files["api/catalog/4.jsonld"])["@graph"][1]
    assert "hydra:previous" not in json.loads(files["api/catalog/1.jsonld"])["@graph"][1]
    assert b"api/catalog/2.ttl" in files["api/catalog/1.ttl"] and b".jsonld" not in files["api/catalog/1.ttl"]


def test_an_empty_catalog_is_one_empty_page(demo):
    empty = catalog_from(demo.units, [], demo.classes)
    files = export_files(empty)
    assert [name for name in files if name.startswith("api/catalog/")] == ["api/catalog/1.jsonld", "api/catalog/1.ttl"]
    assert harvest(files, f"{SITE}api/catalog/1.jsonld") == (set(), 1)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser uses its own deprecated class
def test_the_turtle_page_is_the_same_graph_as_the_json_ld_page(demo):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from generator.downloads.records import json_bytes
    from generator.downloads.turtle import turtle

    # Every eighth entry (shared and not, with legal bases, links and related entries): blank nodes make the
    # comparison of a whole page slow.
    sample = catalog_from(demo.units, list(demo.resources[::8]), demo.classes)
    assert {r.sharing_type for r in sample.resources} == {"无条件共享", "有条件共享", "不予共享"}
    jsonld = Graph().parse(data=json_bytes(hydra.page_document(sample, 1, "jsonld", WHERE)), format="json-ld")
    # the same page in Turtle links to the Turtle pages: named as the JSON-LD ones, it is the same graph
    ttl = turtle(hydra.page_document(sample, 1, "ttl", WHERE)).replace(".ttl>", ".jsonld>")
    graph = Graph().parse(data=ttl, format="turtle")
    assert len(graph) == len(jsonld) > 1000
    assert isomorphic(jsonld, graph)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_published_pages_name_the_site_once_and_hold_the_same_graph(demo):
    """The pages as published give the site's address once, as @base, and the EU tables as prefixes
    (downloads/compact.py): the same graph as the page with every address in full, a quarter smaller."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from generator.downloads.records import json_bytes
    from generator.downloads.turtle import turtle

    sample = catalog_from(demo.units, list(demo.resources[::8]), demo.classes)
    files = export_files(sample)
    for ext, syntax in (("jsonld", "json-ld"), ("ttl", "turtle")):
        document = hydra.page_document(sample, 1, ext, WHERE)
        full = json_bytes(document) if ext == "jsonld" else turtle(document).encode("utf-8")
        published = files[f"api/catalog/1.{ext}"]
        assert isomorphic(Graph().parse(data=full, format=syntax), Graph().parse(data=published, format=syntax)), ext
        assert len(published) < 0.8 * len(full) and published.count(SITE.encode()) <= 4, ext
        assert b"http://publications.europa.eu/resource/authority/frequency/" in published  # said once


@pytest.mark.parametrize("text", ['引号"和\\反斜杠', "换行\n回车\r制表\t", "全角空格\u3000与😀", "结尾反斜杠\\", "'单引号'",
                                  "扩展区生僻字\U00031350", "私用区\U000F0001"])
def test_turtle_keeps_any_text_a_unit_wrote(demo, text):
    from rdflib import Graph, Literal, URIRef

    from generator.downloads.turtle import turtle

    resource = replace(demo.resources[0], name=text, summary=text)
    document = hydra.page_document(catalog_from(demo.units, [resource], demo.classes), 1, "ttl", WHERE)
    graph = Graph().parse(data=turtle(document), format="turtle")
    title = graph.value(URIRef(f"{SITE}resources/{resource.code}/"), URIRef("http://purl.org/dc/terms/title"))
    assert title == Literal(text, lang="zh")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("tail", ["../elsewhere/", "./x", "/root", "//host/path", "a:b/c", "resources/../units/",
                                  "?q=1", "#frag", "x%20y/"])
def test_an_address_a_unit_wrote_under_the_site_is_the_same_iri_once_published(demo, tail):
    """Relative references are written only where resolving them gives back the very IRI: a unit's link under the
    site's address with dot segments or a second slash stays whole, so the published graph is still the same."""
    from dataclasses import replace

    from rdflib import Graph
    from rdflib.compare import isomorphic

    from generator.downloads.records import json_bytes
    from generator.downloads.turtle import turtle
    from generator.model.catalog import Link

    shared = next(r for r in demo.resources if r.shared)
    linked = replace(shared, links=(Link("说明", SITE + tail),))
    sample = catalog_from(demo.units, [linked], demo.classes)
    files = export_files(sample)
    for ext, syntax in (("jsonld", "json-ld"), ("ttl", "turtle")):
        document = hydra.page_document(sample, 1, ext, WHERE)
        full = json_bytes(document) if ext == "jsonld" else turtle(document).encode("utf-8")
        published = Graph().parse(data=files[f"api/catalog/1.{ext}"], format=syntax)
        assert isomorphic(Graph().parse(data=full, format=syntax), published), (ext, tail)
