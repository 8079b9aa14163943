"""A seeded mutation fuzzer for `catalog validate` and `catalog from-issue`, and the oracle every case must satisfy.

Shared by tests/test_fuzz.py (a few hundred cases in `make test`) and bench/fuzz.py (thousands,
`make fuzz`). Each case starts from a valid file of one kind the validator reads (a shared entry,
a non-shared entry, a request, a data-error report, the unit registry), mutates it structurally
or textually (mutators.py), validates it in place in a small repository and checks the oracle:

- exit code 0 or 1, never 70 (internal error), never a traceback or a Python exception's name;
- every problem located in a named file: line and column inside the file, a rule, a severity,
  a Chinese message;
- the file judged within a few seconds, and judged the same again from the cache by content;
- a file whose data holds an invisible or control character never validates clean;
- the other files of the repository, named without the mutated one, validate under the same oracle
  (a broken file must not break a pull request that does not touch it);
- when the whole repository validates clean, the model loads, every resource page renders and the
  downloads are written (bench/fuzz.py also builds whole sites on a sample).

A case is reproducible from (seed, index) alone (`case_for`): `Case.text` is the file as validated.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime
import functools
import io
import json
import os
import random
import re
import shutil
import signal
import tempfile
import time
import traceback
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import yaml
from casetools import FIXTURE
from mutators import Case, confusions, mutate, mutate_issue
from requestfixture import HEAD, REQUESTS

from generator import cli

CASES = Path(__file__).resolve().parent / "cases"
DEMO = CASES.parent.parent  # the repository's own demo catalog
PACKAGE = Path(cli.__file__).resolve().parent
MAX_SECONDS = 5.0
STOP_SECONDS = 30.0  # a case still running by then is stopped, so that one hang cannot stall the whole run
TODAY = "2026-11-24"  # the fixture's day (casetools.TODAY): dates judged the same on every run
ISSUES_URL = "https://example.invalid/issues"
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_EXCEPTIONS = sorted(name for name, value in vars(builtins).items() if isinstance(value, type)
                     and issubclass(value, BaseException) and not issubclass(value, Warning))
# A Python exception's name in what a user reads means an internal error leaked out, caught or not.
_EXCEPTION_NAME = re.compile(r"\b(" + "|".join(_EXCEPTIONS + ["YAMLError", "ScannerError", "ParserError",
                                                               "ComposerError", "ConstructorError"]) + r")\b")
# What a reader does not see as itself (controls, format characters such as bidi overrides and
# zero-width marks, separators, surrogates); a newline is allowed here since paragraphs may hold one.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_LINE_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # YAML's line breaks, which its marks count


@dataclass(frozen=True)
class Fault:
    """One breach of the oracle: `kind` names the defect (the signature), `detail` shows this instance."""

    kind: str
    detail: str = ""


@dataclass
class Verdict:
    """What the oracle found wrong with one case (empty `faults` when nothing)."""

    case: Case
    code: int
    seconds: float
    faults: list[Fault] = field(default_factory=list)
    clean: bool = False  # the whole repository, this file in it, has no error (then it must build too)

    @property
    def signature(self) -> str:
        """What makes two failing cases the same defect."""
        return " | ".join(sorted({f.kind for f in self.faults}))


@dataclass
class Run:
    """One `catalog validate` run in-process."""

    code: int
    out: str
    err: str
    seconds: float


class Hang(BaseException):
    """Raised by the alarm in a case that runs too long (a BaseException: the CLI's last defence lets it by)."""


@functools.cache
def seed_files() -> dict[str, tuple[str, bytes]]:
    """Every valid starting file by name: its place in the repository and its bytes.

    The valid case files, the fixture's registry and a request, and the demo catalog's entries of
    the fixture's units that validate clean in the fixture repository: the demo has what the case
    files lack (open data, unconditional sharing), so that the schema's conditional branches are reached.
    """
    expected = yaml.safe_load((CASES / "expected.yaml").read_text(encoding="utf-8"))
    seeds = {name: (entry["place"], (CASES / "valid" / f"{name}.yaml").read_bytes())
             for name, entry in sorted(expected.items()) if name.startswith("valid_")}
    seeds["fixture_units"] = ("registry/units.yaml", (FIXTURE / "registry/units.yaml").read_bytes())
    seeds["fixture_request"] = ("requests/2026/GX-2026-0001.yaml", (HEAD + REQUESTS["GX-2026-0001"]).encode())
    seeds.update((f"demo_{place}", (place, raw)) for place, raw in _demo_seeds())
    return seeds


def _demo_seeds() -> list[tuple[str, bytes]]:
    from generator.check.validate import validate

    registry = yaml.safe_load((FIXTURE / "registry/units.yaml").read_text(encoding="utf-8"))
    units = [unit["id"] for unit in registry["units"]]
    found = sorted(p.relative_to(DEMO).as_posix() for top in ("catalog", "nonshared") for unit in units
                   for p in (DEMO / top / unit).glob("*.yaml"))
    seeds = []
    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp))
        for place in found:
            if (root / place).exists():
                continue
            (root / place).parent.mkdir(parents=True, exist_ok=True)
            (root / place).write_bytes((DEMO / place).read_bytes())
            if validate(root, [place], datetime.date.fromisoformat(TODAY), warnings=False).errors == 0:
                seeds.append((place, (DEMO / place).read_bytes()))
            (root / place).unlink()
    return seeds


