# Two entry points for a fresh machine (python3 and make are all they assume):
#   make demo   install into .venv and run the offline demo on the bundled corpus
#   make test   install the test extras (and Debian's chromium for the browser tests) and run every test
VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin

.PHONY: demo test bench lint clean system-deps

demo: $(VENV)/.installed
	$(BIN)/monitor demo

test: $(VENV)/.installed-test system-deps lint
	$(BIN)/pytest

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py
	$(BIN)/python bench/real_pages.py

$(VENV)/bin/pip:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(VENV)/bin/pip
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $@ $(VENV)/.installed-test $(VENV)/.installed

# ruff and mypy with the project's own config (pyproject.toml).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy

# Debian's chromium for the browser tests (review desk, digest rendering).
system-deps:
	@bash scripts/system-deps.sh

clean:
	rm -rf $(VENV) build *.egg-info
