"""Static SVG charts for the annual sharing report, written out as strings for inline embedding.

Why hand-written SVG and not a charting library: the report is a static page read on government
networks that may block CDNs, and a chart must show with scripts off. An inline SVG needs neither
a request nor a script, scales with `viewBox`, and reaches screen readers through `<title>` and
`<desc>`.

Why so much care with text: every label comes from a catalog file, and the markup is put into a
Jinja template with `|safe`. So every piece of text passes through `_text()` (drop what XML cannot
carry, collapse white space) and `_escape()`, and nothing but fixed names, sanitised ids and
numbers ever lands in an attribute. The only elements written are those in `ELEMENTS`: nothing
points outside the chart, there are no scripts, images, foreign objects or event attributes.

Why fixed colours and a background: the site loads no web fonts and may sit on any theme, so the
chart brings its own white card and text colours that pass WCAG contrast on it (4.5:1 for text,
3:1 for bars). Colour never carries meaning: there is one series per chart and every value is
printed as text. Every part has a `cd-chart__…` class so the site stylesheet can restyle it (CSS
wins over presentation attributes).

Output is deterministic (same input, same bytes) so rebuilt pages only change when the data does.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

FONT_FAMILY = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif'
ELEMENTS = frozenset({"svg", "g", "rect", "line", "text", "title", "desc", "tspan", "path"})
EMPTY_TEXT = "暂无数据"
ELLIPSIS = "…"

BACKGROUND = "#ffffff"
TEXT_COLOUR = "#1f2328"  # 15.8:1 on white
MUTED_COLOUR = "#4b5563"  # 7.6:1 on white, for secondary text
AXIS_COLOUR = "#6b7280"  # 4.8:1 on white
BAR_COLOUR = "#1d5fa0"  # 6.4:1 on white, more than the 3:1 a bar needs

FONT_SIZE = 13
TITLE_SIZE = 15
SMALL_SIZE = 11
PAD = 12
BAR_HEIGHT = 18
ROW_GAP = 10
LABEL_UNITS = 12  # labels longer than twelve Chinese characters are cut
GAP = 6
MIN_PLOT_WIDTH = 40

_ID_UNSAFE = re.compile(r"[^a-z0-9]+")
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACES = re.compile(r"\s+")


# ----------------------------------------------------------------------------------- public API

def bar_chart(title: str, bars: Sequence[tuple[str, float]], unit: str = "", max_value: float | None = None,
              width: int = 640, *, chart_id: str) -> str:
    """Horizontal bars, one per label, scaled from 0, the value printed at each bar's end.

    Horizontal because Chinese labels of up to twelve characters stay readable beside a bar and
    the chart simply grows downward with more bars. `max_value` lets several charts share a scale;
    a value above it widens the scale rather than running off the chart.
    """
    items = [(_text(label), _value(value)) for label, value in bars]
    shown = [_quantity(value, unit) for _, value in items]
    desc = _summary(title, [f"{label} {text}" for (label, _), text in zip(items, shown, strict=True)])
    if not items:
        return _empty_chart("bar", chart_id, title, desc, width)
    return _plain_bars("bar", chart_id, title, desc, width, items, shown, _scale([v for _, v in items], max_value))


def histogram(title: str, values: Sequence[float], bins: Sequence[tuple[float, float, str]], unit: str = "",
              width: int = 640, *, chart_id: str, count_unit: str = "个") -> str:
    """How many values fall in each bin (e.g. fulfilment time in working days), counts printed.

    Bins are inclusive at both ends, as their labels read ("0–5", "6–10" of whole working days), and
    a value goes to the first bin that holds it. `unit` is the unit of the values, stated once under
    the chart and in the summary, since it reads badly after labels like "10 以上". Values outside
    every bin are not dropped silently: the note and the summary say how many. Drawn as horizontal
    bars for the same reason as `bar_chart`.
    """
    values = list(values)
    ranges = [(_bound(low), _bound(high), _text(label)) for low, high, label in bins]
    counts, outside = _bin_counts(values, ranges)
    items = [(label, float(count)) for (_, _, label), count in zip(ranges, counts, strict=True)]
    shown = [_quantity(count, count_unit) for count in counts]
    notes = [f"区间单位:{_text(unit)}"] if _text(unit) else []
    notes += [f"另有 {_quantity(outside, count_unit)}不在以上区间"] if outside else []
    parts = [f"{label}:{text}" for (label, _), text in zip(items, shown, strict=True)] if values else []
    desc = _summary(title, parts, notes)
    if not values or not ranges:
        return _empty_chart("histogram", chart_id, title, desc, width)
    return _plain_bars("histogram", chart_id, title, desc, width, items, shown, _scale(counts, None), notes)


def chart_dom_id(chart_id: str) -> str:
    """The id of a chart's `<svg>`; its `<title>` and `<desc>` add `-title` and `-desc`.

    Only [a-z0-9-] survives, so the id is safe in an attribute and in a CSS selector. When
    sanitising changed anything (a Chinese id, capitals, spaces), a short hash of the original is
    added so two different ids the caller gave cannot collapse into one.
    """
    raw = str(chart_id)
    safe = _ID_UNSAFE.sub("-", raw.lower()).strip("-")
    if safe != raw or not safe:
        digest = hashlib.sha1(raw.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
        safe = f"{safe}-{digest}" if safe else digest
    return f"cd-chart-{safe}"


def format_number(value: float) -> str:
    """Integers without decimals, anything else to one decimal, rounding halves up.

    Half-up rather than Python's round-half-even, because a reader checking 2.25 expects 2.3. A
    value that rounds to a whole number prints as one ("2", not "2.0").
    """
    rounded = Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return str(int(rounded))
    return str(rounded)


# ------------------------------------------------------------------------------------ data

def _value(value: float) -> float:
    """A bar's value: scales start at 0, so a negative, infinite or missing value is a caller's bug."""
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"chart values must be finite and not negative, got {value!r}")
    return number


def _bound(value: float) -> float:
    """A bin bound: may be infinite ("10 以上"), never NaN."""
    number = float(value)
    if math.isnan(number):
        raise ValueError("a bin bound cannot be NaN")
    return number


def _scale(values: Iterable[float], max_value: float | None) -> float:
    """The value at the full bar width; 1 when everything is zero so zero bars have zero width."""
    top = max([*values, 0.0, _value(max_value) if max_value is not None else 0.0])
    return top or 1.0


def _bin_counts(values: Iterable[float], ranges: Sequence[tuple[float, float, str]]) -> tuple[list[int], int]:
    """Counts per bin (first bin that holds a value wins) and how many values no bin holds."""
    for low, high, _ in ranges:
        if low > high:
            raise ValueError(f"bin ({low}, {high}) ends before it starts")
    counts, outside = [0] * len(ranges), 0
    for value in values:
        number = float(value)
        index = next((i for i, (low, high, _) in enumerate(ranges) if low <= number <= high), None)
        if index is None:
            outside += 1
        else:
            counts[index] += 1
    return counts, outside


def _quantity(value: float, unit: str) -> str:
    """`120 项`, `12.5%`: a space before a word unit, none before a percent sign."""
    unit = _text(unit)
    if not unit:
        return format_number(value)
    space = "" if unit[0] in "%‰" else " "
    return f"{format_number(value)}{space}{unit}"


def _summary(title: str, parts: Sequence[str], notes: Sequence[str] = (), separator: str = ",") -> str:
    """The `<desc>`: the title and every value in words, so a screen reader gets the whole chart."""
    body = separator.join(parts) if parts else EMPTY_TEXT
    return f"{_text(title)}:{';'.join([body, *notes])}。"


# ------------------------------------------------------------------------------------ text

def _text(value: object) -> str:
    """Text fit for XML: characters XML 1.0 cannot carry become U+FFFD, white space runs become one space.

    Escaping alone is not enough: a NUL or a lone surrogate in a catalog label would make the
    whole page ill-formed, and no entity can express it.
    """
    return _SPACES.sub(" ", _XML_INVALID.sub("\ufffd", str(value))).strip()


def _escape(text: str) -> str:
    """Escape for both element content and double-quoted attributes (`]]>` becomes `]]&gt;`)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def _units(char: str) -> float:
    """Display width in Chinese-character widths: wide and full-width characters 1, others ½."""
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5


