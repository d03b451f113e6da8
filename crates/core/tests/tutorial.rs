//! Commands of the Kubernetes tutorial "StatefulSet Basics" (kubernetes.io/docs/tutorials/
//! stateful-application/basic-stateful-set), the path most learners take: deleting pods by
//! label, the non-cascading delete (`--cascade=orphan`) and the StatefulSet adopting the
//! pods it left behind. Expected behaviour from kubectl's `GetCascadingStrategy` and delete
//! printer, the garbage collector's orphan finalizer (owner references removed, dependents
//! kept) and the StatefulSet controller's adoption (`ClaimPods` with `isMemberOf`).

use serde_json::Value;
use stsplay_core::{Session, SEED_MANIFESTS};

fn seed() -> Session {
    let mut s = Session::new();
    s.apply_manifests(SEED_MANIFESTS);
    s.run("sleep 60s");
    s
}

fn pod(s: &mut Session, name: &str) -> Value {
    serde_json::from_str(&s.run(&format!("kubectl get pod {name} -o json")).stdout).unwrap()
}

fn statuses(s: &mut Session) -> Vec<(String, String)> {
    s.run("kubectl get pods")
        .stdout
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (c[0].to_string(), c[2].to_string())
        })
        .collect()
}

#[test]
fn pods_are_deleted_by_label_and_come_back() {
    let mut s = seed();
    let out = s.run("kubectl delete pod -l app=nginx");
    assert_eq!(
        out.stdout,
        "pod \"web-0\" deleted from default namespace\npod \"web-1\" deleted from default namespace\n"
    );
    s.run("sleep 30s");
    let names: Vec<String> = statuses(&mut s).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["web-0", "web-1"]);
    let out = s.run("kubectl delete pod -l app=none");
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str()),
        ("", "No resources found\n")
    );
}

#[test]
fn a_non_cascading_delete_leaves_the_pods_and_a_new_set_adopts_them() {
    let mut s = seed();
    let old_uid = pod(&mut s, "web-1")["metadata"]["uid"].clone();
    let out = s.run("kubectl delete statefulset web --cascade=orphan");
    assert_eq!(
        out.stdout,
        "statefulset.apps \"web\" deleted from default namespace\n"
    );
    s.run("sleep 10s");
    // The pods run on, with no owner.
    assert_eq!(
        statuses(&mut s),
        [
            ("web-0".to_string(), "Running".to_string()),
            ("web-1".to_string(), "Running".to_string())
        ]
    );
    assert!(pod(&mut s, "web-1")["metadata"]
        .get("ownerReferences")
        .is_none());
    // Nothing re-creates a deleted orphan.
    s.run("kubectl delete pod web-0");
    s.run("sleep 30s");
    assert_eq!(
        statuses(&mut s),
        [("web-1".to_string(), "Running".to_string())]
    );
    // The set again: web-1 is adopted (the same pod), web-0 made anew.
    let (out, _) = s.apply_manifests(SEED_MANIFESTS);
    assert_eq!(
        out.stdout,
        "service/nginx unchanged\nstatefulset.apps/web created\n"
    );
    s.run("sleep 30s");
    let set_uid = serde_json::from_str::<Value>(&s.run("kubectl get sts web -o json").stdout)
        .unwrap()["metadata"]["uid"]
        .clone();
    let web1 = pod(&mut s, "web-1");
    assert_eq!(web1["metadata"]["uid"], old_uid);
    assert_eq!(web1["metadata"]["ownerReferences"][0]["uid"], set_uid);
    assert_eq!(web1["metadata"]["ownerReferences"][0]["controller"], true);
    assert_eq!(
        pod(&mut s, "web-0")["metadata"]["ownerReferences"][0]["uid"],
        set_uid
    );
    assert!(s
        .run("kubectl get statefulset web")
        .stdout
        .contains("web    2/2"));
}

#[test]
fn cascade_takes_kubectls_values_and_warns_on_the_old_booleans() {
    let mut s = seed();
    let out = s.run("kubectl delete statefulset web --cascade=bogus");
    assert_eq!(
        out.stderr,
        "error: invalid cascade value (bogus). Must be \"background\", \"foreground\", or \"orphan\"\n"
    );
    let out = s.run("kubectl delete statefulset web --cascade=false");
    assert_eq!(
        out.stderr,
        "warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n"
    );
    assert_eq!(
        out.stdout,
        "statefulset.apps \"web\" deleted from default namespace\n"
    );
    assert_eq!(out.exit_code, 0);
    s.run("sleep 10s");
    assert_eq!(statuses(&mut s).len(), 2);
}

#[test]
fn a_json_patch_updates_the_image_as_the_tutorial_does() {
    // "Updating StatefulSets": kubectl patch --type='json' with a replace of the image.
    let mut s = seed();
    let out = s.run(r#"kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.24"}]'"#);
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str()),
        ("statefulset.apps/web patched\n", "")
    );
    s.run("kubectl rollout status sts/web");
    let images = s.run("kubectl get pods -o wide").stdout;
    let set: Value = serde_json::from_str(&s.run("kubectl get sts web -o json").stdout).unwrap();
    assert_eq!(
        set["spec"]["template"]["spec"]["containers"][0]["image"],
        "registry.k8s.io/nginx-slim:0.24"
    );
    assert_eq!(set["status"]["updatedReplicas"], 2, "{images}");
    let out = s.run(r#"kubectl patch statefulset web --type=json -p '[{"op": "replace", "path": "/spec/nothing/here", "value": 1}]'"#);
    assert_eq!(
        out.stderr,
        "Error from server: jsonpatch replace operation does not apply: doc is missing path: /spec/nothing/here\n"
    );
    assert_eq!(out.exit_code, 1);
}

#[test]
fn sh_c_runs_one_simple_command_in_the_pod() {
    // "Using Stable Network Identities": kubectl exec "web-$i" -- sh -c 'hostname'.
    let mut s = seed();
    let out = s.run("kubectl exec web-1 -- sh -c 'hostname'");
    assert_eq!(
        (out.stdout.as_str(), out.exit_code),
        ("web-1\n", 0),
        "{}",
        out.stderr
    );
    // More than one simple command is more than the playground's shell does; it says so.
    let out = s.run(
        r#"kubectl exec web-0 -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'"#,
    );
    assert_eq!(out.exit_code, 2);
    assert!(
        out.stderr
            .starts_with("sh: the playground's shell runs one simple command"),
        "{}",
        out.stderr
    );
}
