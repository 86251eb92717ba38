#!/usr/bin/env bash
# Set up what the main job (saywho extract / eval / render) needs on a fresh machine: the Rust
# toolchain check and scripts/setup.d/*.sh (libtorch). Idempotent, safe to re-run. Called by
# run.sh, and by setup_test.sh (which adds what only the tests need: pyspark, strace, Chromium).
# The Spark path sets up its own venv (scripts/setup_test.d/pyspark.sh, run by
# scripts/spark_extract.py when pyspark is missing). Needs only the package registries.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v cargo >/dev/null 2>&1; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    else
        echo "setup: cargo (Rust toolchain) is not installed; install Rust (https://rustup.rs) first" >&2
        exit 2
    fi
fi
# further set-up steps (model runtime) are added here as stages land
for step in "$root"/scripts/setup.d/*.sh; do
    [ -e "$step" ] || continue
    bash "$step"
done
