"""`catalog diff BASE [HEAD]`: what a change does to the catalog, for the reviewer who approves it.

Both sides are validated whole, as the repository they are: the comparison takes each changed
file's data from there, and the problems that appear only after the change in files it did not
touch (a finished request that uses an item now removed) are the change's doing too.
"""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..check.validate import Result, validate
from ..core.layout import FEEDBACK_DIRS, POLICY, REGISTRY, REQUEST_DIRS, RESOURCE_DIRS, under
from ..core.policy import Policy
from ..core.problems import ERROR, Problem, Refused
from ..model.changes import (
    ADDED,
    MODIFIED,
    MOVED,
    REFORMATTED,
    REMOVED,
    RENAMED,
    EntryChange,
    FieldChange,
    Notice,
    field_changes,
    item_changes,
    shown,
)
from ..read.policy import read_policy
from ..read.registry import Unit, units_from
from ..read.schema import Schema
from .notices import approved_uses, removed_notices, request_notices, resource_notices
from .revisions import changed_paths, commit_of, write_out
from .rulechanges import rules_change

WORKING_TREE = "工作区"


@dataclass(frozen=True)
class Diff:
    """A comparison: the two sides, the entries that changed, and what the change broke elsewhere."""

    base: str
    head: str
    entries: tuple[EntryChange, ...]
    caused: tuple[Problem, ...]  # problems new after the change, in files it did not touch
    unreadable: tuple[Problem, ...]  # changed files that cannot be read after the change: why
    cited: str = ""  # how notices name the regulation when citing its articles (办法), from the rules after the change


class DiffError(Refused):
    """The comparison cannot be made (no such commit, no git): a Chinese sentence for the user."""


def catalog_diff(root: Path, base: str, head: str | None, today: datetime.date) -> Diff:
    """Compare base with head (a commit, or the working tree when None)."""
    base_commit = _commit(root, base)
    head_commit = _commit(root, head) if head else None
    paths = changed_paths(root, base_commit, head_commit)
    if paths is None:
        raise DiffError(_refusal("git 无法比较这两个版本。", "在目录仓库中运行,并确认两个版本都在本地。"))
    with tempfile.TemporaryDirectory(prefix="catalog-diff-") as scratch:
        base_root = _written_out(root, base_commit, Path(scratch) / "base")
        head_root = _written_out(root, head_commit, Path(scratch) / "head") if head_commit else root
        before, after = validate(base_root, None, today), validate(head_root, None, today)
        policies = (read_policy(base_root).policy, read_policy(head_root).policy)
    changed = set(paths)
    known = set(before.problems)
    caused = tuple(p for p in after.problems if p.file not in changed and p not in known)
    unreadable = tuple(p for p in after.problems if p.file in changed and p.rule.startswith(("load-", "yaml-"))
                       and p.severity is ERROR)
    entries = _Comparison(before, after, paths, policies, today).entries()
    rules = policies[1] or policies[0]
    return Diff(base_commit[:12], head_commit[:12] if head_commit else WORKING_TREE, tuple(entries), caused,
                unreadable, rules.governing(today).regulation.short if rules else "")


def _commit(root: Path, revision: str) -> str:
    commit = commit_of(root, revision)
    if commit is None:
        raise DiffError(_refusal(f"找不到版本「{revision}」。", "写提交的哈希、分支名或标签,例如 origin/main、HEAD~1。"))
    return commit


def _written_out(root: Path, commit: str, dest: Path) -> Path:
    if not write_out(root, commit, dest):
        raise DiffError(_refusal(f"无法从 git 读出版本 {commit[:12]} 的目录文件。", "确认仓库完整(浅克隆时先 git fetch 这个版本)。"))
    return dest


def _refusal(message: str, hint: str) -> Problem:
    return Problem("", 0, 0, "diff-revision", ERROR, message, hint)


