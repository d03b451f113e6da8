//! The page as a state machine, in the shape of the wasm-bindgen TodoMVC example: a closed
//! [`Msg`] enum and one [`App::update`] function. Listeners are registered once, at mount,
//! on the root (delegated by element id and `data-` attributes) and on the document for the
//! keyboard shortcuts, and removed when the [`App`] is dropped; they hold the app weakly, so
//! nothing leaks. The app holds the core's [`Playground`]: every change goes through it and
//! every redraw comes from its [`PageView`].

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use stsplay_core::page::{Playground, NEW_MANIFESTS};
use stsplay_core::{PageView, SEED_MANIFESTS};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};
use web_sys::{Document, Element, Event, HtmlElement, KeyboardEvent, Window};

use crate::console::{self, Completion, History};
use crate::dom::{self, Dom};
use crate::editor;
use crate::i18n::Lang;
use crate::view::{Ui, PROMPT};

/// How long the editor must be quiet before its text is evaluated.
pub const DEBOUNCE_MS: i32 = 150;
/// How often the clock moves while playing, in milliseconds of the page's time.
pub const TICK_MS: i32 = 100;

/// Where the theme and language choices are kept (`localStorage`, never sent anywhere).
const THEME_KEY: &str = "stsplay-theme";
const LANG_KEY: &str = "stsplay-lang";
/// The working scenario, as a share link's fragment, and the editor's text (which may be
/// broken), so that a reload loses nothing. Never written by an embed.
const AUTOSAVE_KEY: &str = "stsplay-autosave";
const EDITOR_KEY: &str = "stsplay-editor";

/// How the page was asked to show itself, from the options after a link's payload:
/// `embed=1` (with `ro=0` for an editable editor, `hide=editor`, `view=PANEL`,
/// `theme=light|dark|system`).
#[derive(Default)]
struct Embed {
    on: bool,
    read_only: bool,
    hide_editor: bool,
    /// The element id of the one result panel to show.
    panel: Option<&'static str>,
    theme: Option<String>,
}

impl Embed {
    fn from_options(options: &[(String, String)]) -> Embed {
        let get = |key: &str| {
            options
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let on = matches!(get("embed"), Some("1" | "true" | ""));
        Embed {
            on,
            read_only: on && get("ro") != Some("0"),
            hide_editor: on && get("hide").is_some_and(|h| h.split(',').any(|w| w == "editor")),
            panel: get("view").and_then(view_panel),
            theme: get("theme").map(str::to_string),
        }
    }
}

/// The result panel a `view=` option names.
fn view_panel(view: &str) -> Option<&'static str> {
    Some(match view {
        "pods" | "po" => "pods",
        "statefulsets" | "sts" => "statefulsets",
        "services" | "svc" => "services",
        "endpoints" | "ep" => "endpoints",
        "pvc" | "claims" => "claims",
        "events" => "events",
        "dns" => "dns",
        "nslookup" | "lookups" => "lookups",
        "topology" => "topology-panel",
        "identity" | "identities" => "identities",
        "pod" => "pod-detail-panel",
        "apply" => "applied",
        _ => return None,
    })
}

/// Everything that can happen to the page.
pub enum Msg {
    /// The editor text changed: (re)start the debounce timer.
    EditorInput,
    /// The editor scrolled: scroll the line numbers with it.
    EditorScroll,
    /// Apply the editor text now (the debounce timer fired, Ctrl/Cmd+Enter, or a caller).
    Evaluate,
    /// Show a view the core computed.
    Show(Box<PageView>),
    /// Put the caret at a diagnostic's 1-based line and column.
    JumpTo {
        line: usize,
        column: usize,
    },
    /// Run a console line at the current simulated time.
    Run(String),
    /// Start or stop the clock.
    TogglePlay,
    /// The clock moves while playing.
    Tick,
    /// Go to the next moment the cluster changes by itself.
    Step,
    /// Go to a simulated millisecond (back replays).
    Seek(u64),
    /// Simulated seconds per second while playing.
    Speed(u64),
    /// Show a pod's details.
    SelectPod(String),
    /// Explain a DNS name in the console (`sim resolve`).
    Resolve(String),
    /// `system`, `light` or `dark`.
    Theme(String),
    Lang(Lang),
    /// Open or close the shortcuts help.
    Help(bool),
    /// The clipboard took a copied transcript.
    Copied,
    /// Open (with the link of the playground now) or close the share dialog.
    Share(bool),
    /// Open a share link: the page's URL fragment, at load or when it changes.
    OpenLink(String),
    /// Open a scenario file's text (picked in the share dialog).
    OpenFile(String),
    /// Start over with this editor text and an empty console ("New scenario", "Reset to
    /// example").
    Reset(String),
}

/// A mounted playground. Dropping it removes its listeners and timers (the DOM stays).
pub struct App {
    inner: Rc<Inner>,
}

