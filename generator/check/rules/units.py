"""Rules on the unit registry: GB 32100-2015 check characters and unique identities."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.problems import ERROR, Finding

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_UNIQUE = (("id", "单位标识"), ("number", "单位编号"), ("credit_code", "统一社会信用代码"), ("name", "单位全称"))


def credit_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a credit code."""
    total = sum(CREDIT_CHARS.index(ch) * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=False))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def credit_codes(data) -> Iterator[Finding]:
    """Each 统一社会信用代码 ends in the check character GB 32100-2015 computes."""
    for index, unit in _rows(data):
        code = unit.get("credit_code")
        if not isinstance(code, str) or len(code) != 18 or any(ch not in CREDIT_CHARS for ch in code):
            continue  # the schema's pattern already reports the shape
        expected = credit_check_char(code[:17])
        if code[17] != expected:
            yield Finding(("units", index, "credit_code"), "credit-code-check", ERROR,
                          f"「统一社会信用代码」(units[{index}].credit_code){code} 的校验码应为 {expected},"
                          f"这里是 {code[17]}。",
                          "核对营业执照或事业单位法人证书上的代码,通常是抄错了其中一位。")


def unique_units(data) -> Iterator[Finding]:
    """Unit ids, numbers, credit codes and names are each used once."""
    for key, label in _UNIQUE:
        first_seen: dict[str, int] = {}
        for index, unit in _rows(data):
            value = unit.get(key)
            if not isinstance(value, str):
                continue
            if value in first_seen:
                yield Finding(("units", index, key), "unit-duplicate", ERROR,
                              f"「{label}」(units[{index}].{key}){value} 与单位列表第 {first_seen[value] + 1} 项重复。",
                              f"每个单位的{label}必须唯一。")
            else:
                first_seen[value] = index


def _rows(data):
    units = data.get("units") if isinstance(data, dict) else None
    for index, unit in enumerate(units if isinstance(units, list) else []):
        if isinstance(unit, dict):
            yield index, unit
