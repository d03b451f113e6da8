const b = document.querySelector('script[data-glue]').dataset;
await new Promise((ok, fail) => {
  const s = document.createElement('script');
  s.src = b.glue;
  s.onload = ok;
  s.onerror = () => fail(new Error(`could not load ${b.glue}`));
  document.head.append(s);
});
await wasm_bindgen({ module_or_path: b.wasm });
window.wasmBindings = wasm_bindgen;