struct Inner {
    window: Window,
    document: Document,
    ui: Ui,
    state: RefCell<State>,
    on_input: Closure<dyn FnMut(Event)>,
    on_change: Closure<dyn FnMut(Event)>,
    on_click: Closure<dyn FnMut(Event)>,
    on_key: Closure<dyn FnMut(Event)>,
    on_scroll: Closure<dyn FnMut()>,
    on_timer: Closure<dyn FnMut()>,
    on_tick: Closure<dyn FnMut()>,
    on_copied: Closure<dyn FnMut(JsValue)>,
    on_copy_failed: Closure<dyn FnMut(JsValue)>,
    on_hash: Closure<dyn FnMut()>,
    on_autosave: Closure<dyn FnMut()>,
    /// The pending autosave, if one is.
    autosave_timer: std::cell::Cell<Option<i32>>,
    on_file: Closure<dyn FnMut(JsValue)>,
    embed: Embed,
    /// Mounted as the page itself (not by a test): it keeps the address on its state.
    page: bool,
    /// While the mount decides what to show, nothing is saved.
    loading: std::cell::Cell<bool>,
}

struct State {
    /// The debounce timer, while one is pending.
    timer: Option<i32>,
    /// The clock's interval, while playing.
    ticker: Option<i32>,
    /// Whether the panels hold a result (the last good one).
    has_result: bool,
    /// What the line numbers were drawn for, to redraw them only when it changes.
    /// What the line numbers show: the line count, the problem lines and the note lines.
    gutter: (usize, Vec<usize>, Vec<usize>),
    /// The cluster of the last good manifests.
    playground: Option<Playground>,
    /// The last good view on show.
    view: Option<PageView>,
    selected: Option<String>,
    history: History,
    /// The line whose completion choices are listed (a second Tab then moves on).
    choices_for: Option<String>,
    /// The copy button waiting for the clipboard.
    copying: Option<Element>,
    speed: u64,
    /// The scrubber's end: the furthest simulated time seen or announced.
    end: u64,
}

impl Default for State {
    fn default() -> Self {
        State {
            timer: None,
            ticker: None,
            has_result: false,
            gutter: (0, Vec::new(), Vec::new()),
            playground: None,
            view: None,
            selected: None,
            history: History::default(),
            choices_for: None,
            copying: None,
            speed: 1,
            end: 0,
        }
    }
}

impl App {
    /// Builds the playground inside `root`, registers its listeners, shows the seed
    /// manifests and their result, then marks `<body data-ready="true">`.
    pub fn mount(root: &Element) -> App {
        App::mount_with(root, SEED_MANIFESTS)
    }

    /// [`App::mount`] with `text` in the editor instead of the seed.
    pub fn mount_with(root: &Element, text: &str) -> App {
        App::mount_inner(root, text, false, false)
    }

    /// The page's own mount: `text` (kept across a panic's reload) or, without it, the
    /// scenario autosaved in `localStorage`, else the seed; a share link in the address wins
    /// over both.
    pub fn mount_page(root: &Element, text: Option<&str>) -> App {
        App::mount_inner(root, text.unwrap_or(SEED_MANIFESTS), true, text.is_none())
    }

