//! The page as a state machine, in the shape of the wasm-bindgen TodoMVC example: a closed
//! [`Msg`] enum and one [`App::update`] function. Listeners are registered once, at mount,
//! and removed when the [`App`] is dropped; they hold the app weakly, so nothing leaks.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use stsplay_core::{PageView, SEED_MANIFESTS};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::{Element, Event, Window};

use crate::dom::Dom;
use crate::editor;
use crate::view::Ui;

/// How long the editor must be quiet before its text is evaluated.
pub const DEBOUNCE_MS: i32 = 150;

/// Everything that can happen to the page.
pub enum Msg {
    /// The editor text changed: (re)start the debounce timer.
    EditorInput,
    /// The editor scrolled: scroll the line numbers with it.
    EditorScroll,
    /// Evaluate the editor text now (the debounce timer fired, or a caller asked).
    Evaluate,
    /// Show what the core computed for the editor text.
    Show(Box<PageView>),
    /// Put the caret at a diagnostic's 1-based line and column.
    JumpTo { line: usize, column: usize },
}

/// A mounted playground. Dropping it removes its listeners and pending timer (the DOM stays).
pub struct App {
    inner: Rc<Inner>,
}

struct Inner {
    window: Window,
    ui: Ui,
    state: RefCell<State>,
    on_input: Closure<dyn FnMut()>,
    on_scroll: Closure<dyn FnMut()>,
    on_timer: Closure<dyn FnMut()>,
    on_diagnostic_click: Closure<dyn FnMut(Event)>,
}

#[derive(Default)]
struct State {
    /// The debounce timer, while one is pending.
    timer: Option<i32>,
    /// Whether the panels hold a result (the last good one).
    has_result: bool,
    /// What the line numbers were drawn for, to redraw them only when it changes.
    gutter: (usize, Vec<usize>),
}

impl App {
    /// Builds the playground inside `root`, registers its listeners, shows the seed
    /// manifests and their result, then marks `<body data-ready="true">`.
    pub fn mount(root: &Element) -> App {
        let window = web_sys::window().expect_throw("a window");
        let document = window.document().expect_throw("a document");
        let ui = Ui::build(Dom::new(document.clone()), root);
        let inner = Rc::new_cyclic(|weak: &Weak<Inner>| Inner {
            window,
            ui,
            state: RefCell::default(),
            on_input: send(weak, || Msg::EditorInput),
            on_scroll: send(weak, || Msg::EditorScroll),
            on_timer: send(weak, || Msg::Evaluate),
            on_diagnostic_click: {
                let weak = weak.clone();
                Closure::new(move |event: Event| {
                    if let (Some(msg), Some(inner)) = (jump_target(&event), weak.upgrade()) {
                        inner.update(msg);
                    }
                })
            },
        });
        inner.listen();
        inner.ui.editor.set_value(SEED_MANIFESTS);
        inner.update(Msg::Evaluate);
        if let Some(body) = document.body() {
            body.set_attribute("data-ready", "true")
                .expect_throw("set data-ready");
        }
        App { inner }
    }

    /// Handles one message.
    pub fn update(&self, msg: Msg) {
        self.inner.update(msg);
    }

    /// Replaces the editor text and evaluates it at once, skipping the debounce.
    pub fn set_text_and_update(&self, text: &str) {
        self.inner.ui.editor.set_value(text);
        self.update(Msg::Evaluate);
    }
}

/// A listener that sends `msg()` to the app while it exists.
fn send(weak: &Weak<Inner>, msg: fn() -> Msg) -> Closure<dyn FnMut()> {
    let weak = weak.clone();
    Closure::new(move || {
        if let Some(inner) = weak.upgrade() {
            inner.update(msg());
        }
    })
}

/// The [`Msg::JumpTo`] of the diagnostic a click landed in, if it landed in one.
fn jump_target(event: &Event) -> Option<Msg> {
    let target: Element = event.target()?.dyn_into().ok()?;
    let button = target.closest("[data-line]").ok()??;
    let number = |name: &str| button.get_attribute(name)?.parse::<usize>().ok();
    Some(Msg::JumpTo {
        line: number("data-line")?,
        column: number("data-column")?,
    })
}

impl Inner {
    fn listen(&self) {
        let editor = &self.ui.editor;
        editor
            .add_event_listener_with_callback("input", self.on_input.as_ref().unchecked_ref())
            .expect_throw("listen to input");
        editor
            .add_event_listener_with_callback("scroll", self.on_scroll.as_ref().unchecked_ref())
            .expect_throw("listen to scroll");
        self.ui
            .diagnostics
            .add_event_listener_with_callback(
                "click",
                self.on_diagnostic_click.as_ref().unchecked_ref(),
            )
            .expect_throw("listen to click");
    }

    fn update(&self, msg: Msg) {
        match msg {
            Msg::EditorInput => {
                self.cancel_timer();
                let timer = self
                    .window
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        self.on_timer.as_ref().unchecked_ref(),
                        DEBOUNCE_MS,
                    )
                    .expect_throw("set a timeout");
                self.state.borrow_mut().timer = Some(timer);
                let problem_lines = self.state.borrow().gutter.1.clone();
                self.render_gutter(problem_lines);
            }
            Msg::EditorScroll => self.ui.sync_gutter_scroll(),
            Msg::Evaluate => {
                self.cancel_timer();
                let view = stsplay_core::evaluate(&self.ui.editor.value());
                self.update(Msg::Show(Box::new(view)));
            }
            Msg::Show(view) => {
                self.ui.render_diagnostics(&view.diagnostics);
                let mut problem_lines: Vec<usize> =
                    view.diagnostics.iter().map(|d| d.line).collect();
                problem_lines.sort_unstable();
                problem_lines.dedup();
                self.render_gutter(problem_lines);
                if view.diagnostics.is_empty() {
                    self.ui.render_result(&view);
                    self.state.borrow_mut().has_result = true;
                } else {
                    let has_result = self.state.borrow().has_result;
                    self.ui.render_stale(view.diagnostics.len(), has_result);
                }
            }
            Msg::JumpTo { line, column } => self.ui.place_caret(line, column),
        }
    }

    fn cancel_timer(&self) {
        if let Some(timer) = self.state.borrow_mut().timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
    }

    /// Redraws the line numbers if the line count or the problem lines changed.
    fn render_gutter(&self, problem_lines: Vec<usize>) {
        let wanted = (editor::line_count(&self.ui.editor.value()), problem_lines);
        if self.state.borrow().gutter != wanted {
            self.ui.render_gutter(wanted.0, &wanted.1);
            self.state.borrow_mut().gutter = wanted;
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        let editor = &self.ui.editor;
        // Removing listeners that are registered cannot fail; nothing to report if it did.
        let _ = editor
            .remove_event_listener_with_callback("input", self.on_input.as_ref().unchecked_ref());
        let _ = editor
            .remove_event_listener_with_callback("scroll", self.on_scroll.as_ref().unchecked_ref());
        let _ = self.ui.diagnostics.remove_event_listener_with_callback(
            "click",
            self.on_diagnostic_click.as_ref().unchecked_ref(),
        );
        if let Some(timer) = self.state.get_mut().timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
    }
}
