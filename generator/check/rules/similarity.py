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

from ...core import workers

NAME_SIMILAR = 0.8       # Dice coefficient of name bigrams
ITEMS_WITH_NAME = 0.5    # item-name Jaccard needed when names are only similar
ITEMS_ALONE = 0.8        # item-name Jaccard that alone suggests the same data
MIN_ITEMS = 6            # fewer items say too little to compare on items alone
MAX_BUCKET = 300         # a prefix token shared by more sets than this is too common to pair on alone
_SUFFIX = re.compile(r"(基本)?(信息|数据|资料|名录|清单|目录|台账)+$")
_NOISE = re.compile(r"[\s\-_()()【】\[\]「」《》、,.,。]")


def normalise(name: str) -> str:
    """Drop spacing, punctuation and generic suffixes such as 信息/数据."""
    return _SUFFIX.sub("", _NOISE.sub("", name)) or name


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams (a one-character name is its own bigram)."""
    return frozenset(text[i:i + 2] for i in range(max(len(text) - 1, 1)))


def near_duplicates(records, focus: set[str] | None = None, jobs: int = 1):
    """Yield (record_a, record_b, reason) for pairs in one jurisdiction that look alike.

    A record is (path, unit, name, item_names); only pairs of different units count.
    With `focus`, only pairs that involve a focused path are looked for. With `jobs` > 1
    and enough records, the name-based and item-based searches run in two processes.
    """
    by_scope = defaultdict(list)
    for record in records:
        by_scope[record[1].jurisdiction].append(record)
    groups = [_Group(members, focus) for members in by_scope.values()]
    # The name search costs about three times the item search: split it so two workers
    # finish together. A pair may turn up in several parts; it is reported once.
    tasks = [(g, side, part, parts) for g in range(len(groups))
             for side, parts in (("names", NAME_PARTS), ("items", 1)) for part in range(parts)]
    with workers.left_for_forks(_GROUPS, groups):
        if len(records) >= PARALLEL_FROM and workers.can_fork(jobs):
            # Forked workers inherit the prepared groups; only index pairs travel back.
            with workers.fork_pool(2) as pool:
                found = list(pool.map(_search, tasks))
        else:
            found = [_search(task) for task in tasks]
    reported = set()
    for (g, *_), pairs in zip(tasks, found, strict=True):
        members = groups[g].members
        for i, j, why in pairs:
            if (g, i, j) not in reported:  # both searches may find a pair: report it once
                reported.add((g, i, j))
                yield members[i], members[j], why


PARALLEL_FROM = 2000
NAME_PARTS = 3
_GROUPS = "similarity: groups to search"


class _Group:
    """One jurisdiction's records, prepared once for both searches."""

    def __init__(self, members, focus):
        self.members = members
        self.names = [normalise(r[2]) for r in members]
        self.grams = [bigrams(n) for n in self.names]
        self.items = [r[3] for r in members]
        self.gram_masks, self.item_masks = _masks(self.grams), _masks(self.items)
        self.owners = [r[1].id for r in members]
        self.wanted = None if focus is None else {i for i, r in enumerate(members) if r[0] in focus}


def _search(task) -> list[tuple[int, int, str]]:
    """Candidates by name (equal, or similar bigrams) or by items (equal, or similar sets), verified."""
    group, side, part, parts = workers.inherited(_GROUPS)[task[0]], task[1], task[2], task[3]
    if side == "names":
        pairs = _equal_pairs(group.names, group.wanted, group.owners) if part == 0 else set()
        pairs |= _prefix_join(group.grams, NAME_SIMILAR / (2 - NAME_SIMILAR), group.wanted, group.owners,
                              part=part, parts=parts)
    else:
        usable = lambda s: len(s) >= MIN_ITEMS  # noqa: E731
        pairs = _equal_pairs(group.items, group.wanted, group.owners, usable)
        pairs |= _prefix_join(group.items, ITEMS_ALONE, group.wanted, group.owners, usable)
    found = []
    for i, j in sorted(pairs):
        why = "名称相同" if group.names[i] == group.names[j] else \
            _reason(group.gram_masks[i], group.gram_masks[j], group.item_masks[i], group.item_masks[j])
        if why:
            found.append((i, j, why))
    return found


