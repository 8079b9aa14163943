"""What changed in one entry between two states of the catalog, in Chinese.

One comparison for the reviewer (`catalog diff`, review/diff.py: each kind of file matched by its
identity, a resource by its code, a request and a feedback record by their ids, a unit by its id)
and for the public (the 变更记录 of a resource page, model/history.py). The records are plain
values; review/diffreport.py turns them into text, Markdown or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.fields import Fields, dotted

# How an entry changed.
ADDED, REMOVED, MODIFIED = "added", "removed", "modified"
MOVED, RENAMED, REFORMATTED = "moved", "renamed", "reformatted"  # moved: between catalog/ and nonshared/
CHANGE_LABELS = {ADDED: "新增", REMOVED: "删除", MODIFIED: "修改", MOVED: "移动", RENAMED: "改名",
                 REFORMATTED: "仅格式变化"}


@dataclass(frozen=True)
class FieldChange:
    """One field, old → new, by its Chinese label ("" where it was or is absent)."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ItemChange:
    """One info item added, removed, renamed, retyped or otherwise changed."""

    change: str  # added, removed, renamed, retyped, modified
    name: str  # the name it had (the new name for one added)
    text: str  # the change in a sentence


@dataclass(frozen=True)
class Notice:
    """Something the regulation asks a reviewer to weigh, and the articles that say why."""

    articles: str  # 第九条、第十二条; "" when no article speaks to it
    message: str


@dataclass(frozen=True)
class EntryChange:
    """One resource, request, feedback record or unit, and how it changed."""

    kind: str  # 资源, 共享申请, 异议, 数据纠错, 单位
    key: str  # its code or id
    name: str
    change: str  # ADDED … REFORMATTED
    before_path: str
    after_path: str
    fields: tuple[FieldChange, ...] = ()
    items: tuple[ItemChange, ...] = ()
    notices: tuple[Notice, ...] = ()


def field_changes(before: dict, after: dict, fields: Fields, skip: frozenset = frozenset(),
                  names: dict[str, str] | None = None) -> list[FieldChange]:
    """Every field that differs, in the order the files write them; lists of mappings compared per position.

    A unit id (provider, applicant …) is shown with the unit's name when `names` has it.
    """
    old, new = _leaves(before, (), skip), _leaves(after, (), skip)
    order = list(dict.fromkeys([*old, *new]))  # as the file was, then what was added

    def value(path: tuple, data: dict) -> str:
        text = shown(data.get(path))
        return f"{names[text]}({text})" if names and len(path) == 1 and path[0] in UNIT_KEYS and text in names else text
    return [FieldChange(label(fields, path), value(path, old), value(path, new))
            for path in order if old.get(path) != new.get(path)]


UNIT_KEYS = frozenset({"provider", "applicant", "approver", "reporter"})  # fields that hold a unit's id


def label(fields: Fields, path: tuple) -> str:
    """A key path by its Chinese label alone: 共享方式, 信息项第 3 项的「长度」."""
    text = fields.describe(path).removesuffix(f"({dotted(path)})")
    return text[1:-1] if text.startswith("「") and text.endswith("」") and text.count("「") == 1 else text


def shown(value) -> str:
    """A value as a reviewer reads it: lists joined with 、, true/false as 是/否, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(shown(v) for v in value)
    return str(value)


def _leaves(data, path: tuple, skip: frozenset) -> dict[tuple, object]:
    if isinstance(data, dict):
        found: dict[tuple, object] = {}
        for key, value in data.items():
            if not path and key in skip:
                continue
            found.update(_leaves(value, path + (key,), skip))
        return found
    if isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        found = {}
        for index, value in enumerate(data):
            found.update(_leaves(value, path + (index,), skip))
        return found
    return {path: data}


def item_changes(before: list, after: list, fields: Fields) -> list[ItemChange]:
    """Info items by name: added, removed, renamed (same position and type, a new name), retyped, changed."""
    old = [i for i in before if isinstance(i, dict)]
    new = [i for i in after if isinstance(i, dict)]
    old_names = {i.get("name") for i in old}
    by_name = {i.get("name"): i for i in new}
    changes, renamed_to = [], set()
    for index, item in enumerate(old):
        name, kind = item.get("name"), item.get("type")
        if name in by_name:
            changes += _same_name(item, by_name[name], fields)
            continue
        there = new[index] if index < len(new) else None
        if there is not None and there.get("type") == kind and there.get("name") not in old_names:
            renamed_to.add(there.get("name"))
            changes.append(ItemChange("renamed", str(name), f"信息项「{name}」改名为「{there.get('name')}」"))
        else:
            changes.append(ItemChange("removed", str(name), f"删除信息项「{name}」({shown(kind)})"))
    changes += [ItemChange("added", str(i.get("name")), f"新增信息项「{i.get('name')}」({shown(i.get('type'))})")
                for i in new if i.get("name") not in old_names and i.get("name") not in renamed_to]
    return changes


def _same_name(old: dict, new: dict, fields: Fields) -> list[ItemChange]:
    name = old.get("name")
    if old.get("type") != new.get("type"):
        return [ItemChange("retyped", str(name),
                           f"信息项「{name}」的数据类型由「{shown(old.get('type'))}」改为「{shown(new.get('type'))}」")]
    parts = [f"{fields.title(('items', 0, key))}「{shown(old.get(key))}」→「{shown(new.get(key))}」"
             for key in dict.fromkeys([*old, *new]) if key not in ("name", "type") and old.get(key) != new.get(key)]
    return [ItemChange("modified", str(name), f"信息项「{name}」:" + ",".join(parts))] if parts else []

