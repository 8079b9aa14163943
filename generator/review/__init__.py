"""Review: who may change which file (`ownership`, `authorship`) and the CODEOWNERS it writes."""
