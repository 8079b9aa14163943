"""The sharing rules (registry/policy.yaml) read into `core.policy` records, or located problems saying why not.

The file is read like every catalog file (strict YAML, its schema: schemas/policy.schema.json), then
checked for what a schema cannot say: versions in date order, a first version that states every
part, a writer for every status a route or a limit uses, one rule per sharing type that agrees with
the entry schema (which editors check offline), no two limits or routes for the same thing. A later
version states only what it changes; the parts it leaves out are carried over from the one before.

Parsing is cached by the file's bytes, so the validator, the model, the report and the review each
asking for the policy read it once.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import policy as rules
from ..core.layout import POLICY, RESOURCE, RULES
from ..core.problems import ERROR, Finding, Problem, Refused
from .load import load_bytes, symlink_in
from .schema import Schema

SECTIONS = ("regulation", "articles", "sharing", "steps", "routes", "limits", "report")
REQUIRED_FIRST = ("regulation", "sharing", "steps", "routes", "limits", "report")  # articles may be left out
_ENTRY_FIELDS = (("conditions", "共享条件"), ("method", "共享方式"), ("legal_basis", "不予共享依据"))


@dataclass(frozen=True)
class PolicyFile:
    """The policy a repository states, or None with the problems that stop reading it."""

    policy: rules.Policy | None
    problems: tuple[Problem, ...]


class PolicyUnreadable(Refused):
    """The repository's policy cannot be used: the first problem says why, in Chinese."""


def read_policy(root: Path) -> PolicyFile:
    """The policy of the repository at `root`, read from its registry/policy.yaml."""
    if symlink_in(root, POLICY):
        return PolicyFile(None, (_whole(f"{POLICY} 是符号链接:仓库中只能提交普通文件。", "删除链接,提交文件本身。"),))
    try:
        raw = (root / POLICY).read_bytes()
    except OSError:
        return PolicyFile(None, (missing(),))
    return parse_policy(raw)


def load_policy(root: Path) -> rules.Policy:
    """The policy of the repository at `root`; PolicyUnreadable when it is missing or wrong."""
    return usable(read_policy(root))


def usable(found: PolicyFile) -> rules.Policy:
    """The policy read, or PolicyUnreadable with its first error."""
    if found.policy is None:
        raise PolicyUnreadable(next(p for p in found.problems if p.severity is ERROR))
    return found.policy


def missing() -> Problem:
    """The problem of a repository that states no rules."""
    return _whole(f"找不到共享规则文件 {POLICY}。",
                  "在 registry/policy.yaml 写明本地的共享规则(期限、办理路线、引用的条款、年度报告的评分);"
                  "可以从文档「共享规则」中的示例复制后修改。")


def _whole(message: str, hint: str) -> Problem:
    return Problem(POLICY, 0, 0, "policy-missing", ERROR, message, hint)


@functools.lru_cache(maxsize=8)
def parse_policy(raw: bytes) -> PolicyFile:
    """Read a policy file's bytes: load, the schema, then `policy_from` (cached by content)."""
    schema = Schema.named(RULES)
    doc, problems = load_bytes(raw, POLICY, schema.typed_keys)
    if doc is None:
        return PolicyFile(None, tuple(problems))
    data = schema.coerce(doc)
    findings = schema.check(data) if isinstance(data, dict) else [
        Finding((), "schema-type", ERROR, "共享规则文件应为若干「字段: 值」,不是单个值或列表。", "参照文档「共享规则」的示例书写。")]
    policy = None
    if not findings:
        policy, findings = policy_from(data)
    located = tuple(Problem(POLICY, *doc.locate(f.path, f.at), f.rule, f.severity, f.message, f.hint, f.path)
                    for f in findings)
    return PolicyFile(policy if not any(p.severity is ERROR for p in located) else None, located)


