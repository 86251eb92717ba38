#!/usr/bin/env bash
# Golden check: the release binary's output, byte for byte, against committed SHA-256 hashes.
#   ./scripts/golden.sh            compare (exit 1 and name the runs that differ)
#   ./scripts/golden.sh --update   rewrite tests/golden/hashes.txt from the current binary
# Runs `saywho extract` over the bundled sample, PolNeAR dev and train texts (default mode, and
# rules-only with --no-entities), and `saywho eval --json` over PolNeAR dev (both modes). For a
# refactor the hashes must not change; change them only in a commit whose message says which
# behaviour changed and why. Build first: cargo build --release. The hashes depend on the model
# files and on the transformer's number format (--precision auto picks by CPU), so compare on
# one machine. Set GOLDEN_KEEP=DIR to keep the outputs there (for a diff when a hash differs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/target/release/saywho"
polnear="${POLNEAR:-$root/../shared/data/polnear}"
hashes="$root/tests/golden/hashes.txt"
update=0
[ "${1:-}" = "--update" ] && update=1

[ -x "$bin" ] || { echo "golden: $bin missing; run cargo build --release first" >&2; exit 2; }
for d in "$polnear/dev/text" "$polnear/train/text"; do
    [ -d "$d" ] || { echo "golden: $d missing (set POLNEAR=DIR)" >&2; exit 2; }
done

out="${GOLDEN_KEEP:-$(mktemp -d)}"
mkdir -p "$out"
[ -n "${GOLDEN_KEEP:-}" ] || trap 'rm -rf "$out"' EXIT

run() { # NAME CMD... : run quietly, output to $out/NAME
    local name="$1"
    shift
    local rc=0
    "$@" >"$out/$name" 2>"$out/$name.err" || rc=$?
    # exit 1 means some records carry `error`; that is output too, and hashed
    if [ "$rc" -gt 1 ]; then
        echo "golden: $name failed (exit $rc):" >&2
        tail -5 "$out/$name.err" >&2
        exit 2
    fi
}

run extract_sample.jsonl "$bin" extract -q "$root/data/samples"
run extract_dev.jsonl "$bin" extract -q "$polnear/dev/text"
run extract_train.jsonl "$bin" extract -q "$polnear/train/text"
run extract_dev_rules.jsonl "$bin" extract -q --no-entities "$polnear/dev/text"
run extract_train_rules.jsonl "$bin" extract -q --no-entities "$polnear/train/text"
run eval_dev.json "$bin" eval --json --polnear "$polnear/dev"
run eval_dev_rules.json "$bin" eval --json --no-entities --polnear "$polnear/dev"

names="extract_sample.jsonl extract_dev.jsonl extract_train.jsonl extract_dev_rules.jsonl
extract_train_rules.jsonl eval_dev.json eval_dev_rules.json"
current="$(cd "$out" && for n in $names; do sha256sum "$n"; done)"

if [ "$update" = 1 ]; then
    mkdir -p "$(dirname "$hashes")"
    printf '%s\n' "$current" >"$hashes"
    echo "golden: wrote $hashes"
    exit 0
fi
[ -f "$hashes" ] || { echo "golden: $hashes missing; run with --update" >&2; exit 2; }
if diff <(printf '%s\n' "$current") "$hashes" >"$out/hashes.diff"; then
    echo "golden: all $(wc -l <"$hashes") outputs identical"
else
    echo "golden: outputs differ (< now, > committed):" >&2
    cat "$out/hashes.diff" >&2
    exit 1
fi
