//! The web shell in a real browser (headless Chromium through wasm-bindgen-test; see
//! shared/toolchain.md §5a). Each test mounts its own playground into a fresh element of the
//! test page and queries inside it, so the tests do not see each other's DOM.
//!
//! Two kinds of tests: through the engine (`App::mount`, `set_text_and_update`), and of the
//! rendering alone, fed hand-made view models through `Msg::Show`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use stsplay_core::{Diagnostic, Output, PageView, Table, SEED_MANIFESTS};
use stsplay_web::{App, Msg, DEBOUNCE_MS};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, Event, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const PAYLOAD: &str = "<img src=x onerror=alert(1)>";

/// A headless Service whose label and selector are markup.
const MARKUP_MANIFEST: &str = r#"apiVersion: v1
kind: Service
metadata:
  name: xss
  labels:
    app: "<img src=x onerror=alert(1)>"
spec:
  clusterIP: None
  selector:
    app: "<img src=x onerror=alert(1)>"
  ports:
  - port: 80
    name: web
"#;

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A new, empty element at the end of the test page's body to mount into.
fn fresh_root() -> Element {
    let document = document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// The text of every element matching `selector` inside `root`.
fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

/// The text of the one element matching `selector` inside `root`.
fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn has_class(root: &Element, selector: &str, class: &str) -> bool {
    root.query_selector(selector)
        .unwrap()
        .unwrap()
        .class_list()
        .contains(class)
}

fn editor(root: &Element) -> HtmlTextAreaElement {
    root.query_selector("#editor")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap()
}

fn assert_no_img() {
    assert!(
        document().query_selector("img").unwrap().is_none(),
        "an <img> element was created from text"
    );
}

/// Resolves after `ms` milliseconds of the page's own timers (no extra crate needed).
struct Sleep {
    state: Rc<RefCell<(bool, Option<Waker>)>>,
    _on_timeout: Closure<dyn FnMut()>,
}

fn sleep(ms: i32) -> Sleep {
    let state = Rc::new(RefCell::new((false, None::<Waker>)));
    let on_timeout = Closure::new({
        let state = state.clone();
        move || {
            let mut state = state.borrow_mut();
            state.0 = true;
            if let Some(waker) = state.1.take() {
                waker.wake();
            }
        }
    });
    web_sys::window()
        .unwrap()
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            ms,
        )
        .unwrap();
    Sleep {
        state,
        _on_timeout: on_timeout,
    }
}

