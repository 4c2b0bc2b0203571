/work/main/target-probe/wasm32-unknown-unknown/release/deps/consentry.d: src/lib.rs src/core/mod.rs src/core/config.rs src/core/cookie.rs src/core/encoding.rs src/core/error.rs src/core/i18n.rs src/core/json.rs src/core/record.rs src/core/session.rs src/core/trackers.rs src/core/view.rs src/api.rs /work/main/target-probe/wasm32-unknown-unknown/release/build/consentry-b62ee4670f79ab3e/out/en.json /work/main/target-probe/wasm32-unknown-unknown/release/build/consentry-b62ee4670f79ab3e/out/trackers.json

/work/main/target-probe/wasm32-unknown-unknown/release/deps/consentry.wasm: src/lib.rs src/core/mod.rs src/core/config.rs src/core/cookie.rs src/core/encoding.rs src/core/error.rs src/core/i18n.rs src/core/json.rs src/core/record.rs src/core/session.rs src/core/trackers.rs src/core/view.rs src/api.rs /work/main/target-probe/wasm32-unknown-unknown/release/build/consentry-b62ee4670f79ab3e/out/en.json /work/main/target-probe/wasm32-unknown-unknown/release/build/consentry-b62ee4670f79ab3e/out/trackers.json

/work/main/target-probe/wasm32-unknown-unknown/release/deps/libconsentry.rlib: src/lib.rs src/core/mod.rs src/core/config.rs src/core/cookie.rs src/core/encoding.rs src/core/error.rs src/core/i18n.rs src/core/json.rs src/core/record.rs src/core/session.rs src/core/trackers.rs src/core/view.rs src/api.rs /work/main/target-probe/wasm32-unknown-unknown/release/build/consentry-b62ee4670f79ab3e/out/en.json /work/main/target-probe/wasm32-unknown-unknown/release/build/consentry-b62ee4670f79ab3e/out/trackers.json

src/lib.rs:
src/core/mod.rs:
src/core/config.rs:
src/core/cookie.rs:
src/core/encoding.rs:
src/core/error.rs:
src/core/i18n.rs:
src/core/json.rs:
src/core/record.rs:
src/core/session.rs:
src/core/trackers.rs:
src/core/view.rs:
src/api.rs:
/work/main/target-probe/wasm32-unknown-unknown/release/build/consentry-b62ee4670f79ab3e/out/en.json:
/work/main/target-probe/wasm32-unknown-unknown/release/build/consentry-b62ee4670f79ab3e/out/trackers.json:

# env-dep:OUT_DIR=/work/main/target-probe/wasm32-unknown-unknown/release/build/consentry-b62ee4670f79ab3e/out
