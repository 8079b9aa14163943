"""Files under the data folders that are not catalog files: each is an error naming it.

Discovery lists only *.yaml and *.yml files, so a unit's entry saved as x.yaml.txt (Notepad's
default) or X.YAML would pass a pull request unseen and never be published; a spreadsheet or a
document left in a unit's folder would sit there unremarked. These have no document to point
into, so they are problems of the whole file.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from ...core.problems import ERROR, Problem

# A name that means to be a catalog file: .yaml or .yml somewhere in it, in any case.
_MEANT = re.compile(r"^(?P<stem>.+?)\.(?P<ext>ya?ml)(?:\..*)?$", re.IGNORECASE)


def stray_problem(root: Path, path: str) -> Problem:
    """The error for one path that is not a catalog file (see core.layout.strays)."""
    name, top = PurePosixPath(path).name, path.split("/", 1)[0]
    if (root / path).is_dir():
        return Problem(path, 1, 1, "file-stray", ERROR, f"{path} 是一个文件夹,名字却像目录文件。",
                       "把其中的文件移到上一级文件夹,再删除这个文件夹。")
    meant = _MEANT.match(name)
    if meant:
        right = f"{meant['stem']}.{meant['ext'].lower()}"
        return Problem(path, 1, 1, "file-name", ERROR,
                       f"文件名 {name} 不以 .yaml 结尾:这个文件不会被校验,也不会发布。",
                       f"把文件改名为 {right}(用记事本保存时,「保存类型」选「所有文件」,文件名写 {right})。")
    return Problem(path, 1, 1, "file-stray", ERROR,
                   f"{top}/ 下只能放目录文件(.yaml),{name} 不是:它不会被校验,也不会发布。",
                   "电子表格请用 catalog import-xlsx 导入;其他文件请移出目录仓库。")
