"""The DCAT download meets DCAT-AP 3.0.1: the release's SHACL shapes find no violation in the demo's.

The shapes, the background knowledge and the EU vocabulary extract are in schemas/dcat-ap/ (README.md there);
tests/dcatap.py runs pyshacl on them, offline. Warnings are allowed, each explained in docs/dcat.md; the full
listing of a file: `.venv/bin/python tests/dcatap.py site/api/catalog/1.jsonld`.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from casetools import WHERE
from dcatap import KNOWLEDGE_FILES, SHAPE_FILES, SHAPES, knowledge, listing, validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from generator.downloads.jobs import export_jobs
from generator.model.catalog import load_catalog

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs/dcat.md"
AUTHORITY = "http://publications.europa.eu/resource/authority/"
# The release's files byte for byte (SEMICeu/DCAT-AP, releases/3.0.1/html/shacl/, commit 729eddf).
RELEASE_SHA256 = {
    "shapes.ttl": "7fe9815e0f32b10f5cbce74fa6ccd0290aae3ef9e5080fb84e2d8093eb984d1d",
    "range.ttl": "24d3bfd0fa17a3d0e877c9ebb91c8174124e5038538e1bf081b2cb679ad0f1b2",
    "shapes_recommended.ttl": "9afbf23f1f56d10d6839259684934137e20506a9aedce0249b619bbc593b9abd",
    "deprecateduris.ttl": "30a20a51a487c40ab7ae04f5905f02ef28238ec5cb390e37053334d835021948",
    "mdr-vocabularies.shape.ttl": "2362f83971766a15cc20b2b54420022dc10547dd2c483da02080847c61b4b45a",
}
CONTEXT = {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
           "foaf": "http://xmlns.com/foaf/0.1/", "vcard": "http://www.w3.org/2006/vcard/ns#",
           "skos": "http://www.w3.org/2004/02/skos/core#",
           "dcatap": "http://data.europa.eu/r5r/", "eli": "http://data.europa.eu/eli/ontology#",
           "xsd": "http://www.w3.org/2001/XMLSchema#", "@language": "zh",
           "dct:issued": {"@type": "xsd:date"}, "dct:modified": {"@type": "xsd:date"}}


@pytest.fixture(scope="module")
def demo_findings():
    """Every finding on the demo catalog's DCAT: the pages of api/catalog/, as one graph (the change
    feed is Activity Streams, not DCAT)."""
    jobs = [job for job in export_jobs(load_catalog(ROOT), where=WHERE)
            if job.name.endswith(".jsonld") and not job.name.startswith("changes")]
    assert jobs, "no JSON-LD download"
    return validate(*(job.make() for job in jobs))


def test_the_demo_dcat_has_no_dcat_ap_violation(demo_findings):
    violations = [f for f in demo_findings if f.severity == "Violation"]
    assert not violations, f"{len(violations)} DCAT-AP violations:\n{listing(violations)}"


def test_every_warning_left_is_explained_in_the_docs(demo_findings):
    """docs/dcat.md has a table row naming the class, path and constraint of each warning or info left."""
    text = DOC.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    left = {(f.focus_class, f.path, f.constraint) for f in demo_findings if f.severity != "Violation"}
    unexplained = sorted(key for key in left if not any(all(f"`{part}`" in row for part in key) for row in rows))
    assert not unexplained, "docs/dcat.md 没有解释这些警告(类、属性、约束):\n" + "\n".join(
        map(str, unexplained))


def sample(**changes) -> bytes:
    """A small catalog written the way DCAT-AP 3 asks: one dataset, one distribution, typed values."""
    eu = AUTHORITY
    site = "https://example.gov.cn/catalog/"
    dataset = {
        "@id": site + "d/1", "@type": "dcat:Dataset", "dct:identifier": "430700-006-J01-0001",
        "dct:title": "户籍人口基本信息", "dct:description": "全市户籍人口的基本信息。",
        "dct:publisher": {"@id": site + "u/gaj"}, "dcat:theme": {"@id": site + "c/J01"}, "dcat:keyword": ["户籍"],
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": "常德市公安局人口管理支队"},
        "dct:accrualPeriodicity": {"@id": eu + "frequency/MONTHLY"},
        "dct:accessRights": {"@id": eu + "access-right/RESTRICTED", "@type": "dct:RightsStatement"},
        "dcat:landingPage": {"@id": site + "d/1/", "@type": "foaf:Document"},
        "dct:issued": "2022-03-01", "dct:modified": "2025-10-31",
        "dcatap:applicableLegislation": {"@id": site + "law/1", "@type": "eli:LegalResource"},
        "dcat:distribution": {"@type": "dcat:Distribution", "dcat:accessURL": {"@id": site + "d/1/"},
                              "dct:format": {"@id": eu + "file-type/XLSX", "@type": "dct:MediaTypeOrExtent"},
                              "dct:description": "共享方式:文件下载"},
    }
    dataset.update(changes)
    graph = [
        {"@id": site, "@type": "dcat:Catalog", "dct:title": "常德市政府数据资源目录",
         "dct:description": "全市政务数据资源。", "dct:publisher": {"@id": site + "u/sjj"},
         "dcat:themeTaxonomy": {"@id": site + "c/"}, "dcat:dataset": [dataset]},
        {"@id": site + "u/sjj", "@type": "foaf:Organization", "foaf:name": "常德市数据局"},
        {"@id": site + "u/gaj", "@type": "foaf:Organization", "foaf:name": "常德市公安局"},
        {"@id": site + "c/", "@type": "skos:ConceptScheme", "dct:title": "资源分类"},
        {"@id": site + "c/J01", "@type": "skos:Concept", "skos:prefLabel": "人口",
         "skos:inScheme": {"@id": site + "c/"}},
    ]
    return json.dumps({"@context": CONTEXT, "@graph": graph}, ensure_ascii=False).encode("utf-8")


def test_a_catalog_written_as_dcat_ap_asks_has_no_violation():
    violations = [f for f in validate(sample()) if f.severity == "Violation"]
    assert not violations, listing(violations)


@pytest.mark.parametrize(("change", "expected"), [
    ({"dct:title": []}, ("dcat:Dataset", "dct:title", "minCount 1")),
    ({"dct:accrualPeriodicity": {"@id": AUTHORITY + "frequency/SOMETIMES"}},
     ("dcat:Dataset", "dct:accrualPeriodicity", "node cv:FrequencyRestriction")),
    ({"dct:publisher": {"@id": "https://example.gov.cn/catalog/u/nobody"}},
     ("dcat:Dataset", "dct:publisher", "class foaf:Agent")),
    ({"dcat:distribution": {"@type": "dcat:Distribution", "dct:format": {"@id": AUTHORITY + "file-type/XLSX"}}},
     ("dcat:Distribution", "dcat:accessURL", "minCount 1")),
    ({"dct:accessRights": {"@id": AUTHORITY + "access-right/PUBLIC"}},
     ("dcat:Dataset", "dct:accessRights", "class dct:RightsStatement")),
], ids=["no-title", "not-an-eu-frequency", "publisher-not-an-agent", "no-access-url", "untyped-access-right"])
def test_what_dcat_ap_forbids_is_a_violation(change, expected):
    found = {(f.focus_class, f.path, f.constraint) for f in validate(sample(**change)) if f.severity == "Violation"}
    assert expected in found, found


def test_a_context_by_address_is_refused_not_downloaded():
    with pytest.raises(ValueError, match="inline"):
        validate(b'{"@context": "https://example.org/context.jsonld", "@id": "x"}')


@pytest.mark.parametrize("name", SHAPE_FILES)
def test_the_shapes_are_the_release_files_byte_for_byte(name):
    assert hashlib.sha256((SHAPES / name).read_bytes()).hexdigest() == RELEASE_SHA256[name]


def test_the_background_holds_class_axioms_only():
    """The knowledge added to the data says what classes are, never anything about the catalog's own nodes."""
    background = Graph().parse(SHAPES / KNOWLEDGE_FILES[0], format="turtle")
    assert len(background) > 5
    for s, p, o in background:
        assert p == RDFS.subClassOf and isinstance(s, URIRef) and isinstance(o, URIRef), (s, p, o)


