#!/usr/bin/env bash
# The NER stage's runtime: a trimmed CPU-only libtorch 2.4 in .tools/libtorch (see models/README.md).
exec bash "$(dirname "${BASH_SOURCE[0]}")/../setup_libtorch.sh"
