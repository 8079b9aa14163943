"""The catalog in DCAT-AP 3 as JSON-LD, for the province's and the nation's harvesters.

Linked: a dataset's IRI is its page, a unit's its unit page, the catalog's the site (linked.py).
Each shared resource has a distribution per sharing method, reached through the sharing
platform; the EU vocabularies name frequency, access rights and file types, and the concepts
used are described in the same graph, so a harvester and a SHACL validator need nothing more.
The nodes are published as the pages a harvester walks (hydra.py); docs/dcat.md says what each
field becomes and why.
"""

from __future__ import annotations

import re

from ..core import city
from ..model.catalog import Catalog, LegalBasis, Resource
from ..read.registry import DATABASE_LETTERS, Unit
from .linked import NOT_IN_IRI, Publication
from .tables import format_text

EU = "http://publications.europa.eu/resource/authority"


# 更新周期 -> EU frequency vocabulary; 每半年 is ANNUAL_2 ("semiannual"), not BIENNIAL (every two years).
FREQUENCY = {"实时": "CONT", "每日": "DAILY", "每周": "WEEKLY", "每月": "MONTHLY", "每季度": "QUARTERLY",
             "每半年": "ANNUAL_2", "每年": "ANNUAL", "不定期": "IRREG"}
FREQUENCY_LABELS = {code: label for label, code in FREQUENCY.items()}
ACCESS_RIGHTS = {"PUBLIC": "公开", "RESTRICTED": "受限", "NON_PUBLIC": "不公开"}


# A word in 格式说明 -> (EU file type, IANA media type or ""). Only formats the detail names outright are
# mapped; a database product (Oracle, 达梦) is not a file type, so its format stays a described label.
FILE_TYPES = {
    "XLSX": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "XLS": ("XLS", "application/vnd.ms-excel"), "CSV": ("CSV", "text/csv"), "JSON": ("JSON", "application/json"),
    "GEOJSON": ("GEOJSON", "application/geo+json"), "XML": ("XML", "application/xml"),
    "PDF": ("PDF", "application/pdf"), "DOCX": ("DOCX", ""), "DOC": ("DOC", "application/msword"),
    "TXT": ("TXT", "text/plain"), "HTML": ("HTML", "text/html"), "JPEG": ("JPEG", "image/jpeg"),
    "JPG": ("JPEG", "image/jpeg"), "PNG": ("PNG", "image/png"), "TIFF": ("TIFF", "image/tiff"),
    "SHAPEFILE": ("SHP", ""), "SHP": ("SHP", ""), "MP4": ("MP4", "video/mp4"), "ZIP": ("ZIP", "application/zip"),
    "KML": ("KML", "application/vnd.google-earth.kml+xml"),
}
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")

# 共享方式 -> the fragment naming its distribution on the dataset's page.
METHOD_KEYS = {"接口服务": "api", "库表交换": "table", "文件下载": "file"}

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatap": "http://data.europa.eu/r5r/",
    "adms": "http://www.w3.org/ns/adms#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "hydra": "http://www.w3.org/ns/hydra/core#",
    # Text is Chinese; codes, dates and counts are not text in any language.
    "@language": "zh",
    "dct:identifier": {"@language": None},
    "skos:notation": {"@language": None},
    "adms:schemaAgency": {"@language": None},
    "dct:issued": {"@type": "xsd:date"},
    "dct:modified": {"@type": "xsd:date"},
    "dcat:mediaType": {"@type": "@id"},
    "hydra:totalItems": {"@type": "xsd:integer"},
    "hydra:itemsPerPage": {"@type": "xsd:integer"},
}


def catalog_modified(catalog: Catalog) -> str:
    """When the catalog last changed: its newest 数据更新日期 ("" while it is empty)."""
    return max((r.updated for r in catalog.resources), default="")


