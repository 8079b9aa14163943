"""Rules across the whole catalog: unique codes, existing related codes, 一数一源 (Art. 14)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ...core.fields import list_at
from ...core.policy import Version
from ...core.problems import ERROR, WARNING, Finding
from ...read.registry import Unit
from .entries import cite
from .similarity import near_duplicates

# (file, finding) pairs: catalog rules report on several files at once.
Located = tuple[str, Finding]


def unique_codes(entries: dict[str, dict]) -> Iterator[Located]:
    """A resource code names exactly one file."""
    by_code = defaultdict(list)
    for path, data in entries.items():
        if isinstance(data.get("code"), str):
            by_code[data["code"]].append(path)
    for code, paths in by_code.items():
        for path in paths if len(paths) > 1 else ():
            others = "、".join(p for p in paths if p != path)
            yield path, Finding(("code",), "code-unique", ERROR,
                                f"「资源代码」(code){code} 同时被 {others} 使用,资源代码必须全市唯一。",
                                "换一个本单位尚未使用的顺序号(资源代码最后四位)。")


def unique_sequences(entries: dict[str, dict]) -> Iterator[Located]:
    """The last segment (顺序号) numbers a unit's resources: one number, one resource."""
    by_sequence = defaultdict(list)
    for path, data in entries.items():
        code = data.get("code")
        if isinstance(code, str) and code.count("-") == 3:
            division, number, _, sequence = code.split("-")
            by_sequence[(division, number, sequence)].append((path, code))
    for (_, _, sequence), users in by_sequence.items():
        codes = {code for _, code in users}
        if len(codes) < 2:
            continue  # one code in several files is code-unique's to report
        for path, code in users:
            others = "、".join(f"{other}({p})" for p, other in users if other != code)
            yield path, Finding(("code",), "code-sequence", ERROR,
                                f"「资源代码」(code){code} 的顺序号 {sequence} 已被本单位的 {others} 使用。",
                                "顺序号在同一单位内不能重复(不论资源库类别);换一个本单位尚未使用的顺序号。")


def related_exist(entries: dict[str, dict]) -> Iterator[Located]:
    """Every related code names a catalogued resource other than the entry itself."""
    codes = {data.get("code") for data in entries.values()}
    for path, data in entries.items():
        related = data.get("related")
        for index, code in enumerate(related if isinstance(related, list) else []):
            if code == data.get("code"):
                yield path, Finding(("related", index), "related-self", WARNING,
                                    f"「关联资源」(related)中列出了本资源自己的代码 {code}。", "删除这一项。")
            elif isinstance(code, str) and code not in codes:
                yield path, Finding(("related", index), "related-unknown", ERROR,
                                    f"「关联资源」(related)中的资源代码 {code} 在目录中不存在。",
                                    "核对资源代码;对方资源尚未编目时先不要列出。")


def one_source(entries: dict[str, dict], units: dict[str, Unit], focus: set[str] | None = None,
               jobs: int = 1, rules: Version | None = None) -> Iterator[Located]:
    """一数一源: warn when two units of one jurisdiction catalogue what looks like the same data.

    With `focus` (the files a pull request changes) only pairs involving them are looked for.
    """
    records = []
    for path, data in entries.items():
        unit = units.get(str(data.get("provider")))
        if unit and isinstance(data.get("name"), str):
            items = list_at(data, "items")
            names = frozenset(i["name"] for i in items if isinstance(i, dict) and isinstance(i.get("name"), str))
            records.append((path, unit, data["name"], names))
    for first, second, why in near_duplicates(records, focus, jobs):
        for (path, _, name, _), (other_path, other_unit, other_name, _) in ((first, second), (second, first)):
            yield path, Finding(("name",), "one-source", WARNING,
                                f"「数据名称」(name)「{name}」与{other_unit.short_name}的「{other_name}」"
                                f"({other_path}){why},可能是同一数据由两个单位编目。",
                                f"按「一数一源」原则{cite(rules, 'one_source')},同一数据只由法定采集单位提供;"
                                "确属不同数据请在名称和摘要中写明区别,否则改为申请共享对方数据。")
