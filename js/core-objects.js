// The plain objects the wasm core hands to the shell (src/api/objects.rs
// builds them field by field through these two functions; the glue imports
// them). Prototype-less, so no property a page adds to Object.prototype
// shows through a missing field.
export function object() {
  return Object.create(null);
}

export function set(target, key, value) {
  target[key] = value;
}
