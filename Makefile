# Quick start: `make demo` (server + example configuration) and `make test`.
# Both create .venv and install what they need; nothing else is required on the machine
# but python3 (>= 3.11) and, for the PostgreSQL half of the tests, a reachable PostgreSQL.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml setup.py | cksum | cut -d' ' -f1)

.PHONY: demo test check bench clean

$(STAMP): pyproject.toml setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

demo: $(STAMP)
	$(BIN)/zentrale demo

test: $(STAMP)
	$(BIN)/python -m pytest -v

# The house rules, each failing the run: the dependency contract, lint, format, types.
# mypy sees the flat layout through a link named `zentrale` (the package's import name).
check: $(STAMP)
	@# The project's copies of the contracts follow the upstream ones when those lie beside the clone.
	@if [ -d ../shared/contracts ]; then for f in trade-api.openapi.yaml business-config.md; do \
		cmp -s ../shared/contracts/$$f docs/contracts/$$f || { echo "docs/contracts/$$f differs from ../shared/contracts/$$f: update the project's copy"; exit 1; }; \
	done; fi
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@mkdir -p $(VENV)/mypy-path && ln -sfn $(CURDIR) $(VENV)/mypy-path/zentrale
	cd $(VENV)/mypy-path && $(CURDIR)/$(BIN)/mypy --config-file $(CURDIR)/pyproject.toml -p zentrale

clean:
	rm -rf $(VENV) var .pytest_cache
