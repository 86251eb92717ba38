#!/usr/bin/env bash
# Throughput and memory benchmark on a fixed corpus (not a test: numbers, no assertions).
#   ./scripts/bench.sh [POLNEAR_DEV_TEXT_DIR]
# Builds two corpora from the PolNeAR dev texts (default ../shared/data/polnear/dev/text):
# 1x (84 articles) and 10x (the same articles replicated with distinct ids), then runs
# `saywho extract` on each with --threads 1 and 2 and prints articles/s, words/s and peak RSS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="${1:-$root/../shared/data/polnear/dev/text}"
[ -d "$src" ] || { echo "bench: no corpus directory $src" >&2; exit 2; }
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/saywho"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
python3 - "$src" "$work" <<'PY'
import json, os, sys
src, work = sys.argv[1], sys.argv[2]
docs = []
for name in sorted(os.listdir(src)):
    if name.endswith(".txt"):
        with open(os.path.join(src, name), encoding="utf-8") as f:
            docs.append((name[:-4], f.read()))
for reps, out in ((1, "1x.jsonl"), (10, "10x.jsonl")):
    with open(os.path.join(work, out), "w", encoding="utf-8") as f:
        for r in range(reps):
            for i, t in docs:
                f.write(json.dumps({"id": f"{i}#{r}", "text": t}) + "\n")
PY
words_1x=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].split()) for l in open(sys.argv[1])))" "$work/1x.jsonl")
printf '%-8s %-8s %10s %12s %12s %12s\n' corpus threads articles seconds articles/s "peak RSS MB"
for corpus in 1x 10x; do
    n=$(wc -l < "$work/$corpus.jsonl")
    for t in 1 2; do
        best=""
        for rep in 1 2 3; do
            /usr/bin/time -f "%e %M" -o "$work/time" "$bin" extract "$work/$corpus.jsonl" -q --threads "$t" -o "$work/out.jsonl" ${SAYWHO_BENCH_ARGS:-}
            read -r secs rss < "$work/time"
            if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; bestrss=$rss; fi
        done
        printf '%-8s %-8s %10d %12.2f %12.1f %12.1f\n' "$corpus" "$t" "$n" "$best" \
            "$(awk "BEGIN{print $n/($best>0?$best:0.001)}")" "$(awk "BEGIN{print $bestrss/1024}")"
    done
done
echo "words in 1x corpus: $words_1x (words/s = words x articles/s / 84)"