def test_the_vocabulary_extract_speaks_only_of_the_concepts_of_the_tables_dcat_ap_names():
    extract = Graph().parse(SHAPES / KNOWLEDGE_FILES[1], format="turtle")
    named = set(Graph().parse(SHAPES / "mdr-vocabularies.shape.ttl", format="turtle").objects(None, SH.hasValue))
    schemes = set(extract.objects(None, SKOS.inScheme))
    assert {URIRef(AUTHORITY + name) for name in ("frequency", "access-right", "file-type")} <= schemes <= named
    for s, p, o in extract:
        assert str(s).startswith((AUTHORITY, "http://purl.org/adms/")), s
        assert p in (RDF.type, SKOS.inScheme, SKOS.prefLabel), (s, p, o)
    assert len(knowledge()) == len(extract) + len(Graph().parse(SHAPES / KNOWLEDGE_FILES[0], format="turtle"))


def test_the_readme_names_every_kept_file():
    readme = (SHAPES / "README.md").read_text(encoding="utf-8")
    kept = {path.name for path in SHAPES.iterdir() if path.name != "README.md"}
    assert kept == set(SHAPE_FILES) | set(KNOWLEDGE_FILES)
    for name in sorted(kept):
        assert f"`{name}`" in readme, name
    assert re.search(r"CC BY 4\.0", readme)
