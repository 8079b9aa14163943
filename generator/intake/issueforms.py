"""Issue forms -> files: a clerk's submitted form becomes an entry, a request or a feedback file.

GitHub renders a submitted issue form as `### <label>` headings, each followed by the answer
(`_No response_` when an optional field was left empty, `- [X] option` for ticked checkboxes).
The forms in `.github/ISSUE_TEMPLATE/` are the one source of labels, ids and options: the form is
recognised by its labels, answers are read by field id, and every problem is named by the label
the clerk saw. A file is only left in the repository when `validate` finds no error in it;
otherwise the result is a comment-ready Markdown list of what to change.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..check.files import FileChecker
from ..check.rules.requests import listed_resources
from ..check.validate import Files, check_files, validate
from ..core import city, layout, sharing
from ..core.fields import dotted
from ..core.layout import FEEDBACK, REQUEST, RESOURCE
from ..core.problems import ERROR, Problem, Refused
from ..model.catalog import NATIONAL_CLASS_LEVELS
from ..read.cache import ResultCache
from ..read.load import load_bytes
from ..read.registry import Unit, class_codes, read_units
from .scaffold import scalar
from .writing import write_new

FORMS_DIR = layout.ISSUE_FORMS
NO_RESPONSE = "_No response_"
NEW_ENTRY, SHARING_REQUEST, OBJECTION, DATA_ERROR = "new-entry", "sharing-request", "objection", "data-error"
PLACEHOLDER_CODE = "000000-000-J00-0000"
WHAT = {NEW_ENTRY: "目录条目", SHARING_REQUEST: "共享申请", OBJECTION: "异议", DATA_ERROR: "数据纠错反馈"}
_CHECKED = re.compile(r"^\s*[-*]\s+\[[xX]\]\s+(.*?)\s*$")
_DATE = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?")
_ARTICLE = re.compile(r"^(.+?)[\s,\uff0c、]*(第[一二三四五六七八九十百千零〇两0-9]+条.*)$")
_LENGTH = re.compile(r"([0-9]+)(?:\s*[,\uff0c.]\s*([0-9]+))?")
_SPLIT = re.compile(r"[、,\uff0c;\uff1b\s]+")
_NAMES = re.compile(r"[、,\uff0c;\uff1b]")
_CELLS = re.compile(r"\s*[|｜]\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")  # C0, C1, non-characters
_MARKDOWN = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]", "&": "&amp;", "<": "&lt;", ">": "&gt;",
                           "@": "@\u200b", "\n": " "})


@dataclass(frozen=True)
class Field:
    """One question of an issue form."""

    id: str
    kind: str
    label: str
    required: bool
    options: tuple[str, ...]
    must_tick: tuple[str, ...] = ()  # checkbox options marked required


@dataclass(frozen=True)
class Form:
    """An issue form: its file stem and its questions in order."""

    name: str
    title: str
    fields: tuple[Field, ...]

    def field(self, field_id: str) -> Field | None:
        """The question with this id, if the form has one."""
        return next((f for f in self.fields if f.id == field_id), None)


@dataclass(frozen=True)
class FromIssueResult:
    """The file written from an issue, or why none was: `message` is ready to post as a comment."""

    path: str = ""
    text: str = ""
    message: str = ""

    @property
    def ok(self) -> bool:
        """True when a file was written (it may still carry warnings, listed in the message)."""
        return bool(self.path)


@functools.cache
def forms(folder: Path = FORMS_DIR) -> dict[str, Form]:
    """The issue forms of the repository by file stem (config.yml is not a form)."""
    found = {}
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.stem == "config" or not isinstance(data, dict):
            continue
        found[path.stem] = Form(path.stem, data["name"], tuple(_field(item) for item in data.get("body", ())
                                                 if item.get("type") != "markdown"))
    return found


def _field(item: dict) -> Field:
    attributes, options = item["attributes"], item["attributes"].get("options", ())
    labels = tuple(o["label"] if isinstance(o, dict) else str(o) for o in options)
    ticks = tuple(o["label"] for o in options if isinstance(o, dict) and o.get("required"))
    return Field(item["id"], item["type"], attributes["label"], bool(item.get("validations", {}).get("required")),
                 labels, ticks)


def detect(body: str) -> Form | None:
    """The form whose labels the body's headings match best (at least half of them)."""
    headings = {line.strip()[4:].strip() for line in _normal(body).split("\n") if line.strip().startswith("### ")}
    scored = sorted(((sum(f.label in headings for f in form.fields) / len(form.fields), form.name)
                     for form in forms().values() if form.fields), reverse=True)
    return forms()[scored[0][1]] if scored and scored[0][0] >= 0.5 else None