def make_repo(tmp: Path) -> Path:
    """The fixture repository with its requests: every kind of file the validator reads is present."""
    root = tmp / "repo"
    shutil.copytree(FIXTURE, root)
    for request_id, text in REQUESTS.items():
        target = root / "requests" / request_id.split("-")[1] / f"{request_id}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(HEAD + text, encoding="utf-8")
    return root


def case_for(seed: int, index: int) -> Case:
    """Case `index` of run `seed`: its own random stream, so any one case replays without the others."""
    return mutate(random.Random(f"{seed}/{index}"), seed_files())


@functools.cache
def confusion_cases() -> list[Case]:
    """The type confusions of the starting files, in a fixed order (mutators.confusions)."""
    return confusions(seed_files())


def issue_case_for(seed: int, index: int) -> Case:
    """Issue-form case `index` of run `seed`, replayable alone like `case_for`."""
    return mutate_issue(random.Random(f"{seed}/issue/{index}"))


def run_case(root: Path, case: Case) -> Verdict:
    """Validate the case in `root` (the file replaced, then restored) and judge the result."""
    target = root / case.place
    original = target.read_bytes() if target.exists() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.raw)
    try:
        run = validate_in_process(root, [case.place])
        verdict = Verdict(case, run.code, run.seconds, judge(root, [case.place], run))
        verdict.faults += hidden_accepted(case, run) + cached_differs(root, case, run)
        others = [p for p in repository_files(root) if p != case.place]
        neighbours = validate_in_process(root, others)
        verdict.faults += [Fault("neighbours: " + f.kind, f.detail) for f in judge(root, others, neighbours)]
        verdict.clean = run.code == 0 and neighbours.code == 0
        if verdict.clean:  # later stages trust what validated: they must cope with it
            verdict.faults += model_faults(root)
    finally:
        if original is None:
            target.unlink()
        else:
            target.write_bytes(original)
    return verdict


def cached_differs(root: Path, case: Case, run: Run) -> list[Fault]:
    """The same file validated again, its result now from the cache, must be reported the same (byte for byte)."""
    again = validate_in_process(root, [case.place])
    if (again.code, again.out) == (run.code, run.out) or run.code not in (0, 1):
        return []
    first, second = run.out.splitlines(), again.out.splitlines()
    at = next((i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b), min(len(first), len(second)))
    return [Fault("the cached result is reported otherwise",
                  f"exit {run.code} -> {again.code}; line {at + 1}: {first[at:at + 1]} -> {second[at:at + 1]}")]


