"""dcat.jsonld: the catalog in DCAT 3 as JSON-LD, for the province's and the nation's harvesters."""

from __future__ import annotations

from ..core import city
from ..model.catalog import Catalog, Resource
from ..read.registry import DATABASE_LETTERS, Unit
from .tables import format_text

EU = "http://publications.europa.eu/resource/authority"


# 更新周期 -> EU frequency vocabulary; 每半年 is ANNUAL_2 ("semiannual"), not BIENNIAL (every two years).
FREQUENCY = {"实时": "CONT", "每日": "DAILY", "每周": "WEEKLY", "每月": "MONTHLY", "每季度": "QUARTERLY",
             "每半年": "ANNUAL_2", "每年": "ANNUAL", "不定期": "IRREG"}


CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    # Text is Chinese; codes and dates are not text in any language.
    "@language": "zh",
    "dct:identifier": {"@language": None},
    "skos:notation": {"@language": None},
    "dct:issued": {"@type": "xsd:date"},
    "dct:modified": {"@type": "xsd:date"},
}


def resource_iri(code: str) -> str:
    """The IRI of a dataset."""
    return f"urn:{city.SLUG}:resource:{code}"


def unit_iri(unit_id: str) -> str:
    """The IRI of a unit (publisher)."""
    return f"urn:{city.SLUG}:unit:{unit_id}"


def class_iri(code: str) -> str:
    """The IRI of a theme concept: a database letter (J) or a class code (J01)."""
    return f"urn:{city.SLUG}:class:{code}"


SCHEME_IRI = f"urn:{city.SLUG}:classes"


def dcat_document(catalog: Catalog) -> dict:
    """DCAT 3 in JSON-LD: the catalog with its datasets, the theme scheme and every publisher, in one graph."""
    publisher = {"@id": unit_iri(city.PUBLISHER_ID)}
    head = {"@id": f"urn:{city.SLUG}:catalog", "@type": "dcat:Catalog", "dct:title": city.CATALOG_TITLE,
            "dct:publisher": publisher, "dct:language": {"@id": "http://id.loc.gov/vocabulary/iso639-1/zh"},
            "dcat:themeTaxonomy": {"@id": SCHEME_IRI},
            "dcat:dataset": [dataset_node(r) for r in catalog.resources]}
    organizations = [organization_node(u) for u in catalog.units]
    if city.PUBLISHER_ID not in {u.id for u in catalog.units}:
        organizations.insert(0, {**publisher, "@type": "foaf:Organization", "foaf:name": city.PUBLISHER})
    return {"@context": CONTEXT, "@graph": [head, *theme_nodes(catalog), *organizations]}


def organization_node(u: Unit) -> dict:
    """A unit as a foaf:Organization, identified by its unified social credit code."""
    return {"@id": unit_iri(u.id), "@type": "foaf:Organization", "foaf:name": u.name, "dct:identifier": u.credit_code}


def theme_nodes(catalog: Catalog) -> list[dict]:
    """The concept scheme: 资源库类别 as top concepts, 子类 below them (notation = class code)."""
    scheme = {"@id": SCHEME_IRI}
    used = sorted({(r.database, r.subclass, r.class_code) for r in catalog.resources}, key=lambda c: c[2])
    classes = list(dict.fromkeys([*catalog.classes, *used]))  # a hand-built catalog may have no vocabulary
    databases = list(dict.fromkeys(database for database, _, _ in classes))
    tops = [{"@id": class_iri(DATABASE_LETTERS[d]), "@type": "skos:Concept", "skos:prefLabel": d,
             "skos:notation": DATABASE_LETTERS[d], "skos:inScheme": scheme, "skos:topConceptOf": scheme}
            for d in databases]
    subs = [{"@id": class_iri(code), "@type": "skos:Concept", "skos:prefLabel": subclass, "skos:notation": code,
             "skos:inScheme": scheme, "skos:broader": {"@id": class_iri(DATABASE_LETTERS[database])}}
            for database, subclass, code in classes]
    head = {**scheme, "@type": "skos:ConceptScheme", "skos:prefLabel": city.CLASSES_TITLE,
            "skos:hasTopConcept": [{"@id": top["@id"]} for top in tops]}
    return [head, *tops, *subs]


def dataset_node(r: Resource) -> dict:
    """One resource as a dcat:Dataset; empty optional properties are left out."""
    node = {
        "@id": resource_iri(r.code), "@type": "dcat:Dataset", "dct:identifier": r.code, "dct:title": r.name,
        "dct:description": r.summary, "dct:publisher": {"@id": unit_iri(r.provider.id)},
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": r.provider.name + r.department},
        "dcat:theme": {"@id": class_iri(r.class_code)}, "dcat:keyword": list(r.keywords),
        "dct:issued": r.published, "dct:modified": r.updated,
        "dct:accrualPeriodicity": {"@id": f"{EU}/frequency/{FREQUENCY[r.update_cycle]}"},
        "dct:accessRights": {"@id": f"{EU}/access-right/{access_right(r)}"},
        "dct:rights": rights_nodes(r),
        "dct:relation": [{"@id": resource_iri(code)} for code in r.related_codes],
        "foaf:page": [{"@id": link.url} for link in r.links],
        "dcat:distribution": distribution_node(r),
    }
    return {key: value for key, value in node.items() if value not in ([], "")}


def access_right(r: Resource) -> str:
    """The EU access-right concept of a resource.

    dct:accessRights tells who may get the data. Only what is opened to everyone without
    condition (无条件开放) is PUBLIC. 不予共享 data is NON_PUBLIC. Everything else reaches
    someone under a condition, if only that of being a government unit on the sharing
    platform (无条件/有条件共享, 有条件开放), so it is RESTRICTED.
    """
    if r.open == "无条件开放":
        return "PUBLIC"
    if not r.shared:
        return "NON_PUBLIC"
    return "RESTRICTED"


def rights_nodes(r: Resource) -> list[dict]:
    """The conditions of 有条件共享, and the legal basis of 不予共享, as rights statements."""
    texts = [f"共享条件:{r.conditions}"] if r.conditions else []
    texts += [f"不予共享依据:《{b.law.strip('《》')}》{b.article}" + (f":{b.excerpt}" if b.excerpt else "")
              for b in r.legal_basis]
    return [{"@type": "dct:RightsStatement", "rdfs:label": text} for text in texts]


def distribution_node(r: Resource) -> dict:
    """The form the data takes (编码格式) and how the sharing platform provides it (共享方式)."""
    node = {"@type": "dcat:Distribution", "dct:title": format_text(r),
            "dct:format": {"@type": "dct:MediaTypeOrExtent", "rdfs:label": format_text(r)}}
    if r.methods:
        node["dct:description"] = "共享方式:" + "、".join(r.methods)
    return node
