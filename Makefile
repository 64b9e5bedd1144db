# The README's commands: `make site` builds the site into site/, `make test` runs every check.
PYTHON ?= python3
PIP = $(PYTHON) -m pip install --quiet --disable-pip-version-check

.PHONY: site test lint bench schema system-deps

system-deps:
	./scripts/system-deps.sh

site: system-deps
	$(PIP) -e .
	$(PYTHON) -m generator build --out site

test: system-deps
	$(PIP) -e '.[test]'
	$(MAKE) lint
	$(PYTHON) -m pytest

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
