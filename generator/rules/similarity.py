"""Finding catalog entries that look like the same data, fast enough for 100,000 entries.

Comparing every pair is quadratic, so candidates come from indexes first and only they
get the exact comparison: equal normalised names, equal item sets, and a prefix-filter
similarity join (each set indexed by its rarest tokens; two sets can only reach the
threshold if they share one of them) over name bigrams and over item names.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

NAME_SIMILAR = 0.8       # Dice coefficient of name bigrams
ITEMS_WITH_NAME = 0.5    # item-name Jaccard needed when names are only similar
ITEMS_ALONE = 0.8        # item-name Jaccard that alone suggests the same data
MIN_ITEMS = 6            # fewer items say too little to compare on items alone
MAX_BUCKET = 5000        # a prefix token shared by more sets than this gives no useful signal
_SUFFIX = re.compile(r"(基本)?(信息|数据|资料|名录|清单|目录|台账)+$")
_NOISE = re.compile(r"[\s\-_()()【】\[\]「」《》、,.,。]")


def normalise(name: str) -> str:
    """Drop spacing, punctuation and generic suffixes such as 信息/数据."""
    return _SUFFIX.sub("", _NOISE.sub("", name)) or name


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams (a one-character name is its own bigram)."""
    return frozenset(text[i:i + 2] for i in range(max(len(text) - 1, 1)))


def dice(a: frozenset, b: frozenset) -> float:
    """Dice coefficient of two sets."""
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def jaccard(a: frozenset, b: frozenset) -> float:
    """Jaccard index of two sets."""
    return len(a & b) / len(a | b) if a or b else 0.0


def near_duplicates(records, focus: set[str] | None = None):
    """Yield (record_a, record_b, reason) for pairs in one jurisdiction that look alike.

    A record is (path, unit, name, item_names); only pairs of different units count.
    With `focus`, only pairs that involve a focused path are looked for.
    """
    by_scope = defaultdict(list)
    for record in records:
        by_scope[record[1].jurisdiction].append(record)
    for group in by_scope.values():
        yield from _pairs_in(group, focus)


def _pairs_in(group, focus):
    names = [normalise(r[2]) for r in group]
    grams = [bigrams(n) for n in names]
    items = [r[3] for r in group]
    wanted = None if focus is None else {i for i, r in enumerate(group) if r[0] in focus}
    owners = [r[1].id for r in group]
    pairs = set()
    pairs |= _equal_pairs(names, wanted, owners)
    pairs |= _equal_pairs(items, wanted, owners, lambda s: len(s) >= MIN_ITEMS)
    pairs |= _prefix_join(grams, NAME_SIMILAR / (2 - NAME_SIMILAR), wanted, owners)  # Dice t <=> Jaccard t/(2-t)
    pairs |= _prefix_join(items, ITEMS_ALONE, wanted, owners, lambda s: len(s) >= MIN_ITEMS)
    for i, j in sorted(pairs):
        why = _reason(names[i], names[j], grams[i], grams[j], items[i], items[j])
        if why:
            yield group[i], group[j], why


def _reason(name_a, name_b, grams_a, grams_b, items_a, items_b) -> str:
    if name_a == name_b:
        return "名称相同"
    overlap = None
    if dice(grams_a, grams_b) >= NAME_SIMILAR:
        overlap = jaccard(items_a, items_b)
        if overlap >= ITEMS_WITH_NAME:
            return f"名称相近且信息项重合 {overlap:.0%}"
    if min(len(items_a), len(items_b)) >= MIN_ITEMS:
        overlap = jaccard(items_a, items_b) if overlap is None else overlap
        if overlap >= ITEMS_ALONE:
            return f"信息项重合 {overlap:.0%}"
    return ""


def _equal_pairs(keys, wanted, owners, usable=lambda key: True) -> set[tuple[int, int]]:
    buckets = defaultdict(list)
    for index, key in enumerate(keys):
        if usable(key):
            buckets[key].append(index)
    return {pair for bucket in buckets.values() if len(bucket) > 1 for pair in _all_pairs(bucket, wanted, owners)}


def _prefix_join(sets, threshold: float, wanted, owners, usable=lambda s: True) -> set[tuple[int, int]]:
    """Pairs whose Jaccard may reach `threshold`: they share one of their rarest tokens."""
    frequency = Counter(token for s in sets if usable(s) for token in s)
    index = defaultdict(list)
    for position, tokens in enumerate(sets):
        if usable(tokens) and tokens:
            ordered = sorted(tokens, key=lambda t: (frequency[t], t))
            keep = len(ordered) - math.ceil(threshold * len(ordered)) + 1
            for token in ordered[:keep]:
                index[token].append(position)
    pairs = set()
    for bucket in index.values():
        if 1 < len(bucket) <= MAX_BUCKET:
            for i, j in _all_pairs(bucket, wanted, owners):
                a, b = len(sets[i]), len(sets[j])
                if min(a, b) >= threshold * max(a, b):  # length filter
                    pairs.add((i, j))
    return pairs


def _all_pairs(bucket: list[int], wanted, owners):
    """Pairs of a bucket from different units (and involving a wanted record, if any)."""
    if wanted is None:
        for x, i in enumerate(bucket):
            for j in bucket[x + 1:]:
                if owners[i] != owners[j]:
                    yield i, j
    else:
        for i in bucket:
            if i in wanted:
                for j in bucket:
                    if owners[j] != owners[i]:
                        yield (i, j) if i < j else (j, i)
