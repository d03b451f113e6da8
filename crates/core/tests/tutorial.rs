//! Commands of the Kubernetes tutorial "StatefulSet Basics" (kubernetes.io/docs/tutorials/
//! stateful-application/basic-stateful-set), the path most learners take: deleting pods by
//! label, the non-cascading delete (`--cascade=orphan`) and the StatefulSet adopting the
//! pods it left behind, the loops of `kubectl exec` and "Writing to Stable Storage" (each
//! pod's index.html on its own claim, served by its nginx before and after the pods are
//! deleted: `web-0`, `web-1`, as the tutorial prints). Expected behaviour from kubectl's `GetCascadingStrategy` and delete
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
fn sh_c_runs_the_tutorials_commands_in_the_pod() {
    // "Using Stable Network Identities": kubectl exec "web-$i" -- sh -c 'hostname', in the
    // tutorial's loop, which prints each pod's hostname in turn.
    let mut s = seed();
    let out = s.run(r#"for i in 0 1; do kubectl exec "web-$i" -- sh -c 'hostname'; done"#);
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str(), out.exit_code),
        ("web-0\nweb-1\n", "", 0)
    );
    // A pipe is more than the playground's shell runs; it says so and runs nothing.
    // kubectl exec exits with the command's code.
    let out = s.run("kubectl exec web-0 -- sh -c 'hostname | cat'");
    assert_eq!(out.exit_code, 2);
    assert!(out.stderr.contains("not '|'"), "{}", out.stderr);
    assert!(out
        .stderr
        .ends_with("command terminated with exit code 2\n"));
}

/// The tutorial's manifest (web.yaml): each pod's /usr/share/nginx/html on its own claim.
const WEB: &str = r#"apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
"#;

#[test]
fn what_a_pod_writes_to_its_claim_outlives_the_pod() {
    // "Writing to Stable Storage": the hostnames go into each pod's index.html, on the
    // claim www-web-N; nginx serves them; the pods are deleted and come back with the
    // same names, bound to the same claims, and serve the same files.
    let mut s = Session::new();
    s.apply_manifests(WEB);
    s.run("sleep 60s");
    // The claims are new and empty: nginx has no index to serve (the tutorial's note
    // about 403 Forbidden), in its own error page.
    let out = s.run("kubectl exec web-0 -- curl -s http://localhost/");
    assert_eq!(
        out.stdout,
        "<html>\n<head><title>403 Forbidden</title></head>\n<body>\n<center><h1>403 Forbidden</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n"
    );
    let write = r#"for i in 0 1; do kubectl exec "web-$i" -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'; done"#;
    let out = s.run(write);
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str(), out.exit_code),
        ("", "", 0)
    );
    let curl = r#"for i in 0 1; do kubectl exec -i -t "web-$i" -- curl http://localhost/; done"#;
    assert_eq!(s.run(curl).stdout, "web-0\nweb-1\n");
    s.run("kubectl delete pod -l app=nginx");
    s.run("sleep 60s");
    assert_eq!(
        statuses(&mut s),
        [
            ("web-0".to_string(), "Running".to_string()),
            ("web-1".to_string(), "Running".to_string())
        ]
    );
    assert_eq!(s.run(curl).stdout, "web-0\nweb-1\n");
    // The headless Service's names reach each pod's own nginx and its own files.
    let out = s.run("kubectl exec web-0 -- curl -s http://web-1.nginx/");
    assert_eq!((out.stdout.as_str(), out.exit_code), ("web-1\n", 0));
    // A file outside the claim lives in the container and goes with the pod.
    s.run("kubectl exec web-0 -- sh -c 'echo scratch > /tmp/note'");
    assert_eq!(
        s.run("kubectl exec web-0 -- cat /tmp/note").stdout,
        "scratch\n"
    );
    s.run("kubectl delete pod web-0");
    s.run("sleep 60s");
    let out = s.run("kubectl exec web-0 -- cat /tmp/note");
    assert_eq!(
        out.stderr,
        "cat: /tmp/note: No such file or directory\ncommand terminated with exit code 1\n"
    );
    assert_eq!(
        s.run("kubectl exec web-0 -- cat /usr/share/nginx/html/index.html")
            .stdout,
        "web-0\n"
    );
    // Scaled down and up again, web-1 comes back to its claim, which the StatefulSet
    // kept: the same file.
    s.run("kubectl scale statefulset web --replicas=1");
    s.run("sleep 60s");
    s.run("kubectl scale statefulset web --replicas=2");
    s.run("sleep 60s");
    assert_eq!(
        s.run("kubectl exec web-1 -- curl -s localhost").stdout,
        "web-1\n"
    );
}

#[test]
fn the_pods_shells_say_what_they_cannot_do() {
    let mut s = Session::new();
    s.apply_manifests(WEB);
    s.run("sleep 60s");
    // dash, Debian's sh: a directory that is not there, a command that is not there.
    let out = s.run("kubectl exec web-0 -- sh -c 'echo x > /data/f'");
    assert_eq!(
        out.stderr,
        "sh: 1: cannot create /data/f: Directory nonexistent\ncommand terminated with exit code 2\n"
    );
    let out = s.run("kubectl exec web-0 -- sh -c 'nope'");
    assert_eq!(
        out.stderr,
        "sh: 1: nope: not found\ncommand terminated with exit code 127\n"
    );
    // curl: a name nobody serves, a pod that serves nothing on the port.
    let out = s.run("kubectl exec web-0 -- curl http://web-9.nginx/");
    assert_eq!(
        (out.stderr.as_str(), out.exit_code),
        (
            "curl: (6) Could not resolve host: web-9.nginx\ncommand terminated with exit code 6\n",
            6
        )
    );
    let out = s.run("kubectl exec web-0 -- curl http://web-1.nginx:8080/");
    assert!(
        out.stderr.starts_with(
            "curl: (7) Failed to connect to web-1.nginx port 8080 after 0 ms: Couldn't connect to server\n"
        ),
        "{}",
        out.stderr
    );
    // busybox's ash at the `/ # ` prompt of a client pod: its own words.
    s.run("kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm /bin/sh");
    let out = s.run("echo hi > /tmp/x; cat /tmp/x /tmp/y");
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str()),
        (
            "hi\n",
            "cat: can't open '/tmp/y': No such file or directory\n"
        )
    );
    let out = s.run("echo x > /nope/f");
    assert_eq!(
        out.stderr,
        "/bin/sh: can't create /nope/f: nonexistent directory\n"
    );
    s.run("exit");
}

#[test]
fn the_console_echoes_as_the_tutorials_loops_do() {
    // "Updating StatefulSets": `...; echo; done` puts a newline after each image.
    let mut s = seed();
    let out = s.run("echo web; for p in 0 1; do echo \"web-$p\"; echo; done");
    assert_eq!(out.stdout, "web\nweb-0\n\nweb-1\n\n");
    assert_eq!(s.run("echo").stdout, "\n");
    // `&&` runs the next command only after a success.
    let out = s.run("kubectl get pod web-9 && echo found");
    assert_eq!((out.stdout.as_str(), out.exit_code), ("", 1));
}
