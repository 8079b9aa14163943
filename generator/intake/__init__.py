"""Intake: the routes by which units submit entries besides writing YAML by hand: scaffolds
(`scaffold`), issue forms (`issueforms`) and workbooks (`excel/`)."""
