//! The StatefulSet Playground's web shell: it turns DOM events into calls of the core
//! ([`stsplay_core::evaluate`]) and the core's [`PageView`] into DOM. It computes nothing a
//! cluster would: every cell, age and DNS answer on the page comes from the core.
//!
//! * [`app`]: the state machine — a closed [`Msg`] enum, one update function, listeners
//!   registered once (the wasm-bindgen TodoMVC shape).
//! * `view`: the page's DOM, built once and redrawn from a [`PageView`].
//! * `dom`: element and text-node building; text only ever reaches the page as text nodes.
//! * [`editor`]: positions in the editor text (lines and columns to UTF-16 offsets).
//!
//! Across the JS boundary there is one coarse call, [`evaluate`], besides the start-up.

use std::cell::RefCell;

use stsplay_core::PageView;
use wasm_bindgen::prelude::*;

pub mod app;
mod dom;
pub mod editor;
mod view;

pub use app::{App, Msg, DEBOUNCE_MS};

/// The id of the element the page mounts the playground into.
pub const ROOT_ID: &str = "app";

thread_local! {
    /// The playground of the page, kept for the page's lifetime.
    static PAGE_APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

/// Runs when the module is instantiated: mounts the playground into `#app` if the page has
/// one (a page embedding the module for [`evaluate`] only need not).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(ROOT_ID))
    else {
        return;
    };
    let app = App::mount(&root);
    PAGE_APP.with(|slot| *slot.borrow_mut() = Some(app));
}

/// Evaluates manifests as the page does and returns the whole [`PageView`] as a plain JS
/// object (`diagnostics`, `applied`, `clock`, `services`, `statefulsets`, `pods`,
/// `identities`, `events`, `lookups`), for tests and embedding.
#[wasm_bindgen]
pub fn evaluate(text: &str) -> JsValue {
    let view: PageView = stsplay_core::evaluate(text);
    serde_wasm_bindgen::to_value(&view).unwrap_throw()
}