def _truncate(text: str, limit: float = LABEL_UNITS) -> str:
    """Cut `text` to `limit` character widths, the last one being `…`; unchanged if it fits."""
    if sum(_units(c) for c in text) <= limit:
        return text
    kept, used = [], 0.0
    for char in text:
        if used + _units(char) > limit - 1:
            break
        kept.append(char)
        used += _units(char)
    return "".join(kept).rstrip() + ELLIPSIS


def _text_width(text: str, size: float) -> float:
    """Estimated pixel width without font metrics; narrow characters are counted generously (0.6 em)."""
    return sum(size if _units(c) == 1 else size * 0.6 for c in text)


def _num(value: float) -> str:
    """A coordinate to one decimal without a trailing `.0`, for short and stable markup."""
    return format_number(value)


# ------------------------------------------------------------------------------------ markup

def _el(tag: str, attrs: dict[str, object], children: str | None = None) -> str:
    """One element. Attribute names are fixed in this module; values are escaped all the same."""
    assert tag in ELEMENTS, tag
    rendered = "".join(f' {name}="{_escape(str(value))}"' for name, value in attrs.items())
    if children is None:
        return f"<{tag}{rendered}/>"
    return f"<{tag}{rendered}>{children}</{tag}>"


def _g(css_class: str, children: Sequence[str]) -> str:
    return _el("g", {"class": css_class}, "".join(children))


