# Two commands for a new user: `make run` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     := data/dashboard.duckdb
PORT   ?= 8501
# Loopback by default: the dashboard is private to this machine and Streamlit then makes no
# outbound request to find an external IP. `make run ADDRESS=0.0.0.0` serves the network.
ADDRESS ?= 127.0.0.1
export BOUNDARIES_MIRROR ?= $(abspath ../shared/geodata)

.PHONY: run test data venv venv-dev chromium unit browser bench publish refresh clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

venv: $(VENV)/.installed-run
venv-dev: $(VENV)/.installed-dev

# The database is rebuilt when it is missing or older than any CSV, view model or the build code.
$(DB): $(wildcard data/*.csv) $(wildcard data/index_presets/*.json) $(wildcard queries/models/*.sql) $(wildcard queries/index_inputs.sql) $(shell find sammanhallen -name "*.py") | $(VENV)/.installed-run
	$(BIN)/python -m sammanhallen.data.build

data: | $(VENV)/.installed-run
	$(BIN)/python -m sammanhallen.data.build

run: $(VENV)/.installed-run $(DB)
	$(BIN)/python serve.py run app.py --server.port $(PORT) --server.address $(ADDRESS)

chromium:
	@sh tools/ensure_chromium.sh

# Everything: functions, SQL and pages on both cores, then the real app in Chromium (one app at a time).
test: $(VENV)/.installed-dev chromium
	$(BIN)/python -m pytest -m "not browser" -n 2
	$(BIN)/python -m pytest -m browser

# The quick loop (under two minutes on two cores): no browser, no slow tests, one worker per core.
unit: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m "not browser and not slow" -n 2

browser: $(VENV)/.installed-dev chromium
	$(BIN)/python -m pytest -m browser

# Every benchmark in bench/, then bench/REPORT.md (about 12 minutes on an idle 2-core machine; one benchmark again:
# .venv/bin/python bench/report.py --only queries)
bench: $(VENV)/.installed-dev $(DB) chromium
	$(BIN)/python bench/report.py

# Publish the database as a new version of a Parquet dataset that app processes read through
# DASHBOARD_DATA (see docs/DEPLOYMENT.md): make publish DEST=/srv/dataset
publish: $(DB)
	$(BIN)/python -m sammanhallen.data.publish --db $(DB) --dest $(DEST)

# Fetch every recipe in data/recipes/ from SCB and Kolada and import it all or nothing (make refresh),
# or one recipe (make refresh RECIPE=scb_kommun_folkmangd). Runs as cli:<user>@<host> on the writer host.
refresh: $(VENV)/.installed-run $(DB)
	$(BIN)/python -m sammanhallen.data_import.providers $(if $(RECIPE),--recipe $(RECIPE))

clean:
	rm -rf $(VENV) $(DB) tests/artifacts .pytest_cache
