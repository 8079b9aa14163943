"""The change feed from git history: a harvester that applies it, from the start or from where it stopped,
holds exactly the catalog's datasets; reformattings and renamed files are no change; full pages never change."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from casetools import FIXTURE, SITE, WHERE, export_files

from generator.downloads import feed
from generator.model.catalog import load_catalog
from generator.model.feed import Activity, dataset_activities

JILU, DIBAO, SHOUYANG = "430700-006-J01-0001", "430700-007-Y09-0001", "430700-007-Y09-0002"
JILU_FILE, DIBAO_FILE = "catalog/gaj/changzhu-renkou.yaml", "catalog/mzj/dibao-duixiang.yaml"
NEW = "430700-006-J01-0002"


def git(root: Path, *args: str, day: str = "2025-01-10") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T10:00:00+08:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00+08:00"}
    subprocess.run(["git", "-c", "user.name=dev", "-c", "user.email=dev@example.invalid", *args], cwd=root, env=env,
                   check=True, capture_output=True)


def commit(root: Path, day: str) -> None:
    git(root, "add", "-A", day=day)
    git(root, "commit", "-q", "-m", f"change of {day}", day=day)


def edit(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "2025-01-10")  # three entries
    edit(root, DIBAO_FILE, "published: 2022-03-01", 'published: "2022-03-01"')  # reformatted: the same entry
    commit(root, "2025-02-01")
    edit(root, DIBAO_FILE, "update_cycle: 每月", "update_cycle: 每日")
    commit(root, "2025-03-15")
    return root


def land_more_changes(root: Path) -> None:
    """A pull request of two commits merged as one, a code changed, a file renamed."""
    git(root, "checkout", "-q", "-b", "pr")
    text = (root / JILU_FILE).read_text(encoding="utf-8").replace(JILU, NEW).replace("常住人口基本信息", "暂住人口基本信息")
    (root / "catalog/gaj/zanzhu-renkou.yaml").write_text(text, encoding="utf-8")
    commit(root, "2025-04-01")
    (root / "nonshared/mzj/shouyang-dengji.yaml").unlink()
    commit(root, "2025-04-02")
    git(root, "checkout", "-q", "main", day="2025-04-03")
    git(root, "merge", "-q", "--no-ff", "-m", "Merge pull request", "pr", day="2025-04-03")
    edit(root, JILU_FILE, JILU, "430700-006-J01-0003")
    commit(root, "2025-05-01")
    (root / DIBAO_FILE).rename(root / "catalog/mzj/zuidi-shenghuo-baozhang.yaml")
    commit(root, "2025-06-01")


def told(activities: list[Activity]) -> list[Activity]:
    """The activities without the commit each landed in (a hash the test cannot know in advance)."""
    return [Activity(a.kind, a.code, a.time) for a in activities]


def codes(root: Path) -> set[str]:
    return {r.code for r in load_catalog(root).resources}


def apply(known: set[str], items: list[dict]) -> set[str]:
    """A harvester applying activities, oldest first."""
    for item in items:
        code = item["object"]["id"].removeprefix(f"{SITE}resources/").rstrip("/")
        if item["type"] == "Delete":
            known.discard(code)
        else:
            known.add(code)
    return known


def read_feed(files: dict[str, bytes], stop_at: str = "") -> list[dict]:
    """From the collection's first (newest) page along next, until the activity `stop_at`; oldest first."""
    address, items = json.loads(files["api/changes.jsonld"])["first"], []
    while address:
        page = json.loads(files[address.removeprefix(SITE)])
        for item in page["orderedItems"]:
            if item["id"] == stop_at:
                return items[::-1]
            items.append(item)
        address = page.get("next", "")
    return items[::-1]


def test_activities_name_what_happened_when_it_landed(repo):
    land_more_changes(repo)
    assert told(dataset_activities(repo)) == [
        Activity("Create", JILU, "2025-01-10T10:00:00+08:00"), Activity("Create", DIBAO, "2025-01-10T10:00:00+08:00"),
        Activity("Create", SHOUYANG, "2025-01-10T10:00:00+08:00"),
        Activity("Update", DIBAO, "2025-03-15T10:00:00+08:00"),  # not the reformatting of 2025-02-01
        # the merged pull request counts once, when it landed
        Activity("Create", NEW, "2025-04-03T10:00:00+08:00"), Activity("Delete", SHOUYANG, "2025-04-03T10:00:00+08:00"),
        Activity("Delete", JILU, "2025-05-01T10:00:00+08:00"),
        Activity("Create", "430700-006-J01-0003", "2025-05-01T10:00:00+08:00"),
    ]  # and the renamed file of 2025-06-01 is no change


def test_a_harvester_from_the_start_holds_the_catalog(repo, monkeypatch):
    monkeypatch.setattr(feed, "PAGE_SIZE", 3)
    land_more_changes(repo)
    files = export_files(load_catalog(repo), activities=dataset_activities(repo))
    collection = json.loads(files["api/changes.jsonld"])
    assert (collection["type"], collection["totalItems"]) == ("OrderedCollection", 8)
    assert collection["first"] == f"{SITE}api/changes/3.jsonld" and collection["last"] == f"{SITE}api/changes/1.jsonld"
    assert apply(set(), read_feed(files)) == codes(repo) == {NEW, "430700-006-J01-0003", DIBAO}


