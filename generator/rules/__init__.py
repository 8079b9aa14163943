"""Named rules for what a JSON Schema cannot say. Each rule yields `Finding`s with key paths.

- content: looks at one document alone (cacheable by content).
- entries: one resource against the unit registry, its location and today's date.
- catalog: the whole catalog at once (unique codes, related codes, 一数一源).
- units:   the unit registry itself.
"""
