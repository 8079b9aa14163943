"""The linked data written short: the site's addresses relative to @base, the EU vocabularies' as prefixed names.

dcat.py and hydra.py make every identifier a full address. Written out that way, the site's own
address (about 40 characters) is repeated a dozen times for each dataset, in two formats: about
1 KB an entry, 50 MB in a city of 50,000 (GitHub Pages publishes at most 1 GB). Both JSON-LD and
Turtle have the standard means to say it once: an @base the relative references resolve against,
and prefixes. The graph is the same: the tests parse both files with rdflib and compare them with
the full-address graph.
"""

from __future__ import annotations

from urllib.parse import urljoin

from .dcat import EU

# The EU vocabulary tables the catalog uses, each its own prefix (the table's name, as in its address).
EU_PREFIXES = {table: f"{EU}/{table}/" for table in ("frequency", "access-right", "file-type", "language")}


def compacted(document: dict, site: str) -> dict:
    """`document` (JSON-LD with full addresses) with @base `site` in its context and every @id shortened: an
    address under the site relative to it, one in an EU table a prefixed name. The site's own address stays whole
    (a relative reference to it would be empty)."""
    context = {**document["@context"], "@base": site, **EU_PREFIXES}
    return {**document, "@context": context, "@graph": [_node(node, site) for node in document["@graph"]]}


def _node(value, site: str):
    if isinstance(value, list):
        return [_node(v, site) for v in value]
    if not isinstance(value, dict):
        return value
    return {key: short_iri(v, site) if key == "@id" else _node(v, site) for key, v in value.items()}


def short_iri(iri: str, site: str) -> str:
    """A relative reference for an address under `site`, a prefixed name for one in an EU table, else `iri`."""
    if iri.startswith(site):
        relative = iri[len(site):]
        first = relative.split("/", 1)[0]
        # Only where a reader resolves the reference back to this very IRI: "a:b/…" would read as a scheme,
        # "/x" or "//x" leave the site, and a unit's link may hold "../" or "./", which resolving removes.
        if relative and ":" not in first and urljoin(site, relative) == iri:
            return relative
        return iri
    for prefix, namespace in EU_PREFIXES.items():
        if iri.startswith(namespace) and iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
