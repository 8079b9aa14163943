"""What other YAML readers make of an unquoted value.

The strict loader keeps every plain scalar as text unless the schema types it. Editors (the YAML
language server), check-jsonschema and most libraries do not: they follow a YAML schema and read
`12315` as a number, `true` as a boolean and `2024-01-05` as a date. A catalog file must mean the
same to all of them, so the validator asks for quotes wherever such a reader would see anything but
the text the schema wants.

Two resolvers are consulted: the YAML 1.2 core schema (from the specification, section 10.3.2),
which the language server and check-jsonschema follow, and PyYAML's YAML 1.1 resolver (`yes`,
`0o17`, `1_000`, `8:30`, dates), which many scripts still use.
"""

from __future__ import annotations

import re

import yaml

NUMBER, BOOLEAN, DATE, SPECIAL = "number", "boolean", "date", "special"

# The YAML 1.2 core schema, with the digit separators (1_000) that ruamel.yaml, check-jsonschema's
# reader, also takes in a number.
_CORE_12 = (
    (re.compile(r"true|True|TRUE|false|False|FALSE"), BOOLEAN),
    (re.compile(r"[-+]?[0-9][0-9_]*|[-+]_[0-9_]*|[-+]?0o[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+"), NUMBER),
    (re.compile(r"[-+]?(\.[0-9_]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN"),
     NUMBER),
)
_YAML_11_KINDS = {"tag:yaml.org,2002:int": NUMBER, "tag:yaml.org,2002:float": NUMBER,
                  "tag:yaml.org,2002:bool": BOOLEAN, "tag:yaml.org,2002:timestamp": DATE,
                  # `<<` (a merge key) and `=` (a value key): PyYAML and ruamel refuse a file with one as a value.
                  "tag:yaml.org,2002:merge": SPECIAL, "tag:yaml.org,2002:value": SPECIAL}
_RESOLVER = yaml.resolver.Resolver()
# Every value any of the resolvers types starts with one of these; most catalog text (Chinese, names,
# unit ids) does not, and is passed over with one set lookup.
MAY_BE_TYPED = frozenset("0123456789+-.tTfFyYnNoO<=")


def reader_type(text: str) -> str | None:
    """NUMBER, BOOLEAN, DATE or SPECIAL when a YAML 1.2 or 1.1 reader types this plain scalar so; None for text."""
    if not text or text[0] not in MAY_BE_TYPED:
        return None
    for pattern, kind in _CORE_12:
        if pattern.fullmatch(text):
            return kind
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    return _YAML_11_KINDS.get(tag)
