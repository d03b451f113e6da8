//! The page's DOM: built once at mount ([`Ui::build`]), then redrawn from the core's
//! [`PageView`] and [`Output`]s by the `render_` functions. Everything shown here was computed
//! by the core; this module only lays out cells, lines and transcripts it is given, and the
//! interface's own words from [`crate::i18n`].

use std::cell::{Cell, RefCell};

use stsplay_core::{Diagnostic, Output, PageView, Table};
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use crate::dom::{self, Dom};
use crate::i18n::{Lang, Pick, Strings};
use crate::topology;

/// The largest editor text that is coloured (larger texts stay plain, so typing stays fast).
const MAX_HIGHLIGHT_BYTES: usize = 100 * 1024;

/// How much of a broken link's text the page shows.
const MAX_RAW_CHARS: usize = 4096;

/// The prompt of the busybox shell the lookups are typed into.
const SHELL_PROMPT: &str = "/ # ";
/// The console's prompt outside a pod's shell.
pub(crate) const PROMPT: &str = "$ ";

/// The command of the client pod the lookups run in (the seed's own).
const DNS_CLIENT_COMMAND: &str =
    "kubectl run -i --tty --image busybox:1.28.0 dns-test --restart=Never --rm /bin/sh";

/// How a result panel is titled.
#[derive(Clone, Copy)]
enum Heading {
    /// The command whose output the panel mirrors, set in code.
    Command(&'static str),
    /// A plain title, for panels no single command prints.
    Title(Pick),
}

/// What selecting a table row does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Select {
    None,
    /// Rows are pods: selecting one shows its details.
    Pod,
    /// Rows are DNS records: selecting one explains the name (`sim resolve`).
    Resolve,
}

/// One result panel: its element id, heading, a one-line note and what its rows select.
struct Panel {
    id: &'static str,
    heading: Heading,
    note: Pick,
    select: Select,
}

const fn panel(id: &'static str, heading: Heading, note: Pick, select: Select) -> Panel {
    Panel {
        id,
        heading,
        note,
        select,
    }
}

const APPLIED: Panel = panel(
    "applied",
    Heading::Command("kubectl apply -f -"),
    |s| s.applied_note,
    Select::None,
);
const SERVICES: Panel = panel(
    "services",
    Heading::Command("kubectl get svc"),
    |s| s.services_note,
    Select::None,
);
const STATEFULSETS: Panel = panel(
    "statefulsets",
    Heading::Command("kubectl get statefulset"),
    |s| s.sets_note,
    Select::None,
);
const PODS: Panel = panel(
    "pods",
    Heading::Command("kubectl get pods -o wide"),
    |s| s.pods_note,
    Select::Pod,
);
const IDENTITIES: Panel = panel(
    "identities",
    Heading::Title(|s| s.identities),
    |s| s.identities_note,
    Select::Pod,
);
const ENDPOINTS: Panel = panel(
    "endpoints",
    Heading::Command("kubectl get endpoints"),
    |s| s.endpoints_note,
    Select::None,
);
const CLAIMS: Panel = panel(
    "claims",
    Heading::Command("kubectl get pvc"),
    |s| s.claims_note,
    Select::None,
);
const DNS: Panel = panel(
    "dns",
    Heading::Title(|s| s.dns),
    |s| s.dns_note,
    Select::Resolve,
);
const EVENTS: Panel = panel(
    "events",
    Heading::Command("kubectl describe statefulset"),
    |s| s.events_note,
    Select::None,
);
const LOOKUPS: Panel = panel(
    "lookups",
    Heading::Command(DNS_CLIENT_COMMAND),
    |s| s.lookups_note,
    Select::None,
);

/// The speeds of the play button, in simulated seconds per second.
/// The rows a result table draws; a longer one says so, and its full text stays one click
/// away. 1,000 pods would otherwise mean some 10,000 table rows in the DOM on every edit.
pub(crate) const MAX_TABLE_ROWS: usize = 200;

pub(crate) const SPEEDS: &[&str] = &["1", "2", "10"];

