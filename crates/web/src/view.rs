//! The page's DOM: built once at mount ([`Ui::build`]), then redrawn from the core's
//! [`PageView`] by the `render_` functions. Everything shown here was computed by the core;
//! this module only lays out cells, lines and transcripts it is given.

use stsplay_core::{Diagnostic, Output, PageView, Table};
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::{Element, HtmlTextAreaElement};

use crate::dom::{self, Dom};

/// The prompt of the busybox shell the lookups are typed into.
const SHELL_PROMPT: &str = "/ # ";

/// The command of the client pod the lookups run in (the seed's own).
const DNS_CLIENT_COMMAND: &str =
    "kubectl run -i --tty --image busybox:1.28.0 dns-test --restart=Never --rm /bin/sh";

/// What `#status` says, after the number of problems, while the panels do not show the
/// editor text's result.
const STALE_WITH_RESULT: &str = "showing the last good result (stale)";
const STALE_WITHOUT_RESULT: &str = "no result to show yet (stale)";

/// How a result panel is titled.
#[derive(Clone, Copy)]
enum Heading {
    /// The command whose output the panel mirrors, set in code.
    Command(&'static str),
    /// A plain title, for panels no single command prints.
    Title(&'static str),
}

/// One result panel: its element id, heading and a one-line note under the heading.
struct Panel {
    id: &'static str,
    heading: Heading,
    note: &'static str,
}

const APPLIED: Panel = Panel {
    id: "applied",
    heading: Heading::Command("kubectl apply -f -"),
    note: "What the API server answered when the editor text was applied.",
};
const SERVICES: Panel = Panel {
    id: "services",
    heading: Heading::Command("kubectl get svc"),
    note: "Services in the default namespace.",
};
const STATEFULSETS: Panel = Panel {
    id: "statefulsets",
    heading: Heading::Command("kubectl get statefulset"),
    note: "READY is ready pods over desired replicas.",
};
const PODS: Panel = Panel {
    id: "pods",
    heading: Heading::Command("kubectl get pods -o wide"),
    note: "Pods are named after their StatefulSet and ordinal.",
};
const IDENTITIES: Panel = Panel {
    id: "identities",
    heading: Heading::Title("Stable pod identities"),
    note: "Name, hostname and DNS name stay with the ordinal when a pod is recreated; the IP may change.",
};
const EVENTS: Panel = Panel {
    id: "events",
    heading: Heading::Command("kubectl describe statefulset"),
    note: "The Events section, oldest first.",
};
const LOOKUPS: Panel = Panel {
    id: "lookups",
    heading: Heading::Command(DNS_CLIENT_COMMAND),
    note: "Each pod's DNS name looked up from a busybox 1.28 pod in the default namespace.",
};

/// Handles on the elements that change after mount.
pub(crate) struct Ui {
    dom: Dom,
    pub(crate) editor: HtmlTextAreaElement,
    gutter: Element,
    pub(crate) diagnostics: Element,
    status: Element,
    results: Element,
    applied: Element,
    services: Element,
    statefulsets: Element,
    pods: Element,
    identities: Element,
    events: Element,
    lookups: Element,
}

impl Ui {
    /// Builds the editor and the result panels inside `root`.
    pub(crate) fn build(dom: Dom, root: &Element) -> Ui {
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
        dom.child_with_text(&editor_bar, "h2", &[("id", "editor-heading")], "Manifests");
        dom.child_with_text(
            &editor_bar,
            "p",
            &[("class", "pane-hint"), ("id", "editor-hint")],
            "YAML, documents separated by ---. Results update as you type.",
        );
        let frame = dom.child(&editor_pane, "div", &[("class", "editor-frame")]);
        let gutter = dom.child(
            &frame,
            "div",
            &[("class", "gutter"), ("aria-hidden", "true")],
        );
        let editor: HtmlTextAreaElement = dom
            .child(
                &frame,
                "textarea",
                &[
                    ("id", "editor"),
                    ("class", "editor"),
                    ("spellcheck", "false"),
                    ("autocapitalize", "off"),
                    ("autocomplete", "off"),
                    ("autocorrect", "off"),
                    ("wrap", "off"),
                    ("aria-label", "Kubernetes manifests (YAML)"),
                    ("aria-describedby", "editor-hint diagnostics"),
                    ("aria-invalid", "false"),
                ],
            )
            .dyn_into()
            .expect_throw("a textarea element");
        let diagnostics = dom.child(
            &editor_pane,
            "ul",
            &[
                ("id", "diagnostics"),
                ("class", "diagnostics"),
                ("aria-label", "Problems in the manifests"),
                ("hidden", ""),
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
        dom.child_with_text(
            &results_bar,
            "h2",
            &[("id", "results-heading")],
            "Simulated cluster",
        );
        let status = dom.child(
            &results_bar,
            "p",
            &[("id", "status"), ("class", "status"), ("role", "status")],
        );
        let panels = dom.child(&results, "div", &[("class", "panels")]);
        let panel = |spec: &Panel| build_panel(&dom, &panels, spec);

        Ui {
            applied: panel(&APPLIED),
            services: panel(&SERVICES),
            statefulsets: panel(&STATEFULSETS),
            pods: panel(&PODS),
            identities: panel(&IDENTITIES),
            events: panel(&EVENTS),
            lookups: panel(&LOOKUPS),
            dom,
            editor,
            gutter,
            diagnostics,
            status,
            results,
        }
    }

    /// Draws a clean result: every panel, the clock, and the stale mark removed.
    pub(crate) fn render_result(&self, view: &PageView) {
        dom::clear(&self.applied);
        self.render_output(&self.applied, &view.applied, None);
        self.render_table(&self.services, &SERVICES, &view.services);
        self.render_table(&self.statefulsets, &STATEFULSETS, &view.statefulsets);
        self.render_table(&self.pods, &PODS, &view.pods);
        self.render_table(&self.identities, &IDENTITIES, &view.identities);
        self.render_table(&self.events, &EVENTS, &view.events);
        self.render_lookups(&view.lookups);
        dom::set_class(&self.results, "stale", false);
        dom::set_class(&self.status, "is-stale", false);
        let status = if view.clock.is_empty() {
            "Up to date".to_owned()
        } else {
            format!("Simulated clock: {}", view.clock)
        };
        dom::set_text(&self.status, &status);
    }

    /// Marks the result on show as stale: the editor text has problems, so the panels keep
    /// the last good result (or nothing, before the first one).
    pub(crate) fn render_stale(&self, problems: usize, has_result: bool) {
        dom::set_class(&self.results, "stale", true);
        dom::set_class(&self.status, "is-stale", true);
        let noun = if problems == 1 { "problem" } else { "problems" };
        let rest = if has_result {
            STALE_WITH_RESULT
        } else {
            STALE_WITHOUT_RESULT
        };
        dom::set_text(
            &self.status,
            &format!("{problems} {noun} in the manifests \u{2014} {rest}"),
        );
    }

    /// Lists the diagnostics under the editor (hidden when there are none). Each item is a
    /// button carrying its line and column, so a click can put the caret there.
    pub(crate) fn render_diagnostics(&self, diagnostics: &[Diagnostic]) {
        let list = &self.diagnostics;
        dom::clear(list);
        dom::set_flag(list, "hidden", diagnostics.is_empty());
        let invalid = if diagnostics.is_empty() {
            "false"
        } else {
            "true"
        };
        self.editor
            .set_attribute("aria-invalid", invalid)
            .expect_throw("set aria-invalid");
        for diagnostic in diagnostics {
            let item = self.dom.child(list, "li", &[]);
            let line = diagnostic.line.to_string();
            let column = diagnostic.column.to_string();
            let button = self.dom.child(
                &item,
                "button",
                &[
                    ("type", "button"),
                    ("class", "diagnostic"),
                    ("data-line", &line),
                    ("data-column", &column),
                ],
            );
            let place = if diagnostic.document > 0 {
                // `document` is 0-based; people count documents from 1.
                format!(
                    "document {}, line {line}, column {column}",
                    diagnostic.document + 1
                )
            } else {
                format!("line {line}, column {column}")
            };
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

    /// Redraws the line numbers beside the editor, marking the lines with problems.
    pub(crate) fn render_gutter(&self, lines: usize, problem_lines: &[usize]) {
        dom::clear(&self.gutter);
        for number in 1..=lines {
            let class = if problem_lines.contains(&number) {
                "line has-problem"
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

    /// Scrolls the line numbers with the editor.
    pub(crate) fn sync_gutter_scroll(&self) {
        self.gutter.set_scroll_top(self.editor.scroll_top());
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

    /// A table as real rows and cells, or kubectl's own message when it has no rows; the
    /// exact kubectl text stays one click away.
    fn render_table(&self, body: &Element, panel: &Panel, table: &Table) {
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
        for row in &table.rows {
            let tr = dom.child(&tbody, "tr", &[]);
            for cell in row {
                dom.child_with_text(&tr, "td", &[], cell);
            }
        }
        if !table.text.is_empty() {
            let details = dom.child(body, "details", &[("class", "plain")]);
            dom.child_with_text(&details, "summary", &[], "As kubectl prints it");
            dom.child_with_text(&details, "pre", &[("class", "transcript")], &table.text);
        }
    }

    /// The nslookup transcripts, one `<pre>` each, as typed at the busybox prompt.
    fn render_lookups(&self, lookups: &[Output]) {
        dom::clear(&self.lookups);
        if lookups.is_empty() {
            self.dom.child_with_text(
                &self.lookups,
                "p",
                &[("class", "empty")],
                "Nothing to look up yet.",
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

/// A `<section id=…>` with its heading and note; returns the body the renderers fill.
fn build_panel(dom: &Dom, parent: &Element, panel: &Panel) -> Element {
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
        Heading::Title(title) => dom.text(&heading, title),
    }
    dom.child_with_text(&section, "p", &[("class", "note")], panel.note);
    dom.child(&section, "div", &[("class", "panel-body")])
}
