#!/usr/bin/env bash
# Set up what the tests need on top of the main job's set-up; idempotent, safe to re-run.
# Called by test.sh: scripts/setup.sh (toolchain, libtorch), then scripts/setup_test.d/*.sh
# (pyspark venv for tests/spark.rs, pyarrow venv for tests/formats.rs, strace for tests/robust_cli.rs) and scripts/setup_browser.sh
# (headless Chromium for tests/render_browser.rs). Needs only the package registries.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
for step in "$root"/scripts/setup_test.d/*.sh; do
    [ -e "$step" ] || continue
    bash "$step"
done
bash "$root/scripts/setup_browser.sh"
