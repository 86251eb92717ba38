#!/usr/bin/env bash
# PySpark for scripts/spark_extract.py and tests/spark.rs: a venv in .tools/spark-venv with a
# pinned pyspark from PyPI (~320 MB download, once). Run by scripts/setup_test.sh (test.sh) and
# by spark_extract.py itself when pyspark is missing -- not by setup.sh / run.sh. Idempotent: does nothing when the venv
# already imports this pyspark. Spark itself needs Java 17 (`java` on PATH or JAVA_HOME).
set -euo pipefail
PYSPARK_VERSION=3.5.9
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/.tools/spark-venv"
log() { echo "[setup pyspark] $*" >&2; }
if [[ -x "$venv/bin/python" ]] \
    && "$venv/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
    log "ok: $venv has pyspark $PYSPARK_VERSION"
    exit 0
fi
py="${PYTHON:-python3}"
command -v "$py" >/dev/null || { log "ERROR: python3 is required"; exit 1; }
command -v java >/dev/null || [[ -n "${JAVA_HOME:-}" ]] \
    || log "warning: no java on PATH and no JAVA_HOME: Spark needs Java 17 at run time"
mkdir -p "$root/.tools"
# an interrupted install fails the import check above and is redone from scratch
rm -rf "$venv"
log "creating $venv with pyspark==$PYSPARK_VERSION (downloads ~320 MB from PyPI)..."
"$py" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "pyspark==$PYSPARK_VERSION" >&2
log "ok: $venv has pyspark $PYSPARK_VERSION"
