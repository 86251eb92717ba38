#!/usr/bin/env bash
# Train the check-worthiness model (pure Rust, fixed seed; ~seconds on 2 cores) and write
# models/claims/weights.json; dev metrics go to stdout (and into the weights file).
# Data is read from ../shared/data/claims (never copied into the repo). Extra arguments go to
# the trainer (examples/train_claims.rs), e.g. --epochs 8 --lr 0.02.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --quiet --example train_claims
./target/release/examples/train_claims --data ../shared/data/claims --out models/claims "$@"
