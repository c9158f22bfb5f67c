#!/usr/bin/env bash
# Create .venv if needed, install the project with its test extras, and run the test suite.
# Extra arguments go to pytest (e.g. scripts/test.sh -k optimizer).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test,postgres]'
exec .venv/bin/python -m pytest "$@"