/// A translated piece of the interface: its element, the attribute (or the text when None)
/// and the string.
type Label = (Element, Option<&'static str>, Pick);

/// Handles on the elements that change after mount.
pub(crate) struct Ui {
    dom: Dom,
    lang: Cell<Lang>,
    labels: RefCell<Vec<Label>>,
    pub(crate) root: Element,
    pub(crate) editor: HtmlTextAreaElement,
    gutter: Element,
    pub(crate) diagnostics: Element,
    status: Element,
    results: Element,
    pub(crate) console_log: Element,
    console_prompt: Element,
    pub(crate) console_input: HtmlInputElement,
    console_hint: Element,
    clock: Element,
    play: Element,
    step: Element,
    pub(crate) scrubber: HtmlInputElement,
    pub(crate) speed: HtmlSelectElement,
    pub(crate) theme: HtmlSelectElement,
    pub(crate) language: HtmlSelectElement,
    pub(crate) help: Element,
    pub(crate) share: Element,
    highlight: Element,
    embed_bar: Element,
    open_full: Element,
    toolbar: Element,
    editor_pane: Element,
    panels: Element,
    share_link: Element,
    share_iframe: Element,
    share_markdown: Element,
    link_error: Element,
    link_error_message: Element,
    link_raw: Element,
    topology: Element,
    detail: Element,
    applied: Element,
    services: Element,
    statefulsets: Element,
    pods: Element,
    identities: Element,
    endpoints: Element,
    claims: Element,
    dns: Element,
    events: Element,
    lookups: Element,
}

impl Ui {
    /// Builds the editor, the console, the time bar and the result panels inside `root`.
    pub(crate) fn build(dom: Dom, root: &Element, lang: Lang) -> Ui {
        let labels = RefCell::new(Vec::new());
        let s = lang.strings();
        // A text node (attribute None) or attribute that follows the language.
        let label = |element: &Element, attribute: Option<&'static str>, pick: Pick| {
            match attribute {
                Some(name) => element
                    .set_attribute(name, pick(s))
                    .expect_throw("set a fixed attribute"),
                None => dom::set_text(element, pick(s)),
            }
            labels.borrow_mut().push((element.clone(), attribute, pick));
        };
        let text = |parent: &Element, tag: &str, attributes: &[(&str, &str)], pick: Pick| {
            let element = dom.child(parent, tag, attributes);
            label(&element, None, pick);
            element
        };

        // The page's own heading and tagline, outside the root, follow the language too.
        if let Some(document) = root.owner_document() {
            let header: [(&str, Pick); 2] =
                [("site-title", |s| s.title), ("tagline", |s| s.tagline)];
            for (id, pick) in header {
                if let Some(element) = document.get_element_by_id(id) {
                    label(&element, None, pick);
                }
            }
        }
        // In an embed, a slim bar replaces the page's header and toolbar.
        let embed_bar = dom.child(root, "div", &[("class", "embed-bar"), ("hidden", "")]);
        text(&embed_bar, "span", &[("class", "embed-title")], |s| s.title);
        let open_full = text(
            &embed_bar,
            "a",
            &[
                ("id", "open-full"),
                ("target", "_blank"),
                ("rel", "noopener"),
                ("href", "#"),
            ],
            |s| s.open_full,
        );
        let toolbar = dom.child(root, "div", &[("class", "toolbar")]);
        text(
            &toolbar,
            "a",
            &[
                ("id", "gallery-link"),
                ("class", "button-link"),
                ("href", "gallery.html"),
            ],
            |s| s.gallery,
        );
        text(
            &toolbar,
            "button",
            &[("type", "button"), ("id", "new-scenario")],
            |s| s.new_scenario,
        );
        text(
            &toolbar,
            "button",
            &[("type", "button"), ("id", "reset-example")],
            |s| s.reset_example,
        );
        let theme = select(&dom, &toolbar, "theme", &["system", "light", "dark"]);
        label(&theme, Some("aria-label"), |s| s.theme);
        let options = theme.children();
        for (i, pick) in [
            (|s| s.theme_system) as Pick,
            |s| s.theme_light,
            |s| s.theme_dark,
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(option) = options.item(i as u32) {
                label(&option, None, pick);
            }
        }
        let language = select(&dom, &toolbar, "lang", &["en", "zh"]);
        label(&language, Some("aria-label"), |s| s.language);
        let options = language.children();
        for (i, name) in ["English", "中文"].into_iter().enumerate() {
            if let Some(option) = options.item(i as u32) {
                dom::set_text(&option, name);
            }
        }
        text(
            &toolbar,
            "button",
            &[
                ("type", "button"),
                ("id", "help-button"),
                ("aria-controls", "help"),
                ("aria-keyshortcuts", "?"),
            ],
            |s| s.help,
        );
        text(
            &toolbar,
            "button",
            &[
                ("type", "button"),
                ("id", "share-button"),
                ("aria-controls", "share"),
                ("aria-keyshortcuts", "Control+S Meta+S"),
            ],
            |s| s.share,
        );
        let help = dom.child(
            root,
            "section",
            &[
                ("id", "help"),
                ("class", "help"),
                ("role", "dialog"),
                ("aria-labelledby", "help-heading"),
                ("hidden", ""),
            ],
        );
        text(&help, "h2", &[("id", "help-heading")], |s| s.shortcuts);
        let keys = dom.child(&help, "dl", &[]);
        let shortcuts: [(&str, Pick); 8] = [
            ("Ctrl/\u{2318} + Enter", |s| s.key_apply),
            ("Ctrl/\u{2318} + S", |s| s.key_share),
            ("/", |s| s.key_console),
            ("?", |s| s.key_help),
            ("Esc", |s| s.key_close),
            ("\u{2191} \u{2193}", |s| s.key_history),
            ("Tab", |s| s.key_complete),
            ("Enter", |s| s.key_select),
        ];
        for (key, pick) in shortcuts {
            let dt = dom.child(&keys, "dt", &[]);
            dom.child_with_text(&dt, "kbd", &[], key);
            text(&keys, "dd", &[], pick);
        }
        text(
            &help,
            "button",
            &[("type", "button"), ("id", "help-close")],
            |s| s.close,
        );

        // The share dialog: the link, an iframe snippet and a Markdown link, each with a
        // copy button after its text (the console's copy buttons work the same way).
        let share = dom.child(
            root,
            "section",
            &[
                ("id", "share"),
                ("class", "help share"),
                ("role", "dialog"),
                ("aria-labelledby", "share-heading"),
                ("hidden", ""),
            ],
        );
        text(&share, "h2", &[("id", "share-heading")], |s| {
            s.share_heading
        });
        text(&share, "p", &[("class", "note")], |s| s.share_note);
        let share_text = |id: &'static str, pick: Pick| {
            text(&share, "h3", &[], pick);
            let row = dom.child(&share, "div", &[("class", "share-row")]);
            let pre = dom.child(&row, "pre", &[("id", id), ("class", "share-text")]);
            text(
                &row,
                "button",
                &[("type", "button"), ("class", "copy")],
                |s| s.copy,
            );
            pre
        };
        let share_link = share_text("share-link", |s| s.share_link);
        let share_iframe = share_text("share-iframe", |s| s.share_iframe);
        let share_markdown = share_text("share-markdown", |s| s.share_markdown);
        text(&share, "h3", &[], |s| s.share_file);
        let file_row = dom.child(&share, "div", &[("class", "share-row file-row")]);
        text(
            &file_row,
            "button",
            &[("type", "button"), ("id", "share-download")],
            |s| s.download,
        );
        let upload = text(
            &file_row,
            "label",
            &[("class", "button-link"), ("for", "scenario-upload")],
            |s| s.upload,
        );
        dom.child(
            &upload,
            "input",
            &[
                ("type", "file"),
                ("id", "scenario-upload"),
                ("class", "visually-hidden"),
                ("accept", ".yaml,.yml,text/yaml"),
            ],
        );
        text(
            &share,
            "button",
            &[("type", "button"), ("id", "share-close")],
            |s| s.close,
        );

        // A link that could not be opened: why, and the link's text as it came.
        let link_error = dom.child(
            root,
            "section",
            &[
                ("id", "link-error"),
                ("class", "link-error"),
                ("role", "alert"),
                ("hidden", ""),
            ],
        );
        text(&link_error, "h2", &[], |s| s.link_failed);
        let link_error_message = dom.child(&link_error, "p", &[("id", "link-error-message")]);
        text(&link_error, "p", &[], |s| s.link_raw);
        let link_raw = dom.child(
            &link_error,
            "pre",
            &[("id", "link-raw"), ("class", "share-text")],
        );
        text(
            &link_error,
            "button",
            &[("type", "button"), ("id", "link-error-close")],
            |s| s.close,
        );

        let layout = dom.child(root, "div", &[("class", "playground")]);

        let editor_pane = dom.child(
            &layout,
            "section",
            &[
                ("class", "pane editor-pane"),
                ("aria-labelledby", "editor-heading"),
            ],
        );
        let editor_bar = dom.child(&editor_pane, "div", &[("class", "pane-bar")]);
        text(&editor_bar, "h2", &[("id", "editor-heading")], |s| {
            s.manifests
        });
        text(
            &editor_bar,
            "p",
            &[("class", "pane-hint"), ("id", "editor-hint")],
            |s| s.editor_hint,
        );
        let frame = dom.child(&editor_pane, "div", &[("class", "editor-frame")]);
        let gutter = dom.child(
            &frame,
            "div",
            &[("class", "gutter"), ("aria-hidden", "true")],
        );
        let area = dom.child(&frame, "div", &[("class", "editor-area")]);
        let highlight = dom.child(
            &area,
            "pre",
            &[("class", "highlight"), ("aria-hidden", "true")],
        );
        let editor: HtmlTextAreaElement = dom
            .child(
                &area,
                "textarea",
                &[
                    ("id", "editor"),
                    ("class", "editor"),
                    ("spellcheck", "false"),
                    ("autocapitalize", "off"),
                    ("autocomplete", "off"),
                    ("autocorrect", "off"),
                    ("wrap", "off"),
                    ("aria-describedby", "editor-hint diagnostics"),
                    ("aria-invalid", "false"),
                    ("aria-keyshortcuts", "Control+Enter Meta+Enter"),
                ],
            )
            .dyn_into()
            .expect_throw("a textarea element");
        label(&editor, Some("aria-label"), |s| s.editor_label);
        let diagnostics = dom.child(
            &editor_pane,
            "ul",
            &[
                ("id", "diagnostics"),
                ("class", "diagnostics"),
                ("hidden", ""),
            ],
        );
        label(&diagnostics, Some("aria-label"), |s| s.problems_label);

        // The console, under the editor.
        let console = dom.child(
            &editor_pane,
            "section",
            &[
                ("id", "console"),
                ("class", "console"),
                ("aria-labelledby", "console-heading"),
            ],
        );
        let console_bar = dom.child(&console, "div", &[("class", "pane-bar")]);
        text(&console_bar, "h2", &[("id", "console-heading")], |s| {
            s.console
        });
        text(
            &console_bar,
            "p",
            &[("class", "pane-hint"), ("id", "console-hint-text")],
            |s| s.console_note,
        );
        let console_log = dom.child(
            &console,
            "div",
            &[
                ("id", "console-log"),
                ("class", "console-log"),
                ("role", "log"),
                ("aria-live", "polite"),
            ],
        );
        label(&console_log, Some("aria-label"), |s| s.console);
        let line = dom.child(&console, "div", &[("class", "console-line")]);
        let console_prompt = dom.child_with_text(
            &line,
            "label",
            &[
                ("id", "console-prompt"),
                ("class", "prompt"),
                ("for", "console-input"),
            ],
            PROMPT,
        );
        let console_input: HtmlInputElement = dom
            .child(
                &line,
                "input",
                &[
                    ("id", "console-input"),
                    ("type", "text"),
                    ("spellcheck", "false"),
                    ("autocapitalize", "off"),
                    ("autocomplete", "off"),
                    ("autocorrect", "off"),
                    ("enterkeyhint", "send"),
                    ("aria-describedby", "console-hint-text console-choices"),
                    ("aria-keyshortcuts", "/"),
                ],
            )
            .dyn_into()
            .expect_throw("an input element");
        label(&console_input, Some("aria-label"), |s| s.command_label);
        let console_hint = dom.child(
            &console,
            "p",
            &[
                ("id", "console-choices"),
                ("class", "console-choices"),
                ("aria-live", "polite"),
            ],
        );

        let results = dom.child(
            &layout,
            "section",
            &[
                ("id", "results"),
                ("class", "pane results-pane"),
                ("aria-labelledby", "results-heading"),
            ],
        );
        let results_bar = dom.child(&results, "div", &[("class", "pane-bar")]);
        text(&results_bar, "h2", &[("id", "results-heading")], |s| {
            s.cluster
        });
        let status = dom.child(
            &results_bar,
            "p",
            &[("id", "status"), ("class", "status"), ("role", "status")],
        );

        // Time: clock, play/pause, step, scrubber, speed.
        let time = dom.child(
            &results,
            "div",
            &[("id", "time"), ("class", "time"), ("role", "group")],
        );
        label(&time, Some("aria-label"), |s| s.time);
        let play = text(
            &time,
            "button",
            &[
                ("type", "button"),
                ("id", "play"),
                ("aria-pressed", "false"),
            ],
            |s| s.play,
        );
        let step = text(
            &time,
            "button",
            &[("type", "button"), ("id", "step")],
            |s| s.step,
        );
        let scrubber: HtmlInputElement = dom
            .child(
                &time,
                "input",
                &[
                    ("id", "scrubber"),
                    ("type", "range"),
                    ("min", "0"),
                    ("max", "0"),
                    ("step", "100"),
                    ("value", "0"),
                ],
            )
            .dyn_into()
            .expect_throw("an input element");
        label(&scrubber, Some("aria-label"), |s| s.scrubber);
        let speed = select(&dom, &time, "speed", SPEEDS);
        label(&speed, Some("aria-label"), |s| s.speed);
        let options = speed.children();
        for (i, name) in ["1\u{d7}", "2\u{d7}", "10\u{d7}"].into_iter().enumerate() {
            if let Some(option) = options.item(i as u32) {
                dom::set_text(&option, name);
            }
        }
        let clock = dom.child(
            &time,
            "output",
            &[("id", "clock"), ("class", "clock"), ("for", "scrubber")],
        );

        let panels = dom.child(&results, "div", &[("class", "panels")]);
        let section = |id: &str, heading: Pick, note: Pick| {
            let heading_id = format!("{id}-heading");
            let section = dom.child(
                &panels,
                "section",
                &[
                    ("id", &format!("{id}-panel")),
                    ("class", "panel"),
                    ("aria-labelledby", &heading_id),
                ],
            );
            text(&section, "h3", &[("id", &heading_id)], heading);
            text(&section, "p", &[("class", "note")], note);
            dom.child(&section, "div", &[("id", id), ("class", "panel-body")])
        };
        let topology = section("topology", |s| s.topology, |s| s.topology_note);
        let detail = section("pod-detail", |s| s.detail, |s| s.detail_note);
        let panel = |spec: &Panel| build_panel(&dom, &panels, spec, &label);

        let ui = Ui {
            applied: panel(&APPLIED),
            services: panel(&SERVICES),
            statefulsets: panel(&STATEFULSETS),
            pods: panel(&PODS),
            identities: panel(&IDENTITIES),
            endpoints: panel(&ENDPOINTS),
            claims: panel(&CLAIMS),
            dns: panel(&DNS),
            events: panel(&EVENTS),
            lookups: panel(&LOOKUPS),
            dom: dom.clone(),
            lang: Cell::new(lang),
            labels: RefCell::new(Vec::new()),
            root: root.clone(),
            editor,
            gutter,
            diagnostics,
            status,
            results,
            console_log,
            console_prompt,
            console_input,
            console_hint,
            clock,
            play,
            step,
            scrubber,
            speed: speed.unchecked_into(),
            theme: theme.unchecked_into(),
            language: language.unchecked_into(),
            help,
            share,
            highlight,
            embed_bar,
            open_full,
            toolbar,
            editor_pane,
            panels,
            share_link,
            share_iframe,
            share_markdown,
            link_error,
            link_error_message,
            link_raw,
            topology,
            detail,
        };
        *ui.labels.borrow_mut() = labels.into_inner();
        ui.language.set_value(lang.tag());
        ui
    }

    /// The strings of the interface's language.
    pub(crate) fn strings(&self) -> &'static Strings {
        self.lang.get().strings()
    }

    /// Redraws every fixed word of the interface in `lang` (results are redrawn by the
    /// caller).
    pub(crate) fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        let s = lang.strings();
        for (element, attribute, pick) in self.labels.borrow().iter() {
            match attribute {
                Some(name) => element
                    .set_attribute(name, pick(s))
                    .expect_throw("set a fixed attribute"),
                None => dom::set_text(element, pick(s)),
            }
        }
        self.language.set_value(lang.tag());
    }

    /// Draws a clean result: every panel, the clock, and the stale mark removed.
    pub(crate) fn render_result(&self, view: &PageView, selected: Option<&str>) {
        let s = self.strings();
        dom::clear(&self.applied);
        self.render_output(&self.applied, &view.applied, None);
        self.render_table(&self.services, &SERVICES, &view.services, selected);
        self.render_table(
            &self.statefulsets,
            &STATEFULSETS,
            &view.statefulsets,
            selected,
        );
        self.render_table(&self.pods, &PODS, &view.pods, selected);
        self.render_table(&self.identities, &IDENTITIES, &view.identities, selected);
        self.render_table(&self.endpoints, &ENDPOINTS, &view.endpoints, selected);
        self.render_table(&self.claims, &CLAIMS, &view.claims, selected);
        self.render_table(&self.dns, &DNS, &view.dns, selected);
        self.render_table(&self.events, &EVENTS, &view.events, selected);
        self.render_lookups(&view.lookups);
        topology::render(&self.dom, &self.topology, &view.topology, s, selected);
        self.render_detail(view, selected);
        dom::set_class(&self.results, "stale", false);
        dom::set_class(&self.status, "is-stale", false);
        let status = if view.clock.is_empty() {
            s.up_to_date.to_owned()
        } else {
            format!("{}{}", s.clock_prefix, view.clock)
        };
        dom::set_text(&self.status, &status);
    }

    /// Marks the result on show as stale: the editor text has problems, so the panels keep
    /// the last good result (or nothing, before the first one).
    pub(crate) fn render_stale(&self, problems: usize, has_result: bool) {
        let s = self.strings();
        dom::set_class(&self.results, "stale", true);
        dom::set_class(&self.status, "is-stale", true);
        let noun = if problems == 1 { s.problem } else { s.problems };
        let rest = if has_result {
            s.stale_with
        } else {
            s.stale_without
        };
        dom::set_text(
            &self.status,
            &format!("{problems} {noun}{}{rest}", s.in_manifests),
        );
    }

    /// The time bar: the clock, the scrubber over `0..=end` at the view's time, and whether
    /// the clock is running.
    pub(crate) fn render_time(&self, view: &PageView, end: u64, playing: bool) {
        let s = self.strings();
        let clock = match view.next_change_ms {
            Some(_) => view.clock.clone(),
            None => format!("{} \u{b7} {}", view.clock, s.settled),
        };
        dom::set_text(&self.clock, &clock);
        self.scrubber
            .set_attribute("max", &end.to_string())
            .expect_throw("set max");
        self.scrubber.set_value(&view.time_ms.to_string());
        self.scrubber
            .set_attribute("aria-valuetext", &view.clock)
            .expect_throw("set aria-valuetext");
        self.render_play(playing);
        dom::set_flag(&self.step, "disabled", view.next_change_ms.is_none());
    }

    /// The play button's word and state.
    pub(crate) fn render_play(&self, playing: bool) {
        let s = self.strings();
        dom::set_text(&self.play, if playing { s.pause } else { s.play });
        self.play
            .set_attribute("aria-pressed", if playing { "true" } else { "false" })
            .expect_throw("set aria-pressed");
    }

    /// Lists the diagnostics under the editor, then the notes (hidden when there are
    /// neither). Each item is a button carrying its line and column, so a click can put the
    /// caret there.
    pub(crate) fn render_diagnostics(&self, diagnostics: &[Diagnostic], notes: &[Diagnostic]) {
        let s = self.strings();
        let list = &self.diagnostics;
        dom::clear(list);
        dom::set_flag(list, "hidden", diagnostics.is_empty() && notes.is_empty());
        dom::set_class(list, "only-notes", diagnostics.is_empty());
        let invalid = if diagnostics.is_empty() {
            "false"
        } else {
            "true"
        };
        self.editor
            .set_attribute("aria-invalid", invalid)
            .expect_throw("set aria-invalid");
        let all = diagnostics.iter().map(|d| (d, false));
        for (diagnostic, is_note) in all.chain(notes.iter().map(|d| (d, true))) {
            let item = self.dom.child(list, "li", &[]);
            let line = diagnostic.line.to_string();
            let column = diagnostic.column.to_string();
            let button = self.dom.child(
                &item,
                "button",
                &[
                    ("type", "button"),
                    (
                        "class",
                        if is_note {
                            "diagnostic note"
                        } else {
                            "diagnostic"
                        },
                    ),
                    ("data-line", &line),
                    ("data-column", &column),
                ],
            );
            let place = if diagnostic.document > 0 {
                // `document` is 0-based; people count documents from 1.
                format!(
                    "{}{}, {}{line}, {}{column}",
                    s.place_document,
                    diagnostic.document + 1,
                    s.place_line,
                    s.column
                )
            } else {
                format!("{}{line}, {}{column}", s.place_line, s.column)
            };
            if is_note {
                self.dom
                    .child_with_text(&button, "span", &[("class", "kind")], s.note);
            }
            self.dom
                .child_with_text(&button, "span", &[("class", "place")], &place);
            self.dom.text(&button, ": ");
            self.dom.child_with_text(
                &button,
                "span",
                &[("class", "message")],
                &diagnostic.message,
            );
        }
    }

    /// Redraws the line numbers beside the editor, marking the lines with problems and,
    /// less loudly, those with notes.
    pub(crate) fn render_gutter(
        &self,
        lines: usize,
        problem_lines: &[usize],
        note_lines: &[usize],
    ) {
        dom::clear(&self.gutter);
        for number in 1..=lines {
            let class = if problem_lines.contains(&number) {
                "line has-problem"
            } else if note_lines.contains(&number) {
                "line has-note"
            } else {
                "line"
            };
            self.dom.child_with_text(
                &self.gutter,
                "div",
                &[("class", class)],
                &number.to_string(),
            );
        }
        self.sync_gutter_scroll();
    }

    /// Scrolls the line numbers and the colours with the editor.
    pub(crate) fn sync_gutter_scroll(&self) {
        self.gutter.set_scroll_top(self.editor.scroll_top());
        self.highlight.set_scroll_top(self.editor.scroll_top());
        self.highlight.set_scroll_left(self.editor.scroll_left());
    }

    /// Replaces the editor's text (and its colours).
    pub(crate) fn set_editor_text(&self, text: &str) {
        self.editor.set_value(text);
        self.render_highlight(text);
    }

    /// Colours `text` under the editor (as text nodes in spans); past
    /// [`MAX_HIGHLIGHT_BYTES`] the editor shows its own text, uncoloured.
    pub(crate) fn render_highlight(&self, text: &str) {
        dom::clear(&self.highlight);
        let plain = text.len() > MAX_HIGHLIGHT_BYTES;
        if let Some(area) = self.highlight.parent_element() {
            dom::set_class(&area, "plain", plain);
        }
        if plain {
            return;
        }
        for (tok, piece) in crate::editor::highlight(text) {
            match tok.class() {
                Some(class) => {
                    self.dom
                        .child_with_text(&self.highlight, "span", &[("class", class)], piece);
                }
                None => self.dom.text(&self.highlight, piece),
            }
        }
        // A final newline still gets its (empty) line, as in the textarea.
        self.dom.text(&self.highlight, "\n ");
        self.sync_gutter_scroll();
    }

    /// Puts the caret at a diagnostic's 1-based line and column and scrolls it into view.
    pub(crate) fn place_caret(&self, line: usize, column: usize) {
        let text = self.editor.value();
        let offset = crate::editor::utf16_offset(&text, line, column);
        let lines = crate::editor::line_count(&text);
        let editor: &Element = &self.editor;
        // Lines are of equal height (no wrapping), so the line's top is proportional.
        let line_height = editor.scroll_height() / i32::try_from(lines).unwrap_or(i32::MAX).max(1);
        let line_index = i32::try_from(line.saturating_sub(1)).unwrap_or(i32::MAX);
        let top = line_index.saturating_mul(line_height) - editor.client_height() / 3;
        self.editor.focus().expect_throw("focus the editor");
        self.editor
            .set_selection_range(offset, offset)
            .expect_throw("set the selection");
        editor.set_scroll_top(top.max(0));
        self.sync_gutter_scroll();
    }

    /// Embed mode: the slim bar instead of the header and toolbar, the editor read-only or
    /// hidden, and only the chosen result panel (by its element id) if one is chosen.
    pub(crate) fn render_embed(&self, read_only: bool, hide_editor: bool, panel: Option<&str>) {
        if let Some(body) = self.root.owner_document().and_then(|d| d.body()) {
            body.set_attribute("data-embed", "true").ok();
        }
        dom::set_flag(&self.embed_bar, "hidden", false);
        dom::set_flag(&self.toolbar, "hidden", true);
        dom::set_flag(&self.editor, "readonly", read_only);
        dom::set_flag(&self.editor_pane, "hidden", hide_editor);
        if let Some(panel) = panel {
            let sections = self.panels.children();
            for i in 0..sections.length() {
                if let Some(section) = sections.item(i) {
                    dom::set_flag(&section, "hidden", section.id() != panel);
                }
            }
        }
    }

    /// Where the embed's "Open in playground" link goes.
    pub(crate) fn set_open_full(&self, href: &str) {
        self.open_full.set_attribute("href", href).ok();
    }

    /// Empties the console's log.
    pub(crate) fn clear_console(&self) {
        dom::clear(&self.console_log);
    }

    /// Fills the share dialog.
    pub(crate) fn render_share(&self, link: &str, iframe: &str, markdown: &str) {
        dom::set_text(&self.share_link, link);
        dom::set_text(&self.share_iframe, iframe);
        dom::set_text(&self.share_markdown, markdown);
    }

    /// Says why a link did not open and shows its text (the first [`MAX_RAW_CHARS`]
    /// characters); `None` hides the message.
    pub(crate) fn render_link_error(&self, error: Option<(&str, &str)>) {
        dom::set_flag(&self.link_error, "hidden", error.is_none());
        if let Some((message, raw)) = error {
            dom::set_text(&self.link_error_message, message);
            let shown: String = raw.chars().take(MAX_RAW_CHARS).collect();
            let more = raw.chars().count().saturating_sub(MAX_RAW_CHARS);
            if more > 0 {
                let note = self.strings().link_raw_more;
                dom::set_text(&self.link_raw, &format!("{shown}\u{2026}\n({more} {note})"));
            } else {
                dom::set_text(&self.link_raw, &shown);
            }
        }
    }

    /// Appends one console command and its output to the log, with a copy button, and
    /// scrolls it into view.
    pub(crate) fn render_console_entry(&self, output: &Output) {
        let s = self.strings();
        let entry = self
            .dom
            .child(&self.console_log, "div", &[("class", "entry")]);
        let prompt = output.prompt.as_deref().unwrap_or(PROMPT);
        self.render_output(&entry, output, Some(prompt));
        self.dom.child_with_text(
            &entry,
            "button",
            &[("type", "button"), ("class", "copy")],
            s.copy,
        );
        self.console_log
            .set_scroll_top(self.console_log.scroll_height());
    }

    /// The prompt before the console's input, the input's text, and the completion
    /// choices under it.
    pub(crate) fn render_console_line(&self, prompt: &str, line: Option<&str>, choices: &str) {
        dom::set_text(&self.console_prompt, prompt);
        if let Some(line) = line {
            self.console_input.set_value(line);
        }
        dom::set_text(&self.console_hint, choices);
    }

    /// A table as real rows and cells, or kubectl's own message when it has no rows; the
    /// exact kubectl text stays one click away. Rows of pods and DNS records can be selected.
    fn render_table(&self, body: &Element, panel: &Panel, table: &Table, selected: Option<&str>) {
        dom::clear(body);
        let dom = &self.dom;
        if table.rows.is_empty() {
            dom.child_with_text(body, "p", &[("class", "empty")], &table.text);
            return;
        }
        let heading_id = format!("{}-heading", panel.id);
        let scroll = dom.child(
            body,
            "div",
            &[
                ("class", "table-scroll"),
                ("role", "region"),
                ("tabindex", "0"),
                ("aria-labelledby", &heading_id),
            ],
        );
        let element = dom.child(&scroll, "table", &[]);
        let head_row = dom.child(&dom.child(&element, "thead", &[]), "tr", &[]);
        for column in &table.columns {
            dom.child_with_text(&head_row, "th", &[("scope", "col")], column);
        }
        let tbody = dom.child(&element, "tbody", &[]);
        for row in table.rows.iter().take(MAX_TABLE_ROWS) {
            let first = row.first().map(String::as_str).unwrap_or_default();
            let tr = match panel.select {
                Select::None => dom.child(&tbody, "tr", &[]),
                Select::Pod => {
                    let is = if selected == Some(first) {
                        "true"
                    } else {
                        "false"
                    };
                    dom.child(
                        &tbody,
                        "tr",
                        &[
                            ("class", "selectable"),
                            ("tabindex", "0"),
                            ("data-pod", first),
                            ("aria-selected", is),
                        ],
                    )
                }
                Select::Resolve => dom.child(
                    &tbody,
                    "tr",
                    &[
                        ("class", "selectable"),
                        ("tabindex", "0"),
                        ("data-resolve", first),
                    ],
                ),
            };
            for cell in row {
                dom.child_with_text(&tr, "td", &[], cell);
            }
        }
        if table.rows.len() > MAX_TABLE_ROWS {
            let note = self
                .strings()
                .rows_shown
                .replace("{shown}", &MAX_TABLE_ROWS.to_string())
                .replace("{total}", &table.rows.len().to_string());
            dom.child_with_text(body, "p", &[("class", "note rows-shown")], &note);
        }
        if !table.text.is_empty() {
            let details = dom.child(body, "details", &[("class", "plain")]);
            dom.child_with_text(&details, "summary", &[], self.strings().as_printed);
            dom.child_with_text(&details, "pre", &[("class", "transcript")], &table.text);
        }
    }

    /// The selected pod: hostname, /etc/hosts, resolv.conf, its DNS name with a button that
    /// explains it, and its YAML.
    fn render_detail(&self, view: &PageView, selected: Option<&str>) {
        let (dom, body, s) = (&self.dom, &self.detail, self.strings());
        dom::clear(body);
        let Some(name) = selected else {
            return;
        };
        let Some(detail) = view.pod_details.iter().find(|d| d.name == name) else {
            dom.child_with_text(body, "p", &[("class", "empty")], s.detail_gone);
            return;
        };
        dom.child_with_text(body, "h4", &[("class", "detail-name")], &detail.name);
        let pod = view
            .topology
            .sets
            .iter()
            .flat_map(|set| &set.pods)
            .find(|pod| pod.name == name);
        if let Some(pod) = pod.filter(|pod| !pod.dns_name.is_empty()) {
            let line = dom.child(body, "p", &[("class", "detail-dns")]);
            let class = if pod.published {
                "dns"
            } else {
                "dns unpublished"
            };
            dom.child_with_text(&line, "code", &[("class", class)], &pod.dns_name);
            if !pod.published {
                dom.text(&line, " ");
                dom.child_with_text(&line, "span", &[("class", "tag")], s.not_published);
            }
            dom.text(&line, " ");
            dom.child_with_text(
                &line,
                "button",
                &[
                    ("type", "button"),
                    ("class", "explain"),
                    ("data-resolve", &pod.dns_name),
                ],
                s.explain,
            );
        }
        for output in [
            &detail.describe,
            &detail.hostname,
            &detail.hosts,
            &detail.resolv_conf,
        ] {
            self.render_output(body, output, Some(PROMPT));
        }
        let yaml = dom.child(body, "details", &[("class", "plain")]);
        dom.child_with_text(
            &yaml,
            "summary",
            &[],
            &format!("kubectl get pod {} -o yaml", detail.name),
        );
        dom.child_with_text(&yaml, "pre", &[("class", "transcript")], &detail.yaml);
    }

    /// The nslookup transcripts, one `<pre>` each, as typed at the busybox prompt.
    fn render_lookups(&self, lookups: &[Output]) {
        dom::clear(&self.lookups);
        if lookups.is_empty() {
            self.dom.child_with_text(
                &self.lookups,
                "p",
                &[("class", "empty")],
                self.strings().nothing_to_look_up,
            );
            return;
        }
        for lookup in lookups {
            self.render_output(&self.lookups, lookup, Some(SHELL_PROMPT));
        }
    }

    /// Appends one command's output to `body`: a `<pre>` with the prompt and the command on
    /// the first line when a prompt is given, then stdout, then stderr marked as such.
    fn render_output(&self, body: &Element, output: &Output, prompt: Option<&str>) {
        let dom = &self.dom;
        let pre = dom.child(body, "pre", &[("class", "transcript")]);
        if let Some(prompt) = prompt {
            dom.child_with_text(&pre, "span", &[("class", "prompt")], prompt);
            dom.child_with_text(&pre, "span", &[("class", "command")], &output.command);
            dom.text(&pre, "\n");
        }
        dom.text(&pre, &output.stdout);
        if !output.stderr.is_empty() {
            if !output.stdout.is_empty() && !output.stdout.ends_with('\n') {
                dom.text(&pre, "\n");
            }
            dom.child_with_text(&pre, "span", &[("class", "stderr")], &output.stderr);
        }
    }
}

/// A `<select id=…>` with one option per value.
fn select(dom: &Dom, parent: &Element, id: &str, values: &[&str]) -> Element {
    let element = dom.child(parent, "select", &[("id", id)]);
    for value in values {
        dom.child_with_text(&element, "option", &[("value", value)], value);
    }
    element
}

/// A `<section id=…>` with its heading and note; returns the body the renderers fill.
fn build_panel(
    dom: &Dom,
    parent: &Element,
    panel: &Panel,
    label: &dyn Fn(&Element, Option<&'static str>, Pick),
) -> Element {
    let heading_id = format!("{}-heading", panel.id);
    let section = dom.child(
        parent,
        "section",
        &[
            ("id", panel.id),
            ("class", "panel"),
            ("aria-labelledby", &heading_id),
        ],
    );
    let heading = dom.child(&section, "h3", &[("id", &heading_id)]);
    match panel.heading {
        Heading::Command(command) => {
            dom.child_with_text(&heading, "code", &[], command);
        }
        Heading::Title(title) => label(&heading, None, title),
    }
    let note = dom.child(&section, "p", &[("class", "note")]);
    label(&note, None, panel.note);
    dom.child(&section, "div", &[("class", "panel-body")])
}
