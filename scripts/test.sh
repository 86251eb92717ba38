#!/usr/bin/env bash
# Set up what is missing, then run every test (unit, CLI end-to-end, scorer parity).
# CI runs exactly this (.ci/run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup_test.sh   # setup.sh + pyspark venv, strace, headless Chromium
export PATH="$HOME/.cargo/bin:$PATH"
cargo fmt --all -- --check
cargo clippy --release --all-targets --quiet -- -D warnings
cargo test --release
