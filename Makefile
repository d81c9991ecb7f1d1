# Kokoron: `make run` to try it, `make test` to test it. `make help` lists every target.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# load_demo and the development settings read it: links and the demo's Site follow the port.
export PORT
SHELL := /bin/bash
INSTALLED := $(VENV)/.installed
# The exact versions `make install` installs (a constraints file); `make lock` refreshes it.
LOCK := requirements.lock

.DEFAULT_GOAL := help
.PHONY: help install lock setup run test test-browser bench-smoke lint format messages clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST) \
		| sed 's/[$$](PORT)/$(PORT)/g'

$(INSTALLED): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Kokoron needs Python 3.11 or newer; set PYTHON=python3.12 or similar.")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint $(LOCK) -e '.[dev]'
	@touch $(INSTALLED)

install: $(INSTALLED) ## Create the virtualenv and install Kokoron with its test tools

lock: ## Refresh requirements.lock: resolve pyproject.toml afresh in a scratch virtualenv
	@scratch=$$(mktemp -d); trap 'rm -rf $$scratch' EXIT; \
	$(PYTHON) -m venv $$scratch && \
	$$scratch/bin/python -m pip install --quiet --upgrade pip && \
	$$scratch/bin/python -m pip install --quiet '.[dev,production]' && \
	{ echo '# The exact versions `make install` installs. Refresh with `make lock`; do not edit.'; \
	  $$scratch/bin/python -m pip freeze --exclude kokoron; } > $(LOCK) && \
	rm -rf build  # what setuptools left building the scratch install

setup: install ## Install, migrate and load the demo content
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

run: setup ## Set up, then serve the site and run the background worker on http://127.0.0.1:$(PORT)/
	@echo ""
	@echo "  Kokoron: http://127.0.0.1:$(PORT)/   (English: /en/, easy Japanese: /ja-easy/)"
	@echo "  Admin:   http://127.0.0.1:$(PORT)/admin/   user: admin   password: kokoron-demo"
	@echo "           staff roles: manager, pr, coordinator, education, directory (same password)"
	@echo "  Ctrl-C stops the site and the worker."
	@echo ""
	@$(PY) manage.py qcluster & QCLUSTER=$$!; \
	trap 'kill -TERM $$QCLUSTER 2>/dev/null; wait $$QCLUSTER' INT TERM EXIT; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# One pytest-xdist worker per core; each copies one migrated template database (tests/conftest.py).
test: install ## Set up, then run the whole test suite, spread over every core
	$(PY) -m pytest -n auto

test-browser: install ## Run only the browser tests (Debian's chromium)
	$(PY) -m pytest tests/browser

bench-smoke: install ## Run every benchmark at a small size: each must run and end with its JSON line
	@log=$$(mktemp); trap 'rm -f $$log' EXIT; \
	for bench in bench/*.py; do \
		echo "==> $$bench --smoke"; \
		$(PY) $$bench --smoke >$$log 2>&1 || { cat $$log; exit 1; }; \
		tail -n 1 $$log | $(PY) -c 'import json, sys; json.loads(sys.stdin.read())' \
			|| { echo "$$bench: its last line is not JSON"; cat $$log; exit 1; }; \
		tail -n 1 $$log; \
	done

lint: install ## Ruff lint and format check, Django's checks, missing migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

format: install ## Format the code with ruff and fix what ruff can
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

PLUGIN_DIRS := directory matching education
# Japanese and English are complete; easy Japanese and the residents' languages translate some
# strings and fall back to Japanese. makemessages gives their catalogues every new msgid with an
# empty (or fuzzy) msgstr, which prune_catalogues then removes again: a partial catalogue keeps
# only its translations, and one with none is deleted. To start a language in a plugin, run
# makemessages for it there, translate some entries, then `make messages`.
PARTIAL_LOCALES := ja_Easy zh_Hans ko vi pt_BR fil ne
MESSAGES := makemessages --locale ja --locale en $(foreach lang,$(PARTIAL_LOCALES),--locale $(lang)) --no-obsolete

messages: install ## Update the translation catalogues (the core's and each plugin's) and compile them
	$(PY) manage.py $(MESSAGES) --ignore '$(VENV)/*' --ignore 'tests/*' --ignore 'bench/*' $(foreach dir,$(PLUGIN_DIRS),--ignore '$(dir)/*')
	for dir in $(PLUGIN_DIRS); do (cd $$dir && ../$(PY) ../manage.py $(MESSAGES)) || exit 1; done
	$(PY) manage.py prune_catalogues
	$(PY) manage.py compilemessages --ignore '$(VENV)'

clean: ## Remove the virtualenv, the database and collected files
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* media static .pytest_cache
