#!/usr/bin/env bash
# Train the transformer claims head (models/claims/head.json) over the claims tower
# (models/claims/tower.safetensors, trained first by scripts/train_claims_tower.sh) on the
# frozen shared encoder in models/ner, on ClaimBuster + CLEF 2019 from ../shared/data/claims;
# prints the dev metrics (ClaimBuster AP / F1, CLEF MAP, calibration). The first run spends a
# few minutes on 2 idle cores running encoder and tower over the 24k training sentences and
# caches the pooled states in .tools/claims-head-tower-states.f32 (keyed by a hash of the
# encoder's and the tower's weights, so a retrained one recomputes them); reruns then take
# seconds. TOWER= (empty) trains a head over the encoder's own states, as before the tower.
# See models/claims/README.md.
#
#   bash scripts/train_claims_head.sh                    # writes models/claims/head.json
#   OUT=/tmp/head.json EXTRA="--members 1 --oof 5" bash scripts/train_claims_head.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SHARED="${SHARED:-$ROOT/../shared}"
OUT="${OUT:-models/claims/head.json}"
# the shipped settings (models/claims/README.md); EXTRA adds or overrides options
TOWER="${TOWER-models/claims/tower.safetensors}"
SETTINGS="--members 5 --scalars all --epochs 15${TOWER:+ --tower $TOWER}"
EXTRA="${EXTRA:-}"
[[ -d "$SHARED/data/claims" ]] || { echo "need shared data at $SHARED/data/claims (set SHARED=...)" >&2; exit 1; }
bash scripts/setup_libtorch.sh
# shellcheck disable=SC2086
OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" cargo run --release --example train_claims_head -- \
    --data "$SHARED/data/claims" --out "$OUT" $SETTINGS $EXTRA