def graph_nodes(catalog: Catalog, resources, where: Publication, extra: list | tuple = (),
                modified: str = "") -> list[dict]:
    """The catalog node listing `resources`, those datasets, and what they refer to: their publishers, the
    classification, the sharing platform and the EU concepts used. A page of the paged catalog is the same
    graph for its own datasets, so it stands on its own."""
    datasets = [dataset_node(r, where) for r in resources]
    units = {r.provider.id: r.provider for r in resources}
    units.setdefault(city.PUBLISHER_ID, publisher_unit(catalog))
    return [catalog_node(datasets, where, modified), *extra, *datasets, *platform_nodes(where),
            *theme_nodes(catalog, where), *(organization_node(u, where) for u in units.values()),
            *vocabulary_nodes(resources)]


def publisher_unit(catalog: Catalog) -> Unit:
    """The unit that publishes the catalog, from the registry; the city's name for it if the registry lacks it."""
    for unit in catalog.units:
        if unit.id == city.PUBLISHER_ID:
            return unit
    return Unit(city.PUBLISHER_ID, city.PUBLISHER, city.PUBLISHER, "", city.DIVISION, "市级", "行政机关", "", ())


def catalog_node(datasets: list[dict], where: Publication, modified: str = "") -> dict:
    """The catalog: its IRI is the site; `modified`, when given, the last 数据更新日期 of its entries."""
    node = {"@id": where.site, "@type": "dcat:Catalog", "dct:title": city.CATALOG_TITLE,
            "dct:description": where.description or city.CATALOG_TITLE,
            "dct:publisher": {"@id": where.unit(city.PUBLISHER_ID)},
            "dct:language": {"@id": f"{EU}/language/ZHO"}, "foaf:homepage": document(where.site),
            "dcat:themeTaxonomy": {"@id": where.scheme},
            "dcat:service": [{"@id": where.platform.url}] if where.platform else [],
            "dcat:dataset": [{"@id": d["@id"]} for d in datasets], "dct:modified": modified}
    return _without_empty(node)


def organization_node(u: Unit, where: Publication) -> dict:
    """A unit: an organisation whose IRI is its page, identified by its 统一社会信用代码."""
    node = {"@id": where.unit(u.id), "@type": ["foaf:Agent", "foaf:Organization"], "foaf:name": u.name,
            "dct:identifier": u.credit_code, "foaf:homepage": {"@id": web_iri(u.website)} if u.website else "",
            # A 行政机关 of the city or a county is a local authority; the other kinds are left untyped.
            "dct:type": {"@id": "http://purl.org/adms/publishertype/LocalAuthority"} if u.kind == "行政机关" else ""}
    return _without_empty(node)


def theme_nodes(catalog: Catalog, where: Publication) -> list[dict]:
    """The concept scheme: 资源库类别 as top concepts, 子类 below them (notation = class code)."""
    scheme = {"@id": where.scheme}
    used = sorted({(r.database, r.subclass, r.class_code) for r in catalog.resources}, key=lambda c: c[2])
    classes = list(dict.fromkeys([*catalog.classes, *used]))  # a hand-built catalog may have no vocabulary
    databases = list(dict.fromkeys(database for database, _, _ in classes))
    tops = [{"@id": where.theme(DATABASE_LETTERS[d]), "@type": "skos:Concept", "skos:prefLabel": d,
             "skos:notation": DATABASE_LETTERS[d], "skos:inScheme": scheme, "skos:topConceptOf": scheme}
            for d in databases]
    subs = [{"@id": where.theme(code), "@type": "skos:Concept", "skos:prefLabel": subclass, "skos:notation": code,
             "skos:inScheme": scheme, "skos:broader": {"@id": where.theme(DATABASE_LETTERS[database])}}
            for database, subclass, code in classes]
    head = {**scheme, "@type": "skos:ConceptScheme", "dct:title": city.CLASSES_TITLE,
            "skos:prefLabel": city.CLASSES_TITLE,
            "skos:hasTopConcept": [{"@id": top["@id"]} for top in tops]}
    return [head, *tops, *subs]


def platform_nodes(where: Publication) -> list[dict]:
    """The sharing platform as the data service every distribution is reached through."""
    if not where.platform:
        return []
    return [{"@id": where.platform.url, "@type": "dcat:DataService", "dct:title": where.platform.title,
             "dcat:endpointURL": {"@id": where.platform.url}, "dct:publisher": {"@id": where.unit(city.PUBLISHER_ID)}}]