def answers(form: Form, body: str) -> dict[str, str]:
    """Each question's answer by field id ("" when empty or `_No response_`), headings read in form order."""
    lines = _normal(body).split("\n")
    found, start = [], 0
    for field in form.fields:
        at = next((i for i in range(start, len(lines)) if lines[i].strip() == f"### {field.label}"), None)
        if at is not None:
            found.append((field.id, at))
            start = at + 1
    values = {f.id: "" for f in form.fields}
    for n, (field_id, at) in enumerate(found):
        end = found[n + 1][1] if n + 1 < len(found) else len(lines)
        value = "\n".join(lines[at + 1:end]).strip()
        values[field_id] = "" if value == NO_RESPONSE else value
    return values


def from_issue(root: Path, body: str, today: datetime.date, cache: ResultCache | None = None) -> FromIssueResult:
    """Write the file a submitted issue form asks for, or say in Chinese Markdown what to fix."""
    try:
        return _from_issue(root, body, today, cache)
    except Refused as exc:  # the repository itself cannot be worked with (its registry cannot be read)
        return FromIssueResult(message=f"无法生成文件:{md(exc.problem.message)}请联系市电子政务部门。")
    except Exception as exc:
        return FromIssueResult(message=f"生成文件时出现内部错误,请联系市电子政务部门:{md(type(exc).__name__)}: "
                                       f"{md(_without_machine_paths(str(exc), root))}")


def _without_machine_paths(text: str, root: Path) -> str:
    """An error's text with the checkout's and the tool's folders taken off: the comment is public."""
    for base in sorted({str(root.resolve()), str(FORMS_DIR.parent.parent)}, key=len, reverse=True):
        if base != os.sep:  # a checkout at / would take every slash off
            text = text.replace(base + os.sep, "").replace(base, ".")
    return text


def _from_issue(root: Path, body: str, today: datetime.date, cache: ResultCache | None) -> FromIssueResult:
    form = detect(body)
    if form is None or form.name not in BUILDERS:
        names = "".join(f"「{forms()[n].title}」" for n in BUILDERS if n in forms())
        return FromIssueResult(message=f"无法识别本议题使用的表单:只有用{names}表单提交的议题可以生成文件。\n")
    values, errors = _checked_answers(form, answers(form, body))
    repo = _Repo(root, today, cache)
    draft = BUILDERS[form.name](repo, values)
    errors += draft.errors
    if errors or not draft.path:
        return _failed(form, errors + _content_problems(form, draft, {e.field for e in errors}))
    target = root / draft.path
    if target.exists() or target.is_symlink():
        return _failed(form, [_taken(form, draft.path)])
    # Checked with the whole catalog while still in memory: an invalid file is never written.
    result = validate(root, [draft.path], today, cache, held={draft.path: draft.text.encode("utf-8")})
    if result.errors:
        return _failed(form, [_named(form, draft, p) for p in result.problems if p.severity is ERROR])
    if not write_new(target, draft.text):
        return _failed(form, [_taken(form, draft.path)])
    message = f"已生成{WHAT[form.name]}文件 `{draft.path}`。\n"
    if result.problems:
        message += "\n校验提示(警告,不影响提交,请核对):\n\n" + _listing(form, [_named(form, draft, p)
                                                                     for p in result.problems])
    return FromIssueResult(draft.path, draft.text, message)


