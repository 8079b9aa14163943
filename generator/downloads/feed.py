"""The change feed: api/changes.jsonld and its pages api/changes/<n>.jsonld, in Activity Streams 2.0.

One Create, Update or Delete per dataset change (model/feed.py), with the time it landed and the
dataset's IRI. The collection reads newest first, as Activity Streams feeds do: `first` is the
newest page and each page's `next` the one before it. Pages are numbered from the oldest and hold
a fixed number of activities, so every full page stays byte for byte the same from build to
build once a newer page exists. An activity is named by the commit it landed in and the dataset's
code, so its name does not depend on its place: a harvester remembers the last one it applied,
reads from `first` until it meets it, and applies what is newer, oldest first.
"""

from __future__ import annotations

from ..model.feed import Activity
from .linked import Publication

PAGE_SIZE = 500
CONTEXT = ["https://www.w3.org/ns/activitystreams", {"dcat": "http://www.w3.org/ns/dcat#"}]
COLLECTION = "changes.jsonld"


def page_count(activities: list[Activity]) -> int:
    return max(1, -(-len(activities) // PAGE_SIZE))


def page_path(number: int) -> str:
    return f"changes/{number}.jsonld"


def collection_document(activities: list[Activity], where: Publication) -> dict:
    """The feed's entry point: how many activities, and its newest and oldest pages."""
    last = page_count(activities)
    return {"@context": CONTEXT, "id": where.api(COLLECTION), "type": "OrderedCollection",
            "summary": "目录数据集的新增、修改和删除记录,新的在前", "totalItems": len(activities),
            "first": where.api(page_path(last)), "last": where.api(page_path(1))}


def page_activities(activities: list[Activity], number: int) -> list[Activity]:
    return activities[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]


def page_document(activities: list[Activity], number: int, where: Publication) -> dict:
    """Page `number` (1 is the oldest): its activities newest first, linked to the older and newer pages."""
    items = [activity_node(a, where) for a in page_activities(activities, number)]
    node = {"@context": CONTEXT, "id": where.api(page_path(number)), "type": "OrderedCollectionPage",
            "partOf": where.api(COLLECTION), "orderedItems": items[::-1]}
    if number > 1:
        node["next"] = where.api(page_path(number - 1))
    if number < page_count(activities):
        node["prev"] = where.api(page_path(number + 1))
    return node


def activity_node(activity: Activity, where: Publication) -> dict:
    """One activity, named by the commit it landed in and the dataset's code."""
    dataset = {"id": where.resource(activity.code), "type": "dcat:Dataset"}
    if activity.kind == "Delete":
        dataset = {"id": dataset["id"], "type": "Tombstone", "formerType": "dcat:Dataset"}
    return {"id": f"{where.api(COLLECTION)}#{activity.commit}-{activity.code}", "type": activity.kind,
            "published": activity.time,
            "object": dataset}
