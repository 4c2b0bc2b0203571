//! The core's side of the core↔stub interface (the other side is
//! `js/stub.js`, which documents the same contract).
//!
//! The stub defines a hidden `window.__cyStub` object. After the core
//! starts with a valid stored choice and after every decision, the core
//! calls `__cyStub.d(granted)` with the array of category keys the
//! record grants: the stub then releases, in order, what it held for those
//! categories, drops the rest, and from then on lets requests of granted
//! categories pass and blocks the others. `d` returns the categories the
//! stub has let anything through for, which feed `reloadOnWithdraw`.
//! Without a stub on the page (npm use without the head script) this is a
//! no-op.

use super::browser::window;
use crate::core::Record;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Tells the stub which categories `record` grants; returns the categories
/// the stub has let something through for.
pub fn tell(record: &Record) -> Vec<String> {
    let Ok(window) = window() else {
        return Vec::new();
    };
    let Ok(hook) = Reflect::get(&window, &JsValue::from_str("__cyStub")) else {
        return Vec::new();
    };
    let Some(decide) = Reflect::get(&hook, &JsValue::from_str("d")).ok().and_then(|d| d.dyn_into::<Function>().ok())
    else {
        return Vec::new();
    };
    let granted = Array::new();
    for (key, on) in &record.categories {
        if *on {
            granted.push(&JsValue::from_str(key));
        }
    }
    match decide.call1(&hook, &granted) {
        Ok(released) if Array::is_array(&released) => {
            Array::from(&released).iter().filter_map(|v| v.as_string()).collect()
        }
        _ => Vec::new(),
    }
}
