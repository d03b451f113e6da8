//! A key given twice in one YAML mapping (issue 5, "duplicate fields"). kubectl turns YAML
//! into JSON on the client with go-yaml v2's non-strict decoding, where the second key
//! overwrites the first, and sends the server one copy (kubernetes/kubernetes#125885: the
//! request body of a Pod with two `containers:` keys holds only the second list, sent with
//! `fieldValidation=Strict`; #99286: the first `envFrom` silently ignored). So kubectl prints
//! no error and the last value wins; the playground says so in a note on the editor line
//! whose value is dropped, outside kubectl's transcript.

use stsplay_core::page::Playground;
use stsplay_core::Session;

/// The manifest of kubernetes/kubernetes#125885: two `containers:` keys in one Pod.
const TWO_CONTAINERS_KEYS: &str = "apiVersion: v1
kind: Pod
metadata:
  name: busybox
  labels:
    run: busybox
spec:
  restartPolicy: Never
  containers:
  - name: busybox1
    image: busybox
    args: [/bin/sh, -c, echo Hello World!]
  containers:
  - name: busybox3
    image: busybox
    args: [/bin/sh, -c, echo Hello World!]
";

#[test]
fn kubectl_creates_the_object_with_the_last_value_of_a_repeated_key() {
    let mut s = Session::new();
    let (out, diags) = s.apply_manifests(TWO_CONTAINERS_KEYS);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(out.stdout, "pod/busybox created\n");
    assert_eq!(out.stderr, "");
    assert_eq!(out.exit_code, 0);
    let yaml = s.run("kubectl get pod busybox -o yaml").stdout;
    assert!(yaml.contains("name: busybox3"), "{yaml}");
    assert!(!yaml.contains("busybox1"), "{yaml}");
}

const SERVICE_WITH_TWO_CLUSTER_IPS: &str = "apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: 10.96.0.50
  ports:
  - port: 80
  clusterIP: None
  selector:
    app: nginx
";

#[test]
fn a_repeated_cluster_ip_leaves_the_last_one_the_service_is_headless() {
    let mut s = Session::new();
    let (out, diags) = s.apply_manifests(SERVICE_WITH_TWO_CLUSTER_IPS);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(out.stdout, "service/nginx created\n");
    let table = s.run("kubectl get svc nginx").stdout;
    let row = table.lines().nth(1).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[..3], ["nginx", "ClusterIP", "None"], "{table}");
}

#[test]
fn the_page_notes_the_dropped_value_on_its_line_and_keeps_the_result() {
    let mut p = Playground::new(SERVICE_WITH_TWO_CLUSTER_IPS);
    let view = p.view();
    assert!(view.diagnostics.is_empty(), "{:?}", view.diagnostics);
    assert_eq!(view.notes.len(), 1, "{:?}", view.notes);
    let note = &view.notes[0];
    // The first clusterIP (line 6, column 3) is the one kubectl drops.
    assert_eq!((note.document, note.line, note.column), (0, 6, 3));
    assert!(
        note.message
            .starts_with("\"clusterIP\" is given again at line 9: kubectl keeps the last value"),
        "{}",
        note.message
    );
    assert!(view.services.rows.iter().any(|r| r[0] == "nginx"));
}

#[test]
fn a_repeated_block_is_noted_once_at_its_key_in_its_own_document() {
    let text = "apiVersion: v1
kind: Namespace
metadata:
  name: a
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  ports:
  - port: 80
  selector:
    app: nginx
spec:
  ports:
  - port: 81
  selector:
    app: web
";
    let mut p = Playground::new(text);
    let view = p.view();
    assert!(view.diagnostics.is_empty(), "{:?}", view.diagnostics);
    let places: Vec<(usize, usize, usize)> = view
        .notes
        .iter()
        .map(|n| (n.document, n.line, n.column))
        .collect();
    assert_eq!(places, [(1, 10, 1)], "{:?}", view.notes);
    assert!(view.notes[0]
        .message
        .starts_with("\"spec\" is given again at line 15"));
    let mut s = Session::new();
    s.apply_manifests(text);
    let table = s.run("kubectl get svc nginx").stdout;
    assert!(table.contains("81/TCP"), "{table}");
}

#[test]
fn the_same_key_in_different_mappings_is_no_note() {
    let text = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  labels:
    app: nginx
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: a
        image: nginx
      - name: b
        image: nginx
";
    assert!(Playground::new(text).view().notes.is_empty());
    assert!(Playground::new(stsplay_core::SEED_MANIFESTS)
        .view()
        .notes
        .is_empty());
}

#[test]
fn a_patch_with_a_repeated_key_applies_its_last_value() {
    // kubectl patch reads -p with sigs.k8s.io/yaml's ToJSON: the same non-strict decoding.
    let mut s = Session::new();
    s.apply_manifests(stsplay_core::SEED_MANIFESTS);
    s.run("sleep 60s");
    let out = s.run(
        r#"kubectl patch statefulset web --type=merge -p '{"spec":{"replicas":5,"replicas":1}}'"#,
    );
    assert_eq!(
        out.stdout, "statefulset.apps/web patched\n",
        "{}",
        out.stderr
    );
    let out = s.run("kubectl get statefulset web -o yaml").stdout;
    assert!(out.contains("\n  replicas: 1\n"), "{out}");
}

#[test]
fn a_scenario_file_with_a_repeated_key_is_refused_at_the_second() {
    let text = "title: one\nmanifests: |\n  kind: Namespace\ntitle: two\n";
    let err = stsplay_core::session::Scenario::parse(text).unwrap_err();
    assert_eq!((err.line, err.column), (4, 1), "{err:?}");
    assert_eq!(err.message, "\"title\" is given twice (first at line 1)");
}
