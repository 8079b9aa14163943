"""The long fuzz run: `make fuzz` (thousands of cases; `make test` runs a few hundred).

    python bench/fuzz.py [--cases 5000] [--issue-cases 2000] [--seed 1] [--build-every 50] [--out bench/out/fuzz]
    python bench/fuzz.py --seed S --replay N          # one case again, written out with its verdict
    python bench/fuzz.py --seed S --replay-issue N    # the same for an issue-form case

Each case is a seeded mutation of a valid file (tests/fuzzing.py, tests/mutators.py) validated in a
small repository under the oracle there. Every `--build-every`-th case that leaves the whole
repository clean is also built into a site, since whatever validates must build. Then mutated
issue-form bodies go through `catalog from-issue`. Prints the figures (cases, failing cases,
distinct failures by signature) and writes one reproducer per distinct failure to the output
folder, named by its signature's hash: the file shrunk to the lines that still fail the same way
(`.yaml`), the file as generated (`.orig.yaml`) and what failed (`.txt`).
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from fuzzing import (TODAY, Case, Fault, Verdict, case_for, describe, exception_fault, issue_case_for,  # noqa: E402
                     make_repo, run_case, run_issue_case)

from generator.build import build_site  # noqa: E402
from generator.validate import validate  # noqa: E402

SHRINK_TRIES, SHRINK_SECONDS = 300, 60.0  # spent shrinking one reproducer (a slow case costs seconds a try)


def main() -> int:
    """Run the cases, print the figures and write the reproducers; exit 1 when anything failed."""
    args = _parser().parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp))
        if args.replay is not None or args.replay_issue is not None:
            return replay(root, args)
        started = time.perf_counter()
        found, first, clean, built = run_all(Path(tmp), root, args)
        for sig, (index, verdict) in first.items():
            write(args.out, args.seed, index, root, shrink(root, verdict) if not args.no_shrink else verdict, verdict)
    print(f"种子 {args.seed}:{args.cases} 个目录文件用例(其中 {clean} 个整个仓库没有错误,生成网站 {built} 次)、"
          f"{args.issue_cases} 个议题表单用例,{time.perf_counter() - started:.0f} 秒;"
          f"{sum(found.values())} 个用例失败,{len(found)} 种不同的失败。")
    for sig, count in found.most_common():
        print(f"  {count:5d}  {sig}")
    if found:
        print(f"复现文件({len(first)} 个)写在 {_shown(args.out)}/。")
    return 1 if found else 0


def run_all(tmp: Path, root: Path, args) -> tuple[Counter, dict, int, int]:
    """Every case of the run: failures counted by signature, the first case of each kept."""
    found, first, clean, built = Counter(), {}, 0, 0
    for index in range(args.cases):
        verdict = run_case(root, case_for(args.seed, index))
        if not verdict.faults and verdict.clean:
            clean += 1
            if args.build_every and clean % args.build_every == 1:
                verdict.faults += built_faults(tmp, verdict.case)
                built += 1
        if verdict.faults:
            found[verdict.signature] += 1
            first.setdefault(verdict.signature, (index, verdict))
        if (index + 1) % 500 == 0:  # a long run shows that it is moving
            print(f"  {index + 1} 个用例,{sum(found.values())} 个失败", file=sys.stderr, flush=True)
    for index in range(args.issue_cases):  # the issue-form route, on the same repository
        verdict = run_issue_case(root, issue_case_for(args.seed, index))
        if verdict.faults:
            verdict.case.how = "issue form: " + verdict.case.how
            found["from-issue: " + verdict.signature] += 1
            first.setdefault("from-issue: " + verdict.signature, (index, verdict))
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
    except Exception as exc:  # noqa: BLE001 - any exception is the finding
        return [exception_fault("validates clean, then the build fails:", exc)]
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)
    return [Fault("validates clean, but does not build", "; ".join(problems)[:300])] if problems else []


def shrink(root: Path, verdict: Verdict) -> Verdict:
    """The failing file with as many lines removed, and long lines cut, as keep the same signature."""
    if verdict.case.how.startswith("issue form"):
        return verdict  # an issue-form body is not shrunk: its sections hang together
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
    text = raw.decode("utf-8") if _utf8(raw) else raw
    again = run_case(root, Case(verdict.case.place, text, verdict.case.how + "; shrunk"))
    return again if again.signature == verdict.signature else None


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def write(out: Path, seed: int, index: int, root: Path, shrunk: Verdict, verdict: Verdict) -> None:
    """One reproducer: the shrunk file, the file as generated, and what failed (no path of this machine)."""
    name = hashlib.sha256(verdict.signature.encode()).hexdigest()[:12]
    issue = verdict.case.how.startswith("issue form")
    suffix = ".md" if issue else ".yaml"
    (out / f"{name}{suffix}").write_bytes(shrunk.case.raw)
    (out / f"{name}.orig{suffix}").write_bytes(verdict.case.raw)
    replay = "--replay-issue" if issue else "--replay"
    report = describe(seed, index, shrunk, limit=2000, replay=replay).replace(str(root), "<repo>")
    (out / f"{name}.txt").write_text(f"signature: {verdict.signature}\n{report}\n", encoding="utf-8")


def replay(root: Path, args) -> int:
    """One case again: its verdict printed, its file written to the output folder."""
    issue = args.replay_issue is not None
    index = args.replay_issue if issue else args.replay
    case = issue_case_for(args.seed, index) if issue else case_for(args.seed, index)
    verdict = run_issue_case(root, case) if issue else run_case(root, case)
    target = args.out / f"replay-{args.seed}-{'issue-' if issue else ''}{index}{'.md' if issue else '.yaml'}"
    target.write_bytes(case.raw)
    print(describe(args.seed, index, verdict, replay="--replay-issue" if issue else "--replay").replace(str(root), "<repo>"))
    print(f"退出码 {verdict.code};{len(verdict.faults)} 个问题;文件写在 {_shown(target)}。")
    return 1 if verdict.faults else 0


def _shown(path: Path) -> str:
    """A path as the user gave it, relative to the current folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="catalog validate 的长时间模糊测试")
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--issue-cases", type=int, default=2000, help="议题表单(catalog from-issue)用例数")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build-every", type=int, default=50, help="每多少个整个仓库没有错误的用例生成一次网站(0:不生成)")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "fuzz")
    parser.add_argument("--replay", type=int, metavar="N", help="只重放第 N 个目录文件用例")
    parser.add_argument("--replay-issue", type=int, metavar="N", help="只重放第 N 个议题表单用例")
    parser.add_argument("--no-shrink", action="store_true", help="不缩减复现文件")
    return parser


if __name__ == "__main__":
    sys.exit(main())
