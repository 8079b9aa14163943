# Quick start on a fresh machine with Python 3.11:  make site  |  make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Browser tests (tests/browser) drive Debian's Chromium; Playwright's own browser downloads are not used.
CHROMIUM := /usr/bin/chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test browser bench bench-site bench-xlsx fuzz validate serve clean lock lock-check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/catalog validate
	$(BIN)/catalog build
	@echo "网站已生成:$(CURDIR)/site/index.html(预览:$(BIN)/catalog serve)"

test: $(STAMP) browser
	$(BIN)/python -m pytest

# Debian's chromium, and a CJK font so that screenshots show the Chinese text; installed only
# when missing, so a second run does nothing.
browser:
	@if [ -x $(CHROMIUM) ] && fc-list :lang=zh family 2>/dev/null | grep -q .; then :; else \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-wqy-microhei; \
	fi

validate: $(STAMP)
	$(BIN)/catalog validate

serve: $(STAMP)
	$(BIN)/catalog serve

bench: $(STAMP)
	$(BIN)/python bench/run.py

bench-site: $(STAMP)
	$(BIN)/python bench/site.py

# A 2,000-resource workbook, ten info items each, in the merged one-row-per-item layout.
bench-xlsx: $(STAMP)
	$(BIN)/python bench/xlsx_import.py

# Thousands of mutated catalog files (make test runs a few hundred); reproducers in bench/out/fuzz/.
# Another stream of cases: make fuzz FUZZ_SEED=2; one case again: .venv/bin/python bench/fuzz.py --seed S --replay N
FUZZ_SEED  ?= 1
FUZZ_CASES ?= 5000
fuzz: $(STAMP)
	$(BIN)/python bench/fuzz.py --cases $(FUZZ_CASES) --seed $(FUZZ_SEED)

# The hash-locked dependencies every workflow job installs from (pip --require-hashes): the tool's
# runtime dependencies and setuptools, to install the tool itself without build isolation.
# lock writes requirements/tool.txt from pyproject.toml; lock-check fails when it is out of date.
LOCK_ARGS := --quiet --generate-hashes --allow-unsafe --all-build-deps --strip-extras --no-emit-index-url \
             --no-emit-find-links --no-emit-trusted-host pyproject.toml
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet 'pip-tools>=7.4,<8'
	$(BIN)/pip-compile $(LOCK_ARGS) --output-file requirements/tool.txt

lock-check: $(STAMP)
	$(BIN)/python -m pip install --quiet 'pip-tools>=7.4,<8'
	cp requirements/tool.txt $(VENV)/tool.lock-check.txt
	$(BIN)/pip-compile $(LOCK_ARGS) --output-file $(VENV)/tool.lock-check.txt
	sed 1,6d requirements/tool.txt > $(VENV)/tool.lock-now.txt
	sed 1,6d $(VENV)/tool.lock-check.txt | diff -u $(VENV)/tool.lock-now.txt - \
		|| { echo "requirements/tool.txt 已过期:运行 make lock 后提交。"; exit 1; }

clean:
	rm -rf site .cache build bench/out
