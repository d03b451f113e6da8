//! The StatefulSet Playground's web shell: it turns DOM events into calls of the core's
//! [`stsplay_core::page::Playground`] and the core's `PageView` into DOM. It computes
//! nothing a cluster would: every cell, age and DNS answer on the page comes from the core.
//!
//! * [`app`]: the state machine — a closed [`Msg`] enum, one update function, listeners
//!   registered once (the wasm-bindgen TodoMVC shape).
//! * `view`: the page's DOM, built once and redrawn from a `PageView`; `topology` draws
//!   its SVG picture.
//! * `dom`: element and text-node building; text only ever reaches the page as text nodes.
//! * [`console`]: history recall and Tab completion of the console line.
//! * [`editor`]: positions in the editor text (lines and columns to UTF-16 offsets).
//! * [`i18n`]: the interface's words in English and Chinese.
//!
//! Across the JS boundary there is one coarse call, [`evaluate`], besides the start-up.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

pub mod app;
pub mod console;
mod dom;
pub mod editor;
pub mod i18n;
mod topology;
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
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panic_banner();
    }));
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(root) = window
        .document()
        .and_then(|document| document.get_element_by_id(ROOT_ID))
    else {
        return;
    };
    // After a panic the banner's reload keeps the editor text for this tab.
    let session = window.session_storage().ok().flatten();
    let saved = session
        .as_ref()
        .and_then(|s| s.get_item(SCENARIO_KEY).ok().flatten());
    if let Some(session) = &session {
        let _ = session.remove_item(SCENARIO_KEY);
    }
    let app = App::mount_page(&root, saved.as_deref());
    PAGE_APP.with(|slot| *slot.borrow_mut() = Some(app));
}

/// Where the panic banner keeps the editor text across its reload (`sessionStorage`).
const SCENARIO_KEY: &str = "stsplay-scenario";

/// After a panic the wasm is not called again: the banner keeps the editor text in
/// `sessionStorage` and reloads through a plain link, with no Rust code behind it.
fn show_panic_banner() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("panic-banner").is_some() {
        return;
    }
    if let (Some(editor), Some(Ok(Some(session)))) = (
        document.get_element_by_id("editor"),
        web_sys::window().map(|w| w.session_storage()),
    ) {
        if let Some(editor) = editor.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            let _ = session.set_item(SCENARIO_KEY, &editor.value());
        }
    }
    let lang = document
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .unwrap_or_default();
    let s = i18n::Lang::from_tag(&lang).strings();
    let dom = dom::Dom::new(document.clone());
    let Some(body) = document.body() else {
        return;
    };
    let banner = dom.element(
        "div",
        &[
            ("id", "panic-banner"),
            ("class", "panic-banner"),
            ("role", "alert"),
        ],
    );
    dom.child_with_text(&banner, "p", &[], s.panic);
    // An empty href is this page without its fragment: following it reloads.
    dom.child_with_text(
        &banner,
        "a",
        &[("href", ""), ("id", "panic-reload")],
        s.reload,
    );
    let _ = body.prepend_with_node_1(&banner);
}

/// Panics on purpose, for the end-to-end test of the panic banner.
#[wasm_bindgen]
pub fn panic_for_test() {
    panic!("a panic asked for by the end-to-end test");
}

/// Evaluates manifests as the page does and returns the whole `PageView` as JSON text
/// (`diagnostics`, `applied`, `clock`, `services`, `statefulsets`, `pods`, `identities`,
/// `events`, `lookups`, …), for tests and embedding: `JSON.parse(evaluate(text))`. JSON text
/// rather than a JS object keeps serde-wasm-bindgen (4.6 KB gzip) out of the bundle.
#[wasm_bindgen]
pub fn evaluate(text: &str) -> String {
    stsplay_core::page::evaluate_json(text)
}
