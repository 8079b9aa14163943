"""Checking: the per-file checks (`files`), the named rules (`rules/`), whole-catalog validation
(`validate`) and the output formats of its problems (`formats`)."""
