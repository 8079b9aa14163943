"""The quality score of entries and units, after data.europa.eu's Metadata Quality Assessment.

`criteria` holds what is scored (a table: dimension, label, points, check, hint) and the ratings,
`scores` scores an entry and averages a unit's entries, `files` scores the files `catalog validate
--quality` checks, which may not have validated. The site, the annual report and the command line
show the same numbers. See docs/quality.md.
"""