def dataset_node(r: Resource, where: Publication) -> dict:
    """One resource as a dcat:Dataset; empty optional properties are left out."""
    iri = where.resource(r.code)
    node = {
        "@id": iri, "@type": "dcat:Dataset", "dct:identifier": r.code, "adms:identifier": identifier_nodes(r),
        "dct:title": r.name, "dct:description": r.summary, "dcat:landingPage": document(iri),
        "dct:publisher": {"@id": where.unit(r.provider.id)},
        "dcat:contactPoint": contact_node(r.provider, r.department),
        "dcat:theme": {"@id": where.theme(r.class_code)}, "dcat:keyword": list(r.keywords),
        "dct:issued": r.published, "dct:modified": r.updated,
        "dct:accrualPeriodicity": {"@id": frequency_iri(r.update_cycle)},
        "dct:accessRights": {"@id": access_right_iri(r)},
        "dcatap:applicableLegislation": [legislation_node(b, f"{iri}#legal-basis-{n}")
                                         for n, b in enumerate(r.legal_basis, 1)],
        "dct:relation": [{"@id": where.resource(code)} for code in r.related_codes],
        "foaf:page": [document(web_iri(link.url)) for link in r.links],
        "dcat:distribution": distribution_nodes(r, where),
    }
    return _without_empty(node)


def identifier_nodes(r: Resource) -> list[dict]:
    """The national catalog's code, when the entry carries one, as the dataset's other identifier (DCAT-AP: the
    main identifier, the city's resource code, is dct:identifier)."""
    if not r.national_code:
        return []
    return [{"@type": "adms:Identifier", "skos:notation": r.national_code, "adms:schemaAgency": "国家政务信息资源目录"}]


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![0-9])0[0-9]{2,3}-?[0-9]{7,8}(?![0-9])")
_FAX = re.compile(r"传真[::]?\s*$")


def contact_node(unit: Unit, department: str) -> dict:
    """Whom to ask: the unit's office, with the registry's office e-mail or telephone when it gives them."""
    email = _EMAIL.search(unit.contact)
    # a fax number is not where to call: the first number the text does not name 传真
    phone = next((m for m in _PHONE.finditer(unit.contact) if not _FAX.search(unit.contact[:m.start()])), None)
    node = {"@type": ["vcard:Kind", "vcard:Organization"], "vcard:fn": unit.name + department,
            "vcard:hasEmail": {"@id": f"mailto:{email.group(0)}"} if email else "",
            "vcard:hasTelephone": {"@id": f"tel:+86-{phone.group(0).lstrip('0')}"} if phone else "",
            "vcard:hasURL": {"@id": web_iri(unit.website)} if unit.website else ""}
    return _without_empty(node)


def frequency_iri(cycle: str) -> str:
    """The EU frequency concept of an 更新周期."""
    return f"{EU}/frequency/{FREQUENCY[cycle]}"


def access_right_iri(r: Resource) -> str:
    """The EU access-right concept of a resource.

    dct:accessRights tells who may get the data. Only what is opened to everyone without
    condition (无条件开放) is PUBLIC. 不予共享 data is NON_PUBLIC. Everything else reaches
    someone under a condition, if only that of being a government unit on the sharing
    platform (无条件/有条件共享, 有条件开放), so it is RESTRICTED.
    """
    if r.open == "无条件开放":
        right = "PUBLIC"
    elif not r.shared:
        right = "NON_PUBLIC"
    else:
        right = "RESTRICTED"
    return f"{EU}/access-right/{right}"


def legislation_node(basis: LegalBasis, iri: str) -> dict:
    """A law and article that keeps the data from being shared (不予共享依据). Chinese laws have no ELI
    address, so the article is named by where the resource's page quotes it, and described by its title and
    the words it quotes."""
    title = f"《{basis.law.strip('《》')}》{basis.article}"
    node = {"@id": iri, "@type": "eli:LegalResource", "dct:title": title, "dct:description": basis.excerpt}
    return _without_empty(node)