def _masks(sets) -> list[tuple[int, int]]:
    """Each set as (bit mask, size): intersections become one `&` and a popcount."""
    ids: dict[str, int] = {}
    masks = []
    for tokens in sets:
        mask = 0
        for token in tokens:
            mask |= 1 << ids.setdefault(token, len(ids))
        masks.append((mask, len(tokens)))
    return masks


def _reason(grams_a, grams_b, items_a, items_b) -> str:
    """Why two differently named entries look alike, or "" (masks from `_masks`)."""
    overlap = None
    shared = (grams_a[0] & grams_b[0]).bit_count()
    if 2 * shared >= NAME_SIMILAR * (grams_a[1] + grams_b[1]):
        overlap = _mask_jaccard(items_a, items_b)
        if overlap >= ITEMS_WITH_NAME:
            return f"名称相近且信息项重合 {overlap:.0%}"
    if min(items_a[1], items_b[1]) >= MIN_ITEMS:
        overlap = _mask_jaccard(items_a, items_b) if overlap is None else overlap
        if overlap >= ITEMS_ALONE:
            return f"信息项重合 {overlap:.0%}"
    return ""


def _mask_jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = (a[0] & b[0]).bit_count()
    union = a[1] + b[1] - shared
    return shared / union if union else 0.0


def _equal_pairs(keys, wanted, owners, usable=lambda key: True) -> set[tuple[int, int]]:
    buckets = defaultdict(list)
    for index, key in enumerate(keys):
        if usable(key):
            buckets[key].append(index)
    return {pair for bucket in buckets.values() if len(bucket) > 1 for pair in _all_pairs(bucket, wanted, owners)}


def _prefix_join(sets, threshold: float, wanted, owners, usable=lambda s: True,
                 part: int = 0, parts: int = 1) -> set[tuple[int, int]]:
    """Pairs whose Jaccard may reach `threshold`: they share one of their rarest tokens.

    A token in more than MAX_BUCKET prefixes is too common to pair on alone: its entries
    are paired only when they also share their next rarest token. With `parts`, only every
    parts-th bucket (from `part`) is searched.
    """
    frequency = Counter(token for s in sets if usable(s) for token in s)
    rank = {token: position for position, (token, _) in
            enumerate(sorted(frequency.items(), key=lambda pair: (pair[1], pair[0])))}
    prefixes: dict[int, list[str]] = {}
    index = defaultdict(list)
    for position, tokens in enumerate(sets):
        if tokens and usable(tokens):
            keep = len(tokens) - math.ceil(threshold * len(tokens)) + 1
            prefixes[position] = sorted(tokens, key=rank.__getitem__)[:keep]
            for token in prefixes[position]:
                index[token].append(position)
    sizes = [len(s) for s in sets]
    pairs: set[tuple[int, int]] = set()
    for number, (token, bucket) in enumerate(index.items()):
        if number % parts != part or len(bucket) < 2:
            continue
        for block in _blocks(token, bucket, prefixes):
            # Length filter: sets of very different sizes cannot reach the threshold.
            pairs.update(pair for pair in _all_pairs(block, wanted, owners)
                         if threshold * max(sizes[pair[0]], sizes[pair[1]]) <= min(sizes[pair[0]], sizes[pair[1]]))
    return pairs


def _blocks(token: str, bucket: list[int], prefixes: dict[int, list[str]]) -> list[list[int]]:
    """The bucket itself, or, when too large, its members grouped by their next rarest token."""
    if len(bucket) <= MAX_BUCKET:
        return [bucket]
    groups = defaultdict(list)
    for position in bucket:
        following = [t for t in prefixes[position] if t != token]
        if following:
            groups[following[0]].append(position)
    return [group for group in groups.values() if 1 < len(group) <= MAX_BUCKET]


def _all_pairs(bucket: list[int], wanted, owners):
    """Pairs of a bucket from different units (and involving a wanted record, if any)."""
    by_owner = defaultdict(list)
    for index in bucket:
        by_owner[owners[index]].append(index)
    groups = list(by_owner.values())
    for x, group in enumerate(groups):
        for other in groups[x + 1:]:
            for i in group:
                for j in other:
                    if wanted is None or i in wanted or j in wanted:
                        yield (i, j) if i < j else (j, i)
