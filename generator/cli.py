"""The `catalog` command: parses arguments into a plan, then hands it to the pipeline."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .core import city, layout
from .core.problems import Refused
from .core.workdays import beijing_today

USAGE_ERROR = 2


class ChineseParser(argparse.ArgumentParser):
    """argparse that reports usage errors in Chinese with exit code 2."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"{self.prog}: 参数错误:{message}\n")


@dataclass(frozen=True)
class ValidatePlan:
    """What `catalog validate` was asked to do."""

    root: Path
    paths: list[str] | None
    output_format: str
    cache_file: Path | None
    today: datetime.date
    jobs: int | None = None
    quality: bool = False  # also print each checked entry's quality score


def build_parser() -> ChineseParser:
    """The argument parser of every subcommand."""
    parser = ChineseParser(prog="catalog", description=f"{city.CATALOG_TITLE}工具:校验目录条目、生成目录网站。")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)
    commands.required = True
    validate = commands.add_parser("validate", help="校验目录条目和单位登记表",
                                   description="校验目录文件。给出文件时只报告这些文件的问题,"
                                               "但唯一性、关联资源、一数一源等跨文件规则仍对照整个目录检查。")
    validate.add_argument("paths", nargs="*", metavar="路径", help="要报告的文件或文件夹(默认:整个目录)")
    validate.add_argument("--format", dest="output_format", choices=("text", "github", "json"), default="text",
                          help="输出格式:text(默认,编译器风格)、github(注释和作业摘要)、json")
    validate.add_argument("--root", type=Path, help="目录仓库根目录(默认:向上查找含 registry/units.yaml 的目录)")
    validate.add_argument("--no-cache", action="store_true", help="不读写按内容缓存的单文件结果")
    validate.add_argument("--cache-file", type=Path, help="缓存文件位置(默认:<根目录>/.cache/validate.json)")
    validate.add_argument("--today", type=_date, help="以此日期(YYYY-MM-DD)判断「未来日期」,默认今天")
    validate.add_argument("--jobs", type=int, metavar="N", help="并行检查的进程数(默认:CPU 核数;1 表示不并行)")
    validate.add_argument("--quality", action="store_true",
                          help="校验之后列出每个目录条目的元数据质量得分、等级和可提高的地方(json 格式写在 quality 中)")
    build = commands.add_parser("build", help="生成静态网站(site/)", description="用 mkdocs-material 生成目录网站。")
    build.add_argument("--root", type=Path, help="目录仓库根目录(默认:向上查找含 registry/units.yaml 的目录)")
    build.add_argument("--site-dir", type=Path, help="输出目录(默认:<根目录>/site)")
    serve = commands.add_parser("serve", help="本地预览网站(修改后自动刷新)", description="本地预览目录网站。")
    serve.add_argument("--root", type=Path, help="目录仓库根目录")
    _add_new(commands)
    _add_review(commands)
    _add_fix(commands)
    _add_diff(commands)
    return parser


def _add_diff(commands) -> None:
    diff = commands.add_parser("diff", help="用中文说明两个版本之间目录的变化(供审核)",
                               description="比较两个版本(提交、分支或标签;不给 HEAD 时比较工作区):逐项资源、共享申请、"
                                           "数据纠错和单位列出新增、删除、移动、改名和每个字段的新旧值,标出办法关注的变化,"
                                           "以及这次修改在未改动的文件中引起的新问题。")
    diff.add_argument("base", metavar="BASE", help="比较的起点,例如 origin/main")
    diff.add_argument("head", nargs="?", metavar="HEAD", help="比较的终点(默认:工作区)")
    diff.add_argument("--format", dest="output_format", choices=("text", "markdown", "json"), default="text",
                      help="输出格式:text(默认)、markdown(作业摘要和拉取请求评论)、json")
    diff.add_argument("--root", type=Path, help="目录仓库根目录(默认:向上查找含 registry/units.yaml 的目录)")
    diff.add_argument("--today", type=_date, help="以此日期(YYYY-MM-DD)判断逾期和未来日期,默认今天")


