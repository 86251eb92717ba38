#!/usr/bin/env bash
# Set up what is missing, build, and run saywho.
#   ./scripts/run.sh                      extract the bundled sample article, JSONL to stdout
#   ./scripts/run.sh extract in.jsonl -o out.jsonl    any saywho command line
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --quiet --manifest-path "$root/Cargo.toml" >&2
if [ $# -eq 0 ]; then
    exec "$root/target/release/saywho" extract "$root/data/samples/000_a4f25349d3a76f5a.txt"
fi
exec "$root/target/release/saywho" "$@"
