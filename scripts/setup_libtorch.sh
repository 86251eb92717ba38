#!/usr/bin/env bash
# Build a trimmed, CPU-only libtorch 2.4.0 under .tools/libtorch from the single PyPI
# `torch==2.4.0` wheel (see shared/docs/NER-MODEL-FACTS.md). Idempotent and resume-safe:
# does nothing when .tools/libtorch is complete; otherwise rebuilds it in a scratch folder
# and moves it into place only when finished.
#
# Result (about 400 MB): .tools/libtorch/{include,lib,build-version}; lib holds only
# libtorch_cpu.so, libc10.so, libgomp-*.so.1, stub libcudart.so.12 / libcupti.so.12
# (sonames + symbol versions that libtorch_cpu.so imports; every function returns an error)
# and an empty libtorch.so. .cargo/config.toml points LIBTORCH and an $ORIGIN rpath here,
# so plain `cargo build` works and binaries run with no environment variables.
set -euo pipefail

TORCH_VERSION=2.4.0
BUILD_VERSION="2.4.0+cu121"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
DEST="$TOOLS/libtorch"
WORK="$TOOLS/libtorch.partial"
DL="$TOOLS/downloads"
MARKER="$DEST/.complete-$BUILD_VERSION"

log() { echo "[setup_libtorch] $*" >&2; }
die() { echo "[setup_libtorch] ERROR: $*" >&2; exit 1; }

if [[ -f "$MARKER" && -f "$DEST/lib/libtorch_cpu.so" && -f "$DEST/lib/libc10.so" ]]; then
    log "ok: $DEST is complete ($BUILD_VERSION)"
    exit 0
fi

for tool in unzip gcc strip readelf; do
    command -v "$tool" >/dev/null || die "'$tool' is required (Debian: apt-get install -y unzip gcc binutils)"
done
PY="${PYTHON:-}"
if [[ -z "$PY" ]]; then
    for cand in python3 python; do
        if command -v "$cand" >/dev/null && "$cand" -m pip --version >/dev/null 2>&1; then PY="$cand"; break; fi
    done
fi
[[ -n "$PY" ]] || die "python3 with pip is required to download the torch wheel from PyPI"

mkdir -p "$TOOLS" "$DL"
# wheel 797 MB + extracted files ~1.1 GB + final 400 MB; ask for 3 GB to be safe
avail_kb=$(df -Pk "$TOOLS" | awk 'NR==2 {print $4}')
if (( avail_kb < 3 * 1024 * 1024 )); then
    die "need about 3 GB free under $TOOLS, only $((avail_kb / 1024)) MB available"
fi

# 1. download the wheel (pip skips the download when a complete file is already there).
#    The libraries inside are the same for every CPython tag; pin one so any Python works.
WHEEL=$(ls "$DL"/torch-"$TORCH_VERSION"-*.whl 2>/dev/null | head -n1 || true)
if [[ -n "$WHEEL" ]] && ! unzip -tq "$WHEEL" >/dev/null 2>&1; then
    log "removing incomplete wheel $WHEEL"; rm -f "$WHEEL"; WHEEL=""
fi
if [[ -z "$WHEEL" ]]; then
    log "downloading torch==$TORCH_VERSION wheel from PyPI (~800 MB)..."
    "$PY" -m pip download --no-deps --only-binary=:all: --disable-pip-version-check \
        --platform manylinux1_x86_64 --python-version 3.11 --implementation cp --abi cp311 \
        -d "$DL" "torch==$TORCH_VERSION" >&2 || die "pip download torch==$TORCH_VERSION failed"
    WHEEL=$(ls "$DL"/torch-"$TORCH_VERSION"-*.whl | head -n1)
fi
log "wheel: $WHEEL"

# 2. extract only what a CPU build needs
rm -rf "$WORK"; mkdir -p "$WORK/x"
unzip -q -o "$WHEEL" 'torch/include/*' 'torch/lib/libtorch_cpu.so' 'torch/lib/libc10.so' \
    'torch/lib/libgomp*' -d "$WORK/x" || die "unzip failed"
mkdir -p "$WORK/out/lib"
mv "$WORK/x/torch/include" "$WORK/out/include"
mv "$WORK/x/torch/lib/libtorch_cpu.so" "$WORK/x/torch/lib/libc10.so" "$WORK/out/lib/"
mv "$WORK/x/torch/lib/"libgomp* "$WORK/out/lib/"
rm -rf "$WORK/x"
LIB="$WORK/out/lib"

# 3. stub CUDA runtime / CUPTI libraries: the same sonames and versioned symbols that
#    libtorch_cpu.so imports; each function returns a non-zero (error) status.
make_stub() { # soname
    local soname="$1" dir="$WORK/stub-$1"
    mkdir -p "$dir"
    readelf --dyn-syms -W "$LIB/libtorch_cpu.so" \
        | awk -v so="$soname" '$7 == "UND" && index($8, "@" so) { print $8 }' \
        | sed -E 's/ \([0-9]+\)$//' | sort -u > "$dir/syms.txt"
    [[ -s "$dir/syms.txt" ]] || die "no symbols imported from $soname?"
    : > "$dir/stub.c"
    declare -A byver=()
    while IFS= read -r s; do
        local name="${s%%@*}" ver="${s##*@}"
        echo "int $name(void) { return 999; }" >> "$dir/stub.c"
        byver[$ver]+="$name; "
    done < "$dir/syms.txt"
    : > "$dir/ver.map"
    for v in "${!byver[@]}"; do echo "$v { global: ${byver[$v]}};" >> "$dir/ver.map"; done
    echo "  $soname: $(wc -l < "$dir/syms.txt") symbols, versions: ${!byver[*]}" >&2
    gcc -shared -fPIC -O1 -o "$LIB/$soname" -Wl,-soname,"$soname" \
        -Wl,--version-script,"$dir/ver.map" "$dir/stub.c" || die "building stub $soname failed"
    rm -rf "$dir"
}
log "building stub libraries"
make_stub libcudart.so.12
make_stub libcupti.so.12
# empty libtorch.so so that torch-sys's `-ltorch` resolves (dropped by --as-needed)
echo "" | gcc -shared -fPIC -x c -o "$LIB/libtorch.so" -Wl,-soname,libtorch.so - \
    || die "building empty libtorch.so failed"

log "stripping"
strip --strip-unneeded "$LIB"/*.so* || die "strip failed"
echo -n "$BUILD_VERSION" > "$WORK/out/build-version"

# 4. check every library resolves within the folder
if LD_LIBRARY_PATH="$LIB" ldd "$LIB/libtorch_cpu.so" | grep -q "not found"; then
    LD_LIBRARY_PATH="$LIB" ldd "$LIB/libtorch_cpu.so" | grep "not found" >&2
    die "libtorch_cpu.so has unresolved dependencies"
fi

touch "$WORK/out/.complete-$BUILD_VERSION"
rm -rf "$DEST"
mv "$WORK/out" "$DEST"
rm -rf "$WORK"
rm -f "$WHEEL"
log "done: $DEST ($(du -sh "$DEST" | cut -f1))"
