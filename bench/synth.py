"""Write a synthetic but realistic catalog of N entries for benchmarks.

The entries follow the real format: the demo registry's units, codes that agree with their
provider and class, Chinese names and summaries. As in a real catalog, each unit works on
its own subjects (a pool of 144 dealt out among the units; 2% of entries borrow another
unit's subject, the overlaps 一数一源 is there to find), so names and items mostly differ
between units while staying formulaic: an entry's items are 2–5 common ones drawn from the demo catalog's
vocabulary, weighted by how often the demo uses each (统一社会信用代码 stays common), plus
3–15 items specific to its subject and action. Deterministic for a given N, seed and demo
catalog.

    python bench/synth.py OUT_DIR N [--seed S] [--quoted-dates]
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SUBJECTS = ("企业", "个体工商户", "农民专业合作社", "社会组织", "事业单位", "建设项目", "道路运输车辆", "医疗机构",
            "养老机构", "学校", "药品经营企业", "食品生产企业", "特种设备", "排污单位", "水利工程", "农村集体经济组织",
            "住房公积金缴存单位", "文物保护单位", "旅游景区", "物业服务企业", "危险化学品企业", "林地", "耕地", "河湖")
ACTIONS = ("登记", "许可", "备案", "年度报告", "监督检查", "行政处罚", "信用评价", "补贴发放", "资质认定", "统计",
           "检测", "验收", "审批", "注销", "变更", "奖励", "投诉举报", "巡查", "核查", "评估")
SUFFIXES = ("信息", "数据", "名录", "台账", "结果信息", "明细")
QUALIFIERS = ("", "重点", "小微", "农村", "城镇", "规模以上")
ATTRIBUTES = ("编号", "名称", "类型", "状态", "日期", "地址", "面积", "金额", "等级", "结果", "依据", "机构", "负责人",
              "联系电话", "有效期", "数量", "来源", "备注", "审核意见", "办理时限", "所属区域", "批次", "标准", "证书编号",
              "检查人员", "整改情况", "评分", "期限", "规模", "用途")
SUBJECTS_PER_UNIT = 3
BORROWED = 0.02  # share of entries about another unit's subject: the overlaps 一数一源 looks for
CYCLES = ("实时", "每日", "每周", "每月", "每季度", "每半年", "每年", "不定期")


def item_vocabulary() -> tuple[list[tuple[str, str, int | None]], list[int]]:
    """Every distinct info item of the demo catalog, with how often it is used."""
    counts: dict[tuple, int] = {}
    for path in sorted(ROOT.glob("catalog/*/*.yaml")) + sorted(ROOT.glob("nonshared/*/*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for item in data.get("items", []):
            length = item.get("length")
            key = (item["name"], item["type"], int(length) if length and length.isdigit() else None)
            counts[key] = counts.get(key, 0) + 1
    return list(counts), list(counts.values())


def class_table() -> list[tuple[str, str, str]]:
    """(database, subclass, code) from the schema, as the validator numbers them."""
    from generator.read.registry import class_codes
    from generator.read.schema import Schema
    return [(db, sub, code) for (db, sub), code in class_codes(Schema.named("resource")).items()]


def assign_domains(units: list[dict], seed: int) -> None:
    """Give each unit its own subjects (the pool dealt out like cards) and a sample of actions."""
    rng = random.Random(seed)
    pool = [q + s for s in SUBJECTS for q in QUALIFIERS]
    rng.shuffle(pool)
    for index, unit in enumerate(units):
        unit["subjects"] = [pool[(index * SUBJECTS_PER_UNIT + k) % len(pool)] for k in range(SUBJECTS_PER_UNIT)]
        unit["actions"] = rng.sample(ACTIONS, 8)
    for unit in units:
        unit["all_subjects"] = pool


def entry(rng: random.Random, unit: dict, seq: int, classes, vocabulary, quoted: bool) -> tuple[str, str]:
    """One entry's folder and YAML text."""
    database, subclass, class_code = rng.choice(classes)
    own = rng.random() >= BORROWED
    subject = rng.choice(unit["subjects"] if own else unit["all_subjects"])
    action = rng.choice(unit["actions"])
    name = f"{subject}{action}{rng.choice(SUFFIXES)}"
    nonshared = rng.random() < 0.06
    q = '"' if quoted else ""
    published = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    lines = [
        "# yaml-language-server: $schema=../../schemas/resource.schema.json",
        f"code: {unit['division']}-{unit['number']}-{class_code}-{seq:04d}",
        f"name: {name}",
        f"provider: {unit['id']}",
        f"department: {rng.choice(('综合科', '行政审批科', '法规科', '信息中心', '执法支队'))}",
        f"summary: {unit['short_name']}在履行{subject}{action}职责中形成的{subject}{action}数据,"
        f"来源于{subclass}业务系统,用于{rng.choice(('业务协同', '监管执法', '统计分析', '信用评价'))}。",
        f"keywords: [{subject}, {action}, {subclass}]",
        "category:", f"  database: {database}", f"  subclass: {subclass}",
        "format:", f"  type: {rng.choice(('数据库', '电子表格', '服务接口'))}",
        "sharing:",
    ]
    if nonshared:
        lines += ["  type: 不予共享", "  legal_basis:", "    - law: 中华人民共和国数据安全法", "      article: 第三十八条"]
        open_value = "不予开放"
    elif rng.random() < 0.5:
        lines += ["  type: 有条件共享", "  conditions: 仅向承担相关法定职责的单位提供,用于业务办理和监管核查。",
                  "  method: [接口服务]"]
        open_value = "不予开放"
    else:
        lines += ["  type: 无条件共享", "  method: [接口服务, 文件下载]"]
        open_value = rng.choice(("无条件开放", "不予开放"))
    lines += [f"open: {open_value}", f"update_cycle: {rng.choice(CYCLES)}",
              f"published: {q}{published}{q}", f"updated: {q}2026-{rng.randint(1, 10):02d}-15{q}", "items:"]
    items, weights = vocabulary
    chosen, wanted = {}, rng.randint(2, 5)
    while len(chosen) < wanted:
        item = rng.choices(items, weights)[0]
        chosen.setdefault(item[0], item)
    for attribute in rng.sample(ATTRIBUTES, rng.randint(3, 15)):
        specific = f"{rng.choice((subject, action))}{attribute}"
        chosen.setdefault(specific, (specific, "字符型", rng.choice((20, 50, 100, 200))))
    for item_name, kind, length in chosen.values():
        lines += [f"  - name: {item_name}", f"    type: {kind}"]
        if length or kind in ("字符型", "数值型"):
            lines.append(f"    length: {length or 20}")
        lines.append(f"    description: {item_name}(按{subclass}数据标准填写)")
    lines.append("classified: false")
    return ("nonshared" if nonshared else "catalog"), "\n".join(lines) + "\n"


