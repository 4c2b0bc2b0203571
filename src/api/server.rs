//! consentry/server's exports (issue 18): free functions for
//! `pkg/server.js` (Node, edge runtimes): no page, no `Core`. Built only
//! with the `server` feature, into the server's own wasm
//! (`pkg/consentry_server_bg.wasm`, scripts/build.sh): the same core, so the
//! same codec and validity rules as the page's start (`core::server`), and
//! the page's wasm does not carry these exports (about 750 B gzip).

use super::errors::to_js;
use crate::core::cookie::matches_pattern;
use crate::core::{trackers, Config, Error, Record};
use wasm_bindgen::prelude::*;

fn server_config(config_json: &str) -> Result<Config, JsValue> {
    Config::parse(config_json).map(|parsed| parsed.config).map_err(|p| to_js(Error::Config(p)))
}

/// The valid record the request's `Cookie` header holds for this config, as
/// the JSON text `getConsent()` returns, or `undefined`. `gpc`: the
/// request's `Sec-GPC: 1` signal.
#[wasm_bindgen(js_name = readConsent)]
pub fn read_consent(cookie_header: &str, config_json: &str, now_ms: f64, gpc: bool) -> Result<Option<String>, JsValue> {
    let config = server_config(config_json)?;
    let record = crate::core::server::read_consent(cookie_header, &config, (now_ms / 1000.0) as u64, gpc);
    Ok(record.as_ref().map(Record::to_json))
}

/// The `Set-Cookie` values that forget the stored choice for a request to
/// `host` at `path`.
#[wasm_bindgen(js_name = resetCookies)]
pub fn reset_cookies(config_json: &str, host: &str, path: &str) -> Result<Vec<String>, JsValue> {
    Ok(crate::core::server::reset_cookies(&server_config(config_json)?, host, path))
}

/// The config's warnings (one `path: message` line each); an invalid config
/// throws its `config-invalid` error, as `init` rejects.
#[wasm_bindgen(js_name = checkConfig)]
pub fn check_config(config_json: &str) -> Result<Vec<String>, JsValue> {
    let parsed = Config::parse(config_json).map_err(|p| to_js(Error::Config(p)))?;
    Ok(parsed.warnings.iter().map(|w| w.line()).collect())
}

/// The category a URL needs before it may load on a page of `page_host`,
/// as the page's stub and core answer it (the tracker table, the config's
/// `blocking.hosts` and `blocking.unknown`): `protocol`, `host` and `path`
/// as the WHATWG URL parser reads them.
#[wasm_bindgen(js_name = categoryFor)]
pub fn category_for(
    config_json: &str,
    page_host: &str,
    protocol: &str,
    host: &str,
    path: &str,
) -> Result<Option<String>, JsValue> {
    let config = server_config(config_json)?;
    let table = trackers::table();
    Ok(trackers::category_for(protocol, host, path, page_host, &config, &table).map(str::to_string))
}

/// Whether the cookie `name` matches the config's cookie-name `pattern`
/// (`_ga_*`): the rule withdrawal deletes by.
#[wasm_bindgen(js_name = cookieMatches)]
pub fn cookie_matches(pattern: &str, name: &str) -> bool {
    matches_pattern(pattern, name)
}