def repository_files(root: Path) -> list[str]:
    """Every catalog file of the repository, repository-relative."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml"))


def validate_in_process(root: Path, names: list[str]) -> Run:
    """`catalog validate --format json` on the named files, as a user runs it (no debug)."""
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with mock.patch.dict(os.environ), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _alarm():
        os.environ.pop("CATALOG_DEBUG", None)  # a developer's setting would turn the exit code 70 into a raise
        try:
            code = cli.main(_argv(root, names))
        except SystemExit as exc:  # argparse's and the CLI's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        except Hang:
            code = -1
    return Run(code, out.getvalue(), err.getvalue(), time.perf_counter() - started)


def _argv(root: Path, names: list[str]) -> list[str]:
    # The cache by content, as CI runs it: the unchanged files come from it, the mutated one is checked
    # afresh and stored, and the neighbours' run reads it back (its JSON round trip is exercised too).
    return ["validate", "--root", str(root), "--format", "json", "--cache-file", str(root.parent / "validate.json"),
            "--today", TODAY, *(str(root / name) for name in names)]


@contextlib.contextmanager
def _alarm():
    def ring(signum, frame):
        raise Hang()
    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, STOP_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def judge(root: Path, names: list[str], run: Run) -> list[Fault]:
    """The oracle on one run: exit code, traceback, exception names, time, and a location on every problem."""
    faults = []
    if run.code == -1:
        faults.append(Fault(f"stopped after {STOP_SECONDS:.0f} s"))
    elif run.code == 70:
        faults.append(crash(root, names))
    elif run.code not in (0, 1):  # a file's content is never a usage error (2): it is a located problem
        faults.append(Fault(f"exit {run.code}", run.err.strip()[:300]))
    text = run.out + run.err
    if "Traceback" in text:
        faults.append(Fault("traceback in output", run.err.strip()[-300:]))
    if run.code != 70 and (name := _EXCEPTION_NAME.search(text)):
        faults.append(Fault(f"exception name {name[1]} in output", text[max(0, name.start() - 150):name.end() + 150]))
    if run.seconds > MAX_SECONDS:
        faults.append(Fault(f"slow (over {MAX_SECONDS:.0f} s)", f"{run.seconds:.1f} s"))
    if run.code in (0, 1):
        faults += unlocated(root, set(names), run.out)
    return faults


def crash(root: Path, names: list[str]) -> Fault:
    """The internal error again with CATALOG_DEBUG=1, to name its exception and where in generator/ it was raised."""
    try:
        with (mock.patch.dict(os.environ, {"CATALOG_DEBUG": "1"}), contextlib.redirect_stdout(io.StringIO()),
              contextlib.redirect_stderr(io.StringIO()), _alarm()):
            cli.main(_argv(root, names))
    except Exception as exc:
        return exception_fault("internal error", exc)
    except Hang:
        return Fault(f"internal error, then stopped after {STOP_SECONDS:.0f} s under CATALOG_DEBUG")
    return Fault("internal error (exit 70, not reproduced under CATALOG_DEBUG)")


def exception_fault(what: str, exc: BaseException) -> Fault:
    """A fault named by the exception's type and the innermost generator/ function it passed through."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).is_relative_to(PACKAGE)]
    if not frames:
        return Fault(f"{what} {type(exc).__name__}", str(exc)[:300])
    last = frames[-1]
    where = Path(last.filename).relative_to(PACKAGE.parent).as_posix()
    return Fault(f"{what} {type(exc).__name__} in {where} {last.name}()",
                 f"{where}:{last.lineno}: {type(exc).__name__}: {str(exc)[:300]}")


def unlocated(root: Path, names: set[str], out: str) -> list[Fault]:
    """Every problem must name a named file, a line and column inside it, a rule, a severity and a Chinese message."""
    try:
        problems = json.loads(out)["problems"]
    except (ValueError, KeyError, TypeError):
        return [Fault("json output unreadable", out[:200])]
    faults, lines = [], functools.cache(lambda file: _line_tables(root / file))  # a file read once, not per problem
    for p in problems:
        missing = _missing(names, lines, p)
        fault = Fault(f"problem {missing}: {p.get('rule')}", json.dumps(p, ensure_ascii=False)[:300])
        if missing and all(f.kind != fault.kind for f in faults):  # one of each: a file can hold 100,000 problems
            faults.append(fault)
    return faults


def _missing(names: set[str], lines, p: dict) -> str:
    """What a problem lacks to be located and readable ('' when nothing)."""
    if p.get("file") not in names:
        return "in a file not named"
    line, column = p.get("line"), p.get("column")
    if not (isinstance(line, int) and isinstance(column, int) and line >= 1 and column >= 1):
        return "without a line and column"
    if not _inside(lines(p["file"]), line, column):
        return "located outside the file"
    if not (p.get("rule") and p.get("severity") in ("error", "warning")):
        return "without a rule or severity"
    if not _CHINESE.search(p.get("message") or ""):
        return "without a Chinese message"
    return ""


