#!/usr/bin/env bash
# tests/robust_cli.rs proves that a run opens no socket: under `unshare -n` where namespaces are
# allowed, else under `strace -f -e trace=network`. Install strace only when unshare cannot be
# used and strace is missing (idempotent; apt only, as root).
set -euo pipefail
if unshare -n true >/dev/null 2>&1 || command -v strace >/dev/null 2>&1; then
    exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq strace) >/dev/null \
        || echo "setup: could not install strace; the no-network test will be skipped" >&2
else
    echo "setup: neither 'unshare -n' nor strace available; the no-network test will be skipped" >&2
fi
