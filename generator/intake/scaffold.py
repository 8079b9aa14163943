"""New files for clerks: written out with everything the repository already knows.

`catalog new request --from UNIT --resource CODE` writes a sharing request with the next free
number, the applicant, the approver the regulation names, and every info item of the
resources listed for trimming. `catalog new resource --unit UNIT --class CODE` writes an entry
with its resource code, provider and class. What only the clerk knows is left empty, so the
validator's messages say exactly what is still to fill in; nothing a clerk must declare
(sharing type, 涉密 or not) is chosen for them.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from ..core import layout, sharing
from ..core.layout import RESOURCE
from ..core.policy import Version
from ..core.problems import Refused
from ..model.catalog import Catalog, Resource, load_catalog
from ..read.cache import ResultCache, fingerprint
from ..read.schema import SCHEMA_DIR, Schema
from .excel.yaml_writer import yaml_scalar


class ScaffoldError(Refused):
    """Why a file could not be scaffolded: a problem of the command's input."""

    def __init__(self, rule: str, message: str):
        super().__init__(Refused.because(rule, message).problem)


def new_request(root: Path, applicant: str, codes: list[str], today: datetime.date) -> tuple[str, str]:
    """The repository path and the text of a new sharing request."""
    catalog = _catalog(root, today)
    units = {u.id: u for u in catalog.units}
    if applicant not in units:
        raise ScaffoldError("new-unit-unknown", f"单位登记表中没有单位标识「{applicant}」。可用的单位标识见 registry/units.yaml。")
    resources = [_resource(catalog, code) for code in dict.fromkeys(codes)]
    providers = {r.provider.id for r in resources}
    if len(providers) > 1:
        names = "、".join(sorted(units[p].short_name for p in providers))
        raise ScaffoldError("new-one-provider", f"一个申请只能向一个提供单位提出:{names}。请按提供单位分别生成申请。")
    if applicant in providers:
        raise ScaffoldError("new-own-data", "申请单位就是这些资源的提供单位,本单位的数据不需要申请共享。")
    nonshared = [r for r in resources if not r.shared]
    rules = catalog.rules(today)
    review = rules.route(sharing.REQUEST, True)
    if nonshared and len(nonshared) < len(resources):
        cited = rules.ref(review.article) if review else ""
        raise ScaffoldError("new-nonshared-alone", f"不予共享的资源须单独申请(由电子政务部门审核{',' + cited if cited else ''}),"
                                                   "请分别生成。")
    request_id = layout.next_record_id(root, layout.REQUESTS_DIR, layout.REQUEST_PREFIX, today.year)
    path = f"{layout.REQUESTS_DIR}/{today.year}/{request_id}.yaml"
    approver = _egov(catalog) if nonshared else resources[0].provider
    return path, request_text(request_id, units[applicant], approver, resources, today, rules)


def _catalog(root: Path, today: datetime.date) -> Catalog:
    try:
        return load_catalog(root, ResultCache(root / layout.MODEL_CACHE, fingerprint(SCHEMA_DIR)), today)
    except (ValueError, KeyError, TypeError, Refused):  # Refused: the sharing rules cannot be read
        raise ScaffoldError("new-catalog-unreadable", "目录中有无法读取或有错误的文件,先运行 catalog validate 并改正。") from None


def _resource(catalog: Catalog, code: str) -> Resource:
    if code not in catalog.by_code:
        raise ScaffoldError("new-resource-unknown", f"目录中没有资源代码「{code}」。在全市目录网站上查到资源后复制它的资源代码。")
    return catalog.by_code[code]


def _egov(catalog: Catalog):
    found = [u for u in catalog.units if u.egov]
    if not found:
        raise ScaffoldError("new-no-egov", "单位登记表中没有电子政务部门(egov: true),无法确定不予共享数据的审核部门。")
    return found[0]