def _add_fix(commands) -> None:
    fix = commands.add_parser("fix", help="自动改正校验指出的机械问题(加引号、Tab 缩进、全角冒号)",
                              description="自动改正校验能机械改正的问题:要求文字、却会被其他 YAML 工具读成数字、"
                                          "布尔值或日期的值,加上引号;行首的 Tab 缩进换成空格,字段名后的全角冒号"
                                          "换成半角冒号,冒号后补上空格。只改这些字符,注释和排版保持不变。")
    fix.add_argument("paths", nargs="*", metavar="路径", help="要改正的文件或文件夹(默认:整个目录)")
    fix.add_argument("--root", type=Path, help="目录仓库根目录(默认:向上查找含 registry/units.yaml 的目录)")
    fix.add_argument("--check", action="store_true", help="只列出要改的地方,不修改文件;有要改的地方时退出码为 1")


def _add_review(commands) -> None:
    owners = commands.add_parser("codeowners", help="由单位登记表生成 .github/CODEOWNERS",
                                 description="由单位登记表生成 .github/CODEOWNERS:各单位维护人负责本单位的文件夹,"
                                             "电子政务部门的审核人负责登记表、模式、生成工具和 .github/。")
    owners.add_argument("--check", action="store_true", help="只检查文件是否与登记表一致,不一致时退出码为 1")
    owners.add_argument("--root", type=Path, help="目录仓库根目录")
    ownership = commands.add_parser("check-ownership", help="检查作者能否修改这些文件",
                                    description="检查合并请求的作者是否只修改了本单位的文件;登记表和共用文件"
                                                "须由电子政务部门的审核人修改。")
    ownership.add_argument("--author", required=True, metavar="账号", help="合并请求作者的 GitHub 账号")
    ownership.add_argument("--team", dest="teams", action="append", default=[], metavar="团队",
                           help="作者所在的团队(@组织/团队),可重复给出")
    ownership.add_argument("--base", metavar="提交", help="合并请求的基准提交:按它读取登记表和原有申请")
    ownership.add_argument("--head", metavar="提交", help="合并请求的提交:从 git 读取改动后的文件(不读工作区),"
                                                       "在基准分支的检出中检查时使用")
    ownership.add_argument("--format", dest="output_format", choices=("text", "github", "json"), default="text",
                           help="输出格式")
    ownership.add_argument("--root", type=Path, help="目录仓库根目录")
    ownership.add_argument("files", nargs="*", metavar="文件", help="改动的文件(相对于仓库根目录)")
    issue = commands.add_parser("from-issue", help="把议题表单转为目录文件",
                                description="把提交的议题表单(新目录条目、共享申请、异议、数据纠错)转为放在正确位置的"
                                            "YAML 文件;表单有问题时输出可直接回复的中文说明,退出码为 1。")
    issue.add_argument("--body-file", type=Path, required=True, metavar="文件", help="议题正文(Markdown)所在的文件")
    issue.add_argument("--root", type=Path, help="目录仓库根目录")
    issue.add_argument("--today", type=_date, help="以此日期(YYYY-MM-DD)为申请或发布日期,默认今天")
    _add_excel(commands)
    report = commands.add_parser("report", help="年度共享报告", description=f"计算某一年的{city.NAME}政府数据资源共享报告"
                                 "(办法第二十八条、第三十条):全市概况、各单位评分和改进意见、应整改事项。过去的年份按该年年底的"
                                 "版本计算。")
    report.add_argument("--year", type=int, required=True, metavar="年份", help="报告年份,例如 2025")
    report.add_argument("--out", type=Path, metavar="文件夹", help="把报告表格(XLSX 和 CSV)写到这个文件夹")
    report.add_argument("--root", type=Path, help="目录仓库根目录")
    report.add_argument("--today", type=_date, help="以此日期为今天(YYYY-MM-DD):本年度的报告截止到这一天")


