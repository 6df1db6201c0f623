# Two entry points, each bootstrapping .venv from nothing:
#   make run   installs the runtime and starts the front desk on embedded defaults
#   make test  installs dev dependencies and runs lint, type checks and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: run test lint typecheck pytest evals bench clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[api,voice]'
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[all,dev]'
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/frontdesk serve

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

pytest: $(VENV)/.dev-installed
	$(BIN)/pytest $(PYTEST_ARGS)

# The shipped eval suites replayed once with the embedded brain; the suites' own thresholds
# (evals/suites/thresholds.yaml) make the command fail under target. Then the natural suite
# (callers as they really talk) under its bar, and the hand-written held-out corpus (an
# independent measure: 90 %, no wrongful write; about a minute). Reports land in var/reports.
evals: $(VENV)/.dev-installed
	$(BIN)/frontdesk eval --workers 2 --json var/reports/evals.json --html var/reports/evals.html
	$(BIN)/frontdesk eval evals/natural --workers 2 --min-success 0.95 --max-wrongful-writes 0 \
		--json var/reports/natural.json
	$(BIN)/frontdesk eval evals/heldout --workers 2 --json var/reports/heldout.json

test: lint typecheck pytest evals

bench: $(VENV)/.run-installed
	$(BIN)/frontdesk bench search --slots 1000000
	$(BIN)/frontdesk bench booking-race --slots 1000 --attempts 4000
	$(BIN)/frontdesk bench turns

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# The locked dependency sets, with hashes: requirements/server.lock (the image: api, postgres)
# and requirements/dev.lock (everything, for development and CI). uv keeps the pins already in
# a lock; add --upgrade (LOCK_ARGS=--upgrade) to move to newer releases. Needs the index.
LOCK_ARGS ?=
LOCK := $(BIN)/uv pip compile --quiet pyproject.toml --generate-hashes --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28 $(LOCK_ARGS)
lock: $(VENV)/.dev-installed
	$(BIN)/python -m pip install --quiet uv
	$(LOCK) --extra api --extra postgres -o requirements/server.lock
	$(LOCK) --extra all --extra dev -o requirements/dev.lock
