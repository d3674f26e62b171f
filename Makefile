# Presswork: `make epub`, `make pdf`, `make test`, `make bench`, `make watch`. The first run creates .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANUSCRIPT ?= manuscript
OUT ?= build
PRESSWORK := $(BIN)/presswork

.PHONY: all epub pdf test check bench watch clean system-deps

all: $(STAMP)
	$(PRESSWORK) build $(MANUSCRIPT) --format all -o $(OUT)

epub: $(STAMP)
	$(PRESSWORK) build $(MANUSCRIPT) --format epub -o $(OUT)

pdf: $(STAMP)
	$(PRESSWORK) build $(MANUSCRIPT) --format pdf -o $(OUT)

watch: $(STAMP)
	$(PRESSWORK) watch $(MANUSCRIPT) -o $(OUT)

check: $(STAMP)
	$(PRESSWORK) check -m $(MANUSCRIPT) -o $(OUT)

test: $(STAMP)
	scripts/system-deps test
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(OUT)

$(STAMP): pyproject.toml
	scripts/system-deps build
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m compileall -q src  # as pip compiles a wheel's modules
	touch $(STAMP)
