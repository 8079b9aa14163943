"""The catalog in pages, for harvesters: api/catalog/<n>.jsonld and the same page in Turtle (<n>.ttl).

Each page is the DCAT graph of a fixed number of datasets (in code order), standing on its own,
with a node typed both hydra:PagedCollection and hydra:PartialCollectionView that gives the total
and the first, last, next and previous pages, under both Hydra's current names (first, next …)
and the older ones ckanext-dcat reads (firstPage, nextPage …). A harvester starts at page 1 and
follows next until there is none.
"""

from __future__ import annotations

from ..model.catalog import Catalog, Resource
from .dcat import CONTEXT, catalog_modified, graph_nodes
from .linked import Publication

PAGE_SIZE = 500  # datasets per page: 50 pages for a city of 25,000 entries
FORMATS = ("jsonld", "ttl")


def page_count(catalog: Catalog) -> int:
    """How many pages the catalog takes (one, empty, for an empty catalog)."""
    return max(1, -(-len(catalog.resources) // PAGE_SIZE))


def page_resources(catalog: Catalog, number: int) -> tuple[Resource, ...]:
    """The resources on page `number` (from 1)."""
    return catalog.resources[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]


def page_path(number: int, ext: str) -> str:
    """Where a page lives under api/."""
    return f"catalog/{number}.{ext}"


def page_document(catalog: Catalog, number: int, ext: str, where: Publication) -> dict:
    """Page `number` (from 1) as JSON-LD: its datasets' graph and the paging node, links to pages of `ext`. Only
    the first page says when the catalog last changed: on every page it would rewrite them all with any entry."""
    modified = catalog_modified(catalog) if number == 1 else ""
    return {"@context": CONTEXT, "@graph": graph_nodes(catalog, page_resources(catalog, number), where,
                                                       [paging_node(catalog, number, ext, where)], modified)}


def paging_node(catalog: Catalog, number: int, ext: str, where: Publication) -> dict:
    """The page as a view of the paged collection."""
    last = page_count(catalog)

    def link(n: int) -> dict:
        return {"@id": where.api(page_path(n, ext))}

    node = {"@id": where.api(page_path(number, ext)),
            "@type": ["hydra:PagedCollection", "hydra:PartialCollectionView"],
            "hydra:totalItems": len(catalog.resources), "hydra:itemsPerPage": PAGE_SIZE,
            "hydra:first": link(1), "hydra:firstPage": link(1), "hydra:last": link(last), "hydra:lastPage": link(last)}
    if number < last:
        node |= {"hydra:next": link(number + 1), "hydra:nextPage": link(number + 1)}
    if number > 1:
        node |= {"hydra:previous": link(number - 1), "hydra:previousPage": link(number - 1)}
    return node
