//! The page's one call, `evaluate`, at the core's public boundary: the seed, edits, and bad
//! input of every kind the foundation issue lists.

use stsplay_core::{evaluate, Session, SEED_MANIFESTS};

fn cells(table: &stsplay_core::Table, column: &str) -> Vec<String> {
    let i = table.columns.iter().position(|c| c == column).unwrap();
    table.rows.iter().map(|r| r[i].clone()).collect()
}

#[test]
fn the_seed_shows_the_seeds_results() {
    let v = evaluate(SEED_MANIFESTS);
    assert!(v.diagnostics.is_empty(), "{:?}", v.diagnostics);
    assert_eq!(
        v.applied.stdout,
        "service/nginx created\nstatefulset.apps/web created\n"
    );
    // The Service: headless.
    let svc = v.services.rows.iter().find(|r| r[0] == "nginx").unwrap();
    assert_eq!(svc[..5], ["nginx", "ClusterIP", "None", "<none>", "80/TCP"]);
    // The StatefulSet: READY 2/2.
    assert_eq!(v.statefulsets.rows[0][..2], ["web", "2/2"]);
    // The pods, with IPs on the pod network, hostnames and subdomains.
    assert_eq!(cells(&v.pods, "NAME"), ["web-0", "web-1"]);
    assert_eq!(cells(&v.pods, "STATUS"), ["Running", "Running"]);
    for ip in cells(&v.pods, "IP") {
        assert!(ip.starts_with("10.244."), "{ip}");
    }
    assert_eq!(cells(&v.identities, "HOSTNAME"), ["web-0", "web-1"]);
    assert_eq!(cells(&v.identities, "SUBDOMAIN"), ["nginx", "nginx"]);
    assert_eq!(
        cells(&v.identities, "DNS NAME"),
        [
            "web-0.nginx.default.svc.cluster.local",
            "web-1.nginx.default.svc.cluster.local"
        ]
    );
    // The events, web-0 then web-1.
    assert_eq!(
        cells(&v.events, "MESSAGE"),
        [
            "create Pod web-0 in StatefulSet web successful",
            "create Pod web-1 in StatefulSet web successful"
        ]
    );
    // nslookup web-0.nginx as busybox 1.28 prints it.
    let ip0 = &cells(&v.pods, "IP")[0];
    let l = &v.lookups[0];
    assert_eq!(l.command, "nslookup web-0.nginx");
    assert_eq!(
        l.stdout,
        format!(
            "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      web-0.nginx\nAddress 1: {ip0} web-0.nginx.default.svc.cluster.local\n"
        )
    );
    assert_eq!(l.exit_code, 0);
}

#[test]
fn three_replicas_show_web_2_and_its_lookup() {
    let v = evaluate(&SEED_MANIFESTS.replace("replicas: 2", "replicas: 3"));
    assert_eq!(cells(&v.pods, "NAME"), ["web-0", "web-1", "web-2"]);
    assert_eq!(v.statefulsets.rows[0][1], "3/3");
    assert!(v.lookups[2]
        .stdout
        .contains("web-2.nginx.default.svc.cluster.local"));
}

#[test]
fn the_same_text_gives_byte_identical_results() {
    let a = serde_json::to_string(&evaluate(SEED_MANIFESTS)).unwrap();
    let b = serde_json::to_string(&evaluate(SEED_MANIFESTS)).unwrap();
    assert_eq!(a, b);
}

/// Every kind of bad input gives at least one diagnostic with a real line and column.
fn assert_diagnosed(text: &str, what: &str) -> Vec<stsplay_core::Diagnostic> {
    let v = evaluate(text);
    assert!(!v.diagnostics.is_empty(), "{what}: no diagnostic");
    let lines = text.split('\n').count().max(1);
    for d in &v.diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines,
            "{what}: line {} of {lines}",
            d.line
        );
        assert!(d.column >= 1, "{what}: column {}", d.column);
        assert!(!d.message.is_empty());
    }
    v.diagnostics
}

#[test]
fn empty_text_says_there_is_nothing_to_apply() {
    for text in ["", "   \n\n", "# only a comment\n", "---\n---\n"] {
        let d = assert_diagnosed(text, "empty");
        assert!(d[0].message.contains("no objects"), "{:?}", d);
    }
}

