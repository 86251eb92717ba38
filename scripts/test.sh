#!/usr/bin/env bash
# Set up what is missing, then run every test (unit, CLI end-to-end, scorer parity).
# CI runs exactly this (.ci/run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
bash scripts/setup_browser.sh   # headless Chromium for tests/render_browser.rs
export PATH="$HOME/.cargo/bin:$PATH"
cargo fmt --all -- --check
cargo clippy --release --all-targets --quiet -- -D warnings
cargo test --release
