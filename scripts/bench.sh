#!/usr/bin/env bash
# Throughput and memory benchmark on a fixed corpus (not a test: numbers, no assertions).
#   ./scripts/bench.sh [POLNEAR_DEV_TEXT_DIR]
# Builds two corpora from the PolNeAR dev texts (default ../shared/data/polnear/dev/text):
# 1x (84 articles) and 10x (the same articles replicated with distinct ids), then runs
# `saywho extract --profile` on each with --threads 1 and 2 and prints, per run: wall seconds,
# articles/s, words/s, NER tokens/s (of forward time), the stage breakdown (read, entities,
# forward, rule phase, write; seconds from --profile) and peak RSS (/usr/bin/time), and at the
# end the peak-RSS ratio 10x / 1x per thread count (flat memory: about 1.0).
# Environment: BENCH_REPS (runs per cell, best wall time kept; default 1),
# SAYWHO_BENCH_ARGS (extra extract arguments, e.g. --no-entities).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="${1:-$root/../shared/data/polnear/dev/text}"
[ -d "$src" ] || { echo "bench: no corpus directory $src" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed for peak RSS (apt-get install time)" >&2; exit 2; }
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/saywho"
reps="${BENCH_REPS:-1}"
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
echo "saywho extract CORPUS -q --profile --stats S --threads T -o OUT ${SAYWHO_BENCH_ARGS:-}; best of $reps; $(nproc) cores"
printf '%-6s %3s %6s %8s %8s %8s %9s | %7s %8s %8s %7s %6s | %8s\n' \
    corpus thr recs wall_s art/s words/s ner_tok/s read_s entit_s forwrd_s rules_s write_s peakRSS_MB
for corpus in 1x 10x; do
    for t in 1 2; do
        best=""
        for ((rep = 1; rep <= reps; rep++)); do
            /usr/bin/time -f "%e %M" -o "$work/time" "$bin" extract "$work/$corpus.jsonl" -q --profile \
                --stats "$work/stats.json" --threads "$t" -o "$work/out.jsonl" ${SAYWHO_BENCH_ARGS:-} 2>"$work/err" \
                || { [ $? -eq 1 ] || { cat "$work/err" >&2; exit 1; }; }
            read -r secs rss < "$work/time"
            if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then
                best=$secs; bestrss=$rss; cp "$work/stats.json" "$work/best.json"
            fi
        done
        echo "$corpus $t $bestrss" >> "$work/rss"
        python3 - "$work/best.json" "$corpus" "$t" "$best" "$bestrss" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); corpus, t, wall, rss = sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
p = s["profile"]; sec = p["seconds"]
print("%-6s %3s %6d %8.2f %8.1f %8.0f %9.0f | %7.2f %8.2f %8.2f %7.2f %6.2f | %8.1f" % (
    corpus, t, s["read"], wall, s["read"] / wall, p["words"] / wall, p["ner_tokens_per_second"],
    sec["read"], sec["entities"], sec["ner_forward"], sec["rules"], sec["write"], rss / 1024))
PY
    done
done
awk '{rss[$1" "$2] = $3} END {for (t = 1; t <= 2; t++) printf "peak RSS 10x / 1x, --threads %d: %.3f\n", t, rss["10x "t] / rss["1x "t]}' "$work/rss"
