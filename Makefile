# creditkit — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(wildcard notebooks/*.ipynb) $(shell find exercises/source -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null)

.PHONY: install demo test lab strip check-stripped exercises clean

# Create the virtualenv and install the kit with its test tools, from pyproject.toml.
$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("creditkit needs Python >= 3.11, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Run the 机电公司 case report and print the path of the HTML it wrote.
demo: $(STAMP)
	$(BIN)/creditkit report case jidian --out reports

# Unit and doctests, papermill execution tests, nbval over notebooks and exercises,
# and a check that no notebook is committed with outputs. Tests run in two processes
# (TEST_WORKERS=0 for one); a file's tests stay together, so a notebook's cells share a kernel.
TEST_WORKERS ?= 2
test: $(STAMP) check-stripped
	$(BIN)/python -m pytest -p no:cacheprovider --durations=10 -n $(TEST_WORKERS) --dist loadfile \
		--doctest-modules --nbval-lax creditkit tests notebooks exercises

check-stripped: $(STAMP)
	$(BIN)/nbstripout --verify $(NOTEBOOKS)

# Strip outputs from every notebook (run before committing).
strip: $(STAMP)
	$(BIN)/nbstripout $(NOTEBOOKS)

# Student, solutions and instructor copies of the exercises in build/exercises/
# (the instructor copies executed, so they show every expected output), and the
# printable role-play cards and interview crib sheet in build/exercises/cards/ (zh and en).
exercises: $(STAMP)
	$(BIN)/creditkit exercises build --source exercises/source --out build/exercises --execute
	$(BIN)/creditkit exercises cards --out build/exercises/cards --lang both

# JupyterLab refuses to start as root unless told; pass --allow-root only then.
lab: $(STAMP)
	$(BIN)/jupyter lab $$(if [ "$$(id -u)" = 0 ]; then echo --allow-root; fi)

clean:
	rm -rf reports .pytest_cache build *.egg-info
