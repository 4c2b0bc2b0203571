#!/usr/bin/env bash
# Builds the npm package into pkg/ and the demo into dist/.
#   pkg/consentry.js          ES module entry (default export: the API)
#   pkg/consentry_core_bg.wasm  the core, wasm-opt -Oz via scripts/wasm-opt.sh (its wasm-bindgen glue is bundled into consentry.js)
#   pkg/consentry-stub.js     classic script for <head>, minified
#   pkg/consentry.d.ts, pkg/package.json
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --target wasm32-unknown-unknown
rm -rf pkg
mkdir -p pkg
wasm-bindgen --target web --out-dir pkg --out-name consentry_core \
  target/wasm32-unknown-unknown/release/consentry.wasm
bash scripts/wasm-opt.sh pkg/consentry_core_bg.wasm pkg/consentry_core_bg.wasm
node scripts/package.mjs
npx webpack --mode production
node scripts/size.mjs