def _text_el(css_class: str, x: float, y: float, content: str, size: int = FONT_SIZE, fill: str = TEXT_COLOUR,
             anchor: str = "start", tooltip: str = "") -> str:
    """A `<text>`; `tooltip` (the full text of a cut label) becomes its `<title>`, which browsers show on hover."""
    attrs = {"class": css_class, "x": _num(x), "y": _num(y), "font-size": size, "fill": fill}
    if anchor != "start":
        attrs["text-anchor"] = anchor
    inner = (_el("title", {}, _escape(tooltip)) if tooltip else "") + _escape(content)
    return _el("text", attrs, inner)


def _label(css_class: str, x: float, y: float, text: str, anchor: str = "start", size: int = FONT_SIZE,
           fill: str = TEXT_COLOUR) -> str:
    """A label cut to twelve character widths, the full text kept as a tooltip when cut."""
    shown = _truncate(text)
    return _text_el(css_class, x, y, shown, size, fill, anchor, tooltip=text if shown != text else "")


def _svg(kind: str, chart_id: str, title: str, desc: str, width: int, height: float, body: Sequence[str]) -> str:
    """The outer `<svg>`: labelled by its `<title>`, described by its `<desc>`, 100% wide via `viewBox`."""
    dom_id = chart_dom_id(chart_id)
    attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "id": dom_id,
        "class": f"cd-chart cd-chart--{kind}",
        "role": "img",
        "aria-labelledby": f"{dom_id}-title",
        "aria-describedby": f"{dom_id}-desc",
        "viewBox": f"0 0 {_num(width)} {_num(height)}",
        "width": "100%",
        "font-family": FONT_FAMILY,
        "font-size": FONT_SIZE,
    }
    background = _el("rect", {"class": "cd-chart__bg", "x": 0, "y": 0, "width": _num(width), "height": _num(height),
                              "fill": BACKGROUND})
    children = [
        _el("title", {"id": f"{dom_id}-title"}, _escape(_text(title))),
        _el("desc", {"id": f"{dom_id}-desc"}, _escape(desc)),
        background,
        *body,
    ]
    return _el("svg", attrs, "".join(children))