# ---- answers -----------------------------------------------------------------------------------

def _checked_answers(form: Form, raw: dict[str, str]) -> tuple[dict[str, object], list[Problem]]:
    """Answers cleaned and typed (checkboxes -> ticked labels); required, dropdown and checkbox errors."""
    values: dict[str, object] = {}
    errors = []
    for field in form.fields:
        text = _clean(raw[field.id])
        if field.kind == "checkboxes":
            ticked = [m.group(1) for m in map(_CHECKED.match, text.split("\n")) if m and m.group(1) in field.options]
            values[field.id] = ticked
            errors += [_answer("form-tick", field.id, f"须勾选「{o}」。") for o in field.must_tick if o not in ticked]
            continue
        if field.kind == "dropdown" and text and text not in field.options:
            errors.append(_answer("form-option", field.id, f"「{text}」不是可选值。", "可选值:" + "、".join(field.options) + "。"))
            text = ""
        elif field.required and not text:
            errors.append(_answer("form-required", field.id, "此项必填,议题中没有填写。", "编辑议题,填写这一项。"))
        values[field.id] = text
    return values, errors


def _normal(body: str) -> str:
    return body.replace("\r\n", "\n").replace("\r", "\n")


def _clean(text: str) -> str:
    """No control characters; Unicode line separators become plain newlines (YAML would fold them)."""
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    return _CONTROL.sub("", text.replace("\t", " ")).strip()


def _one_line(text: str) -> str:
    """Lines of a paragraph joined: no space between Chinese lines, one between Latin ones."""
    joined = ""
    for line in (part.strip() for part in text.split("\n")):
        if line:
            ascii_edge = joined and joined[-1].isascii() and line[0].isascii()
            joined += (" " if ascii_edge else "") + line
    return joined


def _lines(text: str) -> list[str]:
    """The non-empty lines of a list answer, bullets taken off."""
    return [re.sub(r"^[-*•]\s+", "", line.strip()) for line in text.split("\n") if line.strip()]


def _words(text: str) -> list[str]:
    return list(dict.fromkeys(w for w in _SPLIT.split(text) if w))


def _names(text: str) -> list[str]:
    """Item names: one a line, or several on a line between 、 or commas (names may hold spaces)."""
    return list(dict.fromkeys(n.strip() for line in _lines(text) for n in _NAMES.split(line) if n.strip()))


def _date(text: str) -> str:
    match = _DATE.fullmatch(text.strip())
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else text.strip()


# ---- the repository ------------------------------------------------------------------------------

class _Repo:
    """What the builders look up, read once and only when needed."""

    def __init__(self, root: Path, today: datetime.date, cache: ResultCache | None):
        self.root, self.today, self.cache = root, today, cache
        self.checker = FileChecker()

    @functools.cached_property
    def units(self) -> dict[str, Unit]:
        return read_units(self.root)

    @functools.cached_property
    def entries(self) -> dict[str, dict]:
        files = [(path, RESOURCE) for path in layout.discover(self.root)]
        results = check_files(Files(self.root), files, self.checker, self.cache, len(os.sched_getaffinity(0)))
        return {path: data for path, (data, _) in results.items() if isinstance(data, dict)}

    def unit(self, text: str) -> Unit | None:
        """A unit by id, full name or short name."""
        wanted = text.strip().lower()
        return next((u for u in self.units.values() if wanted in (u.id, u.name.lower(), u.short_name.lower())), None)

    def egov(self) -> Unit | None:
        """The e-government department (the first one of the registry)."""
        return next((u for u in self.units.values() if u.egov), None)

    def next_code(self, unit: Unit, class_code: str) -> str:
        """The unit's next free resource code in the class (one numbering for all its classes)."""
        sequence = layout.next_sequence((data.get("code") for data in self.entries.values()), unit.code_prefix)
        return layout.resource_code(unit.code_prefix, class_code, sequence)


