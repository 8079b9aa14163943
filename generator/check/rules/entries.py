"""Rules on one resource entry against its location, the unit registry and today's date."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import PurePosixPath

from ...core import sharing
from ...core.fields import mapping_at
from ...core.layout import NONSHARED_DIR, SHARED_DIR
from ...core.policy import Version
from ...core.problems import ERROR, Finding
from ...read.registry import Unit

NONSHARED = sharing.NONSHARED


def location(path: str, data: dict, units: dict[str, Unit], rules: Version | None = None) -> Iterator[Finding]:
    """The folder names the provider; nonshared/ holds exactly the 不予共享 entries.

    The hints cite the articles of the sharing rules `rules` (none when the rules cannot be read).
    """
    parts = PurePosixPath(path).parts
    provider = data.get("provider")
    if len(parts) != 3 or parts[0] not in (SHARED_DIR, NONSHARED_DIR):
        yield Finding(("provider",), "file-location", ERROR,
                      f"文件位置不对:资源条目应放在 catalog/<单位标识>/ 或 nonshared/<单位标识>/ 下,现在是 {path}。",
                      f"把文件移到 catalog/{provider}/ 下(不予共享的放 nonshared/{provider}/)。")
        return
    top, folder = parts[0], parts[1]
    if isinstance(provider, str) and provider in units and folder != provider:
        yield Finding(("provider",), "file-location", ERROR,
                      f"「提供单位」(provider)是 {provider},但文件放在 {top}/{folder}/ 文件夹下。",
                      f"把文件移到 {top}/{provider}/ 下;如果提供单位写错了,改为 {folder}。")
    kind = mapping_at(data, "sharing").get("type")
    if kind == NONSHARED and top != NONSHARED_DIR:
        yield Finding(("sharing", "type"), "file-location", ERROR,
                      "「共享类型」(sharing.type)为「不予共享」,文件却放在 catalog/ 下。",
                      f"不予共享的资源放在 nonshared/{folder}/ 下({_ref(rules, 'review')}不予共享数据目录单独公布)。")
    elif kind in (sharing.UNCONDITIONAL, sharing.CONDITIONAL) and top != SHARED_DIR:
        yield Finding(("sharing", "type"), "file-location", ERROR,
                      f"「共享类型」(sharing.type)为「{kind}」,文件却放在 nonshared/ 下。",
                      f"共享资源放在 catalog/{folder}/ 下;调整为共享后请把文件移过去{cite(rules, 'objection')}。")


def cite(rules: Version | None, *topics: str) -> str:
    """「(办法第十三条)」 for the articles the rules cite on these topics; "" without rules or articles."""
    return rules.cite(*(rules.article(t) for t in topics)) if rules else ""


def _ref(rules: Version | None, topic: str) -> str:
    named = rules.ref(rules.article(topic)) if rules else ""
    return f"{named}:" if named else ""


def provider_and_code(data: dict, units: dict[str, Unit], class_codes: dict) -> Iterator[Finding]:
    """The provider is registered; the code starts with its division and number and the class code."""
    provider, code = data.get("provider"), data.get("code")
    if not isinstance(provider, str):
        return
    unit = units.get(provider)
    if unit is None:
        yield Finding(("provider",), "provider-unknown", ERROR,
                      f"「提供单位」(provider)「{provider}」不在单位登记表中。",
                      "填写 registry/units.yaml 中本单位的单位标识(id);新单位请先由市电子政务部门登记。")
        return
    if not isinstance(code, str) or code.count("-") != 3:
        return
    division, number, class_code, _ = code.split("-")
    if f"{division}-{number}" != unit.code_prefix:
        yield Finding(("code",), "code-provider", ERROR,
                      f"「资源代码」(code)的前两段是 {division}-{number},与提供单位「{unit.name}」的"
                      f"区划代码和单位编号 {unit.code_prefix} 不符。",
                      f"资源代码应以 {unit.code_prefix}- 开头。")
    category = mapping_at(data, "category")
    expected = class_codes.get((category.get("database"), category.get("subclass")))
    if expected and class_code != expected:
        yield Finding(("code",), "code-class", ERROR,
                      f"「资源代码」(code)的类别码是 {class_code},但资源分类「{category['database']}/"
                      f"{category['subclass']}」的类别码是 {expected}。",
                      f"把资源代码第三段改为 {expected},或改正资源分类。")


def dates_not_future(data: dict, today: datetime.date, describe) -> Iterator[Finding]:
    """发布日期 and 数据更新日期 cannot lie in the future."""
    for key in ("published", "updated"):
        value = data.get(key)
        try:
            day = datetime.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            continue
        if day and day > today:
            yield Finding((key,), "date-future", ERROR,
                          f"{describe((key,))}「{value}」晚于今天({today.isoformat()})。",
                          "填写已经发生的日期;计划中的发布不要提前写入目录。")
