#!/usr/bin/env bash
# Builds the npm package into pkg/ and the demo into dist/.
#   pkg/consentry.js          ES module entry (default export: the API)
#   pkg/consentry_core_bg.wasm  the core, wasm-opt -Oz via scripts/wasm-opt.sh (its wasm-bindgen glue is bundled into consentry.js)
#   pkg/consentry-stub.js     classic script for <head>, minified
#   pkg/server.js, server-edge.js, consentry_server_bg.wasm  consentry/server
#   pkg/react.js, vue.js (+ consent-store.js, grants.js)     the framework adapters
#   pkg/consentry.d.ts, pkg/package.json
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# consentry/server first: the same core with its server exports (feature
# `server`), a wasm of its own so that pages do not carry them. The page's
# build comes last: target/.../consentry.wasm is then the page's (npm run
# size reads it).
cargo build --release --target wasm32-unknown-unknown --features server
rm -rf target/server-glue
wasm-bindgen --target web --out-dir target/server-glue --out-name consentry_server \
  target/wasm32-unknown-unknown/release/consentry.wasm
cargo build --release --target wasm32-unknown-unknown
rm -rf pkg
mkdir -p pkg
wasm-bindgen --target web --out-dir pkg --out-name consentry_core \
  target/wasm32-unknown-unknown/release/consentry.wasm
bash scripts/wasm-opt.sh pkg/consentry_core_bg.wasm pkg/consentry_core_bg.wasm
bash scripts/wasm-opt.sh target/server-glue/consentry_server_bg.wasm pkg/consentry_server_bg.wasm
node scripts/package.mjs
npx webpack --mode production
node scripts/size.mjs
