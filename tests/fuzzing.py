"""A seeded mutation fuzzer for `catalog validate` and `catalog from-issue`, and the oracle every case must satisfy.

Shared by tests/test_fuzz.py (a few hundred cases in `make test`) and bench/fuzz.py (thousands,
`make fuzz`). Each case starts from a valid file of one kind the validator reads (a shared entry,
a non-shared entry, a request, a data-error report, the unit registry), mutates it structurally
(a value replaced by a list, a mapping, a number, a huge or hostile string; keys deleted, added,
nested deep) or textually (bytes flipped, lines dropped or repeated, control characters, other
encodings), validates it in place in a small repository and checks the oracle:

- exit code 0, 1 or 2, never 70 (internal error) and never a traceback;
- every problem located: a file, line >= 1, column >= 1, a rule, a severity, a Chinese message;
- the file judged within a few seconds.

A case is reproducible from (seed, index): `Case.text` is the file as validated.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import random
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from casetools import FIXTURE
from requestfixture import HEAD, REQUESTS

from generator import cli

CASES = Path(__file__).resolve().parent / "cases"
MAX_SECONDS = 5.0
TODAY = "2026-11-24"  # the fixture's day (casetools.TODAY): dates judged the same on every run
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Where each kind of file is placed, and the valid file it starts from.
SEEDS = {
    "catalog/mzj/fuzz.yaml": CASES / "valid/valid_complete.yaml",
    "nonshared/mzj/fuzz.yaml": CASES / "valid/valid_nonshared.yaml",
    "feedback/2025/JC-2025-0001.yaml": CASES / "valid/valid_feedback-corrected.yaml",
    "registry/units.yaml": FIXTURE / "registry/units.yaml",
}
REQUEST_PLACE = "requests/2026/GX-2026-0001.yaml"
HOSTILE_TEXT = ["", " ", "\n", "x\n::error file=README.md,line=1::fake", "\x00", "\x1b[2J", "\u202e", "\u200b",
                "```{#__config .md-dialog}\nx\n```", "<script>alert(1)</script>", "430700-007-Y09-0003\n",
                "2099-02-30\n", "第十二条\n", "https://a.example/\"><b>", "'", "%0A", "{{ 7*7 }}", "\ud800",
                "一" * 5000, "关键词、" * 20_000]
HOSTILE_VALUES = [None, True, 0, -1, 10 ** 30, 1.5e308, [], {}, {"x": 1}, [[[]]], ["gaj"], [{}] * 3000,
                  ["词"] * 3000, [f"词{i}" for i in range(3000)] + ["词1"]]


@dataclass
class Case:
    """One mutated file and where it goes."""

    place: str
    text: str | bytes
    how: str


@dataclass
class Verdict:
    """What the oracle found wrong with one case (empty `faults` when nothing)."""

    case: Case
    code: int
    seconds: float
    faults: list[str]


def make_repo(tmp: Path) -> Path:
    """The fixture repository with its requests: every kind of file the validator reads is present."""
    root = tmp / "repo"
    shutil.copytree(FIXTURE, root)
    for request_id, text in REQUESTS.items():
        target = root / "requests" / request_id.split("-")[1] / f"{request_id}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(HEAD + text, encoding="utf-8")
    return root


def seed_text(place: str) -> str:
    """The valid text a case at `place` starts from."""
    if place == REQUEST_PLACE:
        return HEAD + REQUESTS["GX-2026-0001"]
    return SEEDS[place].read_text(encoding="utf-8")


def mutate(rng: random.Random) -> Case:
    """One case: a place, and its valid text mutated once or a few times."""
    place = rng.choice(sorted(SEEDS) + [REQUEST_PLACE])
    text: str | bytes = seed_text(place)
    steps = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        operator = rng.choice(_STRUCTURAL if isinstance(text, str) and rng.random() < 0.6 else _TEXTUAL)
        text, how = operator(rng, text)
        steps.append(how)
    return Case(place, text, "; ".join(steps))


def run_case(root: Path, case: Case) -> Verdict:
    """Validate the case in `root` (the file replaced, then restored) and judge the result."""
    target = root / case.place
    original = target.read_bytes() if target.exists() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = case.text if isinstance(case.text, bytes) else case.text.encode("utf-8", "surrogatepass")
    target.write_bytes(raw)
    try:
        code, out, err, seconds = _validate(root, case.place)
    finally:
        if original is None:
            target.unlink()
        else:
            target.write_bytes(original)
    return Verdict(case, code, seconds, judge(code, out, err, seconds))


def _validate(root: Path, place: str) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["validate", "--root", str(root), "--format", "json", "--no-cache", "--today", TODAY,
                             str(root / place)])
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - started


def judge(code: int, out: str, err: str, seconds: float) -> list[str]:
    """The oracle: what is wrong with one run's exit code, output and time."""
    faults = []
    if code not in (0, 1):  # 2 is a usage error: allowed to a user, but here it means the harness erred
        faults.append(f"exit {code}: {err.strip()[:300]}")
    if "Traceback" in out + err or "内部错误" in err:
        faults.append("traceback or internal error: " + err.strip()[:300])
    if seconds > MAX_SECONDS:
        faults.append(f"took {seconds:.1f} s")
    if code in (0, 1):
        faults += _unlocated(out)
    return faults


