#!/usr/bin/env bash
# pyarrow + pandas for tests/formats.rs (reading saywho's Parquet output the way users do): a
# venv in .tools/pyarrow-venv with pinned versions from PyPI (~80 MB download, once).
# Idempotent: does nothing when the venv already imports these versions.
set -euo pipefail
PYARROW_VERSION=18.1.0
PANDAS_VERSION=2.2.3
NUMPY_VERSION=2.1.3
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/.tools/pyarrow-venv"
log() { echo "[setup pyarrow] $*" >&2; }
check="import sys, pyarrow, pandas; sys.exit(not (pyarrow.__version__ == '$PYARROW_VERSION' and pandas.__version__ == '$PANDAS_VERSION'))"
if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c "$check" 2>/dev/null; then
    log "ok: $venv has pyarrow $PYARROW_VERSION, pandas $PANDAS_VERSION"
    exit 0
fi
py="${PYTHON:-python3}"
command -v "$py" >/dev/null || { log "ERROR: python3 is required"; exit 1; }
mkdir -p "$root/.tools"
# an interrupted install fails the import check above and is redone from scratch
rm -rf "$venv"
log "creating $venv with pyarrow==$PYARROW_VERSION pandas==$PANDAS_VERSION (~80 MB from PyPI)..."
"$py" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "pyarrow==$PYARROW_VERSION" "pandas==$PANDAS_VERSION" "numpy==$NUMPY_VERSION" >&2
"$venv/bin/python" -c "$check"
log "ok: $venv has pyarrow $PYARROW_VERSION, pandas $PANDAS_VERSION"
