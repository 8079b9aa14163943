"""Seeded mutations of valid catalog files and issue-form bodies, for the fuzzer (fuzzing.py).

Structural mutations work on the data and write it back as YAML: a value replaced by a list, a
mapping, a number, a bool, null, an empty or huge or hostile string; a hidden character or a line
break added to a string; keys deleted, renamed, swapped, added; values nested. Textual mutations
work on the text or its bytes, for what a YAML writer never produces: quoted and block scalars
with a trailing newline or an escape, nesting hundreds deep, lists of a hundred thousand items,
files at the size cap, control and bidi characters, YAML's own characters, lines dropped or
repeated (duplicate keys), bytes flipped, truncated, or in another encoding. Type confusions are
not random: every field of a few starting files, each replaced by every other shape (`confusions`).
"""

from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

MAX_BYTES = 1024 * 1024  # the loader's cap on a file, as the format guide states it: cases straddle it
HOSTILE_TEXT = ["", " ", "\n", "x\n::error file=README.md,line=1::fake", "\x00", "\x1b[2J", "\u202e", "\u200b",
                "```{#__config .md-dialog}\nx\n```", "<script>alert(1)</script>", "430700-007-Y09-0003\n",
                "2099-02-30\n", "2026-02-30", "第十二条\n", "https://a.example/\"><b>", "'", "%0A", "{{ 7*7 }}",
                "\ud800", "\U000e0041", "\u00ad", "一" * 5000, "关键词、" * 20_000, "gaj", "gaj\n", "GAJ", "..",
                "../../etc/passwd", "0731", "no", "1e400", "-1", "9" * 400]
HOSTILE_VALUES = [None, True, 0, -1, 10 ** 30, 1.5e308, 0.5, [], {}, {"x": 1}, {"a": 1}, [[[]]], ["gaj"], ["x"],
                  [None], [{}] * 3000, ["词"] * 3000, [f"词{i}" for i in range(3000)] + ["词1"]]
# Appended, prepended or put inside a string: line ends, controls, bidi, zero-width, invisible format characters.
HIDDEN = ["\n", "\n\n", "\r", "\r\n", "\t", " ", "\x00", "\x1b", "\x7f", "\x85", "\x9b", "\u00a0", "\u00ad", "\u061c",
          "\u180e", "\u200b", "\u200d", "\u200e", "\u2028", "\u2029", "\u202e", "\u2066", "\u2060", "\u3000", "\ufeff",
          "\ufff9", "\U000e0001", "\U000e0041"]
# Double-quoted YAML escapes for the same characters, written as a unit might paste them.
ESCAPES = ["\\n", "\\r", "\\t", "\\0", "\\e", "\\N", "\\L", "\\P", "\\_", "\\x7f", "\\x9b", "\\u202e", "\\u200b",
           "\\ufeff", "\\u00ad", "\\u2066", "\\U000E0041", " "]
INSERTED = HIDDEN + [":", "：", "#", " #", "&", "&a ", "*", "*a", "!", "!!str ", "!!python/object:os.system ", "|",
                     ">", "'", '"', "{", "}", "[", "]", ",", "-", "- ", "?", "%", "@", "`", "\\", "---\n", "...\n",
                     "<<: ", "\n  ", "\ndup: 1\n"]
_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_KEY_LINE = re.compile(r"(?m)^( *(?:- +)?)([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$")


@dataclass
class Case:
    """One mutated file and where it goes."""

    place: str
    text: str | bytes
    how: str

    @property
    def raw(self) -> bytes:
        """The bytes written to disk (a lone surrogate is written as the invalid UTF-8 it would be)."""
        return self.text if isinstance(self.text, bytes) else self.text.encode("utf-8", "surrogatepass")


def mutate(rng: random.Random, seeds: dict[str, tuple[str, bytes]]) -> Case:
    """One case: a valid starting file, mutated once or a few times.

    The kind of file (its top folder) is chosen first, so that the many demo entries do not crowd out
    the registry, the requests and the data-error reports.
    """
    kinds = sorted({place.split("/")[0] for place, _ in seeds.values()})
    kind = rng.choice(kinds)
    name = rng.choice(sorted(n for n, (place, _) in seeds.items() if place.startswith(kind + "/")))
    place, raw = seeds[name]
    text: str | bytes = raw.decode("utf-8")
    steps = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        operator = rng.choice(_OPERATORS)
        text, how = operator(rng, text)
        steps.append(how)
    return Case(place, text, f"{name}: " + "; ".join(steps))


# ---- structural mutations: on the data, written back as YAML -------------------------------------

