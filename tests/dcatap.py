"""The catalog's DCAT (the pages of api/catalog/) checked against DCAT-AP 3.0.1 with pyshacl, offline.

The shapes are the release's own files, kept byte for byte in schemas/dcat-ap/ (README.md there: source,
licence, what each file checks). Beside them: the class hierarchy of the vocabularies DCAT-AP imports
(background.ttl) and the extract of the EU controlled vocabularies (eu-vocabularies.ttl, made by
tests/eu_vocabularies.py). Nothing is downloaded, not even a JSON-LD context.

As a script it lists every finding of a file, grouped and counted, and exits 1 when there is a violation:

    .venv/bin/python tests/dcatap.py site/api/catalog/1.jsonld [more pages…] [--severity Violation|Warning|Info]
"""

from __future__ import annotations

import collections
import functools
import json
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "schemas/dcat-ap"
# The release's validation files (DCAT-AP 3.0.1 §"Validation of DCAT-AP"): all the reference validator's
# "Full" profile runs, and its "Controlled Vocabularies" profile.
SHAPE_FILES = ("shapes.ttl", "range.ttl", "shapes_recommended.ttl", "deprecateduris.ttl", "mdr-vocabularies.shape.ttl")
KNOWLEDGE_FILES = ("background.ttl", "eu-vocabularies.ttl")
SEVERITIES = ("Violation", "Warning", "Info")
PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcatap": "http://data.europa.eu/r5r/", "eli": "http://data.europa.eu/eli/ontology#",
    "adms": "http://www.w3.org/ns/adms#", "prov": "http://www.w3.org/ns/prov#",
    "odrl": "http://www.w3.org/ns/odrl/2/", "spdx": "http://spdx.org/rdf/terms#", "locn": "http://www.w3.org/ns/locn#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#", "sh": str(SH),
    "eu": "http://publications.europa.eu/resource/authority/",
    "cv": "http://data.europa.eu/r5r#",
}
# The parameter of each kind of constraint, to name a constraint in a finding (minCount 1, class foaf:Agent).
PARAMETERS = {"MinCount": SH.minCount, "MaxCount": SH.maxCount, "Class": SH["class"], "NodeKind": SH.nodeKind,
              "Node": SH.node, "HasValue": SH.hasValue, "Datatype": SH.datatype, "Pattern": SH.pattern,
              "In": SH["in"], "Or": SH["or"]}


@dataclass(frozen=True)
class Finding:
    """One result of the validation report, in words."""

    severity: str  # Violation, Warning or Info
    focus_class: str  # the rdf:types of the focus node ("" when it has none)
    path: str
    constraint: str  # e.g. "minCount 1", "class foaf:Agent"
    source: str  # the shape file and node shape the constraint comes from: "range.ttl Dataset_Shape"
    focus: str  # the focus node
    value: str  # the offending value, if any
    message: str

    @property
    def group(self) -> tuple[str, str, str, str, str]:
        return self.severity, self.focus_class, self.path, self.constraint, self.source


def short(node) -> str:
    if isinstance(node, BNode):
        return "[]"
    if isinstance(node, URIRef):
        for prefix, namespace in PREFIXES.items():
            if str(node).startswith(namespace) and "/" not in str(node)[len(namespace):]:
                return f"{prefix}:{str(node)[len(namespace):]}"
        return f"<{node}>"
    return str(node) if node is not None else ""


@functools.cache
def shapes() -> tuple[Graph, dict]:
    """The shapes graph, and where each shape comes from: its file and node shape."""
    graph, origin = Graph(), {}
    for name in SHAPE_FILES:
        part = Graph().parse(SHAPES / name, format="turtle")
        for shape in set(part.subjects()):
            owner = part.value(None, SH.property, shape) or shape
            origin[shape] = f"{name} {str(owner).rsplit('#', 1)[-1] if isinstance(owner, URIRef) else '[]'}"
        graph += part
    return graph, origin


@functools.cache
def knowledge() -> Graph:
    """What the vocabularies say that the shapes need: the class hierarchy and the EU concepts."""
    graph = Graph()
    for name in KNOWLEDGE_FILES:
        graph.parse(SHAPES / name, format="turtle")
    return graph


def data_graph(document: bytes) -> Graph:
    """The JSON-LD as RDF; a context given by address would be fetched, so only inline contexts are taken."""
    parsed = json.loads(document)
    contexts = parsed.get("@context", {}) if isinstance(parsed, dict) else {}
    if any(not isinstance(c, dict) for c in (contexts if isinstance(contexts, list) else [contexts])):
        raise ValueError("the JSON-LD @context must be inline: a context by address would be downloaded")
    with warnings.catch_warnings():  # rdflib's JSON-LD parser still builds a ConjunctiveGraph inside
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=document, format="json-ld")


def validate(*documents: bytes) -> list[Finding]:
    """Every result of the DCAT-AP shapes on JSON-LD documents (the pages of one catalog: one graph), sorted."""
    data = Graph()
    for document in documents:
        data += data_graph(document)
    shape_graph, origin = shapes()
    # Loaded into the data graph, as the reference validator loads imports: pyshacl's ont_graph would copy
    # only the class axioms, not the EU concepts' skos:inScheme.
    _, report, _ = pyshacl.validate(data + knowledge(), shacl_graph=shape_graph, inference="none",
                                    advanced=False, allow_warnings=True)
    findings = []
    for result in report.objects(None, SH.result):  # the top-level results, not their details
        shape = report.value(result, SH.sourceShape)
        component = str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        kind = component.removesuffix("ConstraintComponent")
        parameter = PARAMETERS.get(kind)
        values = sorted(short(v) for v in shape_graph.objects(shape, parameter)) if parameter else []
        if kind == "Or":
            values = ["(…)"]
        focus = report.value(result, SH.focusNode)
        findings.append(Finding(
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            focus_class=",".join(sorted(short(t) for t in data.objects(focus, RDF.type))),
            path=short(report.value(result, SH.resultPath)),
            constraint=" ".join([kind[:1].lower() + kind[1:], *values]),
            source=origin.get(shape, "?"),
            focus=short(focus),
            value=repr(str(value)) if isinstance(value := report.value(result, SH.value), Literal) else short(value),
            message=str(report.value(result, SH.resultMessage) or "")))
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.group, f.focus, f.value))


def listing(findings: list[Finding]) -> str:
    """The findings grouped by severity, class of the focus node, path, constraint and shape file, counted,
    with one example each."""
    groups = collections.defaultdict(list)
    for finding in findings:
        groups[finding.group].append(finding)
    lines = []
    for (severity, focus_class, path, constraint, source), members in groups.items():
        first = members[0]
        lines.append(f"{len(members):5d} × {severity} {focus_class or '(no type)'} {path or '(node)'} "
                     f"{constraint} [{source}]")
        lines.append(f"        e.g. {first.focus}" + (f" value {first.value}" if first.value else "")
                     + f": {first.message[:160]}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    wanted = argv[argv.index("--severity") + 1] if "--severity" in argv else None
    files = [arg for arg in argv if not arg.startswith("-") and arg != wanted]
    findings = validate(*(Path(name).read_bytes() for name in files))
    shown = [f for f in findings if wanted in (None, f.severity)]
    counts = collections.Counter(f.severity for f in findings)
    print(listing(shown) or "(nothing)")
    print(", ".join(f"{counts[s]} {s}" for s in SEVERITIES))
    return 1 if counts["Violation"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
