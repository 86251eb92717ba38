#!/usr/bin/env bash
# Train the claims tower (models/claims/tower.safetensors + tower.json): the top 5 layers of
# the shared encoder fine-tuned for check-worthiness, each attending within its sentence
# (examples/train_claims_tower.rs; about 15-20 minutes on 2 cores, 3 epochs, the best of them
# kept by dev ClaimBuster AP + CLEF MAP). Then retrain the head that reads it:
# bash scripts/train_claims_head.sh. Needs ../shared/data/claims (set SHARED=...).
#   OUT=FILE  where to write (default models/claims/tower.safetensors)
#   EXTRA=".." more options (see cargo run --release --example train_claims_tower -- --help)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SHARED="${SHARED:-$ROOT/../shared}"
OUT="${OUT:-models/claims/tower.safetensors}"
SETTINGS="--split 1 --epochs 3 --pack 4 --frame 0.3 --lr 5e-5 --seed 13"
EXTRA="${EXTRA:-}"
[[ -d "$SHARED/data/claims" ]] || { echo "need shared data at $SHARED/data/claims (set SHARED=...)" >&2; exit 1; }
bash scripts/setup_libtorch.sh
cargo run --release --example train_claims_tower -- \
    --data "$SHARED/data/claims" --out "$OUT" $SETTINGS $EXTRA