    /// `page`: the page itself, which keeps its address on its state; `restore`: start from
    /// the autosaved scenario.
    fn mount_inner(root: &Element, text: &str, page: bool, restore: bool) -> App {
        let window = web_sys::window().expect_throw("a window");
        let document = window.document().expect_throw("a document");
        let stored = |key: &str| {
            window
                .local_storage()
                .ok()
                .flatten()
                .and_then(|s| s.get_item(key).ok().flatten())
        };
        let lang = Lang::from_tag(
            &stored(LANG_KEY)
                .or_else(|| window.navigator().language())
                .unwrap_or_default(),
        );
        let link = link_in_url(&window);
        let embed = Embed::from_options(
            &link
                .as_deref()
                .map(stsplay_core::link::options)
                .unwrap_or_default(),
        );
        let theme = embed.theme.clone().or_else(|| stored(THEME_KEY));
        let autosaved = (restore && !embed.on)
            .then(|| stored(AUTOSAVE_KEY).zip(stored(EDITOR_KEY)))
            .flatten();
        let ui = Ui::build(Dom::new(document.clone()), root, lang);
        let inner = Rc::new_cyclic(|weak: &Weak<Inner>| Inner {
            on_input: listener(weak, Inner::on_input),
            on_change: listener(weak, Inner::on_change),
            on_click: listener(weak, Inner::on_click),
            on_key: listener(weak, Inner::on_key),
            on_scroll: send(weak, || Msg::EditorScroll),
            on_timer: send(weak, || Msg::Evaluate),
            on_tick: send(weak, || Msg::Tick),
            on_copied: {
                let weak = weak.clone();
                Closure::new(move |_: JsValue| {
                    if let Some(inner) = weak.upgrade() {
                        inner.update(Msg::Copied);
                    }
                })
            },
            // A refused clipboard leaves the button as it was; nothing else to do.
            on_copy_failed: Closure::new(|_: JsValue| {}),
            on_file: {
                let weak = weak.clone();
                Closure::new(move |text: JsValue| {
                    if let (Some(inner), Some(text)) = (weak.upgrade(), text.as_string()) {
                        inner.update(Msg::OpenFile(text));
                    }
                })
            },
            on_autosave: {
                let weak = weak.clone();
                Closure::new(move || {
                    if let Some(inner) = weak.upgrade() {
                        inner.save_now();
                    }
                })
            },
            autosave_timer: std::cell::Cell::new(None),
            on_hash: {
                let weak = weak.clone();
                Closure::new(move || {
                    if let Some(inner) = weak.upgrade() {
                        if let Some(link) = inner.link_in_url() {
                            inner.update(Msg::OpenLink(link));
                        }
                    }
                })
            },
            window,
            document: document.clone(),
            ui,
            state: RefCell::default(),
            embed,
            page,
            loading: std::cell::Cell::new(true),
        });
        inner.listen();
        set_document_lang(&document, lang);
        if inner.embed.on {
            let e = &inner.embed;
            inner.ui.render_embed(e.read_only, e.hide_editor, e.panel);
        }
        if let Some(theme) = theme {
            inner.update(Msg::Theme(theme));
        }
        inner.ui.set_editor_text(text);
        inner.update(Msg::Evaluate);
        // A share link in the address opens over the text; without one, the autosaved
        // scenario comes back (silently dropped if unreadable). The page keeps its address on
        // the state it shows (`autosave`), so a reload finds its own link there: then the
        // editor's unapplied or broken text comes back too.
        // A link that does not open says why and leaves the autosaved work as it was (it is
        // opened instead, if there is one). Nothing is saved until this is settled.
        let mut restore_saved = autosaved.clone();
        let mut failed = None;
        if let Some(link) = link {
            match inner.open_link(&link) {
                Ok(()) => {
                    restore_saved = autosaved
                        .filter(|(f, _)| *f == link)
                        .map(|(_, editor)| (String::new(), editor));
                }
                Err(e) => failed = Some((e.to_string(), link)),
            }
        }
        if let Some((fragment, editor)) = restore_saved {
            if fragment.is_empty() || inner.open_link(&fragment).is_ok() {
                inner.restore_editor(&editor);
            }
        }
        // Said over whatever came back.
        if let Some((message, link)) = failed {
            inner.ui.render_link_error(Some((&message, &link)));
        }
        inner.loading.set(false);
        inner.autosave();
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
        self.inner.ui.set_editor_text(text);
        self.update(Msg::Evaluate);
    }
}