def _unlocated(out: str) -> list[str]:
    try:
        problems = json.loads(out)["problems"]
    except (ValueError, KeyError, TypeError):
        return ["json output unreadable: " + out[:200]]
    faults = []
    for p in problems:
        if not (p.get("file") and p.get("line", 0) >= 1 and p.get("column", 0) >= 1 and p.get("rule")
                and p.get("severity") in ("error", "warning") and _CHINESE.search(p.get("message", ""))):
            faults.append("problem without a location or message: " + json.dumps(p, ensure_ascii=False)[:300])
    return faults


def signature(verdict: Verdict) -> str:
    """What makes two failures the same defect: the kind of fault, and the exception where there is one."""
    kinds = set()
    for fault in verdict.faults:
        exception = re.search(r"\b([A-Z][A-Za-z]*(?:Error|Exception|Exit))\b:? ?([^'\n(:]{0,40})", fault)
        kinds.add(re.sub(r"[0-9]+", "N", fault.split(":")[0])[:40] + (f" {exception[1]}: {exception[2]}" if exception else ""))
    return " | ".join(sorted(kinds))


# ---- structural mutations: on the data, written back as YAML -------------------------------------

def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


def _structural(change):
    def operator(rng: random.Random, text: str):
        lines = text.split("\n", 1)
        head = lines[0] + "\n" if lines[0].startswith("#") else ""
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            return text, "structural skipped"
        paths = [p for p in _paths(data) if p]
        if not paths:
            return text, "structural skipped"
        # Mostly fields and their direct parts, where the rules across files look; sometimes anywhere.
        depth = rng.choices((1, 2, 0), weights=(5, 3, 2))[0]
        path = rng.choice([p for p in paths if len(p) == depth] or paths)
        how = change(rng, data, path)
        return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), f"{how} at {path}"
    return operator


def _parent(data, path):
    for part in path[:-1]:
        data = data[part]
    return data


def _replace(rng, data, path):
    value = rng.choice(HOSTILE_VALUES + HOSTILE_TEXT)
    _parent(data, path)[path[-1]] = value
    return f"replace with {str(value)[:40]!r}"


def _delete(rng, data, path):
    del _parent(data, path)[path[-1]]
    return "delete"


def _nest(rng, data, path):
    depth = rng.choice((5, 40, 150))  # past the loader's 32 levels; deeper would overflow yaml.safe_dump here
    value = "x"
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"k": value}
    _parent(data, path)[path[-1]] = value
    return f"nest {depth}"


def _add_key(rng, data, path):
    parent = _parent(data, path)
    if isinstance(parent, dict):
        parent[rng.choice(["extra", "code", "名称", "items", ""])] = rng.choice(HOSTILE_VALUES + HOSTILE_TEXT)
    return "add key"


_STRUCTURAL = [_structural(c) for c in (_replace, _replace, _replace, _delete, _nest, _add_key)]


