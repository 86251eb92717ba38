#!/usr/bin/env bash
# Train the transformer claims head (models/claims/head.json) over the shared encoder in
# models/ner (frozen), on ClaimBuster + CLEF 2019 from ../shared/data/claims; prints the dev
# metrics (ClaimBuster AP / F1, CLEF MAP, calibration). The first run spends about a minute
# on 2 idle cores running the encoder over the 24k training sentences and caches the pooled
# states in .tools/claims-head-states.f32 (keyed by a hash of the encoder's weights, so a
# retrained models/ner recomputes them); reruns then take seconds. See models/claims/README.md.
#
#   bash scripts/train_claims_head.sh                    # writes models/claims/head.json
#   OUT=/tmp/head.json EXTRA="--members 1 --oof 5" bash scripts/train_claims_head.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SHARED="${SHARED:-$ROOT/../shared}"
OUT="${OUT:-models/claims/head.json}"
# the shipped settings (models/claims/README.md); EXTRA adds or overrides options
SETTINGS="--members 5 --scalars all --epochs 15"
EXTRA="${EXTRA:-}"
[[ -d "$SHARED/data/claims" ]] || { echo "need shared data at $SHARED/data/claims (set SHARED=...)" >&2; exit 1; }
bash scripts/setup_libtorch.sh
# shellcheck disable=SC2086
OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" cargo run --release --example train_claims_head -- \
    --data "$SHARED/data/claims" --out "$OUT" $SETTINGS $EXTRA
