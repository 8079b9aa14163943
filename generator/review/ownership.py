"""Who may change what: `.github/CODEOWNERS` from the unit registry, and the same rules checked per file.

The registry (`registry/units.yaml`) is the one source: each unit's `maintainers` own the unit's
folders `catalog/<id>/` and `nonshared/<id>/`; the maintainers of the e-government department
(`egov: true`, Art. 5) are the reviewers who own everything shared, the sharing rules
(`registry/policy.yaml`: time limits, routes, who writes each step) among them.

Two layers, because CODEOWNERS alone cannot say everything:

- CODEOWNERS makes GitHub ask the right people to review. It matches paths only, and a request
  file's path (`requests/2025/GX-2025-0007.yaml`) does not name its applicant, so requests (and
  data-error feedback) are owned by the e-government reviewers, who register them in the shared
  catalog (Art. 11, 12, 22). Owning them per applicant would need a CODEOWNERS line per file, so
  every new request would also have to change `.github/`, which only the reviewers may change.
- `check_ownership` stops an author from changing what is not theirs. It reads a request's
  `applicant` (a feedback's `reporter`), so a unit may open and update its own requests.

Team membership cannot be looked up offline: a maintainer entry `@org/team` matches an author
only when the caller says the author is in that team (`teams`, filled by the workflow, e.g. from
`--team org/team`); a maintainer entry `@login` matches that login. Logins and teams compare
case-insensitively, with or without the leading @.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core import git
from ..core.layout import FEEDBACK_DIR, POLICY, REGISTRY, REQUESTS_DIR, RESOURCE_DIRS
from ..core.policy import APPLICANT, Policy, Version
from ..core.problems import ERROR, Problem, Refused
from ..core.workdays import beijing_today
from ..read.load import load_bytes, symlink_in
from ..read.policy import parse_policy, read_policy
from ..read.registry import RegistryUnreadable, Unit, registry_units
from . import authorship

CODEOWNERS = ".github/CODEOWNERS"
RULE = "ownership"
# Records a unit files with the e-government department, and the field naming that unit.
RECORD_DIRS = {REQUESTS_DIR: "applicant", FEEDBACK_DIR: "reporter"}
# Shared files: only the e-government reviewers. Written last in CODEOWNERS, so nothing overrides them.
SHARED = ("/registry/", "/schemas/", "/generator/", "/site_templates/", "/docs/", "/tests/", "/bench/",
          "/.ci/", "/.vscode/", "/.github/", "/mkdocs.yml", "/pyproject.toml", "/Makefile", "/README.md",
          "/.gitignore", "/.pre-commit-config.yaml")
_OWNER = re.compile(r"@[A-Za-z0-9][A-Za-z0-9-]{0,38}(?:/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?")
_UNIT_ID = re.compile(r"[a-z][a-z0-9-]{1,39}")
HEADER = """\
# 本文件由 `catalog codeowners` 根据单位登记表(registry/units.yaml)生成,请勿手工修改。
# 单位登记表的维护人有变化时,运行 `catalog codeowners` 重新生成,与登记表一同提交;
# 自动校验会检查本文件与登记表是否一致。
#
# 同一文件匹配多条规则时,最后一条生效。因此按以下顺序:
# 1. 默认:电子政务部门审核人员(登记表中 egov: true 的单位的维护人)。
# 2. 各单位的维护人:本单位的 /catalog/<单位标识>/ 和 /nonshared/<单位标识>/(办法第十条)。
# 3. 共享申请、异议(/requests/)和数据纠错反馈(/feedback/):电子政务部门审核人员。
#    文件名不含申请单位,无法按单位写规则;申请单位修改本单位的申请由自动检查
#    `catalog check-ownership` 按文件中的申请单位(applicant)放行,审核人员批准后合并,
#    由电子政务部门列入共享目录(办法第十一条、第十二条、第二十二条)。
# 4. 最后:单位登记表和共享规则(/registry/)、字段说明、工具、网站模板、文档和工作流等共享文件
#    只归电子政务部门审核人员,写在最后,前面任何规则都不能覆盖。
"""


class OwnershipError(Refused):
    """Why ownership cannot be worked out: a problem of the repository as a whole."""

    def __init__(self, rule: str, message: str):
        super().__init__(Refused.because(rule, message).problem)


def load_units(root: Path, base: str | None = None) -> dict[str, Unit]:
    """The registry's units by id, from the work tree or, given `base`, from that git revision."""
    try:
        return registry_units(git.show(root, base, REGISTRY) if base else _read(root / REGISTRY))
    except RegistryUnreadable as exc:
        raise OwnershipError("ownership-registry-unreadable", str(exc)) from None


