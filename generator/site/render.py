"""Render stage: ready-made views for the templates, and the templates themselves.

Templates get plain values and finished links; they never join or look anything up. Jinja
escapes every value (autoescape) and a misspelt variable is an error, not an empty string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..core import city, layout, sharing
from ..core.policy import Version
from ..model import requeststatus as rv
from ..model.catalog import FOUND_TRUE, Catalog, Feedback, Item, Resource, SharingRequest, Wanted
from ..model.history import Told
from ..quality.criteria import MAXIMUM
from ..quality.scores import EntryScore
from ..read.registry import Unit

TEMPLATES = layout.TEMPLATES / "pages"
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)


def safe_href(url: str) -> str:
    """The URL when it is a plain http(s) address, else "" (defence in depth: the validator refuses others)."""
    return url if _SAFE_URL.match(url or "") else ""


def environment(rules: RulesView | None = None) -> Environment:
    """The Jinja environment for page bodies; `rules` (the sharing rules in force) for the pages that cite them."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    env.globals["city"] = city.template_values()  # the city's name, for every page
    env.globals["card_columns"] = card_columns
    if rules is not None:
        env.globals["rules"] = rules  # the regulation, its articles and time limits, as registry/policy.yaml says
    return env


def card_columns(labels: list[str]) -> Markup:
    """The style attribute of a card table: its column names as --c1, --c2 … , which site.css shows beside each
    value when a row is a card (on a phone). Written once a table, not in every cell: an entry with 30 info items
    would otherwise carry its five column names 30 times, on every page of a city of 50,000 entries."""
    names = ";".join(f"--c{number}:{css_string(label)}" for number, label in enumerate(labels, 1))
    return Markup(f' style="{names}"')  # css_string leaves nothing HTML would read: no quote, &, < or >


_CSS_ESCAPED = frozenset("'\"\\<>&")


def css_string(text: str) -> str:
    """`text` as a CSS string: quotes, backslashes, markup characters and control characters escaped."""
    return "'" + "".join(f"\\{ord(c):x} " if c in _CSS_ESCAPED or c < " " or c == "\x7f" else c for c in text) + "'"


@dataclass(frozen=True)
class RulesView:
    """What pages say of the sharing rules in force: the regulation, the articles they cite, the time limits."""

    regulation: str  # 《常德市政府数据资源共享管理暂行办法》
    articles: tuple[tuple[str, str], ...]  # topic -> 第十二条
    limits: tuple[str, ...]  # each time limit in a sentence, with its article
    overdue: str  # what the overdue list holds, in a phrase
    provision: str  # the label of the median provision time: 个工作日:业务库数据从通知到提供的中位数

    def article(self, *topics: str) -> str:
        """「第二十八条、第三十条」: the articles cited on these topics ("" for none)."""
        return "、".join(dict.fromkeys(a for t in topics if (a := dict(self.articles).get(t, ""))))

    def cite(self, *topics: str) -> str:
        """「(第十二条、第十三条)」 at the end of a sentence, "" when the rules cite no article on these topics."""
        named = self.article(*topics)
        return f"({named})" if named else ""


def rules_view(rules: Version) -> RulesView:
    """The sharing rules of a version as the pages word them."""
    limits = tuple(f"{limit.scope},{limit.who}应在收到{limit.start_noun}之日起 {limit.span}内{limit.task}"
                   f"{_cited(limit.article)}" for limit in rules.limits)
    overdue = ";".join(f"未在收到{limit.start_noun}之日起 {limit.span}内{limit.act}的{limit.scope}{_cited(limit.article)}"
                       for limit in rules.limits) or "未在期限内办理的共享申请"
    provided = next((limit for limit in rules.limits if sharing.PROVIDED in limit.ends), None)
    provision = (f"个{provided.calendar}:{provided.scope}从{provided.start_noun}到{provided.act}的中位数" if provided
                 else "个工作日:提供用时的中位数")
    return RulesView(rules.regulation.name, rules.articles, limits, overdue, provision)


def _cited(article: str) -> str:
    return f"({article})" if article else ""


@dataclass(frozen=True)
class LinkView:
    """A finished link."""

    href: str
    text: str


@dataclass(frozen=True)
class ItemView:
    """One info item as its row shows it: every cell a text, "—" where the entry gives nothing."""

    name: str
    type: str
    length: str  # 18; 10(小数 2 位) for a number with decimals
    description: str