def _add_excel(commands) -> None:
    importer = commands.add_parser("import-xlsx", help="从电子表格导入本单位的目录条目",
                                   description="读取按国家政务信息资源目录模板填写的电子表格(资源目录表,可另附信息项表),"
                                               "每行写成一个目录条目文件;逐行报告无法对应的内容。")
    importer.add_argument("workbook", type=Path, metavar="文件", help=".xlsx 文件")
    importer.add_argument("--unit", required=True, metavar="单位标识", help="提供单位的单位标识,例如 gaj")
    importer.add_argument("--root", type=Path, help="目录仓库根目录")
    importer.add_argument("--today", type=_date, help="校验时以此日期为今天(YYYY-MM-DD)")
    importer.add_argument("--annotate", type=Path, metavar="文件",
                          help="把问题标在工作簿副本的单元格上(批注),并加一张「导入结果」表"
                               "(默认:有问题时写到原表旁边的 <原文件名>-导入结果.xlsx)")
    supplied = importer.add_argument_group("表中没有的列", "只在整张表缺少这一列时使用,为本表所有资源统一填写;不会填入表中的空格。")
    supplied.add_argument("--updated", type=_date, metavar="日期", help="数据更新日期(YYYY-MM-DD)")
    supplied.add_argument("--published", type=_date, metavar="日期", help="发布日期(YYYY-MM-DD)")
    supplied.add_argument("--class", dest="class_code", metavar="类别码", help="资源分类,写类别码(例如 J01)或「基础/人口」")
    supplied.add_argument("--declare-unclassified", action="store_true",
                          help="声明本表所有资源均不涉及国家秘密(是否涉密:否);这是单位的声明,不会替单位默认")
    exporter = commands.add_parser("export-xlsx", help="把本单位的目录条目导出为电子表格",
                                   description="把一个单位的全部目录条目按同样的表格格式导出,可修改后再导入。")
    exporter.add_argument("--unit", required=True, metavar="单位标识", help="单位标识,例如 gaj")
    exporter.add_argument("--out", type=Path, metavar="文件",
                          help=f"输出文件(默认:<根目录>/{layout.EXPORT_DIR}/<单位标识>.xlsx,git 不会提交它)")
    exporter.add_argument("--root", type=Path, help="目录仓库根目录")


def _add_new(commands) -> None:
    new = commands.add_parser("new", help="生成待填写的新文件", description="生成待填写的新文件。")
    kinds = new.add_subparsers(dest="kind", metavar="类型", parser_class=ChineseParser)
    kinds.required = True
    request = kinds.add_parser("request", help="共享申请", description="生成一份共享申请:列出所申请资源的全部信息项供删减,"
                                                                    "用途和履职依据留空待填。")
    request.add_argument("--from", dest="applicant", required=True, metavar="单位标识", help="申请单位的单位标识,例如 jyj")
    request.add_argument("--resource", dest="codes", required=True, action="append", metavar="资源代码",
                         help="申请的资源代码,可重复给出(须是同一提供单位的资源)")
    request.add_argument("--root", type=Path, help="目录仓库根目录(默认:向上查找含 registry/units.yaml 的目录)")
    request.add_argument("--today", type=_date, help="申请日期(YYYY-MM-DD),默认今天")
    resource = kinds.add_parser("resource", help="目录条目", description="生成一个目录条目:资源代码、提供单位和分类已填好,"
                                                                     "其余字段留空待填。")
    resource.add_argument("--unit", required=True, metavar="单位标识", help="提供单位的单位标识,例如 gaj")
    resource.add_argument("--class", dest="class_code", required=True, metavar="类别码",
                          help="资源分类的类别码,例如 J01(基础库 · 人口),见目录格式说明的类别码表")
    resource.add_argument("--root", type=Path, help="目录仓库根目录(默认:向上查找含 registry/units.yaml 的目录)")
    resource.add_argument("--today", type=_date, help="发布日期(YYYY-MM-DD),默认今天")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」不是 YYYY-MM-DD 格式的日期") from None


def find_root(start: Path) -> Path:
    """The nearest directory upwards that holds registry/units.yaml (else start)."""
    for candidate in (start, *start.parents):
        if (candidate / layout.REGISTRY).is_file():
            return candidate
    return start