impl Future for Sleep {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.state.borrow_mut();
        if state.0 {
            Poll::Ready(())
        } else {
            state.1 = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

fn table(columns: &[&str], rows: &[&[&str]], text: &str) -> Table {
    Table {
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows: rows
            .iter()
            .map(|row| row.iter().map(|c| c.to_string()).collect())
            .collect(),
        text: text.to_owned(),
    }
}

fn output(command: &str, stdout: &str, stderr: &str) -> Output {
    Output {
        command: command.to_owned(),
        stdout: stdout.to_owned(),
        stderr: stderr.to_owned(),
        exit_code: if stderr.is_empty() { 0 } else { 1 },
        time: 30,
        ..Default::default()
    }
}

/// A hand-made view model with `pod` as the only pod.
fn view_with_pod(pod: &str) -> PageView {
    let empty = "No resources found in default namespace.";
    PageView {
        diagnostics: Vec::new(),
        applied: output("kubectl apply -f -", "service/nginx created\n", ""),
        clock: "2026-01-01T00:00:30Z (+30s)".to_owned(),
        services: table(&[], &[], empty),
        statefulsets: table(
            &["NAME", "READY", "AGE"],
            &[&["web", "1/1", "30s"]],
            "NAME   READY   AGE\nweb    1/1     30s\n",
        ),
        pods: table(
            &["NAME", "READY", "STATUS"],
            &[&[pod, "1/1", "Running"]],
            "NAME ...",
        ),
        identities: table(&[], &[], empty),
        events: table(&[], &[], empty),
        lookups: vec![output(
            &format!("nslookup {pod}.nginx"),
            "Server:    10.96.0.10\n",
            "",
        )],
        ..Default::default()
    }
}

fn diagnostic(document: usize, line: usize, column: usize, message: &str) -> Diagnostic {
    Diagnostic {
        document,
        line,
        column,
        message: message.to_owned(),
    }
}

// Through the engine.

#[wasm_bindgen_test]
fn mounts_and_shows_the_seed_pods() {
    let root = fresh_root();
    let _app = App::mount(&root);

    let body = document().body().unwrap();
    assert_eq!(body.get_attribute("data-ready").as_deref(), Some("true"));
    assert_eq!(editor(&root).value(), SEED_MANIFESTS);
    assert!(!editor(&root).spellcheck());
    assert!(!text(&root, "#status").contains("stale"));
    assert!(root
        .query_selector("#diagnostics[hidden]")
        .unwrap()
        .is_some());

    assert!(!texts(&root, "#pods thead th[scope=col]").is_empty());
    let cells = texts(&root, "#pods tbody td");
    assert!(cells.iter().any(|c| c == "web-0"), "pods cells: {cells:?}");
    assert!(cells.iter().any(|c| c == "web-1"), "pods cells: {cells:?}");
    root.remove();
}

#[wasm_bindgen_test]
fn evaluate_export_returns_the_page_view() {
    let value = js_sys::JSON::parse(&stsplay_web::evaluate(SEED_MANIFESTS)).unwrap();
    assert!(value.is_object());
    for key in [
        "diagnostics",
        "applied",
        "clock",
        "services",
        "statefulsets",
        "pods",
        "identities",
        "events",
        "lookups",
    ] {
        let field = js_sys::Reflect::get(&value, &key.into()).unwrap();
        assert!(!field.is_undefined(), "no {key}");
    }
}

#[wasm_bindgen_test]
fn markup_in_the_manifests_stays_text_through_the_engine() {
    let json = stsplay_web::evaluate(MARKUP_MANIFEST);
    // A faithful core rejects the label value (`metadata.labels: Invalid value: "<img …>":
    // a valid label must be …`), so the text comes back at least in a diagnostic.
    assert!(
        json.contains(PAYLOAD),
        "the text is nowhere in the view model: {json}"
    );

    let root = fresh_root();
    let app = App::mount(&root);
    app.set_text_and_update(MARKUP_MANIFEST);
    assert_no_img();
    let shown = root.text_content().unwrap();
    assert!(shown.contains(PAYLOAD), "not shown as text: {shown}");
    root.remove();
}

#[wasm_bindgen_test]
fn bad_input_keeps_the_last_good_result() {
    let root = fresh_root();
    let app = App::mount(&root);
    app.set_text_and_update("not: [valid");

    let problems = texts(&root, "#diagnostics li");
    assert!(!problems.is_empty(), "no diagnostics");
    assert!(problems[0].starts_with("line "), "{problems:?}");
    assert!(root
        .query_selector("#diagnostics[hidden]")
        .unwrap()
        .is_none());
    assert!(text(&root, "#status").contains("stale"));
    assert!(has_class(&root, "#results", "stale"));
    assert_eq!(
        editor(&root).get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let cells = texts(&root, "#pods tbody td");
    assert!(cells.iter().any(|c| c == "web-0"), "pods cells: {cells:?}");
    assert!(cells.iter().any(|c| c == "web-1"), "pods cells: {cells:?}");

    app.set_text_and_update(SEED_MANIFESTS);
    assert!(!text(&root, "#status").contains("stale"));
    assert!(!has_class(&root, "#results", "stale"));
    assert!(texts(&root, "#diagnostics li").is_empty());
    root.remove();
}

#[wasm_bindgen_test]
async fn typing_evaluates_once_the_editor_is_quiet() {
    let root = fresh_root();
    let app = App::mount(&root);
    // A hand-made result the engine would never give, to see when it is replaced.
    app.update(Msg::Show(Box::new(view_with_pod("typed-0"))));
    let editor = editor(&root);
    for _ in 0..3 {
        editor
            .dispatch_event(&Event::new("input").unwrap())
            .unwrap();
        sleep(DEBOUNCE_MS / 3).await;
    }
    let cells = texts(&root, "#pods tbody td");
    assert!(cells.iter().any(|c| c == "typed-0"), "evaluated too early");
    sleep(DEBOUNCE_MS + 200).await;
    let cells = texts(&root, "#pods tbody td");
    assert!(!cells.iter().any(|c| c == "typed-0"), "not evaluated");
    root.remove();
}

// The rendering alone, from hand-made view models.

#[wasm_bindgen_test]
fn renders_tables_transcripts_and_the_clock() {
    let root = fresh_root();
    let app = App::mount(&root);
    app.update(Msg::Show(Box::new(view_with_pod("web-0"))));

    assert_eq!(
        texts(&root, "#pods thead th[scope=col]"),
        ["NAME", "READY", "STATUS"]
    );
    assert_eq!(texts(&root, "#pods tbody td"), ["web-0", "1/1", "Running"]);
    assert_eq!(texts(&root, "#pods h3"), ["kubectl get pods -o wide"]);
    // An empty table shows kubectl's own message instead.
    assert!(root.query_selector("#services table").unwrap().is_none());
    assert_eq!(
        text(&root, "#services .panel-body"),
        "No resources found in default namespace."
    );
    assert_eq!(
        texts(&root, "#lookups pre"),
        ["/ # nslookup web-0.nginx\nServer:    10.96.0.10\n"]
    );
    assert_eq!(texts(&root, "#applied pre"), ["service/nginx created\n"]);
    assert!(text(&root, "#status").contains("2026-01-01T00:00:30Z (+30s)"));
    root.remove();
}

#[wasm_bindgen_test]
fn diagnostics_mark_the_result_stale_and_keep_it() {
    let root = fresh_root();
    let app = App::mount(&root);
    app.update(Msg::Show(Box::new(view_with_pod("web-0"))));

    let mut broken = view_with_pod("other-0");
    broken.diagnostics = vec![
        diagnostic(0, 3, 5, "did not find expected key"),
        diagnostic(1, 9, 1, "spec.replicas: Invalid value: -1"),
    ];
    app.update(Msg::Show(Box::new(broken)));
    assert_eq!(
        texts(&root, "#diagnostics li"),
        [
            "line 3, column 5: did not find expected key",
            "document 2, line 9, column 1: spec.replicas: Invalid value: -1",
        ]
    );
    assert!(text(&root, "#status").contains("stale"));
    assert!(has_class(&root, "#results", "stale"));
    assert_eq!(texts(&root, "#pods tbody td"), ["web-0", "1/1", "Running"]);

    app.update(Msg::Show(Box::new(view_with_pod("web-9"))));
    assert!(texts(&root, "#diagnostics li").is_empty());
    assert!(!text(&root, "#status").contains("stale"));
    assert!(!has_class(&root, "#results", "stale"));
    assert_eq!(texts(&root, "#pods tbody td"), ["web-9", "1/1", "Running"]);
    root.remove();
}

#[wasm_bindgen_test]
fn markup_in_a_view_model_stays_text() {
    let root = fresh_root();
    let app = App::mount(&root);
    let mut view = view_with_pod(PAYLOAD);
    view.clock = PAYLOAD.to_owned();
    view.pods.columns[0] = PAYLOAD.to_owned();
    view.services.text = PAYLOAD.to_owned();
    view.applied = output(PAYLOAD, PAYLOAD, PAYLOAD);
    app.update(Msg::Show(Box::new(view)));
    let mut broken = view_with_pod("web-0");
    broken.diagnostics = vec![diagnostic(0, 1, 1, PAYLOAD)];
    app.update(Msg::Show(Box::new(broken)));

    assert_no_img();
    assert_eq!(texts(&root, "#pods tbody td")[0], PAYLOAD);
    assert_eq!(texts(&root, "#pods thead th")[0], PAYLOAD);
    assert_eq!(text(&root, "#services .panel-body"), PAYLOAD);
    assert_eq!(
        texts(&root, "#diagnostics li"),
        [format!("line 1, column 1: {PAYLOAD}")]
    );
    let shown = root.text_content().unwrap();
    assert!(shown.matches(PAYLOAD).count() >= 7, "{shown}");
    root.remove();
}

#[wasm_bindgen_test]
fn clicking_a_diagnostic_puts_the_caret_there() {
    let root = fresh_root();
    let app = App::mount(&root);
    let editor = editor(&root);
    editor.set_value("a: 1\nbé: [x\n");
    let mut broken = view_with_pod("web-0");
    broken.diagnostics = vec![diagnostic(0, 2, 6, "did not find expected ',' or ']'")];
    app.update(Msg::Show(Box::new(broken)));
    assert_eq!(
        texts(&root, ".gutter .has-problem"),
        ["2"],
        "problem line in the gutter"
    );

    let button: HtmlElement = root
        .query_selector("#diagnostics button")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    button.click();
    assert_eq!(editor.selection_start().unwrap(), Some(10));
    assert_eq!(editor.selection_end().unwrap(), Some(10));
    root.remove();
}

// The console, time, selection and the picture.

/// The seed's client pod, as the notes type it.
const SEED_RUN: &str =
    "kubectl run -i --tty --image busybox:1.28.0 dns-test --restart=Never --rm /bin/sh";

#[wasm_bindgen_test]
fn the_console_runs_the_seeds_shell() {
    let root = fresh_root();
    let app = App::mount(&root);
    assert_eq!(text(&root, "#console-prompt"), "$ ");
    app.update(Msg::Run(SEED_RUN.to_owned()));
    assert_eq!(text(&root, "#console-prompt"), "/ # ");
    app.update(Msg::Run("nslookup web-0.nginx".to_owned()));
    let entries = texts(&root, "#console-log .entry pre");
    let last = entries.last().unwrap();
    assert!(last.starts_with("/ # nslookup web-0.nginx\n"), "{last}");
    // busybox 1.28 prints the name as typed, then the pod's address and FQDN.
    assert!(last.contains("Name:      web-0.nginx\n"), "{last}");
    assert!(
        last.contains(" web-0.nginx.default.svc.cluster.local"),
        "{last}"
    );
    app.update(Msg::Run("exit".to_owned()));
    assert_eq!(text(&root, "#console-prompt"), "$ ");
    assert_eq!(texts(&root, "#console-log .entry .copy").len(), 3);
    root.remove();
}

#[wasm_bindgen_test]
fn time_steps_forward_and_seeks_back() {
    let root = fresh_root();
    let app = App::mount(&root);
    app.update(Msg::Run("kubectl delete pod web-0".to_owned()));
    assert!(has_row_with(&root, "web-0", "Terminating"));
    for _ in 0..20 {
        if has_row_with(&root, "web-0", "Running") {
            break;
        }
        app.update(Msg::Step);
    }
    assert!(has_row_with(&root, "web-0", "Running"), "web-0 not back");
    app.update(Msg::Seek(0));
    assert!(text(&root, "#clock").contains("2026-01-01T00:00:00Z"));
    // OrderedReady: web-1 is created only once web-0 is Running and Ready.
    assert!(!has_row_with(&root, "web-1", "web-1"));
    root.remove();
}

fn has_row_with(root: &Element, pod: &str, cell: &str) -> bool {
    texts(root, &format!("#pods tr[data-pod='{pod}'] td"))
        .iter()
        .any(|c| c == cell)
}

#[wasm_bindgen_test]
fn selecting_a_pod_shows_its_files() {
    let root = fresh_root();
    let app = App::mount(&root);
    app.update(Msg::SelectPod("web-1".to_owned()));
    let detail = text(&root, "#pod-detail");
    assert!(detail.contains("hostname\nweb-1\n"), "{detail}");
    assert!(
        detail.contains("web-1.nginx.default.svc.cluster.local\tweb-1"),
        "{detail}"
    );
    assert!(detail.contains("nameserver 10.96.0.10"), "{detail}");
    assert_eq!(
        root.query_selector("#pods tr[data-pod='web-1']")
            .unwrap()
            .unwrap()
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
    root.remove();
}

#[wasm_bindgen_test]
fn the_picture_shows_a_missing_service_and_unpublished_names_as_text() {
    use stsplay_core::page::{Topology, TopologyPod, TopologySet};
    let root = fresh_root();
    let app = App::mount(&root);
    let mut view = view_with_pod(PAYLOAD);
    view.topology = Topology {
        services: Vec::new(),
        sets: vec![TopologySet {
            name: PAYLOAD.to_owned(),
            service: PAYLOAD.to_owned(),
            service_exists: false,
            ready: "0/1".to_owned(),
            pods: vec![TopologyPod {
                name: PAYLOAD.to_owned(),
                ordinal: 0,
                status: "Running".to_owned(),
                ready: false,
                ip: "10.244.1.2".to_owned(),
                node: "kind-worker".to_owned(),
                dns_name: format!("{PAYLOAD}.svc"),
                published: false,
                claims: vec![PAYLOAD.to_owned()],
            }],
        }],
    };
    app.update(Msg::Show(Box::new(view)));
    let svg = root.query_selector("#topology svg").unwrap().unwrap();
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert!(svg.get_attribute("aria-label").unwrap().contains(PAYLOAD));
    assert!(root
        .query_selector("#topology .service.missing")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("#topology .pod.not-ready")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("#topology .unpublished")
        .unwrap()
        .is_some());
    let shown = svg.text_content().unwrap();
    assert!(shown.contains("Not ready"), "{shown}");
    assert!(shown.contains(PAYLOAD), "{shown}");
    assert_no_img();
    root.remove();
}