def request_text(request_id: str, applicant, approver, resources: list[Resource], today: datetime.date,
                 rules: Version) -> str:
    """The YAML of a new request, commented for the clerk (citing the route's article in the sharing rules)."""
    taken = rules.route(sharing.REQUEST, not resources[0].shared)
    cited = rules.cite(taken.article) if taken else ""
    route = (f"不予共享数据的申请由电子政务部门审核{cited}" if not resources[0].shared
             else f"审核部门是该数据的同级业务主管部门{cited}")
    lines = [
        layout.modeline(layout.REQUEST),
        f"# 共享申请:{applicant.name}申请使用{resources[0].provider.name}的数据。{route}。",
        "# 填写「用途」和「履职依据」,在「所需信息项」中删去履职用不到的信息项,然后提交。",
        f"id: {request_id}",
        f"kind: {sharing.REQUEST}",
        f"applicant: {applicant.id}",
        f"approver: {approver.id}",
        'purpose: ""   # 用途(必填):数据用于哪项工作、解决什么问题',
        "duty_basis:   # 履职依据(必填):法律、法规、规章或本单位「三定」规定的名称和条款",
        '  - law: ""',
        '    article: ""   # 例如 第十二条',
        "resources:",
    ]
    for resource in resources:
        lines += [f"  - code: {resource.code}   # {_comment(resource.name)}",
                  "    items:   # 所需信息项:只保留履职需要的,删去其余"]
        lines += [f"      - {scalar(item.name)}" for item in resource.items]
    lines += ["history:", f"  - status: {sharing.PROPOSED}", f"    date: {today.isoformat()}"]
    return "\n".join(lines) + "\n"


def scalar(text: str) -> str:
    """A YAML scalar that reads back as exactly `text`: plain when safe, else double-quoted."""
    return yaml_scalar(text)


def _comment(text: str) -> str:
    return " ".join(text.split())


def new_resource(root: Path, unit_id: str, class_code: str, today: datetime.date) -> tuple[str, str]:
    """The repository path and the text of a new catalog entry of `unit_id` in class `class_code`."""
    catalog = _catalog(root, today)
    unit = next((u for u in catalog.units if u.id == unit_id), None)
    if unit is None:
        raise ScaffoldError("new-unit-unknown", f"单位登记表中没有单位标识「{unit_id}」。可用的单位标识见 registry/units.yaml。")
    classes = {code: (database, subclass) for database, subclass, code in catalog.classes}
    if class_code not in classes:
        raise ScaffoldError("new-class-unknown", f"没有类别码「{class_code}」。类别码见目录格式说明的类别码表,例如 J01(基础库 · 人口)。")
    sequence = layout.next_sequence((r.code for r in catalog.resources), unit.code_prefix)
    code = layout.resource_code(unit.code_prefix, class_code, sequence)
    database, subclass = classes[class_code]
    return layout.entry_path(unit_id, code, shared=True), resource_text(code, unit, database, subclass, today)


def resource_text(code: str, unit, database: str, subclass: str, today: datetime.date) -> str:
    """The YAML of a new entry, commented for the clerk with the schema's own options."""
    options = _enums(Schema.named(RESOURCE).document["properties"])
    lines = [
        layout.modeline(layout.RESOURCE),
        f"# {unit.name}的新目录条目。逐项填写引号中的内容;不予共享的资源填好后移到 nonshared/{unit.id}/。",
        f"code: {code}",
        'name: ""   # 数据名称',
        f"provider: {unit.id}",
        'department: ""   # 责任处室(推荐填写)',
        'summary: ""   # 摘要:一到三句话说明内容、来源和用途',
        "keywords: []   # 关键词(推荐填写),例如 [户籍, 人口]",
        "category:",
        f"  database: {database}",
        f"  subclass: {subclass}",
        "format:",
        f'  type: ""   # 编码格式:{options["format.type"]}',
        '  detail: ""   # 格式说明(推荐填写),例如 MySQL',
        "sharing:",
        f'  type: ""   # 共享类型:{options["sharing.type"]}',
        f'  method: []   # 共享方式(共享资源必填):{options["sharing.method"]}',
        f'open: ""   # 开放属性:{options["open"]}',
        f'update_cycle: ""   # 更新周期:{options["update_cycle"]}',
        f"published: {today.isoformat()}",
        f"updated: {today.isoformat()}",
        "items:   # 信息项:每个字段一项",
        '  - name: ""',
        f'    type: ""   # {options["items.type"]}',
        'classified: ""   # 是否涉密:确认本资源不涉及国家秘密后写 false',
    ]
    return "\n".join(lines) + "\n"


def _enums(properties: dict, prefix: str = "") -> dict[str, str]:
    """Every enum of the schema by dotted key, as the 、-joined list a comment shows."""
    found = {}
    for key, sub in properties.items():
        name = prefix + key
        enum = sub.get("enum") or sub.get("items", {}).get("enum")
        if enum:
            found[name] = "、".join(enum)
        for nested in (sub.get("properties"), sub.get("items", {}).get("properties")):
            if nested:
                found.update(_enums(nested, name + "."))
    return found