def item_view(item: Item) -> ItemView:
    """An info item's row, its length with its decimals spelled out."""
    length = "—" if item.length is None else str(item.length)
    if item.length is not None and item.precision is not None:
        length += f"(小数 {item.precision} 位)"
    return ItemView(item.name, item.type, length, item.description or "—")


@dataclass(frozen=True)
class ChangeView:
    """One change of an entry: when, and what it did to the entry."""

    date: str
    text: str


@dataclass(frozen=True)
class RequestRow:
    """One sharing request or objection in the list of a unit or of a resource."""

    id: str
    kind: str
    counterpart: LinkView  # the other unit: the provider of a request made, the applicant of one received
    resources: tuple[LinkView, ...]
    status: str
    proposed: str
    changed: str  # the date of the latest step
    due: str  # the Art. 17 deadline, "" when there is none
    reason: str  # why it was 驳回 or 维持不予共享, else ""


@dataclass(frozen=True)
class UseView:
    """A unit that uses a resource through a granted request (Art. 11, 18)."""

    unit: LinkView
    items: str
    since: str
    status: str
    request: str


@dataclass(frozen=True)
class FeedbackView:
    """A data-error report on a resource (Art. 22) and where it stands."""

    id: str
    reporter: LinkView
    problem: str
    description: str
    reported: str
    status: str


def feedback_view(report: Feedback) -> FeedbackView:
    """A report as the resource page lists it: 待核实, 属实,待纠正, 已纠正 or 经核实数据无误."""
    if not report.verified:
        status = "待核实"
    elif report.verdict != FOUND_TRUE:
        status = f"经核实数据无误({report.verified})"
    elif report.corrected:
        status = f"已纠正({report.corrected})"
    else:
        status = f"核实属实({report.verified}),待纠正"
    return FeedbackView(report.id, LinkView(unit_href(report.reporter.id, 2), report.reporter.name), report.problem,
                        report.description, report.reported, status)


@dataclass(frozen=True)
class QualityView:
    """An entry's quality score (generator.quality) and what would raise it, ready to print."""

    score: int
    maximum: int
    rating: str
    advice: tuple[tuple[int, str], ...]  # (points, hint) of each missing criterion, in the criteria's order
    method_href: str


def quality_view(score: EntryScore, depth: int) -> QualityView:
    """An entry's score as its page shows it, the method page linked from a page `depth` folders deep."""
    return QualityView(score.score, MAXIMUM, score.rating, tuple((c.points, c.hint) for c in score.missing),
                       "../" * depth + QUALITY_METHOD)


QUALITY_METHOD = "quality/"  # docs/quality.md: the criteria, points and ratings


@dataclass(frozen=True)
class ResourceView:
    """Everything a resource page shows, ready to print."""

    name: str
    code: str
    summary: str
    sharing_type: str
    sharing_class: str
    database: str
    subclass: str
    open: str
    fields: tuple[tuple[str, str], ...]
    provider_name: str
    provider_href: str
    conditions: str
    legal_basis: tuple
    items: tuple[ItemView, ...]
    related: tuple[LinkView, ...]
    links: tuple[LinkView, ...]
    history: tuple[ChangeView, ...]
    created: str
    changed: str
    request_href: str
    report_href: str
    json_href: str  # the entry as its file states it, for programs (api/resources/<code>.json)
    uses: tuple[UseView, ...] = ()
    requests: tuple[RequestRow, ...] = ()  # requests for it that are not (or not yet) in the shared catalog
    feedback: tuple[FeedbackView, ...] = ()
    quality: QualityView | None = None


SHARING_CLASS = {sharing.UNCONDITIONAL: "open", sharing.CONDITIONAL: "conditional", sharing.NONSHARED: "closed"}


def resource_href(code: str, depth: int) -> str:
    """Relative link to a resource page from a page `depth` folders deep."""
    return "../" * depth + f"resources/{quote(code)}/"


def unit_href(unit_id: str, depth: int) -> str:
    """Relative link to a unit page."""
    return "../" * depth + f"units/{quote(unit_id)}/"


