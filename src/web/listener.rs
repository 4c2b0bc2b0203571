//! An event listener that is removed when dropped (after gloo-events).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget};

/// Keeps `callback` registered on `target` for `event` until dropped.
pub struct EventListener {
    target: EventTarget,
    event: &'static str,
    callback: Closure<dyn FnMut(Event)>,
}

impl EventListener {
    pub fn new(target: &EventTarget, event: &'static str, callback: impl FnMut(Event) + 'static) -> EventListener {
        let callback = Closure::<dyn FnMut(Event)>::new(callback);
        // Adding a listener cannot fail for a real EventTarget; if it ever
        // does, the listener is simply absent, which grants nothing.
        let _ = target.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
        EventListener { target: target.clone(), event, callback }
    }
}

impl Drop for EventListener {
    fn drop(&mut self) {
        // wasm-bindgen defers freeing a closure that is running, so dropping
        // a listener from inside its own callback is safe.
        let _ = self.target.remove_event_listener_with_callback(self.event, self.callback.as_ref().unchecked_ref());
    }
}