def load_rules(root: Path, base: str | None = None) -> Policy:
    """The sharing rules (who writes each step) from the work tree or, given `base`, from that git revision.

    A base from before the rules were a file is judged by the work tree's, whose dated versions cover it.
    """
    raw = git.show(root, base, POLICY) if base else None
    found = parse_policy(raw) if raw is not None else read_policy(root)
    if found.policy is None:
        problem = next(p for p in found.problems if p.severity is ERROR)
        raise OwnershipError("ownership-policy-unreadable", f"共享规则 {POLICY} 无法读取:{problem.message}")
    return found.policy


def egov_reviewers(units: Iterable[Unit]) -> list[str]:
    """The maintainers of the e-government department(s), in registry order, once each."""
    return _unique(m for unit in units if unit.egov for m in unit.maintainers)


def codeowners_text(units) -> str:
    """The content of .github/CODEOWNERS for the registry's units (a dict by id or any iterable)."""
    units = list(units.values() if isinstance(units, dict) else units)
    reviewers = " ".join(egov_reviewers(units))
    if not reviewers:
        raise OwnershipError("ownership-no-egov", "单位登记表中没有电子政务部门(egov: true)或它没有维护人,无法确定审核人员。")
    lines = [HEADER.rstrip("\n"), "", "# 1. 默认", f"* {reviewers}", "", "# 2. 各单位的目录条目"]
    for unit in sorted(units, key=lambda u: u.id):
        owners = " ".join(_unique(unit.maintainers))
        if _UNIT_ID.fullmatch(unit.id) and owners:
            lines += [f"/{top}/{unit.id}/ {owners}" for top in RESOURCE_DIRS]
    lines += ["", "# 3. 共享申请、异议和数据纠错反馈"] + [f"/{top}/ {reviewers}" for top in RECORD_DIRS]
    lines += ["", "# 4. 共享文件:只归电子政务部门审核人员(最后几行,不被覆盖)"] + [f"{p} {reviewers}" for p in SHARED]
    return "\n".join(lines) + "\n"


def write_codeowners(root: Path) -> bool:
    """Write .github/CODEOWNERS from the registry; True when the file changed."""
    text = codeowners_text(load_units(root))
    target = root / CODEOWNERS
    if _read(target) == text.encode("utf-8"):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    return True


def stale_codeowners(root: Path) -> str | None:
    """None when .github/CODEOWNERS is what the registry gives, else what to do, in Chinese."""
    current = _read(root / CODEOWNERS)
    if current is not None and current == codeowners_text(load_units(root)).encode("utf-8"):
        return None
    state = "不存在" if current is None else "与单位登记表不一致"
    return (f"{CODEOWNERS} {state}。请运行 `catalog codeowners` 重新生成,"
            "并把它与 registry/units.yaml 一同提交(本文件不要手工修改)。")


def check_ownership(root: Path, author: str, files: list[str], teams: Iterable[str] = (),
                    base: str | None = None, head: str | None = None) -> list[Problem]:
    """Problems (rule `ownership`) for each file the author may not change.

    `files` are repository paths as `git diff --name-only` lists them; a deleted file counts by
    its path, a renamed one by both of its paths (list both, or diff with --no-renames). With
    `base` (the pull request's base commit) the registry is read as it was there, not as the pull
    request changes it, and a request must have been, and still be, the author's unit's. With
    `head` (the pull request's commit) the changed files are read from git as data, so the check
    runs from a checkout of the base branch and never has the pull request's files on disk.
    """
    units = load_units(root, base)
    me = {"@" + _bare(author)} | {"@" + _bare(team) for team in teams}
    reviewers = egov_reviewers(units.values())
    paths = list(dict.fromkeys(_posix(f) for f in files))
    links = _links_at(root, head, paths) if head else None
    # Nobody commits a symbolic link, reviewers included: the build would publish what it points to.
    linked = {path: found for path in paths if (found := _linked(root, path, links))}
    problems = [Problem(path, 1, 1, RULE, ERROR, *found) for path, found in linked.items()]
    if _matches(reviewers, me):
        return problems  # the reviewers may change anything else; CODEOWNERS still asks each unit to review
    mine = [u for u in units.values() if _matches(u.maintainers, me)]
    asked = any(PurePosixPath(path).parts[:1] == (REQUESTS_DIR,) for path in paths if path not in linked)
    context = _Context(root, base, head, units, reviewers, mine, "@" + _bare(author),
                       load_rules(root, base) if asked else None)
    for path in paths:
        found = None if path in linked else _check_path(context, path)
        if found:
            problems.append(Problem(path, 1, 1, RULE, ERROR, *found))
    return sorted(problems)


