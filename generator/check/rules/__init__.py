"""The named rules of validation, one module per subject; each yields findings, never raises."""
