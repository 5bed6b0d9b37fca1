# Single entry point of the project. `make help` lists the targets.
SHELL := /bin/bash
ADDON ?= mc_qualification

.PHONY: help run stop test lint pytest-odoo bench i18n

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

run: ## start PostgreSQL and Odoo with the demo database on http://127.0.0.1:8069 (admin / admin)
	@scripts/run.sh

stop: ## stop what `make run` started
	@scripts/run.sh stop

test: ## everything from a clean state: Odoo tests, pytest, coverage, checklog
	@scripts/test.sh

lint: ## pre-commit on the whole repository (ruff, pylint-odoo, OCA checks, prettier)
	@scripts/lint.sh

pytest-odoo: ## fast inner loop: one addon's tests on the demo database (ADDON=mc_qualification)
	@scripts/run.sh pytest $(ADDON)

bench: ## benchmarks on a fresh database; writes BENCHMARKS.md
	@scripts/bench.sh

i18n: ## refresh the .pot files of both addons and merge them into the .po files
	@scripts/i18n.sh
