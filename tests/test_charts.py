"""The report's inline SVG charts: well-formed, inert whatever the labels say, accessible, stable.

The charts go into a Jinja template with `|safe`, so these tests treat every label as hostile and
check the output twice: as XML (what the SVG must be) and through an HTML tokenizer (how the page
around it reads it). Only the elements and attributes listed below may ever appear.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from generator.site.charts import (
    BACKGROUND,
    EMPTY_TEXT,
    FONT_FAMILY,
    bar_chart,
    chart_dom_id,
    format_number,
    histogram,
)

SVG = "{http://www.w3.org/2000/svg}"
ALLOWED_ELEMENTS = {"svg", "g", "rect", "line", "text", "title", "desc", "tspan", "path"}
ALLOWED_ATTRIBUTES = {
    "xmlns", "id", "class", "role", "aria-labelledby", "aria-describedby", "viewBox", "width", "height",
    "font-family", "font-size", "x", "y", "x1", "y1", "x2", "y2", "fill", "stroke", "stroke-width",
    "text-anchor", "d",
}

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "]]><!-- -->",
    "' onmouseover='alert(1)",
    "&lt;already&gt; &amp; <b>",
    "控制\x00字符\x0b与\ud800代理",
]
# Only markup: the words of an attack may stay as text ("onerror=" inside an escaped label is inert),
# the HTML tokenizer below checks that no attribute comes of them.
HOSTILE_MARKUP = ["<script", "<img", "]]>", "<!--", "<b>", "onmouseover='", "\x00", "\x0b", "\ud800"]

DB_CLASSES = [("基础", 120), ("主题", 80), ("部门", 40)]
WORKDAY_BINS = [(0, 5, "0–5"), (6, 10, "6–10"), (11, math.inf, "10 以上")]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def local(tag: str) -> str:
    return tag.removeprefix(SVG)


def find_all(root: ET.Element, tag: str) -> list[ET.Element]:
    return list(root.iter(SVG + tag))


def desc_of(svg: str) -> str:
    return parse(svg).find(SVG + "desc").text


def visible_texts(svg: str) -> list[str]:
    """What a `<text>` shows: its own text, not its tooltip `<title>`."""
    return ["".join([(t.text or ""), *((c.tail or "") for c in t)]) for t in find_all(parse(svg), "text")]


def all_charts(labels: list[str], chart_id: str = "c") -> list[str]:
    """Every chart kind, with `labels` as titles, bar labels and bin labels."""
    return [
        bar_chart(labels[0], [(label, i + 1) for i, label in enumerate(labels)], unit=labels[-1],
                  chart_id=f"{chart_id}-bar"),
        histogram(labels[0], [1, 7, 30], [(0, 5, labels[1]), (6, 10, labels[2]), (11, math.inf, labels[3])],
                  unit=labels[-1], chart_id=f"{chart_id}-histogram"),
    ]


class TagCollector(HTMLParser):
    """How an HTML page tokenizes the markup: the start tags and attributes it would create."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


# ------------------------------------------------------------------------------ well-formed and inert


@pytest.mark.parametrize("svg", all_charts(["资源", "主题", "部门", "项"]) + all_charts(HOSTILE, "h"))
def test_only_allowed_elements_and_attributes(svg):
    root = parse(svg)
    assert local(root.tag) == "svg"
    for element in root.iter():
        assert local(element.tag) in ALLOWED_ELEMENTS
        assert set(element.attrib) <= ALLOWED_ATTRIBUTES, element.attrib
        for value in element.attrib.values():
            assert "url(" not in value and "javascript:" not in value.lower()


@pytest.mark.parametrize("svg", all_charts(HOSTILE, "h"))
def test_hostile_labels_appear_only_escaped(svg):
    for markup in HOSTILE_MARKUP:
        assert markup not in svg
    collector = TagCollector()
    collector.feed(svg)
    for tag, attrs in collector.tags:
        assert tag in {t.lower() for t in ALLOWED_ELEMENTS}
        assert {name for name, _ in attrs} <= {a.lower() for a in ALLOWED_ATTRIBUTES}
        assert not any(name.startswith("on") for name, _ in attrs)
    # Escaped, not dropped: the reader still sees what the catalog says.
    assert "<script>alert(1)</script>" in desc_of(svg)
    assert '"><img src=x onerror=alert(1)>' in desc_of(svg)