def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


def _pick_path(rng: random.Random, data) -> tuple | None:
    """A key path, each depth equally likely: a registry row's id (depth 3) as often as a top-level field."""
    by_depth: dict[int, list] = {}
    for path in _paths(data):
        if path:
            by_depth.setdefault(len(path), []).append(path)
    return rng.choice(by_depth[rng.choice(sorted(by_depth))]) if by_depth else None


def _structural(change):
    def operator(rng: random.Random, text):
        if isinstance(text, bytes):
            return text, "structural skipped"
        head = text.split("\n", 1)[0] + "\n" if text.startswith("#") else ""
        try:
            data = yaml.load(text, Loader=_SAFE)
        except (yaml.YAMLError, RecursionError):  # a text mutation before may have left no YAML, or too deep for it
            return text, "structural skipped"
        path = _pick_path(rng, data)
        if path is None:
            return text, "structural skipped"
        how = change(rng, data, path)
        try:
            return head + _dump(data), f"{how} at {path}"
        except RecursionError:  # nested too deep for the writer: keep the text as it was
            return text, "structural skipped"
    operator.__name__ = change.__name__
    return operator


def _dump(data) -> str:
    """YAML text of the data: libyaml's writer (fast on megabytes), Python's for a lone surrogate libyaml refuses."""
    try:
        return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
    except UnicodeEncodeError:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _parent(data, path):
    for part in path[:-1]:
        data = data[part]
    return data


def _replace(rng, data, path):
    value = rng.choice(HOSTILE_VALUES + HOSTILE_TEXT)
    _parent(data, path)[path[-1]] = value
    return f"replace with {str(value)[:40]!r}"


