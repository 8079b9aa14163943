"""The national resource code (国家目录代码) and class (国家目录分类), and the opening conditions (开放条件): kept
in the entry, shown on its page only when the unit gives them."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from generator.model.catalog import load_catalog
from generator.site.render import resource_view

ROOT = Path(__file__).parent.parent


def test_the_page_shows_the_national_code_of_an_entry_that_has_one_and_no_placeholder_otherwise(tmp_path):
    for name in ("registry", "catalog", "nonshared"):
        shutil.copytree(ROOT / name, tmp_path / name)
    entry = tmp_path / "catalog/gaj/baoan-fuwu-xuke-xinxi.yaml"
    text = entry.read_text(encoding="utf-8")
    text = text.replace("\nname: ", "\nnational_code: 101001/000123\nnational_class: {class: 部门信息资源类, item: 公安部, "
                        "subheading: 治安管理}\nname: ", 1)
    text = text.replace("\nupdate_cycle: ", "\nopen_conditions: 仅开放许可结论,不含保安员个人信息。\nupdate_cycle: ", 1)
    entry.write_text(text, encoding="utf-8")
    catalog = load_catalog(tmp_path, today=datetime.date(2026, 12, 1))
    by_code = {r.code: r for r in catalog.resources}
    given = dict(resource_view(by_code["430700-006-Y11-0010"], catalog, (), "").fields)
    assert given["国家目录代码"] == "101001/000123" and list(given)[:3] == ["资源代码", "国家目录代码", "数据名称"]
    other = dict(resource_view(by_code["430700-006-J01-0001"], catalog, (), "").fields)
    # The 目 was not given: 治安管理 is named as the 细目 it is, not shown as the third level.
    assert given["国家目录分类"] == "类「部门信息资源类」、项「公安部」、细目「治安管理」"
    assert given["开放条件"] == "仅开放许可结论,不含保安员个人信息。"
    assert list(given).index("开放条件") == list(given).index("开放属性") + 1
    assert not {"国家目录代码", "国家目录分类", "开放条件"} & set(other)
