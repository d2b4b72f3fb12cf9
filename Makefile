# cica-kg: `make run` builds the knowledge graph, `make test` runs every check.
# Needs only Python 3.11+ and make; everything else goes into .venv from the package index.

PYTHON ?= python3
VENV   ?= .venv
OUT    ?= build
BIN    := $(VENV)/bin

.PHONY: run test lint clean distclean bench

run: $(VENV)/.installed-run  ## build the graph from the bundled corpus into $(OUT)/
	$(BIN)/cica-kg build --out $(OUT)

test: $(VENV)/.installed-test  ## lint, type-check and run the test suite
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(VENV)/.installed-test  ## ruff and mypy only
	$(BIN)/ruff check src tests
	$(BIN)/mypy

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "cica-kg needs Python 3.11 or newer (set PYTHON=...)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Stamp files: a second `make run` / `make test` does not reinstall unless pyproject.toml changed.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed-run

BENCH_SIZES ?= 0,1e4,1e5
bench: $(VENV)/.installed-test  ## benchmarks: Markdown table + $(OUT)/bench/bench.png (BENCH_SIZES=0,1e4,1e5,1e6)
	$(BIN)/cica-kg build --out $(OUT)
	$(BIN)/python -m cica_kg.bench --sizes $(BENCH_SIZES) --out $(OUT)/bench --seed-graph $(OUT)/cica.trig

clean:  ## remove build outputs and caches (keeps .venv)
	rm -rf $(OUT) $(addprefix $(dir $(OUT)).$(notdir $(OUT)),.lock .previous .staging-* .aside-*) \
		dist .pytest_cache .mypy_cache .ruff_cache
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean  ## also remove the virtual environment
	rm -rf $(VENV)
