"""Make schemas/dcat-ap/eu-vocabularies.ttl, the extract of the EU controlled vocabularies the DCAT check loads.

DCAT-AP's controlled-vocabulary shapes (mdr-vocabularies.shape.ttl) accept a frequency, an access right, a
file type or a language only when the value is a concept of the EU authority table: `skos:inScheme` says so.
The tables are the Publications Office's RDF files ("skos-ap-act"), each several hundred kilobytes of labels
in 24 languages, and ADMS's vocabularies (publisher type, licence type); the check needs three facts of each
concept. This script keeps exactly those, for every concept that is not deprecated of each table the shapes
name (their sh:hasValue) in the files it is given: its `rdf:type`s, `skos:inScheme` and English
`skos:prefLabel`. The header names each table's version and the sha256 of the file read, so the same files
give the same bytes. Nothing is written by hand.

    .venv/bin/python tests/eu_vocabularies.py TABLE.rdf... > schemas/dcat-ap/eu-vocabularies.ttl

schemas/dcat-ap/README.md tells which files the extract in the repository was made from.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH, SKOS

SHAPES = Path(__file__).resolve().parent.parent / "schemas/dcat-ap/mdr-vocabularies.shape.ttl"
DEPRECATED = URIRef("http://publications.europa.eu/ontology/authority/deprecated")


def turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def table_lines(path: Path) -> list[tuple[str, list[str]]]:
    """For each EU table in one file: its header line and the Turtle of its concepts, sorted by IRI."""
    data = path.read_bytes()
    graph = Graph().parse(data=data, format="xml")
    named = set(Graph().parse(SHAPES, format="turtle").objects(None, SH.hasValue))
    schemes = sorted(s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if s in named)
    if not schemes:
        raise SystemExit(f"{path}: none of the tables the DCAT-AP vocabulary shapes name (sh:hasValue) is in it")
    ontology = next(iter(graph.subjects(RDF.type, OWL.Ontology)), None)
    tables = []
    for scheme in schemes:
        version = graph.value(scheme, OWL.versionInfo) or graph.value(ontology, OWL.versionInfo)
        concepts = sorted(set(graph.subjects(SKOS.inScheme, scheme)), key=str)
        kept = [c for c in concepts if isinstance(c, URIRef) and str(graph.value(c, DEPRECATED)) != "true"]
        lines = []
        for concept in kept:
            types = sorted({str(t) for t in graph.objects(concept, RDF.type) if isinstance(t, URIRef)}
                           | {str(SKOS.Concept)})
            labels = sorted(str(label) for label in graph.objects(concept, SKOS.prefLabel)
                            if isinstance(label, Literal) and label.language == "en")
            lines.append(f"<{concept}> a " + ", ".join(f"<{t}>" for t in types) + " ;")
            lines.append(f"    skos:inScheme <{scheme}>"
                         + "".join(f" ;\n    skos:prefLabel {turtle_string(label)}@en" for label in labels) + " .")
        head = (f"# {scheme} version {version}: {len(kept)} concepts ({len(concepts) - len(kept)} deprecated "
                f"left out), from a file of sha256 {hashlib.sha256(data).hexdigest()}")
        tables.append((head, lines))
    return tables


def extract(paths: list[Path]) -> str:
    tables = sorted((table for path in paths for table in table_lines(path)), key=lambda table: table[0])
    return "\n".join([
        "# An extract of the EU controlled vocabularies (EU Vocabularies, Publications Office of the European",
        "# Union; ADMS), made by tests/eu_vocabularies.py: do not edit by hand. For each concept that is not",
        "# deprecated, only its rdf:type, skos:inScheme and English skos:prefLabel. The tables read:",
        *(head for head, _ in tables),
        "",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        *(line for _, lines in tables for line in ["", *lines]),
        "",
    ])


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(extract([Path(arg) for arg in argv]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
