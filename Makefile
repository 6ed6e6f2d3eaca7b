# transfo-lab — two commands on a fresh machine (Python 3.11 + pip, Debian):
#   make demo   set everything up, then build every report of the example programme into reports/
#   make test   set everything up with the test extras, then run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
EXAMPLE ?= data/examples/pret-a-deployer-lycees
REPORTS ?= reports

.PHONY: demo test lab install install-test sysdeps templates wheel clean help
.DEFAULT_GOAL := help

help:
	@echo "make demo   — installe le kit et produit tous les rapports du programme d'exemple dans $(REPORTS)/"
	@echo "make test   — installe le kit avec les outils de test et lance toute la suite de tests"
	@echo "make lab    — ouvre JupyterLab sur les carnets (notebooks/)"
	@echo "make wheel  — construit la roue dist/transfo_lab-*.whl (carnets, gabarits et exemples compris)"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# The stamps are rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[lab]"
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (transfo-lab)" > /dev/null
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e ".[lab,test]"
	touch $@

install: $(VENV)/.installed sysdeps
install-test: $(VENV)/.installed-test sysdeps

# System packages needed by the PDF export and the browser test (Debian); skipped when present.
# chromium: prints the PDFs, and the browser test; libpango: WeasyPrint, which prints them where Chromium is missing.
SYSDEPS_MISSING = $(strip $(shell command -v chromium >/dev/null 2>&1 || echo chromium) \
                  $(shell ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || echo libpango-1.0-0 libpangoft2-1.0-0))
sysdeps:
ifneq ($(SYSDEPS_MISSING),)
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installation des paquets système : $(SYSDEPS_MISSING)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSDEPS_MISSING) fonts-dejavu-core > /dev/null; \
	else \
		echo "Paquets système absents ($(SYSDEPS_MISSING)) : lancez « sudo apt-get install $(SYSDEPS_MISSING) » (PDF et test navigateur)."; \
	fi
endif

demo: install
	$(BIN)/transfo-lab validate $(EXAMPLE)
	$(BIN)/transfo-lab portfolio data/examples/inter-transfo --out $(REPORTS)/inter-transfo
	$(BIN)/transfo-lab report $(EXAMPLE) --out $(REPORTS)
	@echo "Rapports : $(abspath $(REPORTS))/index.html"

test: install-test
	$(PY) -m pytest

# JupyterLab in French (language pack of the lab extra, locale set in transfo_lab/training/lab_settings/overrides.json),
# without the news pop-up: the options come from transfo_lab/training/jupyterlab.py.
lab: install
	$(BIN)/jupyter lab --notebook-dir=notebooks $$($(PY) -m transfo_lab.training.jupyterlab)

templates: $(VENV)/.installed
	$(PY) -m transfo_lab.contract.scaffold all

# The wheel to install the kit elsewhere (pip install dist/transfo_lab-*.whl): notebooks/, templates/ and
# data/examples/ go into it as package resources (pyproject.toml, transfo_lab/base/resources.py).
wheel: | $(PY)
	rm -rf build
	$(PY) -m pip wheel -q --no-deps -w dist .
	@ls dist/transfo_lab-*.whl

clean:
	rm -rf $(REPORTS) .pytest_cache build dist *.egg-info
