# Netral: two commands on a fresh machine.
#   make run   set up everything and start the app (web + worker + scheduler) on SQLite
#   make test  set up everything and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
ADDR   ?= 127.0.0.1:8000
PYTEST_WORKERS ?= auto

.PHONY: run test setup migrate bench train check clean messages audit demo-report

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Netral memerlukan Python 3.11 atau lebih baru (PYTHON=$(PYTHON)).")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# setuptools too: the copy `python -m venv` brings is years old (known advisories; make audit names it).
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(BIN)/python manage.py migrate --noinput

run: migrate
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py serve $(ADDR)

test: setup
	CONN_MAX_AGE=0 $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# A monev report (PDF and XLSX) of the demo Kanwil for the Pilkada 2024 campaign, into build/.
demo-report: migrate
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py monev_report --unit KW-JATENG --election pilkada-2024 --phase kampanye --out build

bench: setup
	$(BIN)/python -m bench

train: setup
	$(BIN)/python -m netral.detect.train

check: setup
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# bandit on the code, pip-audit on the dependencies; accepted findings in .ci/security-allowlist.toml.
audit: setup
	$(BIN)/python .ci/audit.py

messages: setup
	$(BIN)/python manage.py makemessages -l en -i ".venv/*" -i "netral/detect/*" --no-location
	msgfmt --check -o locale/en/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Scale benchmarks on PostgreSQL (docs/performance.md): DATABASE_URL must name a database of their own; the
# ministry-size data is built into it once (generated on the server: about a minute at 1x) and reused. Not part of
# CI; bench-smoke is.
BENCH_STAMP := $(VENV)/.bench-$(shell cksum pyproject.toml | cut -d' ' -f1)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	rm -f $(VENV)/.bench-*
	touch $(BENCH_STAMP)

.PHONY: bench-explain bench-scale bench-smoke
bench-explain: setup
	$(BIN)/python -m bench.explain

bench-scale: $(BENCH_STAMP)
	$(BIN)/python -m bench.scale

# The same scripts at a tiny size, so that they keep working (CI, on PostgreSQL).
bench-smoke: $(BENCH_STAMP)
	$(BIN)/python -m bench.smoke
