"""The criteria of the quality score, as data: after data.europa.eu's Metadata Quality Assessment (MQA).

The MQA scores a dataset's metadata in five dimensions (findability, accessibility, interoperability,
reusability, contextuality; 405 points) and rates it 优秀/良好/合格/较差 (Excellent, Good, Sufficient, Bad).
Here the dimensions are kept and their indicators mapped to this catalog's fields and to the required
metadata of the 2017 national guide (《政务信息资源目录编制指南(试行)》), for 100 points; docs/quality.md
gives each criterion with the MQA indicator it follows and says where it departs.

Every check reads a Resource as it is, which may come from a file that did not validate (`catalog validate
--quality`): it never assumes the schema held, and it never raises. A criterion that does not apply to an
entry (共享条件 of a resource that is not 有条件共享) counts as met: an entry never loses points for a field it
must not have. Each hint names the field by its label in the schemas (tests/test_quality.py holds them to it).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..check.rules.content import is_web_address
from ..core import sharing
from ..model import freshness
from ..model.catalog import NATIONAL_CLASS_LABELS, Resource
from ..read.schema import Schema

FINDABILITY, ACCESSIBILITY, INTEROPERABILITY, REUSABILITY, CONTEXTUALITY = (
    "可发现性", "可访问性", "互操作性", "可重用性", "情境信息")

# Format types a program can read as data; 电子文件, 图形图像 and 流媒体 need a person (or recognition) first.
MACHINE_READABLE = ("数据库", "电子表格", "自描述格式", "服务接口")
# Info item types whose 长度 the reader needs (the others have a length of their own or none), and those that
# need 小数位数 too. The schema requires 长度 only of 字符型 and 数值型; the national template asks it of every item.
SIZED = ("字符型", "数值型", "整型", "货币型")
DECIMAL = ("数值型", "货币型")
NATIONAL_CLASS_NEEDED = tuple(NATIONAL_CLASS_LABELS[level] for level in ("class", "item"))  # 类 and 项


@dataclass(frozen=True)
class Judging:
    """What an entry is judged by besides itself: the day, and how long each 更新周期 lets an entry age (the sharing
    rules of that day, registry/policy.yaml; model/freshness.py has Changde's as the default)."""

    as_of: datetime.date
    windows: Mapping[str, int] = field(default_factory=lambda: dict(freshness.WINDOWS))


@dataclass(frozen=True)
class Criterion:
    """One scored point of an entry: what it is, what it is worth, how it is checked, what to change."""

    id: str
    dimension: str
    label: str
    points: int
    # (entry, the day and rules it is judged by) -> whether it earns the points; left out of repr, which keys pages
    # and must not hold an address
    met: Callable[[Resource, Judging], bool] = field(repr=False, compare=False)
    hint: str  # what to change, naming the field by its Chinese label


@functools.cache
def _vocabulary(path: tuple[str, ...]) -> tuple[str, ...]:
    """The values the resource schema allows at a path."""
    return tuple(Schema.named("resource").fields.known(path).schema["enum"])


def _has_keywords(r: Resource, _: Judging) -> bool:
    return any(keyword.strip() for keyword in r.keywords)


def _classified(r: Resource, _: Judging) -> bool:
    return bool(r.class_code)


def _national_class(r: Resource, _: Judging) -> bool:
    given = {level for level, name in r.national_class if name.strip()}
    return all(level in given for level in NATIONAL_CLASS_NEEDED)


def _national_code(r: Resource, _: Judging) -> bool:
    return bool(r.national_code.strip())


def _method(r: Resource, _: Judging) -> bool:
    return r.sharing_type == sharing.NONSHARED or bool(r.methods)  # 不予共享: no method allowed (Art. 9)


def _links(r: Resource, _: Judging) -> bool:
    return bool(r.links) and all(is_web_address(link.url) for link in r.links)


def _format_type(r: Resource, _: Judging) -> bool:
    return r.format_type in _vocabulary(("format", "type"))


def _format_detail(r: Resource, _: Judging) -> bool:
    return bool(r.format_detail.strip())


def _machine_readable(r: Resource, _: Judging) -> bool:
    return r.format_type in MACHINE_READABLE


def _items_typed(r: Resource, _: Judging) -> bool:
    types = _vocabulary(("items", "*", "type"))
    return bool(r.items) and all(
        item.name.strip() and item.type in types and (item.length is not None or item.type not in SIZED)
        and (item.precision is not None or item.type not in DECIMAL) for item in r.items)


def _conditions(r: Resource, _: Judging) -> bool:
    return r.sharing_type != sharing.CONDITIONAL or bool(r.conditions.strip())


def _legal_basis(r: Resource, _: Judging) -> bool:
    return r.sharing_type != sharing.NONSHARED or (
        bool(r.legal_basis) and all(basis.law.strip() and basis.article.strip() for basis in r.legal_basis))


def _department(r: Resource, _: Judging) -> bool:
    return bool(r.department.strip())


def _contact(r: Resource, _: Judging) -> bool:
    return bool(r.provider.contact.strip())


def _published(r: Resource, _: Judging) -> bool:
    return freshness.parse_day(r.published) is not None


def _updated(r: Resource, _: Judging) -> bool:
    return freshness.parse_day(r.updated) is not None


def _cycle_kept(r: Resource, judging: Judging) -> bool:
    return freshness.kept(r, judging.as_of, judging.windows)


CRITERIA: tuple[Criterion, ...] = (
    Criterion("keywords", FINDABILITY, "关键词", 10, _has_keywords, "填写「关键词」"),
    Criterion("category", FINDABILITY, "资源分类", 5, _classified, "按类别码表填写「资源分类」"),
    Criterion("national-class", FINDABILITY, "国家目录分类", 5, _national_class, "填写「国家目录分类」的类和项"),
    Criterion("national-code", FINDABILITY, "国家目录代码", 5, _national_code, "填写「国家目录代码」"),
    Criterion("method", ACCESSIBILITY, "共享方式", 12, _method, "填写「共享方式」"),
    Criterion("links", ACCESSIBILITY, "相关链接", 8, _links, "在「相关链接」中给出 http(s) 网址"),
    Criterion("format-type", INTEROPERABILITY, "格式类型", 5, _format_type, "「格式类型」选用可选值"),
    Criterion("format-detail", INTEROPERABILITY, "格式说明", 5, _format_detail, "填写「格式说明」"),
    Criterion("machine-readable", INTEROPERABILITY, "机器可读格式", 7, _machine_readable, "改用机器可读的「格式类型」"),
    Criterion("items-typed", INTEROPERABILITY, "信息项类型和长度", 8, _items_typed,
              "补全信息项的「数据类型」「长度」「小数位数」"),
    Criterion("conditions", REUSABILITY, "共享条件", 6, _conditions, "写明「共享条件」"),
    Criterion("legal-basis", REUSABILITY, "不予共享依据", 6, _legal_basis, "逐条写明「不予共享依据」的法律和条款"),
    Criterion("department", REUSABILITY, "责任处室", 4, _department, "填写「责任处室」"),
    Criterion("contact", REUSABILITY, "单位联系方式", 2, _contact, "在单位登记表中填写「联系方式」"),
    Criterion("published", CONTEXTUALITY, "发布日期", 2, _published, "按 YYYY-MM-DD 填写「发布日期」"),
    Criterion("updated", CONTEXTUALITY, "数据更新日期", 2, _updated, "按 YYYY-MM-DD 填写「数据更新日期」"),
    Criterion("cycle-kept", CONTEXTUALITY, "按周期更新", 8, _cycle_kept, "按「更新周期」更新并改「数据更新日期」"),
)
MAXIMUM = sum(c.points for c in CRITERIA)

# The MQA's rating bands (Excellent from 351 of 405 points, Good from 221, Sufficient from 121) scaled to
# MAXIMUM and rounded up to whole points: 86.7 → 87, 54.6 → 55, 29.9 → 30.
MQA_MAXIMUM = 405
RATINGS = (("优秀", 351), ("良好", 221), ("合格", 121))
LOWEST = "较差"
THRESHOLDS = tuple((name, -(-bound * MAXIMUM // MQA_MAXIMUM)) for name, bound in RATINGS)


def rating(score: float) -> str:
    """The rating of a score out of MAXIMUM: an entry's, or a unit's average."""
    return next((name for name, low in THRESHOLDS if score >= low), LOWEST)