def resource_view(resource: Resource, catalog: Catalog, history: tuple[Told, ...], issues_url: str,
                  score: EntryScore | None = None) -> ResourceView:
    """The view of one resource page (pages live two folders deep: resources/<code>/).

    Of the requests naming the resource, those granted show under 使用情况 (catalog.uses), the
    others as the resource's request record. `score` is its quality score, shown when given.
    """
    r = resource
    fields = (
        ("资源代码", r.code), *((("国家目录代码", r.national_code),) if r.national_code else ()), ("数据名称", r.name),
        ("资源分类", f"{r.database}库 / {r.subclass}({r.class_code})"),
        *((("国家目录分类", "、".join(f"{level}「{name}」" for level, name in r.national_class)),)
          if r.national_class else ()),
        ("共享类型", r.sharing_type), ("共享方式", "、".join(r.methods) or "—"), ("开放属性", r.open),
        *((("开放条件", r.open_conditions),) if r.open_conditions else ()),
        ("编码格式", r.format_type + (f"({r.format_detail})" if r.format_detail else "")),
        ("更新周期", r.update_cycle), ("发布日期", r.published), ("数据更新日期", r.updated),
        ("责任处室", r.department or "—"), ("关键词", "、".join(r.keywords) or "—"),
    )
    return ResourceView(
        name=r.name, code=r.code, summary=r.summary, sharing_type=r.sharing_type,
        sharing_class=SHARING_CLASS[r.sharing_type], database=r.database, subclass=r.subclass, open=r.open,
        fields=fields, provider_name=r.provider.name, provider_href=unit_href(r.provider.id, 2),
        conditions=r.conditions, legal_basis=r.legal_basis, items=tuple(item_view(i) for i in r.items),
        related=tuple(LinkView(resource_href(o.code, 2), f"{o.name}({o.provider.short_name},{o.code})")
                      for o in catalog.related[r.code]),
        links=tuple(LinkView(link.url, link.title) for link in r.links if safe_href(link.url)),
        history=tuple(ChangeView(c.date, c.text) for c in history),
        created=history[-1].date if history else "", changed=history[0].date if history else "",
        request_href=issue_link(issues_url, "sharing-request.yml", f"共享申请:{r.name}", r.code),
        report_href=issue_link(issues_url, "data-error.yml", f"数据纠错:{r.name}", r.code),
        json_href=f"../../api/resources/{quote(r.code)}.json",
        uses=tuple(use_view(request, wanted) for request, wanted in catalog.uses.get(r.code, ())),
        requests=tuple(request_row(q, q.applicant, 2) for q in catalog.requests_for.get(r.code, ())
                       if q.kind != sharing.REQUEST or not q.standing.granted),
        feedback=tuple(feedback_view(f) for f in catalog.feedback_on.get(r.code, ())),
        quality=quality_view(score, 2) if score else None,
    )


def use_view(request: SharingRequest, wanted: Wanted) -> UseView:
    """Who uses a resource, which of its items, since when."""
    return UseView(LinkView(unit_href(request.applicant.id, 2), request.applicant.name), "、".join(wanted.items),
                   request.standing.granted, rv.status_text(request.standing), request.id)


def request_row(request: SharingRequest, counterpart: Unit, depth: int) -> RequestRow:
    """A request as a row of a unit's or a resource's list, links relative to a page `depth` folders deep."""
    decided = rv.review(request)
    return RequestRow(
        id=request.id, kind=request.kind, counterpart=LinkView(unit_href(counterpart.id, depth), counterpart.name),
        resources=request_links(request, depth), status=rv.status_text(request.standing), proposed=request.proposed,
        changed=rv.last_step(request).date,
        due=rv.due_date(request), reason=decided.reason if decided else "",
    )


def request_links(request: SharingRequest, depth: int) -> tuple[LinkView, ...]:
    """Links to the resources a request names, each shown as 名称(代码); a retired one has no page to link."""
    return tuple(LinkView("" if w.resource.retired else resource_href(w.resource.code, depth),
                          f"{w.resource.name}({w.resource.code})") for w in request.wanted)


def issue_link(issues_url: str, template: str, title: str, code: str) -> str:
    fields = {"template": template, "title": title, "resource": code}
    return f"{issues_url}/new?" + "&".join(f"{name}={query_value(value)}" for name, value in fields.items())


def query_value(text: str) -> str:
    """`text` as a value in a link's query. What is not ASCII and shows as itself (Chinese) is written as it is: the
    browser sends it as UTF-8, which percent-encoding would spell out at three times the length (each resource page
    has two such links, 0.2 KB, 10 MB at 50,000 entries). Every other character is percent-encoded: ASCII other
    than letters, digits and -._~ (so & = # + % and blanks cannot end or split the value), and whatever does not
    show as itself (controls, format and separator characters such as U+3000 or a direction mark, private use)."""
    return "".join(c if ord(c) > 0x7F and c.isprintable() else quote(c, safe="", errors="replace") for c in text)


def render_resource(env: Environment, view: ResourceView) -> str:
    """The HTML body of a resource page."""
    return env.get_template("resource.html").render(r=view)