def _answer(rule: str, field_id: str | None, message: str, hint: str = "") -> Problem:
    """A problem with an answer of the form, placed at its field (None: the form as a whole)."""
    return Problem("", 0, 0, rule, ERROR, message, hint, field=field_id or "")


def _unit_error(field_id: str, text: str) -> Problem:
    return _answer("form-unit-unknown", field_id, f"单位登记表中没有「{text}」。",
                   "填写单位标识、全称或简称,例如 {}、{} 或 {}。".format(*city.EXAMPLE_UNIT))


# ---- drafts ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Draft:
    """A file to write (path "" when it cannot be placed), its text, the answer errors, its key paths' fields."""

    path: str
    text: str
    errors: list[Problem]
    fields: dict[str, str | None]
    kind: str


def _entry(repo: _Repo, v: dict) -> Draft:
    errors: list[Problem] = []
    data: dict[str, object] = {}
    unit = repo.unit(v["provider"]) if v["provider"] else None
    if v["provider"] and unit is None:
        errors.append(_unit_error("provider", v["provider"]))
    database, _, subclass = v["category"].partition(" / ")
    class_code = class_codes(repo.checker.schemas[RESOURCE]).get((database, subclass))
    # Without both the code cannot be made: a stand-in keeps the file checkable, and it is never written.
    data["code"] = repo.next_code(unit, class_code) if unit and class_code else PLACEHOLDER_CODE
    national_class, class_errors = _national_class(v["national_class"])
    data.update(_present(national_code=v["national_code"], national_class=national_class, name=v["name"],
                         provider=unit.id if unit else "",
                         department=v["department"],
                         summary=_one_line(v["summary"]), keywords=_words(v["keywords"])))
    if class_code:
        data["category"] = {"database": database, "subclass": subclass}
    data["format"] = _present(type=v["format_type"], detail=v["format_detail"])
    basis, basis_errors = _bases(v["legal_basis"], "legal_basis", "法律法规名称")
    data["sharing"] = _present(type=v["sharing_type"], conditions=_one_line(v["conditions"]), method=v["method"],
                               legal_basis=basis)
    items, item_errors = _items(v["items"], repo.checker.schemas[RESOURCE])
    links, link_errors = _links(v["links"])
    data.update(_present(open=v["open"], open_conditions=_one_line(v["open_conditions"]),
                         update_cycle=v["update_cycle"],
                         published=_date(v["published"]) or repo.today.isoformat(), updated=_date(v["updated"]),
                         items=items, related=_words(v["related"]), links=links))
    if _NOT_SECRET in v["declaration"]:  # the unit's declaration: unticked is an error (form-tick), never a default
        data["classified"] = False
    shared = v["sharing_type"] != sharing.NONSHARED
    path = layout.entry_path(unit.id, str(data["code"]), shared) if unit and class_code else ""
    text = "\n".join([layout.modeline(RESOURCE), "# 由议题表单「新增目录条目」生成。"] + _yaml(data)) + "\n"
    return Draft(path, text, errors + class_errors + basis_errors + item_errors + link_errors, _ENTRY_FIELDS, RESOURCE)


def _national_class(text: str) -> tuple[dict, list[Problem]]:
    """「类/项/目/细目」, as far as given; a level left empty between two others stays empty."""
    levels = [part.strip() for part in re.split(r"[/／]", text)] if text.strip() else []
    if len(levels) > len(NATIONAL_CLASS_LEVELS):
        return {}, [_answer("form-national-class", "national_class", f"国家目录分类最多四级,这里写了 {len(levels)} 级。",
                            "按「类/项/目/细目」的顺序用斜杠隔开,例如「基础信息资源类/人口信息」;分类名称里不要再用斜杠。")]
    return _present(**dict(zip(NATIONAL_CLASS_LEVELS, levels, strict=False))), []