def policy_from(data: dict) -> tuple[rules.Policy | None, list[Finding]]:
    """The policy from data that passed its schema, and what is wrong with it beyond the schema."""
    findings: list[Finding] = []
    versions: list[rules.Version] = []
    carried: dict[str, tuple[int, Any]] = {}  # section -> (index of the version that states it, its data)
    previous: datetime.date | None = None
    for index, given in enumerate(data["versions"]):
        at = ("versions", index)
        effective = _date(given["effective"])
        if effective is None:
            findings.append(Finding((*at, "effective"), "policy-version", ERROR,
                                    f"第 {index + 1} 个版本的「生效日期」(effective)「{given['effective']}」不是真实存在的日期。",
                                    "写成 YYYY-MM-DD,例如 2027-01-01。"))
            continue
        if previous and effective <= previous:
            findings.append(Finding((*at, "effective"), "policy-version", ERROR,
                                    f"第 {index + 1} 个版本的生效日期 {effective} 不晚于上一个版本的 {previous}。",
                                    "各版本按生效日期先后排列;新的规定加在最后,生效日期晚于已有的版本。"))
        previous = max(previous, effective) if previous else effective
        for section in SECTIONS:
            if section in given:
                carried[section] = (index, given[section])
        absent = [s for s in REQUIRED_FIRST if s not in carried]
        if absent:
            findings.append(Finding(at, "policy-incomplete", ERROR,
                                    "最早的版本须写全各项规则,缺少:" + "、".join(f"{_TITLES[s]}({s})" for s in absent) + "。",
                                    "最早的版本写全部各项;以后的版本只写改变的项。"))
            return None, findings
        checked = list(_checked(carried))
        findings += checked
        if not checked:
            versions.append(_version(effective, given["source"], carried))
    findings = list(dict.fromkeys(findings))  # a part carried over is checked again with each later version
    if any(f.severity is ERROR for f in findings) or not versions:
        return None, findings
    return rules.Policy(tuple(versions)), findings


_TITLES = {"regulation": "依据的规定", "articles": "引用的条款", "sharing": "共享类型的要求", "steps": "办理步骤",
           "routes": "办理路线", "limits": "时限", "report": "年度报告"}


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _checked(carried: dict[str, tuple[int, Any]]) -> Iterator[Finding]:
    """What is wrong with a version as it stands once the parts it leaves out are carried over."""
    steps_at, steps = carried["steps"]
    written = {step["status"] for step in steps}
    yield from _duplicates(("versions", steps_at, "steps"), [s["status"] for s in steps], "办理步骤的状态")
    sharing_at, sharing = carried["sharing"]
    yield from _duplicates(("versions", sharing_at, "sharing"), [s["type"] for s in sharing], "共享类型")
    yield from _against_entry_schema(("versions", sharing_at, "sharing"), sharing)
    routes_at, routes = carried["routes"]
    yield from _duplicates(("versions", routes_at, "routes"),
                           [f"{kind}·{route['data']}" for route in routes for kind in route["kinds"]],
                           "申请类型和所申请数据的路线")
    for number, route in enumerate(routes):
        used = {status for name, following in route["next"].items() for status in (name, *following)}
        yield from _unwritten(("versions", routes_at, "routes", number, "next"), used, written,
                              f"办理路线「{route['name']}」")
    limits_at, limits = carried["limits"]
    yield from _duplicates(("versions", limits_at, "limits"), [limit["id"] for limit in limits], "时限的标识")
    for number, limit in enumerate(limits):
        where = ("versions", limits_at, "limits", number)
        yield from _unwritten((*where, "from"), {limit["from"], *limit["until"]}, written, f"时限「{limit['name']}」")
        if limit["from"] in limit["until"]:
            yield Finding((*where, "until"), "policy-limit", ERROR,
                          f"时限「{limit['name']}」的「办结步骤」(until)包含了它的「起算步骤」「{limit['from']}」。",
                          "起算步骤是期限开始的那一步,办结步骤是期限结束的那一步,两者不能相同。")
    report_at, report = carried["report"]
    if not sum(report[m]["weight"] for m in ("quantity", "quality", "timeliness", "usage")):
        yield Finding(("versions", report_at, "report"), "policy-report", ERROR,
                      "年度报告四项评估的「权重」(weight)都是 0,无法计算总分。", "至少给一项评估一个大于 0 的权重。")