def test_characters_xml_cannot_carry_are_replaced_not_passed_on():
    svg = bar_chart("标题", [("控制\x00字符", 1)], chart_id="ctl")
    assert "控制\ufffd字符" in desc_of(svg)


def test_hostile_chart_id_is_sanitised():
    svg = bar_chart("标题", DB_CLASSES, chart_id='"><script>x</script>')
    root = parse(svg)
    assert re.fullmatch(r"cd-chart-[a-z0-9-]+", root.get("id"))
    assert "<script" not in svg


def test_no_external_references():
    for svg in all_charts(["资源", "主题", "部门", "项"]):
        assert "href" not in svg and "<image" not in svg and "<foreignObject" not in svg and "url(" not in svg


# ------------------------------------------------------------------------------ accessibility


@pytest.mark.parametrize("svg", all_charts(["资源", "主题", "部门", "项"]))
def test_svg_is_labelled_by_its_title_and_described_by_its_desc(svg):
    root = parse(svg)
    assert root.get("role") == "img"
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert local(ids[root.get("aria-labelledby")].tag) == "title"
    assert local(ids[root.get("aria-describedby")].tag) == "desc"
    assert root[0].tag == SVG + "title" and root[1].tag == SVG + "desc"
    assert root.get("width") == "100%" and re.fullmatch(r"0 0 \d+(\.\d)? \d+(\.\d)?", root.get("viewBox"))
    assert root.get("font-family") == FONT_FAMILY


def test_ids_unique_when_two_charts_share_a_page():
    page = "<div>" + bar_chart("甲", DB_CLASSES, chart_id="by-class") + \
        bar_chart("甲", DB_CLASSES, chart_id="by-unit") + "</div>"
    ids = [e.get("id") for e in ET.fromstring(page).iter() if e.get("id")]
    assert len(ids) == 6 and len(set(ids)) == 6


def test_chart_ids_that_sanitise_alike_stay_apart():
    assert chart_dom_id("sharing-2025") == "cd-chart-sharing-2025"
    assert chart_dom_id("Sharing 2025") != chart_dom_id("sharing-2025")
    assert chart_dom_id("共享") != chart_dom_id("异议")
    for raw in ("Sharing 2025", "共享", "", '"><x>'):
        assert re.fullmatch(r"cd-chart-[a-z0-9-]+", chart_dom_id(raw))


def test_bar_desc_summarises_every_value():
    desc = desc_of(bar_chart("各库资源数", DB_CLASSES, unit="项", chart_id="d"))
    assert desc == "各库资源数:基础 120 项,主题 80 项,部门 40 项。"


def test_text_colours_pass_wcag_on_the_chart_background():
    for svg in all_charts(["资源", "主题", "部门", "项"]) + [bar_chart("空", [], chart_id="e")]:
        root = parse(svg)
        assert find_all(root, "rect")[0].get("fill") == BACKGROUND
        for text in find_all(root, "text"):
            assert contrast(text.get("fill"), BACKGROUND) >= 4.5
        for rect in find_all(root, "rect")[1:]:
            assert contrast(rect.get("fill"), BACKGROUND) >= 3


# ------------------------------------------------------------------------------ empty, zero, scale


@pytest.mark.parametrize("svg", [
    bar_chart("空", [], chart_id="e1"),
    histogram("空", [], WORKDAY_BINS, chart_id="e3"),
    histogram("空", [3], [], chart_id="e4"),
])
def test_empty_charts_say_so(svg):
    assert EMPTY_TEXT in visible_texts(svg)
    assert EMPTY_TEXT in desc_of(svg)
    assert not [r for r in find_all(parse(svg), "rect") if "cd-chart__bar" in (r.get("class") or "")]


def test_all_zero_values_draw_zero_bars_and_print_zero():
    svg = bar_chart("零", [("甲", 0), ("乙", 0.0)], unit="项", chart_id="z")
    bars = [r for r in find_all(parse(svg), "rect") if "cd-chart__bar" in r.get("class")]
    assert [b.get("width") for b in bars] == ["0", "0"]
    assert visible_texts(svg).count("0 项") == 2
    assert "nan" not in svg.lower() and "inf" not in svg.lower()