def plan_validate(args: argparse.Namespace) -> ValidatePlan:
    """Resolve paths against the repository root; raise SystemExit(2) on bad paths."""
    root = (args.root or find_root(Path.cwd())).resolve()
    paths = None
    if args.paths:
        paths = []
        for given in args.paths:
            paths.extend(_expand(Path(os.path.abspath(given)), root))
    cache = None if args.no_cache else (args.cache_file or root / layout.VALIDATION_CACHE)
    if args.jobs is not None and args.jobs < 1:
        _usage_exit("--jobs 至少为 1。")
    return ValidatePlan(root, paths, args.output_format, cache, args.today or beijing_today(), args.jobs, args.quality)


def _expand(path: Path, root: Path) -> list[str]:
    if not path.exists():
        _usage_exit(f"找不到文件或文件夹:{path}")
    try:
        path.relative_to(root)
    except ValueError:
        _usage_exit(f"{path} 不在目录仓库 {root} 之内。")
    if not path.is_dir():
        return [path.relative_to(root).as_posix()]
    files = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return [f.relative_to(root).as_posix() for f in files]


def _usage_exit(message: str) -> None:
    sys.stderr.write(f"catalog: 参数错误:{message}\n")
    raise SystemExit(USAGE_ERROR)


def run_validate(plan: ValidatePlan) -> int:
    """Validate, report in the chosen format, return the exit code."""
    from .check.formats import REPORTERS
    from .check.validate import validate
    from .read.cache import ResultCache, fingerprint
    from .read.schema import SCHEMA_DIR

    cache = ResultCache(plan.cache_file, fingerprint(SCHEMA_DIR)) if plan.cache_file else None
    result = validate(plan.root, plan.paths, plan.today, cache, plan.jobs)
    if plan.quality:
        from .quality.files import file_scores, report_with_scores

        report_with_scores(plan.output_format, result, file_scores(plan.root, plan.paths, result, plan.today),
                           sys.stdout)
    else:
        REPORTERS[plan.output_format](result, sys.stdout)
    return 1 if result.errors else 0


INTERNAL_ERROR = 70  # EX_SOFTWARE
BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a tool whose reader went away


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script: users see a Chinese sentence, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        return dispatch(args)
    except Refused as exc:  # work that stops at a problem of the repository (its sharing rules cannot be read …)
        sys.stderr.write(f"catalog: {exc.problem.message}" + (f"\n提示:{exc.problem.hint}" if exc.problem.hint else "")
                         + "\n")
        return 1
    except BrokenPipeError:
        # The reader stopped reading (`catalog validate | head`): stop quietly, as Unix tools do, and keep
        # Python from reporting the unflushed output on its way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
    except Exception as exc:
        if os.environ.get("CATALOG_DEBUG"):
            raise
        sys.stderr.write(f"catalog: 内部错误,请把这一行报告给目录维护者:{type(exc).__name__}: {exc}\n"
                         "(设置环境变量 CATALOG_DEBUG=1 可看到完整的出错位置)\n")
        return INTERNAL_ERROR


def dispatch(args: argparse.Namespace) -> int:
    """Run the chosen subcommand."""
    if args.command == "validate":
        return run_validate(plan_validate(args))
    root = (args.root or find_root(Path.cwd())).resolve()
    if not (root / layout.REGISTRY).is_file():
        _usage_exit(f"{root} 不是目录仓库:找不到 {layout.REGISTRY}。用 --root 指定目录仓库的根目录。")
    if args.command == "build":
        return run_build(root, args.site_dir)
    if args.command == "new":
        return run_new(root, args, args.today or beijing_today())
    if args.command == "codeowners":
        return run_codeowners(root, args.check)
    if args.command == "check-ownership":
        return run_check_ownership(root, args)
    if args.command == "from-issue":
        return run_from_issue(root, args.body_file, args.today or beijing_today())
    if args.command == "report":
        return run_report(root, args.year, args.out, args.today or beijing_today())
    if args.command == "import-xlsx":
        return run_import_xlsx(root, args, args.today or beijing_today())
    if args.command == "diff":
        return run_diff(root, args.base, args.head, args.output_format, args.today or beijing_today())
    if args.command == "fix":
        paths = [p for given in args.paths for p in _expand(Path(os.path.abspath(given)), root)]
        return run_fix(root, paths or layout.discover(root, layout.DATA_DIRS), args.check)
    if args.command == "export-xlsx":
        return run_export_xlsx(root, args.unit, args.out or root / layout.EXPORT_DIR / f"{args.unit}.xlsx")
    from .site.build import serve_site
    serve_site(root)
    return 0


