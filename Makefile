# Two commands from a fresh clone: `make run` and `make test`. Each creates .venv itself.
# `make test` runs ruff (lint and format), mypy, the import contracts (lint-imports) and pytest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format typecheck bench fuzz reliability clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/eqia

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/lists.py --quick
	$(BIN)/python bench/huge_inputs.py

# A long fuzzing campaign (docs/reliability.md): FUZZ_EXAMPLES examples for each property.
FUZZ_EXAMPLES ?= 3000
fuzz: $(STAMP)
	EQIA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/unit/test_fuzz.py \
		tests/unit/test_bad_corpus.py --hypothesis-show-statistics

# Kill the app 200 times while it is typed into (docs/reliability.md, "Saving and killing").
KILLS ?= 200
reliability: $(STAMP)
	$(BIN)/python tests/kill_harness.py --kills $(KILLS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