def _linked(root: Path, path: str, links: set[str] | None) -> tuple[str, str] | None:
    """A link on the path: in the working tree, or (links given) among the commit's links."""
    if ".." in PurePosixPath(path).parts:
        return None
    if links is not None:
        parts = PurePosixPath(path).parts
        link = next((p for p in ("/".join(parts[:n]) for n in range(1, len(parts) + 1)) if p in links), None)
    else:
        link = symlink_in(root, path)
    if link is None:
        return None
    return (f"{link} 是符号链接:仓库中只能提交普通文件,任何人都不能提交链接。",
            "删除这个链接,把文件本身放到本单位的文件夹中提交。")


def _links_at(root: Path, head: str, paths: list[str]) -> set[str]:
    """The paths (or their folders) that are symbolic links in the commit `head` (git mode 120000)."""
    prefixes = {"/".join(PurePosixPath(p).parts[:n]) for p in paths for n in range(1, len(PurePosixPath(p).parts) + 1)}
    listed = git.git_text(root, "ls-tree", "-z", "--full-tree", head, "--", *sorted(prefixes)) if prefixes else ""
    if listed is None:
        raise OwnershipError("ownership-head", f"无法从 git 读取提交 {head}。")
    entries = (entry.split("\t", 1) for entry in listed.split("\0") if "\t" in entry)
    return {path for meta, path in entries if meta.startswith("120000 ")}


@dataclass(frozen=True)
class _Context:
    """What every per-file decision needs."""

    root: Path
    base: str | None
    head: str | None
    units: dict[str, Unit]
    reviewers: list[str]
    mine: list[Unit]
    author: str
    policy: Policy | None  # the sharing rules, read when a request is among the files
    @property
    def yours(self) -> str:
        if not self.mine:
            return "您不是任何单位的维护人。"
        return "您维护的单位:" + "、".join(f"{u.short_name}({u.id})" for u in self.mine) + "。"


def _check_path(ctx: _Context, path: str) -> tuple[str, str] | None:
    """(message, hint) when the author may not change `path`, else None."""
    parts = PurePosixPath(path).parts
    if len(parts) >= 3 and parts[0] in RESOURCE_DIRS and ".." not in parts:
        return _unit_folder(ctx, parts[0], parts[1])
    if len(parts) >= 2 and parts[0] in RECORD_DIRS and ".." not in parts:
        return _record(ctx, path, RECORD_DIRS[parts[0]])
    return (f"{path} 是共享文件,只有电子政务部门审核人员({' '.join(ctx.reviewers)})可以修改。",
            "单位登记表、字段说明、工具、文档和工作流由市电子政务部门维护;需要变更的请联系市电子政务部门。"
            + ctx.yours)


def _unit_folder(ctx: _Context, top: str, unit_id: str) -> tuple[str, str] | None:
    unit = ctx.units.get(unit_id)
    if unit is None:
        return (f"{top}/{unit_id}/ 不是单位登记表中任何单位的文件夹,新增单位须由电子政务部门审核人员登记。",
                f"只修改本单位文件夹下的文件。{ctx.yours}")
    if unit in ctx.mine:
        return None
    return (f"{ctx.author} 不是{unit.short_name}({unit.id})的维护人,不能修改 {top}/{unit.id}/ 下的文件。",
            f"只修改本单位文件夹下的文件。{ctx.yours}{unit.short_name}的维护人:{' '.join(unit.maintainers)}。")


def _record(ctx: _Context, path: str, field: str) -> tuple[str, str] | None:
    """A request (feedback) is written by two sides, each its own part (Art. 11, 17, 22).

    The applicant (reporter) writes the request (report) itself and its first step; the units
    that answer it — the approver and the provider of the data — write what follows: review,
    notice and provision (verification and correction). Both versions count: the file as it
    was on the base branch and as the pull request leaves it.
    """
    new = git.show(ctx.root, ctx.head, path) if ctx.head else _read(ctx.root / path)
    versions = [_data(new)] + ([_data(git.show(ctx.root, ctx.base, path))] if ctx.base else [])
    present = [data for data in versions if data is not None]
    owners = [data.get(field) for data in present]
    if not present or not all(isinstance(owner, str) and owner for owner in owners):
        return (f"无法从 {path} 读出{_LABELS[field]}({field}),只有电子政务部门审核人员可以修改这个文件。",
                f"{_LABELS[field]}可以新建、修改本单位的文件;撤回或删除请联系市电子政务部门。")
    mine = {u.id for u in ctx.mine}
    asked, answered = _parts(versions, field)
    others = [unit_id for unit_id in dict.fromkeys(owners) if unit_id not in mine]
    if asked and others:
        names = "、".join(_named(ctx, u) for u in others)
        return (f"{path} 的{_LABELS[field]}是 {names},申请内容只有{_LABELS[field]}的维护人和电子政务部门审核人员可以修改。",
                f"只修改本单位提出的申请或反馈,不要改动{_LABELS[field]}。{ctx.yours}")
    if field == "applicant":
        return _request_steps(ctx, path, versions[0], versions[1] if len(versions) > 1 else None)
    answering = set().union(*(_answering(ctx, data) for data in present))
    if answered and not answering & mine:
        names = "、".join(_named(ctx, u) for u in sorted(answering) if u in ctx.units) or "提供单位"
        return (f"{path} 的核实和纠正记录由 {names} 或电子政务部门填写,{ctx.author} 不能修改。",
                f"{_LABELS[field]}只填写反馈内容。{ctx.yours}")
    return None


