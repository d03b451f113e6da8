// Starts the playground. Trunk's default loader is an inline script, which a strict
// Content-Security-Policy forbids; Trunk.toml's `pattern_script` puts this file in its place,
// with the hashed names of the wasm-bindgen glue and the module in data attributes.
const boot = document.querySelector('script[data-glue]');
const { default: init, ...bindings } = await import(boot.dataset.glue);
await init({ module_or_path: boot.dataset.wasm });
window.wasmBindings = bindings;
