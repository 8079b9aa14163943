"""The model: records and their joins (`catalog`), the status of sharing requests as ready values
(`requeststatus`), each entry's history from git (`history`), the catalog as of a past date
(`snapshot`) and whether an entry keeps its update cycle (`freshness`). Reads through `read`; never
imports the checker."""