def _request_steps(ctx: _Context, path: str, new: dict | None, old: dict | None) -> tuple[str, str] | None:
    """Each step the pull request adds, removes or changes is written by the unit whose step it is."""
    if authorship.approver_changed_after_review(old, new):
        return (f"{path} 已开始办理,「审核部门」(approver)不能再更改。",
                "审核部门在提出申请时确定;需要换审核部门的,撤回后重新提出申请。" + ctx.yours)
    who = authorship.parties(old, new, ctx.units)
    assert ctx.policy is not None  # read whenever a request is among the files
    rules = authorship.governing(ctx.policy, old, new, beijing_today())
    mine = {u.id for u in ctx.mine}
    for number, status in authorship.changed_steps(old, new):
        allowed = authorship.writers(status, who, rules)
        if not allowed & mine:
            names = "、".join(_named(ctx, u) for u in sorted(allowed)) or "电子政务部门"
            return (f"{path} 第 {number} 条办理记录「{status}」只能由 {names} 填写,{ctx.author} 不能填写或修改。",
                    step_hint(rules) + ctx.yours)
    return None


def step_hint(rules: Version) -> str:
    """Who writes which step, as the rules say: 「申请单位只填写申请内容和「提出」;「审核通过」「驳回」由审核部门填写,…」."""
    by_writer: dict[str, list[str]] = {}
    for step in rules.steps:
        by_writer.setdefault(step.writer, []).append(f"「{step.status}」")
    own = "申请单位只填写申请内容和" + "".join(by_writer.pop(APPLICANT, ["「提出」"]))
    others = ",".join(f"{''.join(statuses)}由{writer}填写" for writer, statuses in by_writer.items())
    articles = [a for step in rules.steps for a in step.article.split("、") if a]
    return f"{own};{others}{rules.cite(*articles)}。"


def _named(ctx: _Context, unit_id: str) -> str:
    return f"{ctx.units[unit_id].short_name}({unit_id})" if unit_id in ctx.units else unit_id


_ANSWERS = {"applicant": ("history",), "reporter": ("verified", "verdict", "corrected", "note")}


def _parts(versions: list, field: str) -> tuple[bool, bool]:
    """(asked part changed, answered part changed) between the base version and the new one."""
    new, old = (versions + [None])[:2] if len(versions) > 1 else (versions[0], None)
    return _asked(new, field) != _asked(old, field), _answered(new, field) != _answered(old, field)


def _asked(data, field: str):
    if data is None:
        return None
    asked = {key: value for key, value in data.items() if key not in _ANSWERS[field]}
    if field == "applicant":
        history = data.get("history")
        asked["history"] = history[:1] if isinstance(history, list) else history
    return asked


def _answered(data, field: str):
    if data is None:  # no file: nothing answered, as in a file with only its first step
        return [] if field == "applicant" else dict.fromkeys(_ANSWERS[field])
    if field == "applicant":
        history = data.get("history")
        return history[1:] if isinstance(history, list) else None
    return {key: data.get(key) for key in _ANSWERS[field]}


def _answering(ctx: _Context, data: dict) -> set[str]:
    """The units that answer a data-error report: the providers of the resource it names."""
    code = data.get("resource")
    prefix = code.rsplit("-", 2)[0] if isinstance(code, str) and code.count("-") == 3 else None
    return {u.id for u in ctx.units.values() if u.code_prefix == prefix}


def _data(raw: bytes | None):
    if raw is None:
        return None
    doc, _ = load_bytes(raw, "record", positions=False)
    return doc.data if doc is not None and isinstance(doc.data, dict) else None


_LABELS = {"applicant": "申请单位", "reporter": "反馈单位"}


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _matches(maintainers: Iterable[str], me: set[str]) -> bool:
    return any(m.lower() in me for m in maintainers)


def _bare(name: str) -> str:
    return name.strip().lstrip("@").lower()


def _posix(path: str) -> str:
    text = path.strip().replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text.lstrip("/")


def _unique(values: Iterable[str]) -> list[str]:
    return [v for v in dict.fromkeys(values) if _OWNER.fullmatch(v)]
