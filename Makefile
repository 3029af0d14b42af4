# The two commands of the README, and the benchmarks.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.madoguchi-setup

.PHONY: setup demo test lint unit bench clean bundle bundle-test lock

setup:
	@installer/setup.sh

demo: setup
	@$(VENV)/bin/madoguchi demo

BANDIT := $(VENV)/bin/bandit -q -c pyproject.toml -r kiosk card_reader forms i18n ui

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(BANDIT)

unit: setup
	$(PY) -m pytest $(PYTEST_ARGS)

# The suite in one process per core (at most 4), the 25 slowest tests listed; then the
# tests that know about days again with the wall clock a year ahead, at a month's end.
XDIST  := -n auto --maxprocesses=4
CLOCK_TESTS := tests/ui/test_kiosk_scenarios.py tests/forms tests/kiosk tests/store \
	tests/ui/staff tests/ui/admin tests/infra

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(BANDIT)
	$(PY) -m pytest $(XDIST) --durations=25 --ignore=tests/bundle $(PYTEST_ARGS)
	$(PY) -m pytest $(XDIST) --move-clock -q $(CLOCK_TESTS)

# The one-folder bundle (PyInstaller, installer/bundle/madoguchi.spec): dist/madoguchi/.
# Built in its own environment made from the lock files (installer/bundle/build.sh).
bundle: setup
	@installer/bundle/build.sh

# Pin the runtime dependencies again after a change to pyproject.toml's dependencies.
lock: setup
	@installer/lock.sh

# Builds the bundle, then runs it with no Python, fonts or dictionaries of the system
# in sight (tests/bundle). Separate from `make test` (about 2 minutes more on 2 cores);
# .ci/run runs both.
bundle-test: bundle
	MADOGUCHI_BUNDLE_DIR=$(CURDIR)/dist/madoguchi $(PY) -m pytest tests/bundle

bench: setup
	$(PY) -m bench

clean:
	rm -rf tests/artifacts .pytest_cache .mypy_cache .ruff_cache build dist
