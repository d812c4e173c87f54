.PHONY: check lint types test

VENV ?= .venv
PY := $(VENV)/bin/python

check: lint types test

lint:
	$(VENV)/bin/ruff check postchain_tui tests

types:
	$(VENV)/bin/mypy

test:
	$(PY) -m pytest