class _Comparison:
    """The changed files of both sides, matched by identity."""

    def __init__(self, before: Result, after: Result, paths: list[str], policies: tuple[Policy | None, Policy | None],
                 today: datetime.date):
        self.sides = (_data(before), _data(after))
        self.paths = paths
        self.policies, self.today = policies, today
        # Notices cite the rules as they are after the change (as they were, when those cannot be read).
        rules = policies[1] or policies[0]
        self.rules = rules.governing(today) if rules else None
        self.units = {**_units(self.sides[0]), **_units(self.sides[1])}
        self.names = {unit_id: unit.name for unit_id, unit in self.units.items()}
        # Every request of either side, once (as it is after the change when it is on both).
        requests = {str(data.get("id")): data for side in self.sides for path, data in side.items()
                    if under(path, REQUEST_DIRS)}
        self.uses = approved_uses(list(requests.values()))
        self.schemas = {name: Schema.named(name) for name in ("resource", "request", "feedback", "units")}

    def entries(self) -> list[EntryChange]:
        entries = self._units_changed() if REGISTRY in self.paths else []
        if POLICY in self.paths and self.policies != (None, None):
            entries.append(rules_change(*self.policies, self.today))
        entries += self._matched(RESOURCE_DIRS, "code", self._resource)
        entries += self._matched(REQUEST_DIRS, "id", self._request)
        entries += self._matched(FEEDBACK_DIRS, "id", self._feedback)
        return entries

    def _matched(self, tops: tuple[str, ...], identity: str, compare) -> list[EntryChange]:
        """The changed files under tops, paired across the two sides by their identity field."""
        found: list[dict[str, tuple[str, dict]]] = [{}, {}]
        for side, data_by_path in zip(found, self.sides, strict=True):
            for path in self.paths:
                data = data_by_path.get(path)
                if under(path, tops) and data is not None and isinstance(data.get(identity), str):
                    side.setdefault(data[identity], (path, data))
        keys = sorted(found[0].keys() | found[1].keys())
        return [compare(key, found[0].get(key), found[1].get(key)) for key in keys]

    def _resource(self, code: str, old: tuple[str, dict] | None, new: tuple[str, dict] | None) -> EntryChange:
        fields = self.schemas["resource"].fields
        uses = self.uses.get(code, [])
        if old is None or new is None:
            data = (old or new)[1]  # type: ignore[index]
            notices = removed_notices(uses, self.units, self.rules) if new is None and self.rules else []
            return EntryChange("资源", code, shown(data.get("name")), REMOVED if new is None else ADDED,
                               old[0] if old else "", new[0] if new else "", notices=tuple(notices))
        items = item_changes(old[1].get("items") or [], new[1].get("items") or [], fields)
        # Without readable rules on either side there is nothing to cite: the changes are listed without notices.
        notices = resource_notices(old[1], new[1], items, uses, self.units, self.rules) if self.rules else []
        return EntryChange("资源", code, shown(new[1].get("name")), _how(old, new), old[0], new[0],
                           tuple(field_changes(old[1], new[1], fields, frozenset({"items"}), self.names)), tuple(items),
                           tuple(notices))

    def _request(self, key: str, old: tuple[str, dict] | None, new: tuple[str, dict] | None) -> EntryChange:
        data = (new or old)[1]  # type: ignore[index]
        kind = shown(data.get("kind")) or "共享申请"
        policy = self.policies[1] or self.policies[0]
        notices = request_notices(old[1] if old else None, new[1], self.units, policy, self.today) if new and policy \
            else []
        fields = field_changes(old[1], new[1], self.schemas["request"].fields, frozenset({"history"}), self.names) \
            if old and new else []
        return EntryChange(kind, key, _request_name(data, self.units), _how(old, new), old[0] if old else "",
                           new[0] if new else "", tuple(fields), (), tuple(notices))

    def _feedback(self, key: str, old: tuple[str, dict] | None, new: tuple[str, dict] | None) -> EntryChange:
        data = (new or old)[1]  # type: ignore[index]
        fields = field_changes(old[1], new[1], self.schemas["feedback"].fields, names=self.names) if old and new else []
        return EntryChange("数据纠错", key, f"资源 {shown(data.get('resource'))} 的纠错", _how(old, new), old[0] if old else "",
                           new[0] if new else "", tuple(fields))

    def _units_changed(self) -> list[EntryChange]:
        rows = [_unit_rows(side.get(REGISTRY)) for side in self.sides]
        fields = self.schemas["units"].fields
        entries = []
        for unit_id in sorted(rows[0].keys() | rows[1].keys()):
            old, new = rows[0].get(unit_id), rows[1].get(unit_id)
            if old == new:
                continue
            name = shown((new or old or {}).get("name"))
            if old is None or new is None:
                entries.append(EntryChange("单位", unit_id, name, ADDED if old is None else REMOVED, REGISTRY, REGISTRY))
                continue
            changes = [FieldChange(fields.title(("units", 0, key)), shown(old.get(key)), shown(new.get(key)))
                       for key in dict.fromkeys([*old, *new]) if old.get(key) != new.get(key)]
            notices = [Notice("", "维护人变更:维护人决定谁能修改这个单位的目录,应由电子政务部门核实。")] \
                if old.get("maintainers") != new.get("maintainers") else []
            entries.append(EntryChange("单位", unit_id, name, MODIFIED, REGISTRY, REGISTRY, tuple(changes), (),
                                       tuple(notices)))
        return entries


def _how(old: tuple[str, dict] | None, new: tuple[str, dict] | None) -> str:
    if old is None:
        return ADDED
    if new is None:
        return REMOVED
    if old[0].split("/", 1)[0] != new[0].split("/", 1)[0]:
        return MOVED
    if old[0] != new[0]:
        return RENAMED
    return REFORMATTED if old[1] == new[1] else MODIFIED


def _data(result: Result) -> dict[str, dict]:
    return {path: parsed.data for path, parsed in result.documents.items()}


def _units(data_by_path: dict[str, dict]) -> dict[str, Unit]:
    return units_from(data_by_path.get(REGISTRY))


def _unit_rows(data) -> dict[str, dict]:
    rows = data.get("units") if isinstance(data, dict) else None
    return {row["id"]: row for row in rows or () if isinstance(row, dict) and isinstance(row.get("id"), str)}


def _request_name(data: dict, units: dict[str, Unit]) -> str:
    applicant = units.get(str(data.get("applicant")))
    codes = "、".join(str(e.get("code")) for e in data.get("resources") or () if isinstance(e, dict))
    return f"{applicant.name if applicant else shown(data.get('applicant'))}申请 {codes}".strip()