def test_scale_starts_at_zero_and_max_value_shares_a_scale():
    def bar_widths(svg):
        return [float(r.get("width")) for r in find_all(parse(svg), "rect") if "cd-chart__bar" in r.get("class")]

    full = bar_widths(bar_chart("甲", [("甲", 50), ("乙", 25)], chart_id="a"))
    assert full[1] == pytest.approx(full[0] / 2, abs=0.1)
    halved = bar_widths(bar_chart("甲", [("甲", 50), ("乙", 25)], max_value=100, chart_id="a"))
    assert halved[0] == pytest.approx(full[0] / 2, abs=0.1)
    # A value above max_value widens the scale instead of running off the chart.
    assert bar_widths(bar_chart("甲", [("甲", 200)], max_value=100, chart_id="a")) == \
        bar_widths(bar_chart("甲", [("甲", 200)], chart_id="a"))


def test_height_grows_with_the_number_of_bars():
    def height(svg):
        return float(parse(svg).get("viewBox").split()[3])

    assert height(bar_chart("甲", DB_CLASSES * 3, chart_id="a")) > height(bar_chart("甲", DB_CLASSES, chart_id="a"))


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf])
def test_values_a_scale_from_zero_cannot_show_are_refused(bad):
    with pytest.raises(ValueError):
        bar_chart("甲", [("甲", bad)], chart_id="a")


# ------------------------------------------------------------------------------ labels and numbers


def test_long_labels_are_cut_with_the_full_text_as_tooltip():
    long = "常德市政务服务和大数据管理局共享资源"
    root = parse(bar_chart("甲", [(long, 1), ("基础", 2)], chart_id="t"))
    labels = [t for t in find_all(root, "text") if t.get("class") == "cd-chart__label"]
    cut, short = labels
    assert cut.find(SVG + "title").text == long
    shown = cut.find(SVG + "title").tail
    assert shown.endswith("…") and long.startswith(shown[:-1]) and len(shown) == 12
    assert short.find(SVG + "title") is None and short.text == "基础"


def test_twelve_chinese_characters_are_not_cut():
    label = "一二三四五六七八九十百千"
    root = parse(bar_chart("甲", [(label, 1)], chart_id="t"))
    assert [t.text for t in find_all(root, "text") if t.get("class") == "cd-chart__label"] == [label]


@pytest.mark.parametrize(("value", "text"), [
    (120, "120"), (80.0, "80"), (2.25, "2.3"), (2.24, "2.2"), (0.04, "0"), (1.96, "2"), (12.5, "12.5"), (-0.0, "0"),
])
def test_numbers_are_integers_or_one_decimal(value, text):
    assert format_number(value) == text


def test_percent_unit_has_no_space():
    assert "12.5%" in visible_texts(bar_chart("比例", [("基础", 12.5)], unit="%", chart_id="p"))


def test_output_is_deterministic():
    first = all_charts(["资源", "主题", "部门", "项"])
    second = all_charts(["资源", "主题", "部门", "项"])
    assert first == second
    assert histogram("时长", [1, 2, 9], WORKDAY_BINS, chart_id="x") == histogram("时长", (v for v in [1, 2, 9]),
                                                                               WORKDAY_BINS, chart_id="x")


# ------------------------------------------------------------------------------ histogram


def test_histogram_counts_inclusive_bins_and_reports_values_outside():
    values = [0, 5, 5, 6, 10, 11, 45, 5.5, -1]
    svg = histogram("办理时长", values, WORKDAY_BINS, unit="个工作日", chart_id="h")
    desc = desc_of(svg)
    assert "0–5:3 个,6–10:2 个,10 以上:2 个" in desc
    assert "区间单位:个工作日" in desc and "另有 2 个不在以上区间" in desc
    assert {"3 个", "2 个"} <= set(visible_texts(svg))
    assert "另有 2 个不在以上区间。" in visible_texts(svg)


def test_histogram_refuses_a_bin_that_ends_before_it_starts():
    with pytest.raises(ValueError):
        histogram("时长", [1], [(5, 0, "反")], chart_id="h")
