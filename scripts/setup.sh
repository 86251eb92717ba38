#!/usr/bin/env bash
# Set up everything saywho needs on a fresh machine; idempotent, safe to re-run.
# Called by run.sh and test.sh. Needs only the package registries (crates.io, PyPI, apt).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v cargo >/dev/null 2>&1; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    else
        echo "setup: cargo (Rust toolchain) is not installed; install Rust (https://rustup.rs) first" >&2
        exit 2
    fi
fi
# further set-up steps (model runtime) are added here as stages land
for step in "$root"/scripts/setup.d/*.sh; do
    [ -e "$step" ] || continue
    bash "$step"
done