# ---- textual mutations: on the text or its bytes --------------------------------------------------

def _insert_char(rng, text):
    if isinstance(text, bytes):
        return text, "insert skipped"
    at = rng.randrange(len(text) + 1)
    char = rng.choice(["\x00", "\t", "\x1b", "\u202e", "\u200b", "\ufeff", "\r", ":", "：", "#", "&", "*", "!", "|",
                       "'", '"', "{", "[", "-", "\u2028", "\\"])
    return text[:at] + char + text[at:], f"insert {char!r} at {at}"


def _lines(rng, text):
    if isinstance(text, bytes):
        return text, "lines skipped"
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    choice = rng.choice(("drop", "repeat", "swap", "indent", "dedent"))
    if choice == "drop":
        del lines[index]
    elif choice == "repeat":
        lines.insert(index, lines[index])
    elif choice == "swap":
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
    elif choice == "indent":
        lines[index] = "  " + lines[index]
    else:
        lines[index] = lines[index].lstrip()
    return "\n".join(lines), f"{choice} line {index + 1}"


def _bytes(rng, text):
    raw = bytearray(text if isinstance(text, bytes) else text.encode("utf-8"))
    choice = rng.choice(("flip", "truncate", "utf16", "gbk", "bom"))
    if choice == "flip" and raw:
        at = rng.randrange(len(raw))
        raw[at] = rng.randrange(256)
    elif choice == "truncate":
        raw = raw[:rng.randrange(len(raw) + 1)]
    elif choice == "utf16":
        raw = bytearray(raw.decode("utf-8", "replace").encode("utf-16"))
    elif choice == "gbk":
        raw = bytearray(raw.decode("utf-8", "replace").encode("gb18030"))
    else:
        raw = bytearray(b"\xef\xbb\xbf") + raw
    return bytes(raw), choice


_TEXTUAL = [_insert_char, _insert_char, _lines, _lines, _bytes]


# ---- the issue-form route: `catalog from-issue` -----------------------------------------------------

ISSUES = Path(__file__).resolve().parent / "issues"


def mutate_issue(rng: random.Random) -> Case:
    """An issue form's body, a section's answer replaced, dropped, repeated, or the text mutated."""
    source = rng.choice(sorted(ISSUES.glob("*.md")))
    sections = re.split(r"(?m)^(?=### )", source.read_text(encoding="utf-8"))
    index = rng.randrange(len(sections))
    heading, _, answer = sections[index].partition("\n")
    choice = rng.choice(("replace", "replace", "drop", "repeat", "text"))
    if choice == "replace":
        sections[index] = f"{heading}\n\n{rng.choice(HOSTILE_TEXT + ['_No response_', '- [x] 是', '1. 一'])}\n\n"
    elif choice == "drop":
        del sections[index]
    elif choice == "repeat":
        sections.insert(index, sections[index])
    body = "".join(sections)
    if choice == "text":
        body, how = _insert_char(rng, body)
        choice = how
    return Case(source.name, body, f"{choice} section {index} ({heading[4:20]})")


def run_issue_case(root: Path, case: Case) -> Verdict:
    """Turn the body into a file; the oracle: no internal error, and nothing written that does not validate."""
    from generator.issueforms import from_issue
    from generator.validate import validate

    started = time.perf_counter()
    result = from_issue(root, case.text, datetime.date.fromisoformat(TODAY))
    seconds = time.perf_counter() - started
    faults = [f"took {seconds:.1f} s"] if seconds > MAX_SECONDS else []
    if "内部错误" in result.message:
        faults.append("internal error: " + result.message[:300])
    if str(root) in result.message:
        faults.append("a path of the machine in the comment")
    if result.ok:
        errors = [p for p in validate(root, [result.path], datetime.date.fromisoformat(TODAY)).problems
                  if p.severity.value == "error"]
        faults += [f"wrote a file that does not validate: {p.rule} {p.message[:100]}" for p in errors]
        (root / result.path).unlink()
    return Verdict(case, 0 if result.ok else 1, seconds, faults)
