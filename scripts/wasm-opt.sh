#!/usr/bin/env bash
# wasm-opt as the build runs it: scripts/wasm-opt.sh IN.wasm OUT.wasm
# (scripts/build.sh for the core, bench/floor.mjs for the empty module).
#
# wasm-opt from npm's binaryen: Debian's (v108) corrupts the externref table
# wasm-bindgen emits. rustc enables these features by default; name them.
# Functions with one caller are inlined only when tiny (20 bytes): inlining
# them all makes a smaller raw file but a bigger gzipped one (measured on
# the core: 35,785 -> 35,144 B gzip with --converge, brotli 30,913 ->
# 30,518; bench/size-notes.md).
# --low-memory-unused lets wasm-opt fold constant offsets into loads and
# stores: sound here because nothing lives below address 1024 (rustc puts
# the stack at 0..1 MiB growing down, and data above it), so an address
# that wrapped around to low memory is a bug either way (docs/size.md).
set -euo pipefail
"$(dirname "$0")/../node_modules/.bin/wasm-opt" --one-caller-inline-max-function-size 20 -Oz --converge --low-memory-unused \
  --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$1" -o "$2"