def _title_text(title: str) -> str:
    """The visible heading; a page that has its own can hide `.cd-chart__title`."""
    return _text_el("cd-chart__title", PAD, PAD + TITLE_SIZE, _text(title), TITLE_SIZE)


def _empty_chart(kind: str, chart_id: str, title: str, desc: str, width: int) -> str:
    """A chart with nothing to draw still says so, in the picture and to screen readers."""
    top = PAD + TITLE_SIZE + GAP * 2
    height = top + FONT_SIZE + PAD * 2
    empty = _text_el("cd-chart__empty", width / 2, top + FONT_SIZE + PAD, EMPTY_TEXT, fill=MUTED_COLOUR,
                     anchor="middle")
    return _svg(kind, chart_id, title, desc, width, height, [_title_text(title), empty])


# ------------------------------------------------------------------------------------ layout

class _Layout:
    """Where the label column, the bars and the value column go, from the texts they must hold.

    The label column is as wide as the longest (cut) label, the value column as wide as the
    longest value, so a full-length bar's value never runs off the right edge.
    """

    def __init__(self, width: int, labels: Sequence[str], values: Sequence[str], top: float):
        label_width = max((_text_width(_truncate(label), FONT_SIZE) for label in labels), default=0)
        value_width = max((_text_width(value, FONT_SIZE) for value in values), default=0)
        self.width = width
        self.top = top
        self.label_right = PAD + label_width
        self.x0 = self.label_right + GAP
        self.plot_width = max(width - PAD - value_width - GAP - self.x0, MIN_PLOT_WIDTH)

    def bar_width(self, value: float, scale: float) -> float:
        return self.plot_width * value / scale


def _axis(layout: _Layout, height: float) -> str:
    """The zero line the bars grow from: every scale starts at 0."""
    return _el("line", {"class": "cd-chart__axis", "x1": _num(layout.x0), "y1": _num(layout.top - GAP / 2),
                        "x2": _num(layout.x0), "y2": _num(height - PAD + GAP / 2), "stroke": AXIS_COLOUR,
                        "stroke-width": 1})


def _plain_bars(kind: str, chart_id: str, title: str, desc: str, width: int, items: Sequence[tuple[str, float]],
                shown: Sequence[str], scale: float, notes: Sequence[str] = ()) -> str:
    """The body shared by `bar_chart` and `histogram`: one single-colour bar per item, notes below."""
    layout = _Layout(width, [label for label, _ in items], shown, PAD + TITLE_SIZE + GAP * 2)
    rows = [_bar_row(layout, index, label, value, text, scale)
            for index, ((label, value), text) in enumerate(zip(items, shown, strict=True))]
    height = layout.top + len(items) * (BAR_HEIGHT + ROW_GAP) - ROW_GAP + PAD
    body = [_title_text(title), _g("cd-chart__rows", rows), _axis(layout, height)]
    for note in notes:
        body.append(_text_el("cd-chart__note", PAD, height + SMALL_SIZE, note + "。", SMALL_SIZE, MUTED_COLOUR))
        height += SMALL_SIZE + GAP
    return _svg(kind, chart_id, title, desc, width, height, body)


def _bar_row(layout: _Layout, index: int, label: str, value: float, shown: str, scale: float) -> str:
    """Label, bar and printed value of one bar; the bar's tooltip repeats label and value."""
    y = layout.top + index * (BAR_HEIGHT + ROW_GAP)
    baseline = y + BAR_HEIGHT / 2 + FONT_SIZE * 0.35
    length = layout.bar_width(value, scale)
    fill = BAR_COLOUR
    bar = _el("rect", {"class": "cd-chart__bar cd-chart__series-0", "x": _num(layout.x0), "y": _num(y),
                       "width": _num(length), "height": BAR_HEIGHT, "fill": fill},
              _el("title", {}, _escape(f"{label}:{shown}")))
    return _g("cd-chart__row", [
        _label("cd-chart__label", layout.label_right, baseline, label, anchor="end"),
        bar,
        _text_el("cd-chart__value", layout.x0 + length + GAP, baseline, shown),
    ])
