//! The named options objects JS passes in. Each is a JS object read through
//! getters the glue generates (no copy of the object, no JSON).

use super::check;
use super::errors::bad_argument;
use crate::core::record::ID_BYTES;
use crate::core::session::Page;
use crate::core::Decision;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** What the page is; `trackers`: the tracker table the stub hands over, if there is a stub. */
export interface PageArgs { host: string; path: string; https: boolean; lang: string | undefined; languages: string[]; gpc: boolean; trackers?: string }
/** The moment of a change: `document.cookie`, `Date.now()`, 12 random bytes. */
export interface MomentArgs { jar: string; now: number; id: Uint8Array }
/** A decision; `services` are the preferences layer's switches. */
export interface DecisionArgs {
  kind: 'acceptAll' | 'rejectAll' | 'accept' | 'allow' | 'optOut' | 'custom';
  categories?: string[];
  services?: { category: string; service: string }[];
}
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "PageArgs")]
    pub type PageArgs;
    #[wasm_bindgen(method, getter)]
    fn host(this: &PageArgs) -> String;
    #[wasm_bindgen(method, getter)]
    fn path(this: &PageArgs) -> String;
    #[wasm_bindgen(method, getter)]
    fn https(this: &PageArgs) -> bool;
    #[wasm_bindgen(method, getter)]
    fn lang(this: &PageArgs) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn languages(this: &PageArgs) -> Vec<String>;
    #[wasm_bindgen(method, getter)]
    fn gpc(this: &PageArgs) -> bool;
    #[wasm_bindgen(method, getter)]
    fn trackers(this: &PageArgs) -> Option<String>;

    #[wasm_bindgen(typescript_type = "MomentArgs")]
    pub type MomentArgs;
    #[wasm_bindgen(method, getter)]
    fn jar(this: &MomentArgs) -> String;
    #[wasm_bindgen(method, getter)]
    fn now(this: &MomentArgs) -> f64;
    #[wasm_bindgen(method, getter)]
    fn id(this: &MomentArgs) -> Vec<u8>;

    #[wasm_bindgen(typescript_type = "DecisionArgs")]
    pub type DecisionArgs;
    #[wasm_bindgen(method, getter)]
    fn kind(this: &DecisionArgs) -> String;
    #[wasm_bindgen(method, getter)]
    fn categories(this: &DecisionArgs) -> Option<Vec<String>>;
    #[wasm_bindgen(method, getter)]
    fn services(this: &DecisionArgs) -> Option<Vec<ServicePick>>;

    /// `{category, service}`: one service switch that is on.
    pub type ServicePick;
    #[wasm_bindgen(method, getter)]
    fn category(this: &ServicePick) -> String;
    #[wasm_bindgen(method, getter)]
    fn service(this: &ServicePick) -> String;
}

pub fn page(page: PageArgs) -> Result<Page, JsValue> {
    Ok(Page {
        host: page.host(),
        path: page.path(),
        https: page.https(),
        lang: page.lang(),
        languages: page.languages(),
        gpc: page.gpc(),
        trackers: page.trackers(),
    })
}

/// A moment, read: the jar, the time in milliseconds, the id bytes.
pub struct Moment {
    pub jar: String,
    pub now: f64,
    pub id: [u8; ID_BYTES],
}

pub fn moment(moment: MomentArgs) -> Result<Moment, JsValue> {
    let id = <[u8; ID_BYTES]>::try_from(moment.id()).map_err(|_| bad_argument("a consent id needs 12 random bytes"))?;
    let now = moment.now();
    check(now.is_finite() && now >= 0.0, "now is a time in milliseconds")?;
    Ok(Moment { jar: moment.jar(), now, id })
}

pub fn decision(decision: DecisionArgs) -> Result<Decision, JsValue> {
    let categories = decision.categories();
    let list = |categories: Option<Vec<String>>| {
        categories.ok_or_else(|| bad_argument("this decision needs a list of categories"))
    };
    Ok(match decision.kind().as_str() {
        "acceptAll" => Decision::AcceptAll,
        "rejectAll" => Decision::RejectAll,
        "accept" => Decision::Accept(list(categories)?),
        "allow" => Decision::Allow(list(categories)?),
        "optOut" => Decision::OptOut(categories),
        "custom" => {
            let mut services = Vec::new();
            for pick in decision.services().unwrap_or_default() {
                services.push((pick.category(), pick.service()));
            }
            Decision::Custom { categories: list(categories)?, services }
        }
        _ => return Err(bad_argument("a decision's kind is acceptAll, rejectAll, accept, allow, optOut or custom")),
    })
}
