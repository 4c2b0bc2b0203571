#!/usr/bin/env bash
# Builds the npm package into pkg/ and the demo into dist/.
#   pkg/consentry.js          ES module entry (default export: the API)
#   pkg/consentry_core_bg.wasm  the core, wasm-opt -Oz via scripts/wasm-opt.sh (its wasm-bindgen glue is bundled into consentry.js)
#   pkg/consentry-stub.js     classic script for <head>, minified
#   pkg/consentry-tcf.js + consentry_tcf_bg.wasm, pkg/consentry-gpp.js + consentry_gpp_bg.wasm
#                             the IAB codecs, each its own module (scripts/modules.mjs),
#                             fetched only by the sites that configure them
#   pkg/server.js, server-edge.js, consentry_server_bg.wasm  consentry/server
#   pkg/react.js, vue.js (+ consent-store.js, grants.js)     the framework adapters
#   pkg/consentry.d.ts, pkg/package.json
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# The page's core. The other wasm modules are the same crate built with one
# feature each, in their own target dirs, so the core's artefact stays the
# page's (npm run size reads its symbols):
#   server      the core plus consentry/server's exports (pages do not carry them)
#   module-tcf  the TC-string codec's surface instead of the core's
#   module-gpp  the GPP codec's surface instead of the core's
cargo build --release --target wasm32-unknown-unknown
for feature in server module-tcf module-gpp; do
  cargo build --release --target wasm32-unknown-unknown --features "$feature" --target-dir "target/$feature"
done
rm -rf pkg target/server-glue
mkdir -p pkg
wasm-bindgen --target web --out-dir pkg --out-name consentry_core \
  target/wasm32-unknown-unknown/release/consentry.wasm
bash scripts/wasm-opt.sh pkg/consentry_core_bg.wasm pkg/consentry_core_bg.wasm
node scripts/wasm-names.mjs pkg/consentry_core_bg.wasm pkg/consentry_core.js
wasm-bindgen --target web --out-dir target/server-glue --out-name consentry_server \
  target/server/wasm32-unknown-unknown/release/consentry.wasm
bash scripts/wasm-opt.sh target/server-glue/consentry_server_bg.wasm pkg/consentry_server_bg.wasm
for module in tcf gpp; do
  wasm-bindgen --target web --out-dir pkg --out-name "consentry_$module" \
    "target/module-$module/wasm32-unknown-unknown/release/consentry.wasm"
  bash scripts/wasm-opt.sh "pkg/consentry_${module}_bg.wasm" "pkg/consentry_${module}_bg.wasm"
done
node scripts/modules.mjs
node scripts/package.mjs
npx webpack --mode production
node scripts/size.mjs