def run_build(root: Path, site_dir: Path | None) -> int:
    """Build the site; report mkdocs problems in Chinese."""
    from .site.build import build_site, site_size

    problems = build_site(root, site_dir)
    for problem in problems:
        sys.stderr.write(f"网站生成失败:{problem}\n")
    if not problems:
        size = site_size(site_dir or root / "site")
        sys.stdout.write(size.summary() + "\n")
        if size.warning():
            sys.stderr.write(f"警告:{size.warning()}\n")
    return 1 if problems else 0


def run_new(root: Path, args: argparse.Namespace, today: datetime.date) -> int:
    """Write a new request or entry file, then show what is still to fill in."""
    from .check.formats import report_text
    from .check.validate import validate
    from .intake.scaffold import ScaffoldError, new_request, new_resource
    from .intake.writing import write_new

    try:
        if args.kind == "request":
            path, text = new_request(root, args.applicant, args.codes, today)
        else:
            path, text = new_resource(root, args.unit, args.class_code, today)
    except ScaffoldError as exc:
        sys.stderr.write(f"catalog: {exc.problem.message}\n")
        return 1
    result = validate(root, [path], today, held={path: text.encode("utf-8")})  # what is still to fill in
    if not write_new(root / path, text):  # never over a clerk's file
        sys.stderr.write(f"catalog: 文件 {path} 已经存在,没有覆盖它。先运行 catalog validate 检查这个文件。\n")
        return 1
    sys.stdout.write(f"已生成 {path}。还需要填写的内容:\n")
    report_text(result, sys.stdout)
    return 0


def run_codeowners(root: Path, check: bool) -> int:
    """Write .github/CODEOWNERS from the registry, or only say whether it is stale."""
    from .review.ownership import OwnershipError, stale_codeowners, write_codeowners

    try:
        if check:
            stale = stale_codeowners(root)
            sys.stdout.write((stale or ".github/CODEOWNERS 与单位登记表一致。") + "\n")
            return 1 if stale else 0
        changed = write_codeowners(root)
    except OwnershipError as exc:
        sys.stderr.write(f"catalog: {exc.problem.message}\n")
        return 1
    sys.stdout.write("已更新 .github/CODEOWNERS。\n" if changed else ".github/CODEOWNERS 已是最新。\n")
    return 0


def run_check_ownership(root: Path, args: argparse.Namespace) -> int:
    """Report files the author may not change, in the chosen format."""
    from .check.formats import REPORTERS
    from .check.validate import Result
    from .review.ownership import OwnershipError, check_ownership

    try:
        problems = check_ownership(root, args.author, args.files, args.teams, args.base, args.head)
    except OwnershipError as exc:
        sys.stderr.write(f"catalog: {exc.problem.message}\n")
        return 1
    result = Result(sorted(problems), len(args.files))
    REPORTERS[args.output_format](result, sys.stdout)
    return 1 if result.errors else 0


def run_from_issue(root: Path, body_file: Path, today: datetime.date) -> int:
    """Turn an issue-form body into a file; print the comment to post either way."""
    from .intake.issueforms import from_issue

    try:
        body = body_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        sys.stderr.write(f"catalog: 无法读取议题正文 {body_file}:{exc}\n")
        return 1
    result = from_issue(root, body, today)
    sys.stdout.write(result.message.rstrip("\n") + "\n")
    return 0 if result.ok else 1


def run_import_xlsx(root: Path, args: argparse.Namespace, today: datetime.date) -> int:
    """Import a unit's spreadsheet: each resource is written whole or not at all; one line per kind of problem."""
    from .check.formats import terminal_text
    from .intake.excel import annotate, annotated_path, import_xlsx, report_lines, summary_line, supplied_values

    supplied, problem = supplied_values(args.updated, args.published, args.class_code, args.declare_unclassified)
    if problem:
        _usage_exit(problem)
    result = import_xlsx(root, args.workbook, args.unit, supplied, today)
    sys.stdout.write(terminal_text(report_lines(result)))  # sheet names and cells are the unit's text
    sys.stdout.write(summary_line(result) + "\n")
    answer = args.annotate or (annotated_path(args.workbook) if result.problems else None)
    if answer and result.opened:
        annotate(args.workbook, answer, result)
        sys.stdout.write(terminal_text([f"问题已标在工作簿副本 {answer} 的单元格上,改正后可再导入。"]))
    elif args.annotate:
        sys.stdout.write(terminal_text([f"没有写 {args.annotate}:这个工作簿无法整个读入(见上面的问题),请按上面的提示改正。"]))
    return 1 if result.refused or any(p.severity.value == "error" for p in result.problems) else 0


