"""Turtle from the JSON-LD nodes this package writes: the same graph, for harvesters that read Turtle.

Not a general JSON-LD processor: it knows the shapes dcat.py and hydra.py make (compact IRIs with
the context's prefixes, nested nodes with or without @id, lists of values, the context's typed and
untagged properties) and writes them in the order given, so the same catalog always gives the same
bytes. rdflib would take minutes and gigabytes for a city's catalog; the tests parse both outputs
with rdflib and compare the graphs.
"""

from __future__ import annotations

import re

from .linked import NOT_IN_IRI

_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _code_point(c: str) -> str:
    return f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}"


def turtle(document: dict) -> str:
    """The document's @graph in Turtle, with its context's base and prefixes (compact.py): a relative @id is
    written as the same relative reference, which Turtle resolves against the same base."""
    context = document["@context"]
    writer = _Writer(context)
    for node in document["@graph"]:
        writer.subject(node)
    head = f"@base {writer.iri(context['@base'])} .\n" if "@base" in context else ""
    head += "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in writer.prefixes.items())
    return head + "\n" + "".join(writer.out)


class _Writer:
    def __init__(self, context: dict):
        self.prefixes = {k: v for k, v in context.items() if isinstance(v, str) and not k.startswith("@")}
        self.terms = {k: v for k, v in context.items() if isinstance(v, dict)}
        self.language = context.get("@language")
        self.out: list[str] = []

    def subject(self, node: dict) -> None:
        """A node with an @id, and after it every named node nested in it."""
        nested: list[dict] = []
        body = self.properties(node, nested, "    ")
        self.out.append(f"{self.iri(node['@id'])}\n    {body} .\n\n")
        for inner in nested:
            self.subject(inner)

    def properties(self, node: dict, nested: list[dict], indent: str) -> str:
        parts = []
        for key, value in node.items():
            if key == "@id":
                continue
            values = value if isinstance(value, list) else [value]
            if not values:
                continue  # an empty list states nothing
            if key == "@type":
                parts.append("a " + ", ".join(self.iri(v) for v in values))
            else:
                parts.append(self.iri(key) + " " + ", ".join(self.value(key, v, nested, indent) for v in values))
        return f" ;\n{indent}".join(parts)

    def value(self, key: str, value, nested: list[dict], indent: str) -> str:
        if isinstance(value, dict):
            if "@value" in value:  # a literal in no language (a code), whatever the context's default
                return self.quoted(str(value["@value"]))
            if "@id" in value:
                if len(value) > 1:
                    nested.append(value)  # a named node written in full inside another: its own subject
                return self.iri(value["@id"])
            return "[ " + self.properties(value, nested, indent + "    ") + " ]"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        return self.literal(key, str(value))

    def literal(self, key: str, text: str) -> str:
        term = self.terms.get(key, {})
        if term.get("@type") == "@id":
            return self.iri(text)
        quoted = self.quoted(text)
        if "@type" in term:
            return f"{quoted}^^{self.iri(term['@type'])}"
        language = term.get("@language", self.language)
        return f"{quoted}@{language}" if language else quoted

    @staticmethod
    def quoted(text: str) -> str:
        """A string literal: Turtle's escapes, and any character a reader might not see as itself escaped by its
        code point (\\u or, beyond the Basic Multilingual Plane, \\U)."""
        return '"' + "".join(_ESCAPES.get(c) or (c if c.isprintable() or c == " " else _code_point(c))
                             for c in text) + '"'

    def iri(self, name: str) -> str:
        """A prefixed name when the context has the prefix and the local part is plain; else <full IRI>."""
        prefix, colon, local = name.partition(":")
        if colon and prefix in self.prefixes:
            if _LOCAL.fullmatch(local):
                return name
            name = self.prefixes[prefix] + local
        if NOT_IN_IRI.search(name):
            raise ValueError(f"not an IRI Turtle can write: {name!r}")
        return f"<{name}>"
