#!/usr/bin/env bash
# Train the transformer claims head (models/claims/head.json) over the shared encoder in
# models/ner (frozen), on ClaimBuster + CLEF 2019 from ../shared/data/claims; prints the dev
# metrics (ClaimBuster AP / F1, CLEF MAP, calibration). About 10-15 min on 2 cores, most of it
# running the encoder over the 24k training sentences. See models/claims/README.md.
#
#   bash scripts/train_claims_head.sh                    # writes models/claims/head.json
#   OUT=/tmp/head.json EXTRA="--dims 16" bash scripts/train_claims_head.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SHARED="${SHARED:-$ROOT/../shared}"
OUT="${OUT:-models/claims/head.json}"
EXTRA="${EXTRA:-}"
[[ -d "$SHARED/data/claims" ]] || { echo "need shared data at $SHARED/data/claims (set SHARED=...)" >&2; exit 1; }
bash scripts/setup_libtorch.sh
# shellcheck disable=SC2086
cargo run --release --example train_claims_head -- --data "$SHARED/data/claims" --out "$OUT" $EXTRA
