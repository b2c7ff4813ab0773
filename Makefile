# Thin wrappers around tasks.py, which needs only Python 3.11+.
PYTHON ?= python3

.PHONY: run test lint bench validate setup
run:
	$(PYTHON) tasks.py run
test:
	$(PYTHON) tasks.py test
lint:
	$(PYTHON) tasks.py lint
bench:
	$(PYTHON) tasks.py bench
validate:
	$(PYTHON) tasks.py validate
setup:
	$(PYTHON) tasks.py setup
