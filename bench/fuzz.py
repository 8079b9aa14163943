"""The long fuzz run: `make fuzz` (thousands of cases; `make test` runs a few hundred).

    python bench/fuzz.py [--cases 5000] [--issue-cases 2000] [--seed 1] [--build-every 50] [--out bench/out/fuzz]
    python bench/fuzz.py --seed S --replay N              # one mutation case again, its file written out
    python bench/fuzz.py --replay-confusion N             # the same for a type confusion
    python bench/fuzz.py --seed S --replay-issue N        # the same for an issue-form body

Three routes, under the oracle of tests/fuzzing.py: seeded random mutations of valid files
(tests/mutators.py), every type confusion of a few starting files (the same list as in make test),
and mutated issue-form bodies through `catalog from-issue`. Every `--build-every`-th case that
leaves the whole repository clean is also built into a site, since whatever validates must build.
Prints the figures (cases, failing cases, distinct failures by signature) and writes one reproducer
per distinct failure to the output folder, named by its signature's hash: the file shrunk to the
lines that still fail the same way (`.yaml`), the file as generated (`.orig.yaml`) and what failed
(`.txt`).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from fuzzing import (  # noqa: E402
    TODAY,
    Case,
    Fault,
    Verdict,
    case_for,
    confusion_cases,
    describe,
    exception_fault,
    issue_case_for,
    make_repo,
    run_case,
    run_issue_case,
)

from generator.check.validate import validate  # noqa: E402
from generator.site.build import build_site  # noqa: E402

SHRINK_TRIES, SHRINK_SECONDS = 300, 60.0  # spent shrinking one reproducer (a slow case costs seconds a try)


@dataclass(frozen=True)
class Route:
    """One way cases are made and judged, and how to replay one of them."""

    flag: str
    make: Callable[[int, int], Case]
    run: Callable[[Path, Case], Verdict]
    prefix: str = ""  # set apart in the signature: the same words mean another defect on this route


ROUTES = {
    "mutation": Route("--replay", case_for, run_case),
    "confusion": Route("--replay-confusion", lambda seed, index: confusion_cases()[index], run_case),
    "issue": Route("--replay-issue", issue_case_for, run_issue_case, "from-issue: "),
}


def main() -> int:
    """Run the cases, print the figures and write the reproducers; exit 1 when anything failed."""
    args = _parser().parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp))
        for route in ROUTES.values():
            if getattr(args, route.flag[2:].replace("-", "_")) is not None:
                return replay(root, args, route)
        started = time.perf_counter()
        counts = {"mutation": args.cases, "confusion": len(confusion_cases()), "issue": args.issue_cases}
        found, first, clean, built = run_all(Path(tmp), root, args, counts)
        for route, index, verdict in first.values():
            shrunk = verdict if args.no_shrink or route.prefix else shrink(root, verdict)
            write(args.out, args.seed, route, index, root, shrunk, verdict)
    print(f"种子 {args.seed}:{counts['mutation']} 个随机变异用例、{counts['confusion']} 个类型混淆用例"
          f"(其中 {clean} 个整个仓库没有错误,生成网站 {built} 次)、{counts['issue']} 个议题表单用例,"
          f"{time.perf_counter() - started:.0f} 秒;{sum(found.values())} 个用例失败,{len(found)} 种不同的失败。")
    for sig, count in found.most_common():
        print(f"  {count:5d}  {sig}")
    if found:
        print(f"复现文件({len(first)} 个)写在 {_shown(args.out)}/。")
    return 1 if found else 0


def run_all(tmp: Path, root: Path, args, counts: dict[str, int]) -> tuple[Counter, dict, int, int]:
    """Every case of every route: failures counted by signature, the first case of each kept."""
    found, first, clean, built, done = Counter(), {}, 0, 0, 0
    for name, route in ROUTES.items():
        for index in range(counts[name]):
            verdict = route.run(root, route.make(args.seed, index))
            if not verdict.faults and verdict.clean:
                clean += 1
                if args.build_every and clean % args.build_every == 1:
                    verdict.faults += built_faults(tmp, verdict.case)
                    built += 1
            if verdict.faults:
                found[route.prefix + verdict.signature] += 1
                first.setdefault(route.prefix + verdict.signature, (route, index, verdict))
            done += 1
            if done % 500 == 0:  # a long run shows that it is moving
                print(f"  {done} 个用例,{sum(found.values())} 个失败", file=sys.stderr, flush=True)
    return found, first, clean, built


def built_faults(tmp: Path, case: Case) -> list[Fault]:
    """Build a fresh repository holding the case into a site: any exception or refusal is a fault."""
    root = make_repo(tmp / f"build-{time.monotonic_ns()}")
    for part in ("mkdocs.yml", "docs", "site_templates"):  # what the build reads besides the catalog
        source = HERE.parent / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / part)
    target = root / case.place
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.raw)
    try:
        if validate(root, warnings=False).errors:
            return []  # judged clean on the fixture's day, not on the build's (today): nothing to build
        problems = build_site(root, root / "site", datetime.date.fromisoformat(TODAY))
    except Exception as exc:
        return [exception_fault("validates clean, then the build fails:", exc)]
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)
    return [Fault("validates clean, but does not build", "; ".join(problems)[:300])] if problems else []


def shrink(root: Path, verdict: Verdict) -> Verdict:
    """The failing file with as many lines removed, and long lines cut, as keep the same signature."""
    lines, best, tries = verdict.case.raw.split(b"\n"), verdict, 0
    chunk, deadline = max(1, len(lines) // 2), time.perf_counter() + SHRINK_SECONDS
    while chunk >= 1 and tries < SHRINK_TRIES and time.perf_counter() < deadline:
        start, removed = 0, False
        while start < len(lines) and tries < SHRINK_TRIES and time.perf_counter() < deadline:
            candidate, tries = lines[:start] + lines[start + chunk:], tries + 1
            kept = _same(root, verdict, candidate)
            if kept:
                lines, best, removed = candidate, kept, True
            else:
                start += chunk
        chunk = chunk if removed and chunk < len(lines) else chunk // 2
    for index in sorted(range(len(lines)), key=lambda i: -len(lines[i]))[:3]:  # huge values and lists
        while len(lines[index]) > 80 and tries < SHRINK_TRIES and time.perf_counter() < deadline:
            candidate, tries = lines[:index] + [lines[index][:len(lines[index]) // 2]] + lines[index + 1:], tries + 1
            kept = _same(root, verdict, candidate)
            if not kept:
                break
            lines, best = candidate, kept
    return best


def _same(root: Path, verdict: Verdict, lines: list[bytes]) -> Verdict | None:
    raw = b"\n".join(lines)
    try:
        text: str | bytes = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw
    again = run_case(root, Case(verdict.case.place, text, verdict.case.how + "; shrunk"))
    return again if again.signature == verdict.signature else None


def write(out: Path, seed: int, route: Route, index: int, root: Path, shrunk: Verdict, verdict: Verdict) -> None:
    """One reproducer: the shrunk file, the file as generated, and what failed (no path of this machine)."""
    name = hashlib.sha256((route.prefix + verdict.signature).encode()).hexdigest()[:12]
    suffix = ".md" if route.prefix else ".yaml"
    (out / f"{name}{suffix}").write_bytes(shrunk.case.raw)
    (out / f"{name}.orig{suffix}").write_bytes(verdict.case.raw)
    report = describe(seed, index, shrunk, limit=2000, replay=route.flag).replace(str(root), "<repo>")
    (out / f"{name}.txt").write_text(f"signature: {route.prefix}{verdict.signature}\n{report}\n", encoding="utf-8")


def replay(root: Path, args, route: Route) -> int:
    """One case again: its verdict printed, its file written to the output folder."""
    index = getattr(args, route.flag[2:].replace("-", "_"))
    case = route.make(args.seed, index)
    verdict = route.run(root, case)
    target = args.out / f"replay-{args.seed}-{route.flag[2:]}-{index}{'.md' if route.prefix else '.yaml'}"
    target.write_bytes(case.raw)
    print(describe(args.seed, index, verdict, replay=route.flag).replace(str(root), "<repo>"))
    print(f"退出码 {verdict.code};{len(verdict.faults)} 个问题;文件写在 {_shown(target)}。")
    return 1 if verdict.faults else 0


def _shown(path: Path) -> str:
    """A path relative to the current folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="catalog validate 的长时间模糊测试")
    parser.add_argument("--cases", type=int, default=5000, help="随机变异用例数")
    parser.add_argument("--issue-cases", type=int, default=2000, help="议题表单(catalog from-issue)用例数")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build-every", type=int, default=50, help="每多少个整个仓库没有错误的用例生成一次网站(0:不生成)")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "fuzz")
    parser.add_argument("--replay", type=int, metavar="N", help="只重放第 N 个随机变异用例")
    parser.add_argument("--replay-confusion", type=int, metavar="N", help="只重放第 N 个类型混淆用例")
    parser.add_argument("--replay-issue", type=int, metavar="N", help="只重放第 N 个议题表单用例")
    parser.add_argument("--no-shrink", action="store_true", help="不缩减复现文件")
    return parser


if __name__ == "__main__":
    sys.exit(main())