def _hide(rng, data, path):
    """A hidden character or a line break at the end, the start or inside a scalar (a copied value)."""
    parent, value, char = _parent(data, path), _parent(data, path)[path[-1]], rng.choice(HIDDEN)
    if isinstance(value, (dict, list)):
        return _replace(rng, data, path)
    value = str(value)
    at = rng.choice((len(value), len(value), 0, len(value) // 2))
    parent[path[-1]] = value[:at] + char + value[at:]
    return f"hide {char!r} at {at}"


def _delete(rng, data, path):
    del _parent(data, path)[path[-1]]
    return "delete"


def _nest(rng, data, path):
    depth = rng.choice((5, 33, 150))  # past the loader's 32 levels; deeper would overflow yaml.safe_dump here
    value = "x"
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"k": value}
    _parent(data, path)[path[-1]] = value
    return f"nest {depth}"


def _add_key(rng, data, path):
    parent, value = _parent(data, path), rng.choice(HOSTILE_VALUES + HOSTILE_TEXT)
    if isinstance(parent, dict):
        parent[rng.choice(["extra", "code", "id", "名称", "items", "", "code\u200b", "1"])] = value
    else:
        parent.append(value)
    return f"add {str(value)[:40]!r}"


def _rename(rng, data, path):
    """A key spelt wrong the ways people and copy-paste do: case, a hidden character, a full-width letter."""
    parent = _parent(data, path)
    if not isinstance(parent, dict):
        return _add_key(rng, data, path)
    old = path[-1]
    new = rng.choice((str(old).upper(), f"{old}{rng.choice(HIDDEN)}", f" {old}", str(old).replace("e", "ｅ")))
    items = [(new if k == old else k, v) for k, v in parent.items()]
    parent.clear()
    parent.update(items)
    return f"rename to {new!r}"


def _swap(rng, data, path):
    """Two siblings' values exchanged: every field gets another field's type."""
    parent = _parent(data, path)
    keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
    other = rng.choice(keys)
    parent[path[-1]], parent[other] = parent[other], parent[path[-1]]
    return f"swap with {other!r}"


_STRUCTURAL = [_structural(c) for c in (_replace, _replace, _replace, _hide, _hide, _delete, _nest, _add_key,
                                        _rename, _swap)]


# ---- type confusions: every field of a few starting files, each replaced by every other shape ----------

def confusions(seeds: dict[str, tuple[str, bytes]]) -> list[Case]:
    """Every field (first list items only) of one starting file per branch the schema takes, replaced
    by a value of each other shape: a mapping, a list, a scalar, null.

    Exhaustive where random mutation is thin: a crash that needs a field of the wrong shape while another
    field takes a conditional branch (`sharing: 有条件共享` written flat, with `open: 有条件开放`) needs both.
    """
    cases = []
    for name in _branch_seeds(seeds):
        place, raw = seeds[name]
        text = raw.decode("utf-8").removeprefix("\ufeff")
        head = text.split("\n", 1)[0] + "\n" if text.startswith("#") else ""
        data = yaml.load(text, Loader=_SAFE)
        for path in _paths(data):
            if not path or len(path) > 3 or any(isinstance(p, int) and p for p in path):
                continue
            for value in _other_shapes(_parent(data, path)[path[-1]]):
                changed = copy.deepcopy(data)
                _parent(changed, path)[path[-1]] = value
                cases.append(Case(place, head + _dump(changed), f"{name}: {path} as {value!r}"))
    return cases


def _branch_seeds(seeds) -> list[str]:
    """The first starting file (by name) of each kind and each value of the fields the schema branches on."""
    chosen, seen = [], set()
    for name in sorted(seeds):
        place, raw = seeds[name]
        data = yaml.load(raw, Loader=_SAFE)
        sharing = data.get("sharing") if isinstance(data.get("sharing"), dict) else {}
        branch = (place.split("/")[0], data.get("open"), sharing.get("type"), data.get("kind"), data.get("problem"))
        if branch not in seen:
            seen.add(branch)
            chosen.append(name)
    return chosen


def _other_shapes(value) -> list:
    if isinstance(value, dict):
        return ["gaj", ["gaj"], None]
    if isinstance(value, list):
        return ["gaj", {"a": 1}, None]
    return [["gaj"], {"a": 1}, None]


# ---- textual mutations: on the text or its bytes --------------------------------------------------

def _key_line(rng, text, lists: bool = False):
    """A random `key: value` line of the text (None when there is none): where values are rewritten as text.

    With `lists`, mostly a key whose value is a list or a block (keywords, items, method): where
    the red team's 1 MiB list of duplicates was.
    """
    if isinstance(text, bytes):
        return None
    found = list(_KEY_LINE.finditer(text))
    collections = [m for m in found if not m[3] or m[3].startswith("[")]
    if lists and collections and rng.random() < 0.7:
        found = collections
    return rng.choice(found) if found else None


def _set_value(text, match, value: str) -> str:
    return text[:match.start()] + f"{match[1]}{match[2]}: {value}" + text[match.end():]


def _quoted(rng, text):
    """A scalar quoted or in a block, with a trailing line end or an escape: the spellings a pattern can miss."""
    match = _key_line(rng, text)
    if match is None:
        return text, "quoted skipped"
    value = (match[3] or "x").strip().strip("'\"")
    plain = value.replace("\\", "\\\\").replace('"', '\\"')
    indent = " " * (len(match[1]) + 2)
    escape = rng.choice(ESCAPES)
    form = rng.choice((f'"{plain}\\n"', f'"{plain}{escape}"', f'"{escape}{plain}"', f"'{value}\n\n{indent}'",
                       f"|\n{indent}{value}\n", f"|+\n{indent}{value}\n\n", f">\n{indent}{value}\n{indent}{value}\n",
                       f'"{plain}\n{indent}"'))
    return _set_value(text, match, form), f"quote {match[2]} as {form[:30]!r}"


def _deep(rng, text):
    """Nesting hundreds or thousands deep, written as text (a YAML writer would overflow first)."""
    match = _key_line(rng, text)
    if match is None:
        return text, "deep skipped"
    depth, shape = rng.choice((33, 100, 400, 1000, 5000)), rng.choice(("[", "{", "-", "k", "[unclosed"))
    indent = len(match[1]) + 1
    if shape == "[":
        value = "[" * depth + "x" + "]" * depth
    elif shape == "{":
        value = "{a: " * depth + "x" + "}" * depth
    elif shape == "-":
        value = "\n" + " " * indent + "- " * depth + "x"
    elif shape == "k":
        depth = min(depth, 1000)  # one more space a level: 1,000 levels are already half a megabyte
        value = "\n" + "".join(" " * (indent + i) + "k:\n" for i in range(depth)) + " " * (indent + depth) + "k: x"
    else:
        value = "[" * depth
    return _set_value(text, match, value), f"deep {shape} {depth} at {match[2]}"


def _long_list(rng, text):
    """A list of thousands of items with duplicates, up to filling the file to just under the size cap
    (uniqueness and length checks on hostile sizes: a duplicate among 60,000 distinct items is the costly one)."""
    match = _key_line(rng, text, lists=True)
    if match is None:
        return text, "long list skipped"
    kind, flow = rng.choice(("same", "cycle", "unique", "maps")), rng.random() < 0.5
    item = {"same": lambda i: "词", "cycle": lambda i: f"词{i % 7}", "unique": lambda i: f"词{i}",
            "maps": lambda i: f"{{name: 项{i % 5}, type: 字符型}}"}[kind]
    indent = " " * (len(match[1]) + 2)
    entry = (lambda v: f"{v}, ") if flow else (lambda v: f"\n{indent}- {v}")
    room = MAX_BYTES - len(text.encode("utf-8", "surrogatepass")) - 200
    limit = rng.choice((11, 300, 5000, None))  # None: as many as fit under the cap
    values, size = [item(1)], 0  # the first item repeats the second: a duplicate at every length
    while (len(values) < limit) if limit else (size < room):
        values.append(item(len(values)))
        size += len(entry(values[-1]).encode())
    value = f"[{', '.join(values)}]" if flow else "".join(entry(v) for v in values)
    return _set_value(text, match, value), f"long list {kind} {len(values)} at {match[2]}"


def _huge(rng, text):
    """A value that brings the file to just under, at or just over the size cap."""
    match = _key_line(rng, text)
    if match is None:
        return text, "huge skipped"
    room = MAX_BYTES - len(text.encode("utf-8", "surrogatepass")) + rng.choice((-100, -len(match[0]), 0, 1, 100))
    value = rng.choice(("a" * room, "一" * (room // 3), '"' + "\\n" * (room // 2) + '"'))
    return _set_value(text, match, value), f"huge {room} bytes at {match[2]}"


def _insert_char(rng, text):
    if isinstance(text, bytes):
        return text, "insert skipped"
    at = rng.randrange(len(text) + 1)
    char = rng.choice(INSERTED)
    return text[:at] + char + text[at:], f"insert {char!r} at {at}"


def _lines(rng, text):
    if isinstance(text, bytes):
        return text, "lines skipped"
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    choice = rng.choice(("drop", "repeat", "swap", "indent", "dedent"))
    if choice == "drop":
        del lines[index]
    elif choice == "repeat":  # a duplicate key, or a duplicate list item
        lines.insert(index, lines[index])
    elif choice == "swap":
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
    elif choice == "indent":
        lines[index] = "  " + lines[index]
    else:
        lines[index] = lines[index].lstrip()
    return "\n".join(lines), f"{choice} line {index + 1}"


def _bytes(rng, text):
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    choice = rng.choice(("flip", "truncate", "utf16", "utf16le", "utf32", "gbk", "bom", "crlf", "cr", "invalid"))
    at = rng.randrange(len(raw) + 1)
    if choice == "flip" and raw:
        raw = raw[:at - 1] + bytes([rng.randrange(256)]) + raw[at:] if at else bytes([rng.randrange(256)]) + raw[1:]
    elif choice == "truncate":
        raw = raw[:at]
    elif choice in ("utf16", "utf16le", "utf32", "gbk"):
        codec = {"utf16": "utf-16", "utf16le": "utf-16-le", "utf32": "utf-32", "gbk": "gb18030"}[choice]
        raw = raw.decode("utf-8", "replace").encode(codec)
    elif choice == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif choice in ("crlf", "cr"):
        raw = raw.replace(b"\n", b"\r\n" if choice == "crlf" else b"\r")
    else:
        raw = raw[:at] + rng.choice((b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00")) + raw[at:]
    return raw, f"{choice} at {at}"


_TEXTUAL = [_quoted, _quoted, _deep, _long_list, _huge, _insert_char, _insert_char, _lines, _lines, _bytes, _bytes]
_OPERATORS = _STRUCTURAL + _TEXTUAL


# ---- the issue-form route: `catalog from-issue` -----------------------------------------------------

ISSUES = Path(__file__).resolve().parent / "issues"


def mutate_issue(rng: random.Random) -> Case:
    """An issue form's body, a section's answer replaced, dropped, repeated, or the text mutated."""
    source = rng.choice(sorted(ISSUES.glob("*.md")))
    sections = re.split(r"(?m)^(?=### )", source.read_text(encoding="utf-8"))
    index = rng.randrange(len(sections))
    heading, _, _ = sections[index].partition("\n")
    choice = rng.choice(("replace", "replace", "drop", "repeat", "text"))
    if choice == "replace":
        sections[index] = f"{heading}\n\n{rng.choice(HOSTILE_TEXT + ['_No response_', '- [x] 是', '1. 一'])}\n\n"
    elif choice == "drop":
        del sections[index]
    elif choice == "repeat":
        sections.insert(index, sections[index])
    body = "".join(sections)
    if choice == "text":
        body, choice = _insert_char(rng, body)
    return Case(source.name, body, f"{choice} section {index} ({heading[4:20]})")
