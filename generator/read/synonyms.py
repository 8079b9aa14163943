"""The reviewed list of the abbreviations people type and the full names the catalog uses
(registry/synonyms.yaml): 社保 finds 社会保障卡信息, 人社局 finds 人力资源和社会保障局."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.problems import Refused
from .load import load_bytes

SYNONYMS = "registry/synonyms.yaml"
MAX_TERM = 20  # characters: a term is a word or a name, not a sentence


@dataclass(frozen=True)
class Synonyms:
    """Groups of words that mean the same to someone looking for data."""

    groups: tuple[tuple[str, ...], ...] = ()

    def others(self, text: str) -> list[str]:
        """The words of each group some word of which is in `text` and which are not in it themselves."""
        found = []
        for group in self.groups:
            if any(term in text for term in group):
                found += [term for term in group if term not in text]
        return found


def load_synonyms(root: Path) -> Synonyms:
    """The repository's synonym groups; none when it keeps no list. A malformed list is refused, never half read."""
    path = root / SYNONYMS
    if not path.is_file():
        return Synonyms()
    doc, problems = load_bytes(path.read_bytes(), SYNONYMS)
    if doc is None:
        raise Refused(problems[0])
    rows = doc.data.get("synonyms") if isinstance(doc.data, dict) else None
    if not isinstance(rows, list) or not all(_group(row) for row in rows):
        raise Refused.because("synonyms-shape", f"{SYNONYMS} 的格式不对:synonyms 下每行写一组 2 个以上、"
                                                f"每个 1 至 {MAX_TERM} 字且互不相同的词,例如 [社保, 社会保障]。")
    return Synonyms(tuple(tuple(row) for row in rows))


def _group(row) -> bool:
    if not isinstance(row, list) or len(row) < 2 or not all(isinstance(term, str) for term in row):
        return False
    return len(set(row)) == len(row) and all(0 < len(term.strip()) == len(term) <= MAX_TERM for term in row)