def distribution_nodes(r: Resource, where: Publication) -> list[dict]:
    """How a shared resource is reached: one distribution per sharing method (共享方式), through the sharing
    platform (its address from mkdocs.yml). Without a configured platform, the access address is the resource's
    page, which says how to ask for the data. A 不予共享 resource has none."""
    if not r.shared:
        return []
    file_type, media_type = file_type_of(r.format_detail)
    page = where.resource(r.code)
    # The conditions are named by where the page states them: each distribution refers to the same statement.
    rights = {"@id": f"{page}#conditions", "@type": "dct:RightsStatement",
              "rdfs:label": f"共享条件:{r.conditions}"} if r.conditions else ""
    access = where.platform.url if where.platform else page
    through = f"通过{where.platform.title}" if where.platform else "向提供单位申请后"
    found = []
    for method in r.methods:
        # 编码格式 always in words; as dct:format only when it names a file type of the EU table (DCAT-AP takes
        # no other value there): a database product is not a file type, and nothing is guessed.
        node = {"@id": f"{page}#{METHOD_KEYS[method]}", "@type": "dcat:Distribution",
                "dct:title": f"{r.name}({method})",
                "dct:description": f"{through}以{method}方式提供;编码格式:{format_text(r)}",
                "dcat:accessURL": {"@id": access},
                "dcat:accessService": {"@id": where.platform.url} if where.platform else "",
                "dct:format": {"@id": f"{EU}/file-type/{file_type}"} if file_type else "",
                "dcat:mediaType": f"https://www.iana.org/assignments/media-types/{media_type}" if media_type else "",
                "dct:rights": rights, "foaf:page": [document(web_iri(link.url)) for link in r.links]}
        found.append(_without_empty(node))
    return found


def file_type_of(detail: str) -> tuple[str, str]:
    """The EU file type and media type of the first format the 格式说明 names ("", "" when it names none)."""
    for word in _WORD.findall(detail):
        if word.upper() in FILE_TYPES:
            return FILE_TYPES[word.upper()]
    return "", ""


def vocabulary_nodes(resources) -> list[dict]:
    """The EU concepts the datasets use, typed and labelled, so the graph says what each one is."""
    frequencies = sorted({FREQUENCY[r.update_cycle] for r in resources})
    rights = sorted({access_right_iri(r).rsplit("/", 1)[1] for r in resources})
    named = {file_type_of(r.format_detail) for r in resources if r.shared}
    types = sorted({file_type for file_type, _ in named if file_type})
    media = sorted({media_type for _, media_type in named if media_type})
    return [
        eu_concept("language", "ZHO", "dct:LinguisticSystem", "中文"),
        *(eu_concept("frequency", code, "dct:Frequency", FREQUENCY_LABELS[code]) for code in frequencies),
        *(eu_concept("access-right", code, "dct:RightsStatement", ACCESS_RIGHTS[code]) for code in rights),
        *(eu_concept("file-type", code, "dct:MediaTypeOrExtent", {"@value": code}) for code in types),
        *({"@id": f"https://www.iana.org/assignments/media-types/{m}", "@type": "dct:MediaType",
           "skos:notation": m} for m in media),
    ]


def web_iri(url: str) -> str:
    """A unit's web address as an IRI: blanks around it dropped, and any character an IRI may not hold
    (validation refuses them, but a catalog may come from anywhere) percent-encoded."""
    return NOT_IN_IRI.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), url.strip())


def eu_concept(table: str, code: str, kind: str, label: str | dict) -> dict:
    """A concept of an EU authority table, with the class DCAT-AP expects of it and the table it is in."""
    return {"@id": f"{EU}/{table}/{code}", "@type": [kind, "skos:Concept"], "skos:prefLabel": label,
            "skos:inScheme": {"@id": f"{EU}/{table}"}}


def document(iri: str) -> dict:
    """A web page as the document it is (foaf:Document, the class DCAT-AP expects of a landing page or page)."""
    return {"@id": iri, "@type": "foaf:Document"}


def _without_empty(node: dict) -> dict:
    return {key: value for key, value in node.items() if value not in ([], "", None)}