#[test]
fn text_that_is_not_yaml_points_at_the_error() {
    // The flow sequence opened on line 2 is never closed: point at where it opened.
    let d = assert_diagnosed("kind: Service\nmetadata: {name: [unclosed\n", "not YAML");
    assert_eq!(d[0].line, 2, "{d:?}");
    assert!(
        d[0].message.contains("did not find expected ',' or ']'"),
        "{d:?}"
    );
    // The same in a later document keeps whole-text line numbers.
    let d = assert_diagnosed(
        "a: 1\n---\nkind: Service\nmetadata: {name: [unclosed\n",
        "not YAML",
    );
    let broken = d.iter().find(|d| d.document == 1).unwrap();
    assert_eq!((broken.line, broken.column), (4, 18), "{d:?}");
    let d = assert_diagnosed("apiVersion: v1\nkind: Service\n\tbad: tab\n", "tab");
    assert_eq!(d[0].line, 3, "{d:?}");
}

#[test]
fn a_yaml_list_is_not_an_object() {
    let d = assert_diagnosed("- apiVersion: v1\n  kind: Service\n", "list");
    assert_eq!((d[0].line, d[0].column), (1, 1));
    assert!(d[0].message.contains("is a list"));
}

#[test]
fn a_statefulset_without_spec_gets_the_api_servers_errors() {
    let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n";
    let d = assert_diagnosed(text, "no spec");
    let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages.contains(&"spec.selector: Required value"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"spec.template.spec.containers: Required value"),
        "{messages:?}"
    );
    // A missing field points at its nearest parent that exists: here the document's start.
    assert!(d.iter().all(|d| d.line == 1), "{d:?}");
    let v = evaluate(text);
    assert!(v
        .applied
        .stderr
        .starts_with("The StatefulSet \"web\" is invalid: \n* spec.selector: Required value\n"));
}

#[test]
fn an_invalid_field_points_at_its_line_and_the_valid_objects_still_apply() {
    let text = SEED_MANIFESTS.replace("  replicas: 2", "  replicas: -1");
    let v = evaluate(&text);
    assert_eq!(v.applied.stdout, "service/nginx created\n");
    assert_eq!(
        v.applied.stderr,
        "The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"
    );
    let line = text
        .lines()
        .position(|l| l.contains("replicas: -1"))
        .unwrap()
        + 1;
    assert_eq!((v.diagnostics[0].line, v.diagnostics[0].column), (line, 3));
}

#[test]
fn a_megabyte_of_random_bytes_is_refused_quickly_with_a_position() {
    // A deterministic generator: the same "random" megabyte every run.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let bytes: Vec<u8> = (0..1_048_576)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let d = assert_diagnosed(&text, "random megabyte");
    assert!(d[0].message.contains("at most 524288 bytes"), "{d:?}");
    // Under the limit, random text still gets a positioned diagnostic, not a panic.
    let mut cut = 4000;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    assert_diagnosed(&text[..cut], "random 4 KB");
}

#[test]
fn deep_nesting_and_huge_replicas_are_limits_said_to_the_user() {
    let deep = format!("a: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
    assert_diagnosed(&deep, "deep nesting");
    let text = SEED_MANIFESTS.replace("replicas: 2", "replicas: 2147483647");
    let d = assert_diagnosed(&text, "replicas");
    let msg = "error: the playground simulates at most 10000 pods in all; spec.replicas: 2147483647 of StatefulSet \"web\" would make 2147483647";
    assert!(d.iter().any(|d| d.message == msg), "{d:?}");
    // Pinned to the field.
    let line = text
        .lines()
        .position(|l| l.contains("replicas: 2147483647"))
        .unwrap()
        + 1;
    assert!(d.iter().any(|d| d.line == line), "{d:?}");
    // The same limit holds for kubectl scale, across StatefulSets.
    let mut s = stsplay_core::Session::new();
    s.apply_manifests(&SEED_MANIFESTS.replace("replicas: 2", "replicas: 9999"));
    let out = s.run("kubectl scale sts web --replicas=10001");
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr.contains("at most 10000 pods in all"),
        "{}",
        out.stderr
    );
}

#[test]
fn scale_down_by_reapply_removes_the_highest_ordinal_first() {
    let mut s = Session::new();
    s.apply_manifests(&SEED_MANIFESTS.replace("replicas: 2", "replicas: 4"));
    s.advance_seconds(60);
    let (out, diags) = s.apply_manifests(SEED_MANIFESTS);
    assert!(diags.is_empty());
    assert_eq!(
        out.stdout,
        "service/nginx unchanged\nstatefulset.apps/web configured\n"
    );
    s.advance_seconds(60);
    let out = s.run("kubectl describe statefulset web");
    let deletes: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("SuccessfulDelete"))
        .collect();
    assert_eq!(deletes.len(), 2, "{}", out.stdout);
    assert!(deletes[0].ends_with("delete Pod web-3 in StatefulSet web successful"));
    assert!(deletes[1].ends_with("delete Pod web-2 in StatefulSet web successful"));
    let pods = s.run("kubectl get pods -o name");
    assert_eq!(pods.stdout, "pod/web-0\npod/web-1\n");
}