def write_catalog(out: Path, count: int, seed: int = 2026, quoted: bool = False) -> None:
    """Write the registry (units, reviewed synonyms, sharing rules, as a city keeps them) and `count` entries."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "registry").mkdir(parents=True)
    shutil.copy(ROOT / "registry/units.yaml", out / "registry/units.yaml")
    shutil.copy(ROOT / "registry/synonyms.yaml", out / "registry/synonyms.yaml")
    shutil.copy(ROOT / "registry/policy.yaml", out / "registry/policy.yaml")
    units = yaml.safe_load((ROOT / "registry/units.yaml").read_text(encoding="utf-8"))["units"]
    for unit in units:
        unit["division"], unit["number"] = str(unit["division"]), str(unit["number"]).zfill(3)
    assign_domains(units, seed)
    classes = class_table()
    vocabulary = item_vocabulary()
    for index in range(count):
        unit = units[index % len(units)]
        seq = index // len(units) + 1
        folder, text = entry(rng, unit, seq, classes, vocabulary, quoted)
        target = out / folder / unit["id"] / f"r{seq:05d}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--quoted-dates", action="store_true", help="quote dates (for YAML 1.1 tools)")
    args = parser.parse_args()
    write_catalog(args.out, args.count, args.seed, args.quoted_dates)


if __name__ == "__main__":
    main()