def _line_tables(path: Path) -> tuple[list, ...]:
    """The file's lines counted at newlines and at YAML's line breaks (in characters), and at newlines in bytes."""
    raw = path.read_bytes()
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    return text.split("\n"), _LINE_BREAKS.split(text), raw.split(b"\n")


def _inside(tables: tuple[list, ...], line: int, column: int) -> bool:
    """Line and column within the file by any of its line tables: an undecodable byte has only a byte column."""
    return (line, column) == (1, 1) or any(line <= len(lines) and column <= len(lines[line - 1]) + 1
                                           for lines in tables)


def hidden_accepted(case: Case, run: Run) -> list[Fault]:
    """A file whose data holds a control, bidi or zero-width character never validates clean (exit 0)."""
    if run.code != 0:
        return []
    try:
        data = yaml.load(case.raw.decode("utf-8"), Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except Exception:
        return []
    hidden = sorted({f"U+{ord(c):04X}" for text in _strings(data) for c in text
                     if c != "\n" and unicodedata.category(c) in _HIDDEN})
    return [Fault("hidden character accepted", ", ".join(hidden))] if hidden else []


def _strings(node):
    """Every string in a document, keys included."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def model_faults(root: Path) -> list[Fault]:
    """What validates clean must load as the model, render and export: the stages after validation trust it.

    The cheap part of `catalog build` (no mkdocs): a date that passed validation with a trailing newline
    once crashed the exports. bench/fuzz.py builds whole sites on a sample.
    """
    from casetools import export_files

    from generator.model.catalog import load_catalog
    from generator.quality.scores import score_entry
    from generator.site.render import environment, render_resource, resource_view, rules_view

    try:
        today = datetime.date.fromisoformat(TODAY)
        catalog = load_catalog(root, today=today)
        env = environment(rules_view(catalog.rules(today)))
        for resource in catalog.resources:
            render_resource(env, resource_view(resource, catalog, (), ISSUES_URL, score_entry(resource, today)))
        export_files(catalog)
    except Exception as exc:
        return [exception_fault("validates clean, then the model, a page or an export fails:", exc)]
    return []


def run_issue_case(root: Path, case: Case) -> Verdict:
    """Turn the body into a file; the oracle: no internal error, and nothing written that does not validate."""
    from generator.check.validate import validate
    from generator.intake.issueforms import from_issue

    started = time.perf_counter()
    try:
        result = from_issue(root, case.text, datetime.date.fromisoformat(TODAY))
    except Exception as exc:
        return Verdict(case, 70, time.perf_counter() - started, [exception_fault("from-issue", exc)])
    seconds = time.perf_counter() - started
    faults = [Fault(f"slow (over {MAX_SECONDS:.0f} s)", f"{seconds:.1f} s")] if seconds > MAX_SECONDS else []
    if "内部错误" in result.message:
        faults.append(Fault("internal error in the comment", result.message[:300]))
    if str(root) in result.message:
        faults.append(Fault("a path of the machine in the comment"))
    if result.ok:
        errors = [p for p in validate(root, [result.path], datetime.date.fromisoformat(TODAY)).problems
                  if p.severity.value == "error"]
        faults += [Fault(f"wrote a file that does not validate: {p.rule}", p.message[:100]) for p in errors]
        (root / result.path).unlink()
    return Verdict(case, 0 if result.ok else 1, seconds, faults)


def describe(seed: int, index: int, verdict: Verdict, limit: int = 3000, replay: str = "--replay") -> str:
    """A failing case as the test and the long run print it: how to replay it, what failed, the file."""
    text = verdict.case.text
    shown = text if isinstance(text, str) else repr(text)
    if len(shown) > limit:
        shown = shown[:limit] + f"\n… ({len(shown) - limit} more characters; bench/fuzz.py --replay writes it all)"
    faults = "\n".join(f"  - {f.kind}: {f.detail}" for f in verdict.faults)
    return (f"seed {seed} case {index}: {verdict.case.place} after {verdict.case.how}\n"
            f"replay: python bench/fuzz.py --seed {seed} {replay} {index}\n{faults}\n--- file ---\n{shown}")
