"""The site: build orchestration (`build`), page views (`render`, `pages`, `fastpages`,
`reportpages`), charts, page bodies put in after Markdown, and the incremental rebuild."""
