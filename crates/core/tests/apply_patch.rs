//! When several objects of one `kubectl apply` fail as updates, kubectl prints each failure
//! with the patch it sent (apply.go: `AddSourceToErr("applying patch:\n<patch>\nto:\n<info>
//! \nfor:", source, err)` around the patcher's `error when patching`), the object's mapping as
//! cli-runtime's `Info.String()` prints it, and the patch as apimachinery's
//! `CreateThreeWayMergePatch` computes it from the last-applied configuration, the new one
//! and the live object (fidelity spec 6, errata 8 for the create form). Expected texts are
//! written from those sources.

use stsplay_core::Session;

const SERVICE: &str = "apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{port: 80, name: web}]
";

fn set(service_name: &str, image: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: 1
  serviceName: {service_name}
  selector:
    matchLabels: {{app: nginx}}
  template:
    metadata:
      labels: {{app: nginx}}
    spec:
      containers:
      - name: nginx
        image: {image}
"
    )
}

fn applied(service: &str, set: &str) -> String {
    format!("{service}---\n{set}")
}

#[test]
fn two_failing_updates_print_the_patches_kubectl_sent() {
    let mut s = Session::new();
    let (out, _) = s.apply_manifests(&applied(SERVICE, &set("nginx", "nginx:1.9.1")));
    assert_eq!(
        out.stdout,
        "service/nginx created\nstatefulset.apps/web created\n"
    );
    s.run("sleep 10s");
    // clusterIP may not change; serviceName may not change; the image may.
    let service = SERVICE.replace("clusterIP: None", "clusterIP: 10.96.0.77");
    let (out, _) = s.apply_manifests(&applied(&service, &set("other", "nginx:1.25")));
    assert_eq!(out.stdout, "");
    let service_config = r#"{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"annotations\":{},\"name\":\"nginx\",\"namespace\":\"default\"},\"spec\":{\"clusterIP\":\"10.96.0.77\",\"ports\":[{\"name\":\"web\",\"port\":80}],\"selector\":{\"app\":\"nginx\"}}}\n"#;
    let set_config = r#"{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"annotations\":{},\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"nginx\"}},\"serviceName\":\"other\",\"template\":{\"metadata\":{\"labels\":{\"app\":\"nginx\"}},\"spec\":{\"containers\":[{\"image\":\"nginx:1.25\",\"name\":\"nginx\"}]}}}}\n"#;
    let expected = format!(
        "Error from server (Invalid): error when applying patch:
{{\"metadata\":{{\"annotations\":{{\"kubectl.kubernetes.io/last-applied-configuration\":\"{service_config}\"}}}},\"spec\":{{\"clusterIP\":\"10.96.0.77\"}}}}
to:
Resource: \"/v1, Resource=services\", GroupVersionKind: \"/v1, Kind=Service\"
Name: \"nginx\", Namespace: \"default\"
for: \"STDIN\": error when patching \"STDIN\": Service \"nginx\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.96.0.77\"]: may not change once set
Error from server (Invalid): error when applying patch:
{{\"metadata\":{{\"annotations\":{{\"kubectl.kubernetes.io/last-applied-configuration\":\"{set_config}\"}}}},\"spec\":{{\"serviceName\":\"other\",\"template\":{{\"spec\":{{\"$setElementOrder/containers\":[{{\"name\":\"nginx\"}}],\"containers\":[{{\"image\":\"nginx:1.25\",\"name\":\"nginx\"}}]}}}}}}}}
to:
Resource: \"apps/v1, Resource=statefulsets\", GroupVersionKind: \"apps/v1, Kind=StatefulSet\"
Name: \"web\", Namespace: \"default\"
for: \"STDIN\": error when patching \"STDIN\": StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden
"
    );
    assert_eq!(out.stderr, expected);
    assert_eq!(out.exit_code, 1);
}

#[test]
fn one_failing_update_is_printed_as_the_object_that_is_invalid() {
    let mut s = Session::new();
    s.apply_manifests(&applied(SERVICE, &set("nginx", "nginx:1.9.1")));
    let (out, _) = s.apply_manifests(&applied(SERVICE, &set("other", "nginx:1.9.1")));
    assert_eq!(out.stdout, "service/nginx unchanged\n");
    assert!(
        out.stderr
            .starts_with("The StatefulSet \"web\" is invalid: spec: Forbidden: "),
        "{}",
        out.stderr
    );
}

#[test]
fn the_recorded_configuration_escapes_html_as_go_does() {
    // Go's json.Marshal writes <, > and & as \u003c, \u003e and \u0026.
    let mut s = Session::new();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: tools\nspec:\n  containers:\n  - name: tools\n    image: busybox:1.28\n    command: [sh, -c, 'sleep 1 && echo <done>']\n";
    s.apply_manifests(pod);
    let out = s.run("kubectl get pod tools -o yaml").stdout;
    assert!(
        out.contains(r#""command":["sh","-c","sleep 1 \u0026\u0026 echo \u003cdone\u003e"]"#),
        "{out}"
    );
}