#[test]
fn ordered_ready_creates_one_pod_at_a_time() {
    let mut s = Session::new();
    s.apply_manifests(&SEED_MANIFESTS.replace("replicas: 2", "replicas: 3"));
    // Right after the apply only web-0 exists; web-1 waits until web-0 is Running and Ready.
    assert_eq!(s.run("kubectl get pods -o name").stdout, "pod/web-0\n");
    s.advance_seconds(1);
    assert_eq!(s.run("kubectl get pods -o name").stdout, "pod/web-0\n");
    let pods = s.run("kubectl get pods");
    assert!(
        pods.stdout.contains("web-0   0/1     ContainerCreating"),
        "{}",
        pods.stdout
    );
    s.advance_seconds(1);
    assert_eq!(
        s.run("kubectl get pods -o name").stdout,
        "pod/web-0\npod/web-1\n"
    );
    s.advance_seconds(10);
    assert_eq!(
        s.run("kubectl get pods -o name").stdout,
        "pod/web-0\npod/web-1\npod/web-2\n"
    );
}

#[test]
fn a_pod_that_is_not_ready_is_not_in_dns_yet() {
    let mut s = Session::new();
    s.apply_manifests(SEED_MANIFESTS);
    s.advance_seconds(1);
    let out = s.run("nslookup web-0.nginx");
    assert_eq!(out.exit_code, 1);
    assert_eq!(out.stderr, "nslookup: can't resolve 'web-0.nginx'\n");
    assert!(out.stdout.starts_with("Server:    10.96.0.10\n"));
}

#[test]
fn the_playground_steps_runs_and_goes_back_in_time() {
    use stsplay_core::page::Playground;
    let mut p = Playground::new(SEED_MANIFESTS);
    let v = p.view();
    assert_eq!(v.time_ms, 30_000);
    assert_eq!(v.next_change_ms, None, "the seed has settled");
    // The topology picture: web's pods, ready and published in DNS.
    let set = &v.topology.sets[0];
    assert_eq!(
        (
            set.name.as_str(),
            set.service.as_str(),
            set.service_exists,
            set.ready.as_str()
        ),
        ("web", "nginx", true, "2/2")
    );
    assert_eq!(
        set.pods.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["web-0", "web-1"]
    );
    assert!(set.pods.iter().all(|p| p.ready && p.published));
    // The DNS records of the headless Service (spec 9.5-9.7).
    let rows: Vec<(String, String)> = v
        .dns
        .rows
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert!(
        rows.contains(&("web-0.nginx.default.svc.cluster.local".into(), "A".into())),
        "{rows:?}"
    );
    assert!(
        rows.contains(&(
            "_web._tcp.nginx.default.svc.cluster.local".into(),
            "SRV".into()
        )),
        "{rows:?}"
    );
    // A pod's details come from the console's own commands.
    let web0 = &v.pod_details[0];
    assert_eq!(web0.hostname.stdout, "web-0\n");
    assert!(
        web0.hosts
            .stdout
            .contains("web-0.nginx.default.svc.cluster.local\tweb-0"),
        "{}",
        web0.hosts.stdout
    );
    // Delete web-0, step through what follows.
    let out = p.run("kubectl delete pod web-0");
    assert_eq!(out.stdout, "pod \"web-0\" deleted from default namespace\n");
    assert_eq!(p.view().topology.sets[0].pods[0].status, "Terminating");
    let mut steps = 0;
    while p.step() {
        steps += 1;
    }
    assert!(steps >= 4, "gone, created, scheduled, IP, running: {steps}");
    let v = p.view();
    assert_eq!(v.topology.sets[0].pods[0].status, "Running");
    let after = v.time_ms;
    // Back in time to just after the delete: web-0 is terminating again, and the history
    // replays to the same place.
    p.seek(30_500);
    assert_eq!(p.view().topology.sets[0].pods[0].status, "Terminating");
    p.seek(after);
    assert_eq!(
        serde_json::to_string(&p.view()).unwrap(),
        serde_json::to_string(&v).unwrap()
    );
    // Broken text keeps the cluster.
    assert!(!p.set_manifests("kind: [").is_empty());
    assert_eq!(p.view().time_ms, after);
}
