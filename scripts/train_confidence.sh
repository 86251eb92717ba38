#!/usr/bin/env bash
# Train the quote-confidence calibration (pure Rust, deterministic: Newton's method; ~25 s on
# 2 cores) and write models/attribution/confidence.json; PolNeAR dev calibration tables go to
# stdout (and into the weights file's `info`). Reads ../shared/data/polnear (never copied into
# the repo) and the shipped transformer in models/ner. Rebuild afterwards: the weights are
# compiled into the binary. Extra arguments go to examples/train_confidence.rs (e.g. --l2 2).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --quiet --example train_confidence
./target/release/examples/train_confidence "$@"
cargo build --release --quiet