def test_a_harvester_from_where_it_stopped_reaches_the_same_set_and_full_pages_stay_the_same(repo, monkeypatch):
    monkeypatch.setattr(feed, "PAGE_SIZE", 3)
    before = export_files(load_catalog(repo), activities=dataset_activities(repo))
    known = apply(set(), read_feed(before))
    assert known == codes(repo) == {JILU, DIBAO, SHOUYANG}
    stopped_at = json.loads(before[json.loads(before["api/changes.jsonld"])["first"].removeprefix(SITE)])
    last_seen = stopped_at["orderedItems"][0]["id"]
    land_more_changes(repo)
    after = export_files(load_catalog(repo), activities=dataset_activities(repo))
    newer = read_feed(after, stop_at=last_seen)
    assert [item["type"] for item in newer] == ["Create", "Delete", "Delete", "Create"]
    assert apply(known, newer) == codes(repo)
    assert after["api/changes/1.jsonld"] == before["api/changes/1.jsonld"]  # a full page never changes


def test_a_deleted_dataset_is_a_tombstone_and_each_activity_has_its_place(repo):
    land_more_changes(repo)
    page = feed.page_document(dataset_activities(repo), 1, WHERE)
    deleted = next(item for item in page["orderedItems"]
                   if item["type"] == "Delete" and SHOUYANG in item["object"]["id"])
    assert deleted["object"] == {"id": f"{SITE}resources/{SHOUYANG}/", "type": "Tombstone",
                                 "formerType": "dcat:Dataset"}
    names = [item["id"].removeprefix(f"{SITE}api/changes.jsonld#") for item in page["orderedItems"]]
    assert len(set(names)) == 8 and all(re.fullmatch(r"[0-9a-f]{40}-430700-[0-9]{3}-[JZY][0-9]{2}-[0-9]{4}", n)
                                        for n in names)
    assert page["partOf"] == f"{SITE}api/changes.jsonld" and "next" not in page and "prev" not in page


def test_outside_git_the_feed_is_empty_and_still_readable(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "repo")
    assert dataset_activities(tmp_path / "repo") == []
    files = export_files(load_catalog(tmp_path / "repo"))
    assert json.loads(files["api/changes.jsonld"])["totalItems"] == 0 and read_feed(files) == []


def test_a_move_git_does_not_see_as_a_rename_is_no_change(repo):
    """Moved to another folder and rewritten in another layout (too different for git's rename detection): the
    same dataset, stating the same, so nothing happened to it."""
    text = (repo / JILU_FILE).read_text(encoding="utf-8")
    (repo / JILU_FILE).unlink()
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    (repo / "catalog/gaj/a-first.yaml").write_text("# 移动并重排\n\n\n" + body.replace(": ", ":  ") + "\n",
                                                  encoding="utf-8")
    before = dataset_activities(repo)
    commit(repo, "2025-07-01")
    assert dataset_activities(repo) == before


def test_codes_swapped_between_two_files_are_two_updates(repo):
    other = "catalog/mzj/dibao-duixiang.yaml"
    a, b = (repo / JILU_FILE).read_text(encoding="utf-8"), (repo / other).read_text(encoding="utf-8")
    (repo / JILU_FILE).write_text(b, encoding="utf-8")
    (repo / other).write_text(a, encoding="utf-8")
    before = dataset_activities(repo)
    commit(repo, "2025-07-01")
    assert dataset_activities(repo) == before  # each code states what it stated: the files only changed places
    edit(repo, JILU_FILE, "update_cycle: 每日", "update_cycle: 每周")
    commit(repo, "2025-07-02")
    assert told(dataset_activities(repo)[len(before):]) == [Activity("Update", DIBAO, "2025-07-02T10:00:00+08:00")]


def test_a_file_name_git_quotes_is_still_read(repo):
    text = (repo / JILU_FILE).read_text(encoding="utf-8").replace(JILU, NEW)
    (repo / 'catalog/gaj/常住"人口\\2.yaml').write_text(text, encoding="utf-8")
    commit(repo, "2025-07-01")
    assert told(dataset_activities(repo)[-1:]) == [Activity("Create", NEW, "2025-07-01T10:00:00+08:00")]


def test_what_each_blob_states_is_kept_between_builds(repo, tmp_path, monkeypatch):
    cache = tmp_path / "feed.json"
    first = dataset_activities(repo, cache)
    assert cache.is_file() and len(json.loads(cache.read_text(encoding="utf-8"))["blobs"]) == 5  # 3, then 1 a commit
    import generator.model.feed as model_feed

    monkeypatch.setattr(model_feed, "read_blobs", lambda root, specs: dict.fromkeys(specs))  # git gives nothing
    assert dataset_activities(repo, cache) == first  # every blob was known