def run_export_xlsx(root: Path, unit: str, out: Path) -> int:
    """Write a unit's entries as a spreadsheet in the import layout."""
    from .check.formats import report_text
    from .check.validate import Result
    from .intake.excel import export_xlsx

    result = export_xlsx(root, unit, out)
    if result.problems:  # unreadable entries are left out and listed; an unknown unit writes nothing
        report_text(Result(sorted(result.problems), result.resources), sys.stderr)
    if result.path.is_file():
        sys.stdout.write(f"已导出 {result.resources} 项资源、{result.items} 个信息项到 {result.path}。\n")
    return 1 if any(p.severity.value == "error" for p in result.problems) else 0


def run_diff(root: Path, base: str, head: str | None, output_format: str, today: datetime.date) -> int:
    """Print what changed between two versions; 2 when they cannot be compared."""
    from .check.formats import terminal_text
    from .review.diff import DiffError, catalog_diff
    from .review.diffreport import REPORTS

    try:
        diff = catalog_diff(root, base, head, today)
    except DiffError as exc:
        sys.stderr.write(terminal_text([f"catalog: {exc.problem.message}{exc.problem.hint}"]))
        return USAGE_ERROR
    sys.stdout.write(REPORTS[output_format](diff))
    return 0


def run_fix(root: Path, paths: list[str], check_only: bool) -> int:
    """Apply (or with check_only list) the mechanical fixes; a file that cannot be read is named, not changed."""
    from .check.formats import terminal_text
    from .intake.fix import fix_files

    results = fix_files(root, paths, write=not check_only)
    lines = [f"{edit.path}:{edit.line}:{edit.column}: {edit.before} → {edit.after}"
             for result in results for edit in result.edits]
    lines += [f"{r.path}:{r.refused.line}:{r.refused.column}: 没有修改:{r.refused.message}" for r in results if r.refused]
    edits = sum(len(r.edits) for r in results)
    changed = sum(1 for r in results if r.edits)
    verb = "需要修改" if check_only else "修改了"
    refused = sum(1 for r in results if r.refused)
    lines.append((f"{verb} {changed} 个文件,共 {edits} 处" if edits else "没有自动修改任何文件")
                 + (f";{refused} 个文件不能自动修改,见上面的说明。" if refused else "。"))
    sys.stdout.write(terminal_text(lines))
    return 1 if (check_only and edits) or any(r.refused for r in results) else 0


def run_report(root: Path, year: int, out: Path | None, today: datetime.date) -> int:
    """Print the year's report; with --out, write its tables too."""
    from .annual import annual_report
    from .check.validate import validate
    from .model.snapshot import state_at, warnings_by_unit
    from .site.reportpages import report_downloads, report_text

    if year > today.year:
        _usage_exit(f"{year} 年还没有开始。")
    checked = validate(root, today=today, warnings=False)
    if checked.errors:
        sys.stderr.write(f"catalog: 目录校验发现 {checked.errors} 个错误,先运行 catalog validate 并改正后再生成报告。\n")
        return 1
    # As the site does: this year's entry warnings count; a past year's are not known any more.
    warnings = warnings_by_unit(checked.problems) if year == today.year else None
    with state_at(root, year, today) as snapshot:
        report = annual_report(snapshot.catalog, year, snapshot.as_of, note=snapshot.note, warnings=warnings)
    sys.stdout.write(report_text(report))
    if out:
        for name, data in report_downloads(report).items():
            target = out / name.removeprefix("reports/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        sys.stdout.write(f"报告表格已写到 {out}。\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