_NOT_SECRET = "本资源不涉及国家秘密(办法第二十六条)"  # the declaration's checkbox on the new-entry form
_ENTRY_FIELDS = {
    "code": None, "national_code": "national_code", "national_class": "national_class",
    **{f"national_class.{level}": "national_class" for level in NATIONAL_CLASS_LEVELS},
    "open_conditions": "open_conditions", "name": "name", "provider": "provider",
    "department": "department", "summary": "summary",
    "keywords": "keywords", "category": "category", "format": "format_type", "format.type": "format_type",
    "format.detail": "format_detail", "sharing": "sharing_type", "sharing.type": "sharing_type",
    "sharing.conditions": "conditions", "sharing.method": "method", "sharing.legal_basis": "legal_basis",
    "open": "open", "update_cycle": "update_cycle", "published": "published", "updated": "updated",
    "items": "items", "related": "related", "links": "links", "classified": "declaration",
}


def _request(repo: _Repo, v: dict, kind: str = sharing.REQUEST) -> Draft:
    errors = []
    applicant = repo.unit(v["applicant"]) if v["applicant"] else None
    if v["applicant"] and applicant is None:
        errors.append(_unit_error("applicant", v["applicant"]))
    code = v["resource"].strip()
    listed = listed_resources(repo.entries).get(code)
    if code and listed is None:
        errors.append(_answer("form-resource-unknown", "resource", f"目录中没有资源代码「{code}」。",
                              "在全市目录网站上查到资源后复制它的资源代码。"))
    approver = (repo.egov() if kind == sharing.OBJECTION or listed.nonshared else repo.units.get(listed.provider)) \
        if listed else None
    prefix = layout.REQUEST_PREFIX if kind == sharing.REQUEST else layout.OBJECTION_PREFIX
    request_id = layout.next_record_id(repo.root, layout.REQUESTS_DIR, prefix, repo.today.year)
    data = _present(id=request_id, kind=kind, applicant=applicant.id if applicant else "",
                    approver=approver.id if approver else "")
    basis, basis_errors = _bases(v.get("duty_basis", ""), "duty_basis", "依据名称")
    data.update(_present(purpose=_one_line(v.get("purpose", "")), duty_basis=basis,
                         reason=_one_line(v.get("reason", ""))))
    wanted = _present(code=code, items=_names(v.get("items", "")))
    data["resources"] = [wanted] if wanted else []
    data["history"] = [{"status": sharing.PROPOSED, "date": repo.today.isoformat()}]
    what = "共享申请" if kind == sharing.REQUEST else "异议"
    lines = [layout.modeline(REQUEST), f"# 由议题表单「{what}」生成。"] + _yaml(data)
    path = f"{layout.REQUESTS_DIR}/{repo.today.year}/{request_id}.yaml"
    return Draft(path, "\n".join(lines) + "\n", errors + basis_errors, _REQUEST_FIELDS, REQUEST)


_REQUEST_FIELDS = {
    "id": None, "kind": None, "applicant": "applicant", "approver": "resource", "purpose": "purpose",
    "duty_basis": "duty_basis", "reason": "reason", "resources": "resource", "resources.code": "resource",
    "resources.items": "items", "history": None,
}


def _objection(repo: _Repo, v: dict) -> Draft:
    return _request(repo, v, sharing.OBJECTION)


def _feedback(repo: _Repo, v: dict) -> Draft:
    reporter = repo.unit(v["reporter"]) if v["reporter"] else None
    errors = [_unit_error("reporter", v["reporter"])] if v["reporter"] and reporter is None else []
    feedback_id = layout.next_record_id(repo.root, layout.FEEDBACK_DIR, layout.FEEDBACK_PREFIX, repo.today.year)
    data = _present(id=feedback_id, reporter=reporter.id if reporter else "", resource=v["resource"].strip(),
                    problem=v["problem"], description=_one_line(v["description"]), reported=repo.today.isoformat())
    lines = [layout.modeline(FEEDBACK), "# 由议题表单「数据纠错」生成。"] + _yaml(data)
    path = f"{layout.FEEDBACK_DIR}/{repo.today.year}/{feedback_id}.yaml"
    return Draft(path, "\n".join(lines) + "\n", errors, _FEEDBACK_FIELDS, FEEDBACK)