/// The address's fragment when it is meant as a share link (`#v1:...`; a plain anchor such
/// as `#editor` is not).
fn link_in_url(window: &Window) -> Option<String> {
    let hash = window.location().hash().ok()?;
    let fragment = hash.strip_prefix('#')?;
    fragment.contains(':').then(|| fragment.to_string())
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

/// A listener that hands its event to `handle` while the app exists.
fn listener(weak: &Weak<Inner>, handle: fn(&Inner, Event)) -> Closure<dyn FnMut(Event)> {
    let weak = weak.clone();
    Closure::new(move |event: Event| {
        if let Some(inner) = weak.upgrade() {
            handle(&inner, event);
        }
    })
}

/// The element an event happened on.
fn target(event: &Event) -> Option<Element> {
    event.target()?.dyn_into().ok()
}

/// The nearest element from `element` up matching `selector`.
fn closest(element: &Element, selector: &str) -> Option<Element> {
    element.closest(selector).ok().flatten()
}

fn set_document_lang(document: &Document, lang: Lang) {
    if let Some(html) = document.document_element() {
        html.set_attribute("lang", lang.tag()).ok();
    }
}

impl Inner {
    fn listen(&self) {
        let root = &self.ui.root;
        for (kind, listener) in [
            ("input", &self.on_input),
            ("change", &self.on_change),
            ("click", &self.on_click),
        ] {
            // In the capture phase, so events that do not bubble reach the root too.
            root.add_event_listener_with_callback_and_bool(
                kind,
                listener.as_ref().unchecked_ref(),
                true,
            )
            .expect_throw("listen on the root");
        }
        self.document
            .add_event_listener_with_callback("keydown", self.on_key.as_ref().unchecked_ref())
            .expect_throw("listen to keydown");
        self.ui
            .editor
            .add_event_listener_with_callback("scroll", self.on_scroll.as_ref().unchecked_ref())
            .expect_throw("listen to scroll");
        self.window
            .add_event_listener_with_callback("hashchange", self.on_hash.as_ref().unchecked_ref())
            .expect_throw("listen to hashchange");
    }

    /// The page address's fragment when it is meant as a share link (`#v1:...`; a plain
    /// anchor such as `#editor` is not).
    fn link_in_url(&self) -> Option<String> {
        link_in_url(&self.window)
    }

    /// The page's address without its fragment: the base of every share link.
    fn base_url(&self) -> String {
        let href = self.window.location().href().unwrap_or_default();
        href.split('#').next().unwrap_or_default().to_string()
    }

    fn on_input(&self, event: Event) {
        let Some(target) = target(&event) else { return };
        match target.id().as_str() {
            "editor" => self.update(Msg::EditorInput),
            "scrubber" => {
                if let Ok(ms) = self.ui.scrubber.value().parse() {
                    self.update(Msg::Seek(ms));
                }
            }
            _ => {}
        }
    }

    fn on_change(&self, event: Event) {
        let Some(target) = target(&event) else { return };
        match target.id().as_str() {
            "speed" => {
                if let Ok(speed) = self.ui.speed.value().parse() {
                    self.update(Msg::Speed(speed));
                }
            }
            "theme" => self.update(Msg::Theme(self.ui.theme.value())),
            "scenario-upload" => self.read_file(&target),
            "lang" => self.update(Msg::Lang(Lang::from_tag(&self.ui.language.value()))),
            _ => {}
        }
    }

    fn on_click(&self, event: Event) {
        let Some(target) = target(&event) else { return };
        if let Some(button) = closest(&target, "[data-line]") {
            let number = |name: &str| button.get_attribute(name)?.parse::<usize>().ok();
            if let (Some(line), Some(column)) = (number("data-line"), number("data-column")) {
                self.update(Msg::JumpTo { line, column });
            }
        } else if let Some(pod) = closest(&target, "[data-pod]") {
            if let Some(name) = pod.get_attribute("data-pod") {
                self.update(Msg::SelectPod(name));
            }
        } else if let Some(record) = closest(&target, "[data-resolve]") {
            if let Some(name) = record.get_attribute("data-resolve") {
                self.update(Msg::Resolve(name));
            }
        } else if let Some(button) = closest(&target, "button") {
            match button.id().as_str() {
                "play" => self.update(Msg::TogglePlay),
                "step" => self.update(Msg::Step),
                "help-button" => self.update(Msg::Help(self.ui.help.has_attribute("hidden"))),
                "help-close" => self.update(Msg::Help(false)),
                "share-button" => self.update(Msg::Share(self.ui.share.has_attribute("hidden"))),
                "new-scenario" => self.update(Msg::Reset(NEW_MANIFESTS.to_string())),
                "reset-example" => self.update(Msg::Reset(SEED_MANIFESTS.to_string())),
                "share-close" => self.update(Msg::Share(false)),
                "share-download" => self.download(),
                "link-error-close" => self.ui.render_link_error(None),
                _ if button.class_list().contains("copy") => self.copy(&button),
                _ => {}
            }
        }
    }

    /// Keyboard: the console's line editing, selection with Enter, and the shortcuts.
    fn on_key(&self, event: Event) {
        let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        let key = event.key();
        let target = target(event);
        let target_id = target.as_ref().map(Element::id).unwrap_or_default();
        let inside = target
            .as_ref()
            .is_some_and(|t| self.ui.root.contains(Some(t)));
        if (event.ctrl_key() || event.meta_key()) && key == "Enter" {
            event.prevent_default();
            self.update(Msg::Evaluate);
            return;
        }
        if (event.ctrl_key() || event.meta_key()) && (key == "s" || key == "S") && !self.embed.on {
            event.prevent_default();
            self.update(Msg::Share(true));
            return;
        }
        if inside && target_id == "console-input" {
            self.console_key(event, &key);
            return;
        }
        if inside
            && target_id == "editor"
            && key == "Enter"
            && !(event.shift_key() || event.alt_key() || event.is_composing())
        {
            self.auto_indent(event);
            return;
        }
        if key == "Escape" && !self.ui.help.has_attribute("hidden") {
            self.update(Msg::Help(false));
            return;
        }
        if key == "Escape" && !self.ui.share.has_attribute("hidden") {
            self.update(Msg::Share(false));
            return;
        }
        let typing = target
            .as_ref()
            .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing || event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        match key.as_str() {
            "/" => {
                event.prevent_default();
                self.ui.console_input.focus().ok();
            }
            "?" => {
                event.prevent_default();
                self.update(Msg::Help(self.ui.help.has_attribute("hidden")));
            }
            "Enter" | " " if inside => {
                let Some(target) = target.filter(|t| t.tag_name() != "BUTTON") else {
                    return;
                };
                if let Some(name) = target.get_attribute("data-pod") {
                    event.prevent_default();
                    self.update(Msg::SelectPod(name));
                } else if let Some(name) = target.get_attribute("data-resolve") {
                    event.prevent_default();
                    self.update(Msg::Resolve(name));
                }
            }
            _ => {}
        }
    }

    fn console_key(&self, event: &KeyboardEvent, key: &str) {
        let input = &self.ui.console_input;
        let line = input.value();
        match key {
            "Enter" => {
                event.prevent_default();
                self.update(Msg::Run(line));
            }
            "ArrowUp" | "ArrowDown" => {
                event.prevent_default();
                let mut state = self.state.borrow_mut();
                let recalled = if key == "ArrowUp" {
                    state.history.earlier(&line)
                } else {
                    state.history.later()
                };
                if let Some(recalled) = recalled {
                    input.set_value(&recalled);
                }
            }
            "Tab" if !event.shift_key() && !event.ctrl_key() && !event.alt_key() => {
                let names = self.names();
                let mut state = self.state.borrow_mut();
                match console::complete(&line, &names) {
                    Completion::Nothing => {}
                    Completion::Line(completed) => {
                        event.prevent_default();
                        input.set_value(&completed);
                        state.choices_for = None;
                        drop(state);
                        self.ui.render_console_line(&self.prompt_text(), None, "");
                    }
                    // Listed once; a second Tab on the same line moves on.
                    Completion::Choices(choices) => {
                        if state.choices_for.as_deref() != Some(line.as_str()) {
                            event.prevent_default();
                            state.choices_for = Some(line);
                            drop(state);
                            self.ui.render_console_line(
                                &self.prompt_text(),
                                None,
                                &choices.join("  "),
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Enter in the editor: a newline with the indentation the next line most likely wants,
    /// inserted as typing is (so the browser's undo takes it back in one step).
    fn auto_indent(&self, event: &KeyboardEvent) {
        let editor = &self.ui.editor;
        if editor.read_only() {
            return;
        }
        let text = editor.value();
        let caret = editor.selection_start().ok().flatten().unwrap_or(0) as usize;
        let before = crate::editor::byte_offset(&text, caret);
        let line_start = text[..before].rfind('\n').map_or(0, |i| i + 1);
        let insert = crate::editor::newline_indent(&text[line_start..before]);
        let inserted = self
            .document
            .dyn_ref::<web_sys::HtmlDocument>()
            .and_then(|d| {
                d.exec_command_with_show_ui_and_value("insertText", false, &insert)
                    .ok()
            })
            .unwrap_or(false);
        // Where the browser cannot insert as typing, Enter does what it always does.
        if inserted {
            event.prevent_default();
        }
    }

    /// The console prompt on show.
    fn prompt_text(&self) -> String {
        self.ui
            .root
            .query_selector("#console-prompt")
            .ok()
            .flatten()
            .and_then(|p| p.text_content())
            .unwrap_or_else(|| PROMPT.to_owned())
    }

    /// Object names the console completes: the first column of the page's tables.
    fn names(&self) -> Vec<String> {
        let state = self.state.borrow();
        let Some(view) = &state.view else {
            return Vec::new();
        };
        [
            &view.pods,
            &view.statefulsets,
            &view.services,
            &view.claims,
            &view.dns,
        ]
        .iter()
        .flat_map(|table| table.rows.iter().filter_map(|row| row.first().cloned()))
        .collect()
    }

    /// Copies the transcript beside `button` to the clipboard.
    fn copy(&self, button: &Element) {
        let Some(text) = button
            .previous_element_sibling()
            .and_then(|pre| pre.text_content())
        else {
            return;
        };
        self.state.borrow_mut().copying = Some(button.clone());
        let promise = self.window.navigator().clipboard().write_text(&text);
        let _ = promise.then2(&self.on_copied, &self.on_copy_failed);
    }

    fn update(&self, msg: Msg) {
        match msg {
            Msg::EditorInput => {
                self.ui.render_highlight(&self.ui.editor.value());
                self.cancel_timer();
                let timer = self
                    .window
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        self.on_timer.as_ref().unchecked_ref(),
                        DEBOUNCE_MS,
                    )
                    .expect_throw("set a timeout");
                self.state.borrow_mut().timer = Some(timer);
                let (_, problems, notes) = self.state.borrow().gutter.clone();
                self.render_gutter(problems, notes);
            }
            Msg::EditorScroll => self.ui.sync_gutter_scroll(),
            Msg::Evaluate => {
                self.cancel_timer();
                self.stop();
                let text = self.ui.editor.value();
                let mut state = self.state.borrow_mut();
                let diagnostics = match state.playground.as_mut() {
                    Some(playground) => playground.set_manifests(&text),
                    None => {
                        let mut playground = Playground::new(&text);
                        let view = playground.view();
                        if view.diagnostics.is_empty() {
                            state.playground = Some(playground);
                        }
                        view.diagnostics
                    }
                };
                if diagnostics.is_empty() {
                    state.end = 0;
                    drop(state);
                    self.refresh();
                } else {
                    drop(state);
                    self.update(Msg::Show(Box::new(PageView {
                        diagnostics,
                        ..PageView::default()
                    })));
                }
                self.autosave();
            }
            Msg::Show(view) => self.show(*view),
            Msg::JumpTo { line, column } => self.ui.place_caret(line, column),
            Msg::Run(line) => {
                let mut state = self.state.borrow_mut();
                state.history.push(&line);
                state.choices_for = None;
                let Some(playground) = state.playground.as_mut() else {
                    return;
                };
                let output = playground.run(&line);
                // The prompt the next line will be typed at: `/ # ` while a pod's shell is
                // open.
                let prompt = playground.prompt();
                drop(state);
                self.ui.render_console_entry(&output);
                self.ui
                    .render_console_line(prompt.as_deref().unwrap_or(PROMPT), Some(""), "");
                self.refresh();
                self.autosave();
            }
            Msg::TogglePlay => {
                if self.state.borrow().ticker.is_some() {
                    self.stop();
                } else {
                    let timer = self
                        .window
                        .set_interval_with_callback_and_timeout_and_arguments_0(
                            self.on_tick.as_ref().unchecked_ref(),
                            TICK_MS,
                        )
                        .expect_throw("set an interval");
                    self.state.borrow_mut().ticker = Some(timer);
                    self.ui.render_play(true);
                    self.update(Msg::Tick);
                }
            }
            Msg::Tick => {
                let mut state = self.state.borrow_mut();
                let step = TICK_MS.unsigned_abs() as u64 * state.speed;
                let settled = state
                    .view
                    .as_ref()
                    .is_some_and(|v| v.next_change_ms.is_none());
                match state.playground.as_mut() {
                    Some(playground) if !settled => playground.advance(step),
                    _ => {
                        drop(state);
                        self.stop();
                        return;
                    }
                }
                drop(state);
                self.refresh();
            }
            Msg::Step => {
                if let Some(playground) = self.state.borrow_mut().playground.as_mut() {
                    playground.step();
                }
                self.refresh();
                self.autosave();
            }
            Msg::Seek(ms) => {
                if let Some(playground) = self.state.borrow_mut().playground.as_mut() {
                    playground.seek(ms);
                }
                self.refresh();
                self.autosave();
            }
            Msg::Speed(speed) => self.state.borrow_mut().speed = speed.max(1),
            Msg::SelectPod(name) => {
                self.state.borrow_mut().selected = Some(name);
                self.redraw();
            }
            Msg::Resolve(name) => {
                self.update(Msg::Run(format!("sim resolve {name}")));
                let console: &HtmlElement = self.ui.console_input.as_ref();
                console.focus().ok();
            }
            Msg::Theme(theme) => {
                if let Some(html) = self.document.document_element() {
                    match theme.as_str() {
                        "light" | "dark" => html.set_attribute("data-theme", &theme).ok(),
                        _ => html.remove_attribute("data-theme").ok(),
                    };
                }
                self.ui.theme.set_value(&theme);
                self.store(THEME_KEY, &theme);
            }
            Msg::Lang(lang) => {
                self.ui.set_lang(lang);
                set_document_lang(&self.document, lang);
                self.store(LANG_KEY, lang.tag());
                self.redraw();
            }
            Msg::Help(open) => {
                dom::set_flag(&self.ui.help, "hidden", !open);
                if open {
                    if let Some(close) = self.ui.help.query_selector("#help-close").ok().flatten() {
                        close.unchecked_into::<HtmlElement>().focus().ok();
                    }
                }
            }
            Msg::Copied => {
                if let Some(button) = self.state.borrow_mut().copying.take() {
                    dom::set_text(&button, self.ui.strings().copied);
                }
            }
            Msg::Share(open) => {
                if open {
                    self.fill_share();
                }
                dom::set_flag(&self.ui.share, "hidden", !open);
                if open {
                    if let Some(close) = self.ui.share.query_selector("#share-close").ok().flatten()
                    {
                        close.unchecked_into::<HtmlElement>().focus().ok();
                    }
                }
            }
            Msg::OpenLink(link) => {
                if let Err(e) = self.open_link(&link) {
                    self.ui.render_link_error(Some((&e.to_string(), &link)));
                }
            }
            Msg::OpenFile(text) => {
                dom::set_flag(&self.ui.share, "hidden", true);
                match Playground::open_file(&text) {
                    Ok(opened) => self.show_opened(opened),
                    Err(e) => self.ui.render_link_error(Some((&e.to_string(), &text))),
                }
            }
            Msg::Reset(text) => {
                self.stop();
                self.ui.render_link_error(None);
                self.ui.clear_console();
                self.ui.set_editor_text(&text);
                {
                    let mut state = self.state.borrow_mut();
                    state.playground = None;
                    state.selected = None;
                }
                self.update(Msg::Evaluate);
            }
        }
    }

    /// Keeps the working scenario in `localStorage` (not in an embed), right after the
    /// current event (so the page is redrawn first; several changes in one event save once).
    fn autosave(&self) {
        if self.embed.on || self.loading.get() || self.autosave_timer.get().is_some() {
            return;
        }
        let timer = self
            .window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                self.on_autosave.as_ref().unchecked_ref(),
                0,
            )
            .ok();
        self.autosave_timer.set(timer);
    }

    /// The autosave itself: the scenario's link in `localStorage` and the address bar.
    fn save_now(&self) {
        self.autosave_timer.set(None);
        let state = self.state.borrow();
        let Some(playground) = state.playground.as_ref() else {
            return;
        };
        let fragment = match state.selected.as_deref() {
            Some(pod) => playground.share_fragment(&[("pod", pod)]),
            None => playground.share_fragment(&[]),
        };
        drop(state);
        self.store(AUTOSAVE_KEY, &fragment);
        self.store(EDITOR_KEY, &self.ui.editor.value());
        // The address bar holds the link of what is on show (replacing the history entry,
        // so Back still leaves the page); a reload opens it.
        if self.page {
            if let Ok(history) = self.window.history() {
                let url = format!("{}#{fragment}", self.base_url());
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
        }
    }

    /// After the autosaved scenario is open: the editor's text as it was saved, if it differs
    /// (it was broken, or not yet applied).
    fn restore_editor(&self, editor: &str) {
        if self.ui.editor.value() != editor {
            self.ui.set_editor_text(editor);
            self.update(Msg::Evaluate);
        }
    }

    /// Puts the share link of the playground now in the share dialog and in the address
    /// bar (replacing the entry, so Back still leaves the page).
    fn fill_share(&self) {
        let state = self.state.borrow();
        let Some(playground) = state.playground.as_ref() else {
            return;
        };
        let selected = state.selected.clone().unwrap_or_default();
        let options: Vec<(&str, &str)> = if selected.is_empty() {
            Vec::new()
        } else {
            vec![("pod", selected.as_str())]
        };
        let fragment = playground.share_fragment(&options);
        drop(state);
        let link = format!("{}#{fragment}", self.base_url());
        let title = self.ui.strings().title;
        // The snippet embeds the same state in embed mode (README: Embedding in documentation).
        let iframe = format!(
            "<iframe src=\"{link}&embed=1\" title=\"{title}\" loading=\"lazy\" style=\"width:100%;height:640px;border:0\"></iframe>"
        );
        let markdown = format!("[{title}]({link})");
        self.ui.render_share(&link, &iframe, &markdown);
        if let Ok(history) = self.window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&link));
        }
    }

    /// Opens a share link: its manifests in the editor, its commands and what they printed
    /// in the console, its time on the clock. A link that does not open leaves the page as
    /// it was and says why, with the link's text.
    fn open_link(&self, link: &str) -> Result<(), stsplay_core::page::OpenError> {
        let opened = Playground::open_link(link)?;
        self.show_opened(opened);
        Ok(())
    }

    /// Shows an opened scenario: its manifests in the editor, its commands and what they
    /// printed in the console, its time on the clock.
    fn show_opened(&self, opened: stsplay_core::page::Opened) {
        self.cancel_timer();
        self.stop();
        self.ui.render_link_error(None);
        self.ui.clear_console();
        self.ui.set_editor_text(&opened.manifests);
        let selected = opened.shared.option("pod").map(str::to_string);
        for output in &opened.outputs {
            self.ui.render_console_entry(output);
        }
        let prompt = opened.playground.prompt();
        self.ui
            .render_console_line(prompt.as_deref().unwrap_or(PROMPT), Some(""), "");
        let mut playground = opened.playground;
        let view = playground.view();
        let mut state = self.state.borrow_mut();
        for output in &opened.outputs {
            state.history.push(&output.command);
        }
        state.playground = Some(playground);
        state.selected = selected;
        state.end = 0;
        drop(state);
        self.update(Msg::Show(Box::new(view)));
        self.autosave();
    }

    /// Reads the scenario file picked in `input` (asynchronously: [`Msg::OpenFile`]).
    fn read_file(&self, input: &Element) {
        let Some(input) = input.dyn_ref::<web_sys::HtmlInputElement>() else {
            return;
        };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            let _ = file.text().then(&self.on_file);
        }
        // The same file may be picked again.
        input.set_value("");
    }

    /// Downloads the scenario now as `scenario.yaml` (made here; nothing is uploaded).
    fn download(&self) {
        let text = match self.state.borrow().playground.as_ref() {
            Some(playground) => playground.scenario_text(),
            None => return,
        };
        let parts = js_sys::Array::of1(&JsValue::from_str(&text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/yaml");
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        if let Ok(a) = self.document.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download("scenario.yaml");
            a.click();
        }
        // The download has taken the blob by now; free it after this turn.
        let revoke = Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
        let _ = self
            .window
            .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 0);
    }

    /// Shows `view`: the result and the time bar when it is clean, else its problems and the
    /// last good result marked stale.
    fn show(&self, view: PageView) {
        self.ui.render_diagnostics(&view.diagnostics, &view.notes);
        let lines = |list: &[stsplay_core::Diagnostic]| {
            let mut lines: Vec<usize> = list.iter().map(|d| d.line).collect();
            stsplay_core::order::by_u64(&mut lines, |&l| l as u64);
            lines.dedup();
            lines
        };
        self.render_gutter(lines(&view.diagnostics), lines(&view.notes));
        if !view.diagnostics.is_empty() {
            let has_result = self.state.borrow().has_result;
            self.ui.render_stale(view.diagnostics.len(), has_result);
            return;
        }
        let mut state = self.state.borrow_mut();
        state.end = state
            .end
            .max(view.time_ms)
            .max(view.next_change_ms.unwrap_or(0));
        state.has_result = true;
        let (end, playing) = (state.end, state.ticker.is_some());
        let selected = state.selected.clone();
        drop(state);
        self.ui.render_result(&view, selected.as_deref());
        self.ui.render_time(&view, end, playing);
        let settled = view.next_change_ms.is_none();
        self.state.borrow_mut().view = Some(view);
        if settled && playing {
            self.stop();
        }
        if self.embed.on {
            self.embed_rendered();
        }
    }

    /// After an embed redraws: its "Open in playground" link carries the state now (in the
    /// full page, so without the embed's options), and the parent page learns the height.
    fn embed_rendered(&self) {
        let state = self.state.borrow();
        if let Some(playground) = state.playground.as_ref() {
            let fragment = match state.selected.as_deref() {
                Some(pod) => playground.share_fragment(&[("pod", pod)]),
                None => playground.share_fragment(&[]),
            };
            self.ui
                .set_open_full(&format!("{}#{fragment}", self.base_url()));
        }
        drop(state);
        self.post_height();
    }

    /// Tells the page around an embed how tall the embed's content is:
    /// `{type: "stsplay:resize", height}` by `postMessage` (no other data leaves the frame).
    fn post_height(&self) {
        let Ok(Some(parent)) = self.window.parent() else {
            return;
        };
        if parent == self.window {
            return;
        }
        let height = self.document.body().map_or(0, |b| b.scroll_height());
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"stsplay:resize".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, "*");
    }

    /// Shows the playground's view now.
    fn refresh(&self) {
        let view = self
            .state
            .borrow_mut()
            .playground
            .as_mut()
            .map(Playground::view);
        if let Some(view) = view {
            self.show(view);
        }
    }

    /// Redraws the view on show (after a selection or a change of language).
    fn redraw(&self) {
        let view = self.state.borrow_mut().view.take();
        if let Some(view) = view {
            self.show(view);
        }
    }

    /// Stops the clock.
    fn stop(&self) {
        let ticker = self.state.borrow_mut().ticker.take();
        if let Some(timer) = ticker {
            self.window.clear_interval_with_handle(timer);
        }
        self.ui.render_play(false);
        // Where the clock stopped is part of the saved state.
        if ticker.is_some() {
            self.autosave();
        }
    }

    fn store(&self, key: &str, value: &str) {
        if self.embed.on {
            return;
        }
        if let Ok(Some(storage)) = self.window.local_storage() {
            // Storage may be full or refused; the choice then lasts for this page only.
            let _ = storage.set_item(key, value);
        }
    }

    fn cancel_timer(&self) {
        if let Some(timer) = self.state.borrow_mut().timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
    }

    /// Redraws the line numbers if the line count, the problem lines or the note lines
    /// changed.
    fn render_gutter(&self, problem_lines: Vec<usize>, note_lines: Vec<usize>) {
        let wanted = (
            editor::line_count(&self.ui.editor.value()),
            problem_lines,
            note_lines,
        );
        if self.state.borrow().gutter != wanted {
            self.ui.render_gutter(wanted.0, &wanted.1, &wanted.2);
            self.state.borrow_mut().gutter = wanted;
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        let root = &self.ui.root;
        // Removing listeners that are registered cannot fail; nothing to report if it did.
        for (kind, listener) in [
            ("input", &self.on_input),
            ("change", &self.on_change),
            ("click", &self.on_click),
        ] {
            let _ = root.remove_event_listener_with_callback_and_bool(
                kind,
                listener.as_ref().unchecked_ref(),
                true,
            );
        }
        let _ = self
            .document
            .remove_event_listener_with_callback("keydown", self.on_key.as_ref().unchecked_ref());
        let _ = self
            .ui
            .editor
            .remove_event_listener_with_callback("scroll", self.on_scroll.as_ref().unchecked_ref());
        let _ = self.window.remove_event_listener_with_callback(
            "hashchange",
            self.on_hash.as_ref().unchecked_ref(),
        );
        let state = self.state.get_mut();
        if let Some(timer) = state.timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
        if let Some(timer) = state.ticker.take() {
            self.window.clear_interval_with_handle(timer);
        }
        if let Some(timer) = self.autosave_timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
    }
}
