"""Downloads: the catalog as CSV, XLSX, JSON and DCAT, written reproducibly."""
