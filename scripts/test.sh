#!/usr/bin/env bash
# Every test layer, in order of speed; stops at the first failure.
# Run through `npm test`, which installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n=== %s\n' "$*"; }

step "format: cargo fmt --check"
cargo fmt --all -- --check
step "lint: cargo clippy (native, warnings are errors)"
cargo clippy --all-targets --quiet -- -D warnings
step "lint: cargo clippy (wasm32, warnings are errors)"
cargo clippy --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
step "lint: cargo clippy (wasm32, the other wasm modules: --features server, module-tcf, module-gpp)"
for feature in server module-tcf module-gpp; do
  cargo clippy --target wasm32-unknown-unknown --lib --features "$feature" --quiet -- -D warnings
done

step "layer 1: cargo test (pure core, native; property tests at 100,000 cases per decoder, TC and GPP strings included)"
cargo test --quiet -- --skip encoded_cookie_sizes
# The consent-cookie sizes for the demo config and for 20 × 10, printed.
cargo test --quiet --test properties encoded_cookie_sizes -- --nocapture

step "layer 2: wasm-pack test --headless --chrome (browser layer)"
wasm-pack test --headless --chrome

step "build: pkg/ and the demo (dist/), with sizes"
bash scripts/build.sh

step "iab: node --test tests/iab (the built TCF and GPP modules against the IAB's npm libraries, the gvl CLI)"
node --test --test-reporter=spec tests/iab/

step "types: tsc --noEmit over tests/types (the package's .d.ts as a TypeScript site uses it)"
npx tsc -p tests/types/tsconfig.json

step "layer 3: node --test tests/e2e (the built demo in Chromium)"
node --test --test-reporter=spec tests/e2e/
