# The two commands of the README, and the benchmarks.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.madoguchi-setup

.PHONY: setup demo test lint unit bench clean

setup:
	@installer/setup.sh

demo: setup
	@$(VENV)/bin/madoguchi demo

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

unit: setup
	$(PY) -m pytest $(PYTEST_ARGS)

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) -m bench

clean:
	rm -rf tests/artifacts .pytest_cache .mypy_cache .ruff_cache
