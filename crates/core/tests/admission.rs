//! What the API server adds to every new Pod (Kubernetes 1.35's default admission plugins
//! and `SetDefaults_Pod`), as `kubectl get pod -o yaml` and `kubectl describe pod` show it on
//! a real cluster. Expected values come from the plugins' sources: ServiceAccount
//! (`mountServiceAccountToken`, `TokenVolumeSource`: token for 3607 s, `kube-root-ca.crt`,
//! the namespace, mode 0644, mounted read-only at /var/run/secrets/kubernetes.io/
//! serviceaccount), DefaultTolerationSeconds (not-ready and unreachable, NoExecute, 300 s),
//! Priority (0, PreemptLowerPriority); and kubectl's describe printers
//! (`printProjectedVolumeSource`, `printTolerationsMultilineWithIndent`).

use serde_json::{json, Value};
use stsplay_core::{Session, SEED_MANIFESTS};

fn json_of(s: &mut Session, line: &str) -> Value {
    let out = s.run(line);
    assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

fn seed() -> Session {
    let mut s = Session::new();
    s.apply_manifests(SEED_MANIFESTS);
    s.run("sleep 60s");
    s
}

const TOKEN_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

fn token_volume_name(spec: &Value) -> String {
    let volumes = spec["volumes"].as_array().expect("volumes");
    let name = volumes.last().unwrap()["name"]
        .as_str()
        .unwrap()
        .to_string();
    let suffix = name
        .strip_prefix("kube-api-access-")
        .expect("the token volume's name");
    // utilrand.String's alphabet, five characters.
    assert_eq!(suffix.len(), 5, "{name}");
    assert!(
        suffix
            .chars()
            .all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c)),
        "{name}"
    );
    name
}

#[test]
fn a_statefulset_pod_gets_what_admission_adds() {
    let mut s = seed();
    let pod = json_of(&mut s, "kubectl get pod web-0 -o json");
    let spec = &pod["spec"];
    assert_eq!(spec["enableServiceLinks"], true);
    assert_eq!(spec["serviceAccount"], "default");
    assert_eq!(spec["serviceAccountName"], "default");
    assert_eq!(spec["priority"], 0);
    assert_eq!(spec["preemptionPolicy"], "PreemptLowerPriority");
    assert_eq!(
        spec["tolerations"],
        json!([
            {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
            {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300},
        ])
    );
    let name = token_volume_name(spec);
    assert_eq!(
        spec["volumes"].as_array().unwrap().last().unwrap(),
        &json!({
            "name": name,
            "projected": {
                "defaultMode": 420,
                "sources": [
                    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                    {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                    {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}},
                ],
            },
        })
    );
    assert_eq!(
        spec["containers"][0]["volumeMounts"],
        json!([{"mountPath": TOKEN_PATH, "name": name, "readOnly": true}])
    );
    // The template is not a pod: admission leaves it as written (and defaulted).
    let set = json_of(&mut s, "kubectl get statefulset web -o json");
    let template = &set["spec"]["template"]["spec"];
    for field in [
        "enableServiceLinks",
        "tolerations",
        "volumes",
        "priority",
        "serviceAccountName",
    ] {
        assert!(template.get(field).is_none(), "template has {field}");
    }
    // Another pod has its own suffix.
    let other = json_of(&mut s, "kubectl get pod web-1 -o json");
    assert_ne!(token_volume_name(&other["spec"]), name);
}

#[test]
fn describe_pod_shows_the_token_volume_and_the_tolerations() {
    let mut s = seed();
    let out = s.run("kubectl describe pod web-0").stdout;
    let name = {
        let pod = json_of(&mut s, "kubectl get pod web-0 -o json");
        token_volume_name(&pod["spec"])
    };
    assert!(
        out.contains(&format!(
            "    Mounts:\n      {TOKEN_PATH} from {name} (ro)\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "Volumes:\n  {name}:\n    Type:                    Projected (a volume that contains injected data from multiple sources)\n    TokenExpirationSeconds:  3607\n    ConfigMapName:           kube-root-ca.crt\n    Optional:                false\n    DownwardAPI:             true\nQoS Class:                   BestEffort\nNode-Selectors:              <none>\nTolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
        )),
        "{out}"
    );
}

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: tools
spec:
  containers:
  - name: tools
    image: busybox:1.28
    command: [sleep, '3600']
";

#[test]
fn a_pod_of_your_own_is_admitted_and_an_apply_keeps_what_admission_added() {
    let mut s = Session::new();
    let (out, _) = s.apply_manifests(POD);
    assert_eq!(out.stdout, "pod/tools created\n");
    let before = json_of(&mut s, "kubectl get pod tools -o json");
    let name = token_volume_name(&before["spec"]);
    let (out, _) = s.apply_manifests(POD);
    assert_eq!(out.stdout, "pod/tools unchanged\n", "{}", out.stderr);
    let (out, _) = s.apply_manifests(&POD.replace("busybox:1.28", "busybox:1.36"));
    assert_eq!(out.stdout, "pod/tools configured\n", "{}", out.stderr);
    let after = json_of(&mut s, "kubectl get pod tools -o json");
    assert_eq!(after["spec"]["containers"][0]["image"], "busybox:1.36");
    assert_eq!(token_volume_name(&after["spec"]), name);
    assert_eq!(after["spec"]["tolerations"], before["spec"]["tolerations"]);
    assert_eq!(
        after["spec"]["containers"][0]["volumeMounts"],
        before["spec"]["containers"][0]["volumeMounts"]
    );
}

#[test]
fn no_token_without_automount_and_no_default_toleration_over_a_wildcard() {
    let text = POD.replace(
        "spec:\n",
        "spec:\n  automountServiceAccountToken: false\n  tolerations:\n  - operator: Exists\n",
    );
    let mut s = Session::new();
    let (out, _) = s.apply_manifests(&text);
    assert_eq!(out.stdout, "pod/tools created\n", "{}", out.stderr);
    let pod = json_of(&mut s, "kubectl get pod tools -o json");
    assert!(pod["spec"].get("volumes").is_none(), "{}", pod["spec"]);
    assert!(pod["spec"]["containers"][0].get("volumeMounts").is_none());
    // An empty key with no effect tolerates both taints already.
    assert_eq!(pod["spec"]["tolerations"], json!([{"operator": "Exists"}]));
    let out = s.run("kubectl describe pod tools").stdout;
    // The key and the effect empty: `op=Exists` alone, aligned with the block's values.
    let line = out.lines().find(|l| l.starts_with("Tolerations:")).unwrap();
    assert_eq!(
        line.split_whitespace().collect::<Vec<_>>(),
        ["Tolerations:", "op=Exists"]
    );
}