_FEEDBACK_FIELDS = {"id": None, "reporter": "reporter", "resource": "resource", "problem": "problem",
                    "description": "description", "reported": None}


BUILDERS = {NEW_ENTRY: _entry, SHARING_REQUEST: _request, OBJECTION: _objection, DATA_ERROR: _feedback}


# ---- list answers ------------------------------------------------------------------------------------

def _bases(text: str, field_id: str, law_label: str) -> tuple[list[dict], list[Problem]]:
    """名称|条款|摘录 per line (or 名称第……条 without bars)."""
    found, errors = [], []
    for number, line in enumerate(_lines(text), 1):
        cells = _CELLS.split(line)
        if len(cells) == 1 and (match := _ARTICLE.match(line)):
            cells = [match[1], match[2]]
        if len(cells) < 2 or not cells[0] or not cells[1]:
            errors.append(_answer("form-basis-line", field_id, f"第 {number} 行「{line}」缺少{law_label}或条款。",
                           f"每行写一条:{law_label}|条款|条文摘录(摘录可不写),条款以「第……条」开头。"))
            continue
        found.append(_present(law=cells[0], article=cells[1], excerpt="|".join(cells[2:])))
    return found, errors


def _items(text: str, schema) -> tuple[list[dict], list[Problem]]:
    """名称|类型|长度|说明 per line; the length may be 长度,小数位数."""
    types = schema.document["properties"]["items"]["items"]["properties"]["type"]["enum"]
    found, errors = [], []
    hint = "每行写一项:名称|类型|长度|说明。类型可选:" + "、".join(types) + "。"
    for number, line in enumerate(_lines(text), 1):
        cells = _CELLS.split(line) + ["", ""]
        name, kind, length = cells[0], cells[1], cells[2]
        if (name, kind) == ("名称", "类型"):
            continue  # the header line of the form's description, copied along
        size = _LENGTH.fullmatch(length) if length else None
        if not name or kind not in types:
            what = f"的类型「{kind}」不是可选值。" if name else "缺少名称。"
            errors.append(_answer("form-item-line", "items", f"第 {number} 行「{line}」{what}", hint))
        elif length and size is None:
            errors.append(_answer("form-item-line", "items", f"第 {number} 行「{line}」的长度「{length}」应为数字,例如 18 或 12,2。",
                                  hint))
        else:
            found.append(_present(name=name, type=kind, length=int(size[1]) if size else None,
                                  precision=int(size[2]) if size and size[2] else None,
                                  description="|".join(c for c in cells[3:] if c)))
    return found, errors


def _links(text: str) -> tuple[list[dict], list[Problem]]:
    found, errors = [], []
    for number, line in enumerate(_lines(text), 1):
        cells = _CELLS.split(line, maxsplit=1)
        if len(cells) < 2 or not cells[0] or not cells[1]:
            errors.append(_answer("form-link-line", "links", f"第 {number} 行「{line}」应写成:链接标题|网址。"))
        else:
            found.append({"title": cells[0], "url": cells[1]})
    return found, errors


# ---- writing -----------------------------------------------------------------------------------------

def _present(**values) -> dict:
    """The values that were given (empty text, lists and None left out), in order."""
    return {key: value for key, value in values.items() if value not in ("", None, [], {})}


