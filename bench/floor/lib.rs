//! A core that does nothing: one export taking and returning a string,
//! with an error path, so the glue has string passing and `JsError`.
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: the allocator is only ever used from the one wasm thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

/// `text` and a `!`, or an error for an empty text.
#[wasm_bindgen]
pub fn echo(text: &str) -> Result<String, JsError> {
    if text.is_empty() {
        return Err(JsError::new("empty"));
    }
    let mut out = String::from(text);
    out.push('!');
    Ok(out)
}