def _duplicates(path: tuple, keys: list[str], what: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, key in enumerate(keys):
        if key in seen:
            yield Finding((*path, index) if "·" not in key else path, "policy-duplicate", ERROR,
                          f"{what}「{key}」写了不止一次。", "每个只写一次;要修改时改原来那一项。")
        seen.add(key)


def _unwritten(path: tuple, used: set[str], written: set[str], where: str) -> Iterator[Finding]:
    unknown = sorted(used - written - {rules.FIRST_STATUS})
    if unknown:
        yield Finding(path, "policy-step", ERROR,
                      f"{where}用到的状态「{'」「'.join(unknown)}」没有写在「办理步骤」(steps)中,不知道由谁填写。",
                      "在 steps 中为每个用到的状态写明填写单位(writer)。")


def _against_entry_schema(path: tuple, sharing: list[dict]) -> Iterator[Finding]:
    """Each sharing type requires what the entry schema requires of it: editors check entries by the schema."""
    states = entry_schema_requirements(Schema.named(RESOURCE).document)
    for index, rule in enumerate(sharing):
        expected = states.get(rule["type"], {})
        for key, label in _ENTRY_FIELDS:
            if rule[key] != expected.get(key, rules.OPTIONAL):
                yield Finding((*path, index, key), "policy-schema", ERROR,
                              f"共享规则说「{rule['type']}」的「{label}」{rule[key]},字段说明 schemas/resource.schema.json "
                              f"却是{expected.get(key, rules.OPTIONAL)}。",
                              "两者须一致:编辑器和逐文件校验按字段说明检查条目。要改变这项要求,同时修改字段说明。")
        allowed = tuple(rule.get("open", ()))
        if set(allowed) != set(expected.get("open", ())):
            shown = "、".join(allowed) or "不限"
            wanted = "、".join(expected.get("open", ())) or "不限"
            yield Finding((*path, index, "open"), "policy-schema", ERROR,
                          f"共享规则说「{rule['type']}」允许的开放属性是{shown},字段说明 schemas/resource.schema.json 却是{wanted}。",
                          "两者须一致:编辑器和逐文件校验按字段说明检查条目。要改变这项要求,同时修改字段说明。")


def entry_schema_requirements(document: dict) -> dict[str, dict]:
    """What the entry schema's if/then blocks say of each sharing type: field -> 必填/不得填写, and open -> values."""
    found: dict[str, dict] = {}
    for branch in document["properties"]["sharing"].get("allOf", ()):
        kind = branch.get("if", {}).get("properties", {}).get("type", {}).get("const")
        then = branch.get("then", {})
        states = found.setdefault(kind, {})
        for key in then.get("required", ()):
            states[key] = rules.REQUIRED
        banned = then.get("not", {})
        alternatives = [*banned.get("anyOf", ()), banned]
        for key in (k for alt in alternatives for k in alt.get("required", ())):
            states[key] = rules.FORBIDDEN
    for branch in document.get("allOf", ()):
        tested = branch.get("if", {}).get("properties", {}).get("sharing", {}).get("properties", {}).get("type", {})
        opened = branch.get("then", {}).get("properties", {}).get("open", {})
        if "const" in tested and "const" in opened:
            found.setdefault(tested["const"], {})["open"] = (opened["const"],)
    return found


def _version(effective: datetime.date, source: str, carried: dict[str, tuple[int, Any]]) -> rules.Version:
    part = {section: value for section, (_, value) in carried.items()}
    regulation = part["regulation"]
    return rules.Version(
        effective=effective, source=source,
        regulation=rules.Regulation(regulation["name"], regulation["short"]),
        articles=tuple(part.get("articles", {}).items()),
        sharing=tuple(rules.SharingRule(s["type"], s["conditions"], s["method"], s["legal_basis"],
                                        tuple(s.get("open", ())), s.get("article", ""))
                      for s in part["sharing"]),
        steps=tuple(rules.StepRule(s["status"], s["writer"], s.get("article", ""))
                    for s in part["steps"]),
        routes=tuple(rules.Route(r["name"], tuple(r["kinds"]), r["data"], r["reviewer"], r.get("article", ""),
                                 tuple((status, tuple(following)) for status, following in r["next"].items()))
                     for r in part["routes"]),
        limits=tuple(_limit(limit) for limit in part["limits"]),
        scoring=_scoring(part["report"]),
    )


def _limit(given: dict) -> rules.Limit:
    return rules.Limit(
        id=given["id"], name=given["name"], article=given.get("article", ""), kinds=tuple(given["kinds"]),
        databases=tuple(given.get("databases", ())), sharing=tuple(given.get("sharing", ())),
        on_platform=given.get("on_platform"), scope=given["scope"], start=given["from"], start_noun=given["from_noun"],
        start_required=given.get("from_required", False), ends=tuple(given["until"]), days=given["days"],
        calendar=given["calendar"], who=given["who"], act=given["act"], object=given["object"], task=given["task"])


def _scoring(report: dict) -> rules.Scoring:
    def measure(key: str) -> rules.Measure:
        given = report[key]
        return rules.Measure(given["weight"], tuple((k, v) for k, v in given.items() if isinstance(v, int)
                                                    and not isinstance(v, bool) and k != "weight"))
    return rules.Scoring(measure("quantity"), measure("quality"), measure("timeliness"), measure("usage"),
                         tuple(report["timeliness"]["windows"].items()),
                         tuple(rules.Clause(c["clause"], c["text"], c["finding"]) for c in report["rectification"]))