def _yaml(data: dict, indent: int = 0) -> list[str]:
    """Block YAML for the few shapes the drafts use; every text goes through `scalar`."""
    pad, lines = " " * indent, []
    for key, value in data.items():
        if isinstance(value, dict):
            lines += [f"{pad}{key}:"] + _yaml(value, indent + 2)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{pad}{key}:")
            for row in value:
                block = _yaml(row, indent + 4)
                lines += [f"{pad}  - {block[0].lstrip()}"] + block[1:]
        elif isinstance(value, list):
            lines.append(f"{pad}{key}: [{', '.join(_value(v) for v in value)}]")
        else:
            lines.append(f"{pad}{key}: {_value(value)}")
    return lines


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int) else scalar(str(value))


# ---- messages ----------------------------------------------------------------------------------------

def _content_problems(form: Form, draft: Draft, known: set[str]) -> list[Problem]:
    """The file's own problems (schema, markup, personal data) for the fields whose answers could be read."""
    _, problems = FileChecker().check(draft.text.encode("utf-8"), draft.path or "issue.yaml", draft.kind)
    named = [_named(form, draft, p) for p in problems if p.severity is ERROR]
    return [n for n in named if n.field not in known]


def _named(form: Form, draft: Draft, problem: Problem) -> Problem:
    """A validator's problem placed at the form field its key path came from (none: the form as a whole)."""
    path = dotted(problem.path) if problem.path else _path_at_line(draft.text, problem.line)
    # The validator's hint for a missing field tells how to add a YAML line; the clerk fills in a form.
    hint = "编辑议题,填写这一项。" if problem.rule == "schema-required" else problem.hint
    return dataclasses.replace(problem, hint=hint, field=_field_for(path, draft.fields, form) or "")


def _path_at_line(text: str, line: int) -> str:
    doc, _ = load_bytes(text.encode("utf-8"), "issue.yaml")
    if doc is None:
        return ""
    at_line = [p for p, (row, _) in {**doc.key_pos, **doc.value_pos}.items() if row == line]
    return dotted(max(at_line, key=len)) if at_line else ""


def _field_for(path: str, fields: dict[str, str | None], form: Form) -> str | None:
    parts = re.sub(r"\[[0-9]+\]", "", path).split(".")
    for end in range(len(parts), 0, -1):
        key = ".".join(parts[:end])
        if key in fields:
            return fields[key] if form.field(fields[key] or "") else None
    return None


def _taken(form: Form, path: str) -> Problem:
    """The file the form would become is already there.

    New numbers follow the files that can be read, so the file in the way cannot be read, or is named
    for a code it does not hold.
    """
    what = WHAT[form.name]
    return _answer("form-file-taken", None, f"目录仓库中已有文件 `{path}`,不能用本议题生成的{what}覆盖它。",
                   (f"如果要改的正是这份{what},请通过合并请求修改这个文件,不必再提交议题;如果这是一份新的{what},"
             "请联系市电子政务部门检查这个文件(它的编号与文件名不一致,或者无法读取),改正后编辑议题即可重新生成。"))


def _failed(form: Form, errors: list[Problem]) -> FromIssueResult:
    return FromIssueResult(message=f"无法根据本议题生成{WHAT[form.name]}文件。请编辑议题,改正以下问题:\n\n"
                                   + _listing(form, errors))


def _listing(form: Form, errors: list[Problem]) -> str:
    """One Markdown bullet per problem, in the order of the form's questions; user text escaped."""
    order = {f.id: n for n, f in enumerate(form.fields)}
    lines = []
    for problem in sorted(errors, key=lambda e: order.get(e.field, len(order))):
        field = form.field(problem.field) if problem.field else None
        label = f"**{field.label}**:" if field else ""
        lines.append(f"- {label}{md(problem.message)}" + (f"\n  提示:{md(problem.hint)}" if problem.hint else ""))
    return "\n".join(dict.fromkeys(lines)) + "\n"


def md(text: str) -> str:
    """Text safe inside a comment: no HTML, no links, no @mentions."""
    return text.translate(_MARKDOWN)
