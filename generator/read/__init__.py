"""Reading: strict YAML loading with positions, the schemas and the typing they give, the unit
registry as records, and the content-keyed cache of per-file results."""
