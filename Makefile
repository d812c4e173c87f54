.PHONY: check lint types layers test bench bench-quick

VENV ?= .venv
PY := $(VENV)/bin/python

check: lint types layers test

lint:
	$(VENV)/bin/ruff check postchain_tui tests

types:
	$(VENV)/bin/mypy

# The import contracts in pyproject.toml ([tool.importlinter]).
layers:
	$(VENV)/bin/lint-imports

test:
	$(PY) -m pytest

# Benchmarks against reference programs in a real terminal (tmux); not part of the tests.
bench:
	$(PY) bench/run.py

bench-quick:
	$(PY) bench/run.py --quick
