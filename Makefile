# Two commands do all setup on a fresh machine:
#   make serve   build the graph from data/, validate it, serve it on localhost
#   make test    lint and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: serve build validate test lint format bench clean harvest reliability

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/hrgraph build --data data --out build --quiet

# Harvest the live campaign site into data/ (network; polite: 1 s between requests).
harvest: $(STAMP)
	$(BIN)/hrgraph harvest --data data

ASSETS := src/hrgraph/web/static/vendor/yasgui.version

$(ASSETS): $(STAMP) src/hrgraph/web/assets.py
	$(BIN)/python -m hrgraph.web.assets

validate: build
	$(BIN)/hrgraph validate --build build

serve: validate $(ASSETS)
	$(BIN)/hrgraph serve --build build --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: $(STAMP)
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

test: lint $(ASSETS)
	$(BIN)/pytest $(PYTEST_ARGS)

# Every stage against its baseline on TIER synthetic profiles (bench/README.md).
TIER ?= 1000
bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py --tier $(TIER)

clean:
	rm -rf build .pytest_cache

# The full reliability run (hostile queries, fuzzing, load, faults): under 15 minutes;
# writes its figures into docs/reliability.md. The fast subset runs with `make test`.
reliability: $(ASSETS)
	$(BIN)/python reliability/run.py
