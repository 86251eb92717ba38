#!/usr/bin/env bash
# Fuzz one target for a while:  ./scripts/fuzz.sh TARGET SECONDS [extra libFuzzer args]
# TARGET: segment | annotate | jsonl_reader | brat   (fuzz/fuzz_targets/TARGET.rs)
#
# cargo-fuzz needs nightly-only compiler flags (-Zsanitizer, coverage instrumentation); only a
# stable toolchain is available, so RUSTC_BOOTSTRAP=1 unlocks them on stable. cargo-fuzz is
# installed from crates.io on first use. New corpus inputs go to fuzz/corpus/TARGET/ (ignored by
# git except the committed seed_* files); a crash is written to fuzz/artifacts/TARGET/ -- keep it
# as a test in tests/fuzz_regressions.rs.
# Not part of test.sh (it is CPU-heavy); run it by hand or in a nightly job.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
target="${1:?usage: fuzz.sh TARGET SECONDS}"
secs="${2:?usage: fuzz.sh TARGET SECONDS}"
shift 2
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
cd "$root/fuzz"
mkdir -p "corpus/$target"
# AddressSanitizer build (cargo-fuzz default), optimised (-O)
RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=4096 "$@"
