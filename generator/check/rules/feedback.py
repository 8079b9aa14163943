"""Rules on data-error feedback (Art. 22) against the registry, the catalog and the calendar."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import PurePosixPath

from ...core.layout import FEEDBACK_DIR
from ...core.problems import ERROR, WARNING, Finding
from ...read.registry import Unit
from .requests import Listed, retired_code

DATES = ("reported", "verified", "corrected")  # in the order they happen


def check_feedback(path: str, data: dict, units: dict[str, Unit], listed: dict[str, Listed],
                   today: datetime.date, describe) -> Iterator[Finding]:
    """Every rule on one feedback file (`describe` names a key path in Chinese)."""
    yield from location(path, data)
    reporter, code = data.get("reporter"), data.get("resource")
    if isinstance(reporter, str) and reporter not in units:
        yield Finding(("reporter",), "feedback-unit-unknown", ERROR, f"「反馈单位」(reporter)「{reporter}」不在单位登记表中。",
                      "填写 registry/units.yaml 中的单位标识(id),例如 rsj。")
    if isinstance(code, str) and code not in listed:
        # A closed report is a record (Art. 22): retiring the resource later must not make it an error.
        severity = WARNING if closed(data) else ERROR
        yield retired_code(("resource",), "feedback-resource-unknown", code, units, severity, CLOSED_HINT)
    yield from dates_in_order(data, today, describe)


CLOSED_HINT = "本反馈已办结,这是目录后来的变化;反馈文件作为记录保留,不必修改。"


def closed(data: dict) -> bool:
    """Verified as not an error, or corrected: nothing more is to be done."""
    return bool(data.get("corrected")) or (bool(data.get("verified")) and data.get("verdict") == "不属实")


def location(path: str, data: dict) -> Iterator[Finding]:
    """feedback/<year>/<id>.yaml, the year being the id's."""
    feedback_id = data.get("id")
    if not isinstance(feedback_id, str) or feedback_id.count("-") != 2:
        return
    expected = f"{FEEDBACK_DIR}/{feedback_id.split('-')[1]}/{feedback_id}.yaml"
    if PurePosixPath(path).as_posix() != expected:
        yield Finding(("id",), "feedback-location", ERROR, f"「反馈编号」(id)是 {feedback_id},文件却是 {path}。",
                      f"文件应为 {expected}:文件名与反馈编号相同,放在反馈年份的文件夹下。")


def dates_in_order(data: dict, today: datetime.date, describe) -> Iterator[Finding]:
    """Reported, then verified, then corrected; none after today."""
    previous = None
    for key in DATES:
        day = _date(data.get(key))
        if day is None:
            continue
        if day > today:
            yield Finding((key,), "date-future", ERROR, f"{describe((key,))}「{data[key]}」晚于今天({today.isoformat()})。",
                          "只记录已经发生的事。")
        elif previous and day < previous[1]:
            yield Finding((key,), "feedback-date-order", ERROR,
                          f"{describe((key,))} {data[key]} 早于{describe((previous[0],))} {previous[1].isoformat()}。",
                          "先反馈,再核实,最后纠正:按实际发生的日期填写。")
        previous = (key, day)


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
