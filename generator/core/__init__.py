"""What every stage shares: the problem record, the repository layout, the city's identity and
vocabulary, dates and working days, git, and process helpers. Imports nothing else of the package."""
