#!/usr/bin/env bash
# Builds the npm package into pkg/ and the demo into dist/.
#   pkg/consentry.js          ES module entry (default export: the API)
#   pkg/consentry_core_bg.wasm  the core, wasm-opt -Oz via scripts/wasm-opt.sh (its wasm-bindgen glue is bundled into consentry.js)
#   pkg/consentry-stub.js     classic script for <head>, minified
#   pkg/consentry-tcf.js + consentry_tcf_bg.wasm, pkg/consentry-gpp.js + consentry_gpp_bg.wasm
#                             the IAB codecs, each its own module (scripts/modules.mjs),
#                             fetched only by the sites that configure them
#   pkg/consentry.d.ts, pkg/package.json
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --target wasm32-unknown-unknown
# The IAB codecs: the same crate with one module's surface instead of the
# core's, each in its own target dir so the core's artefact stays as it is.
for module in tcf gpp; do
  cargo build --release --target wasm32-unknown-unknown --features "module-$module" --target-dir "target/module-$module"
done
rm -rf pkg
mkdir -p pkg
wasm-bindgen --target web --out-dir pkg --out-name consentry_core \
  target/wasm32-unknown-unknown/release/consentry.wasm
bash scripts/wasm-opt.sh pkg/consentry_core_bg.wasm pkg/consentry_core_bg.wasm
for module in tcf gpp; do
  wasm-bindgen --target web --out-dir pkg --out-name "consentry_$module" \
    "target/module-$module/wasm32-unknown-unknown/release/consentry.wasm"
  bash scripts/wasm-opt.sh "pkg/consentry_${module}_bg.wasm" "pkg/consentry_${module}_bg.wasm"
done
node scripts/modules.mjs
node scripts/package.mjs
npx webpack --mode production
node scripts/size.mjs
