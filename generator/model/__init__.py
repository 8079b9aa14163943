"""The model: records and their joins (`catalog`), the status of sharing requests as ready values
(`requeststatus`), each entry's history from git (`history`) and the catalog as of a past date
(`snapshot`). Reads through `read`; never imports the checker."""
