//! Kinds beyond Namespace, Service and StatefulSet (issue 5): standalone
//! PersistentVolumeClaims, as the API server defaults, validates and updates them and as
//! kind's `standard` class (local-path, WaitForFirstConsumer) binds them. Expected texts are
//! written from the API server's messages (core `ValidatePersistentVolumeClaim`,
//! `ValidatePersistentVolumeClaimUpdate`, the PersistentVolumeClaimResize admission plugin)
//! and kubectl's printers, never pasted from the program's output.

use stsplay_core::Session;

fn claim(name: &str, extra: &str, storage: &str) -> String {
    format!(
        "apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {name}
spec:
  accessModes: [ReadWriteOnce]
{extra}  resources:
    requests:
      storage: {storage}
"
    )
}

/// A StatefulSet (no claim templates) whose pod mounts the claim `data`.
const MOUNTS_DATA: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  selector:
    matchLabels:
      app: db
  serviceName: db
  replicas: 1
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: nginx:1.9.1
        volumeMounts:
        - name: data
          mountPath: /data
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: data
";

fn applied(text: &str) -> Session {
    let mut s = Session::new();
    let (out, diags) = s.apply_manifests(text);
    assert!(diags.is_empty(), "{diags:?}\n{}", out.stderr);
    s
}

#[test]
fn a_standalone_claim_is_defaulted_stored_and_waits_for_its_first_consumer() {
    let mut s = Session::new();
    let (out, diags) = s.apply_manifests(&claim("data", "", "1Gi"));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(out.stdout, "persistentvolumeclaim/data created\n");
    s.run("sleep 1m");
    // No pod uses it: WaitForFirstConsumer keeps it Pending.
    assert_eq!(
        s.run("kubectl get pvc").stdout,
        "NAME   STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n\
         data   Pending                                      standard       <unset>                 60s\n"
    );
    let yaml = s.run("kubectl get pvc data -o yaml").stdout;
    for line in [
        "kind: PersistentVolumeClaim\n",
        "  finalizers:\n  - kubernetes.io/pvc-protection\n",
        "  namespace: default\n",
        "  storageClassName: standard\n",
        "  volumeMode: Filesystem\n",
        "status:\n  phase: Pending\n",
    ] {
        assert!(yaml.contains(line), "{line:?} in\n{yaml}");
    }
    // Applying the same text again changes nothing.
    s.add_file("data.yaml", &claim("data", "", "1Gi"));
    assert_eq!(
        s.run("kubectl apply -f data.yaml").stdout,
        "persistentvolumeclaim/data unchanged\n"
    );
}

#[test]
fn a_claim_binds_when_a_pod_that_mounts_it_is_scheduled() {
    let mut s = applied(&format!("{}---\n{MOUNTS_DATA}", claim("data", "", "2Gi")));
    s.run("sleep 1s");
    let table = s.run("kubectl get pvc").stdout;
    let row = table.lines().nth(1).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[0], "data");
    assert_eq!(cells[1], "Bound");
    assert!(
        cells[2].starts_with("pvc-") && cells[2].len() == 40,
        "{row}"
    );
    assert_eq!(&cells[3..], ["2Gi", "RWO", "standard", "<unset>", "1s"]);
    // The volume is the claim's: named after its uid, provisioned by local-path.
    let uid = s.run("kubectl get pvc data -o yaml").stdout;
    let uid = uid
        .lines()
        .find_map(|l| l.strip_prefix("  uid: "))
        .unwrap()
        .to_string();
    assert_eq!(cells[2], format!("pvc-{uid}"));
    let pv = s.run("kubectl get pv").stdout;
    assert!(pv.contains("default/data"), "{pv}");
    // Deleted while the pod mounts it: Terminating (pvc-protection) until the pod is gone.
    assert_eq!(
        s.run("kubectl delete pvc data").stdout,
        "persistentvolumeclaim \"data\" deleted from default namespace\n"
    );
    assert!(s.run("kubectl get pvc").stdout.contains("Terminating"));
    s.run("kubectl delete statefulset db");
    s.run("sleep 10s");
    let gone = s.run("kubectl get pvc");
    assert_eq!(gone.stdout, "");
    assert_eq!(gone.stderr, "No resources found in default namespace.\n");
    assert_eq!(
        s.run("kubectl get pv").stderr,
        "No resources found\n",
        "reclaim policy Delete"
    );
}

#[test]
fn a_claim_of_no_class_or_of_a_missing_class_stays_pending() {
    for (class, shown) in [("\"\"", ""), ("fast", "fast")] {
        let text = format!(
            "{}---\n{MOUNTS_DATA}",
            claim("data", &format!("  storageClassName: {class}\n"), "1Gi")
        );
        let mut s = applied(&text);
        s.run("sleep 30s");
        let table = s.run("kubectl get pvc").stdout;
        let row: Vec<&str> = table.lines().nth(1).unwrap().split_whitespace().collect();
        let mut want = vec!["data", "Pending"];
        if !shown.is_empty() {
            want.push(shown);
        }
        want.extend(["<unset>", "30s"]);
        assert_eq!(row, want, "{class}");
    }
}

#[test]
fn claims_are_validated_as_the_api_server_validates_them() {
    let mut s = Session::new();
    let (out, _) = s.apply_manifests(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: standard\n",
    );
    assert_eq!(
        out.stderr,
        "The PersistentVolumeClaim \"data\" is invalid: \n\
         * spec.accessModes: Required value: at least 1 access mode is required\n\
         * spec.resources[storage]: Required value\n"
    );
    let (out, _) = s.apply_manifests(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteSometimes]\n  resources:\n    requests:\n      storage: 1Gi\n",
    );
    assert_eq!(
        out.stderr,
        "The PersistentVolumeClaim \"data\" is invalid: spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"\n"
    );
    let (out, _) = s.apply_manifests(&claim("Data", "", "1Gi"));
    assert_eq!(
        out.stderr,
        "The PersistentVolumeClaim \"Data\" is invalid: metadata.name: Invalid value: \"Data\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n"
    );
    // A dotted name is a valid subdomain (unlike a StatefulSet's or a Service's).
    let (out, _) = s.apply_manifests(&claim("data.v1", "", "1Gi"));
    assert_eq!(out.stdout, "persistentvolumeclaim/data.v1 created\n");
    // Strict decoding, as for the other kinds.
    let (out, _) = s.apply_manifests(&claim("data", "  storageClass: fast\n", "1Gi"));
    assert_eq!(
        out.stderr,
        "Error from server (BadRequest): error when creating \"STDIN\": PersistentVolumeClaim in version \"v1\" cannot be handled as a PersistentVolumeClaim: strict decoding error: unknown field \"spec.storageClass\"\n"
    );
    let (out, _) = s.apply_manifests(&claim("data", "  volumeMode: Directory\n", "1Gi"));
    assert_eq!(
        out.stderr,
        "The PersistentVolumeClaim \"data\" is invalid: spec.volumeMode: Unsupported value: \"Directory\": supported values: \"Block\", \"Filesystem\"\n"
    );
}

#[test]
fn a_claims_spec_is_immutable_but_its_labels_are_not() {
    let mut s = applied(&claim("data", "", "1Gi"));
    s.add_file(
        "rwx.yaml",
        &claim("data", "", "1Gi").replace("ReadWriteOnce", "ReadWriteMany"),
    );
    let out = s.run("kubectl apply -f rwx.yaml");
    assert_eq!(
        out.stderr,
        "The PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n"
    );
    assert_eq!(out.exit_code, 1);
    // A Pending claim may not change its request either: only a bound one may.
    s.add_file("2gi.yaml", &claim("data", "", "2Gi"));
    assert!(s
        .run("kubectl apply -f 2gi.yaml")
        .stderr
        .contains("spec: Forbidden: spec is immutable"));
    s.add_file(
        "labelled.yaml",
        &claim("data", "", "1Gi")
            .replace("  name: data\n", "  name: data\n  labels:\n    tier: db\n"),
    );
    assert_eq!(
        s.run("kubectl apply -f labelled.yaml").stdout,
        "persistentvolumeclaim/data configured\n"
    );
    assert_eq!(
        s.run("kubectl get pvc -l tier=db -o name").stdout,
        "persistentvolumeclaim/data\n"
    );
}

#[test]
fn a_bound_claim_may_not_shrink_nor_grow_in_a_class_without_expansion() {
    let mut s = applied(&format!("{}---\n{MOUNTS_DATA}", claim("data", "", "2Gi")));
    s.run("sleep 5s");
    s.add_file("1gi.yaml", &claim("data", "", "1Gi"));
    assert_eq!(
        s.run("kubectl apply -f 1gi.yaml").stderr,
        "The PersistentVolumeClaim \"data\" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity\n"
    );
    s.add_file("5gi.yaml", &claim("data", "", "5Gi"));
    let out = s.run("kubectl apply -f 5gi.yaml");
    assert!(
        out.stderr.starts_with("Error from server (Forbidden): ")
            && out.stderr.ends_with("persistentvolumeclaims \"data\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize\n"),
        "{}",
        out.stderr
    );
    // The same request, written another way, is no change of size.
    s.add_file("2048mi.yaml", &claim("data", "", "2048Mi"));
    assert!(s.run("kubectl apply -f 2048mi.yaml").stderr.is_empty());
}

#[test]
fn a_claim_in_a_missing_namespace_is_refused() {
    let mut s = Session::new();
    let (out, _) = s.apply_manifests(
        &claim("data", "", "1Gi").replace("  name: data\n", "  name: data\n  namespace: nowhere\n"),
    );
    assert_eq!(
        out.stderr,
        "Error from server (NotFound): error when creating \"STDIN\": namespaces \"nowhere\" not found\n"
    );
}

#[test]
fn kinds_the_playground_does_not_simulate_are_named() {
    let mut s = Session::new();
    let (out, diags) =
        s.apply_manifests("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n");
    assert_eq!(
        out.stderr,
        "error: the playground does not simulate Deployment objects; this document was skipped (it simulates Namespace, Service, StatefulSet, Pod, PersistentVolumeClaim and StorageClass)\n"
    );
    assert_eq!(diags[0].line, 2);
}

fn class(name: &str, extra: &str) -> String {
    format!(
        "apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: {name}
provisioner: example.com/disks
{extra}"
    )
}

#[test]
fn the_cluster_has_kinds_default_class() {
    let mut s = Session::new();
    for line in [
        "kubectl get storageclass",
        "kubectl get sc",
        "kubectl get storageclasses",
    ] {
        assert_eq!(
            s.run(line).stdout,
            "NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\n\
             standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  42h\n",
            "{line}"
        );
    }
    assert_eq!(
        s.run("kubectl get sc standard -o name").stdout,
        "storageclass.storage.k8s.io/standard\n"
    );
    let yaml = s.run("kubectl get sc standard -o yaml").stdout;
    assert!(yaml.starts_with("apiVersion: storage.k8s.io/v1\nkind: StorageClass\n"));
    assert!(yaml.contains("    storageclass.kubernetes.io/is-default-class: \"true\"\n"));
    assert!(yaml.contains("\nvolumeBindingMode: WaitForFirstConsumer\n"));
    assert_eq!(
        s.run("kubectl get sc fast").stderr,
        "Error from server (NotFound): storageclasses.storage.k8s.io \"fast\" not found\n"
    );
}

#[test]
fn a_class_is_defaulted_and_an_immediate_one_binds_its_claims_at_once() {
    let mut s = Session::new();
    let (out, diags) = s.apply_manifests(&format!(
        "{}---\n{}",
        class("fast", ""),
        claim("data", "  storageClassName: fast\n", "1Gi")
    ));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        out.stdout,
        "storageclass.storage.k8s.io/fast created\npersistentvolumeclaim/data created\n"
    );
    // SetDefaults_StorageClass: Delete, Immediate.
    assert_eq!(
        s.run("kubectl get sc fast").stdout,
        "NAME   PROVISIONER         RECLAIMPOLICY   VOLUMEBINDINGMODE   ALLOWVOLUMEEXPANSION   AGE\n\
         fast   example.com/disks   Delete          Immediate           false                  0s\n"
    );
    // Bound with no pod and no time passing.
    let row = s.run("kubectl get pvc data").stdout;
    let cells: Vec<&str> = row.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(cells[1], "Bound", "{row}");
    assert_eq!(&cells[3..6], ["1Gi", "RWO", "fast"]);
    let pv = s.run("kubectl get pv").stdout;
    assert!(
        pv.contains("   Delete           Bound    default/data   fast   "),
        "{pv}"
    );
}

#[test]
fn a_claim_of_a_missing_class_binds_once_the_class_exists() {
    let mut s = applied(&claim("data", "  storageClassName: slow\n", "1Gi"));
    s.run("sleep 10s");
    assert!(s.run("kubectl get pvc data").stdout.contains(" Pending "));
    s.add_file("slow.yaml", &class("slow", "reclaimPolicy: Retain\n"));
    assert_eq!(
        s.run("kubectl apply -f slow.yaml").stdout,
        "storageclass.storage.k8s.io/slow created\n"
    );
    assert!(s.run("kubectl get pvc data").stdout.contains(" Bound "));
    // Retain: deleting the claim leaves its volume, Released.
    s.run("kubectl delete pvc data");
    let pv = s.run("kubectl get pv").stdout;
    assert!(pv.contains(" Retain           Released "), "{pv}");
}

#[test]
fn the_newest_default_class_is_the_one_a_claim_gets() {
    let annotated = class("fast", "").replace(
        "  name: fast\n",
        "  name: fast\n  annotations:\n    storageclass.kubernetes.io/is-default-class: \"true\"\n",
    );
    let mut s = applied(&format!("{annotated}---\n{}", claim("data", "", "1Gi")));
    let table = s.run("kubectl get sc").stdout;
    assert!(table.contains("\nfast (default)  "), "{table}");
    assert!(table.contains("\nstandard (default)  "), "{table}");
    assert!(s
        .run("kubectl get pvc data -o yaml")
        .stdout
        .contains("  storageClassName: fast\n"));
}

#[test]
fn classes_are_validated_and_mostly_immutable() {
    let mut s = Session::new();
    let (out, _) = s.apply_manifests(
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: x\nreclaimPolicy: Recycle\nvolumeBindingMode: Later\n",
    );
    assert_eq!(
        out.stderr,
        "The StorageClass \"x\" is invalid: \n\
         * provisioner: Required value\n\
         * reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"\n\
         * volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"\n"
    );
    let (out, _) = s.apply_manifests(&class("fast", ""));
    assert_eq!(out.stdout, "storageclass.storage.k8s.io/fast created\n");
    s.add_file("same.yaml", &class("fast", ""));
    assert_eq!(
        s.run("kubectl apply -f same.yaml").stdout,
        "storageclass.storage.k8s.io/fast unchanged\n"
    );
    s.add_file(
        "other.yaml",
        &class("fast", "").replace("example.com/disks", "example.com/other"),
    );
    assert_eq!(
        s.run("kubectl apply -f other.yaml").stderr,
        "The StorageClass \"fast\" is invalid: provisioner: Forbidden: updates to provisioner are forbidden.\n"
    );
    s.add_file(
        "wait.yaml",
        &class("fast", "volumeBindingMode: WaitForFirstConsumer\n"),
    );
    assert_eq!(
        s.run("kubectl apply -f wait.yaml").stderr,
        "The StorageClass \"fast\" is invalid: volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable\n"
    );
    s.add_file("grow.yaml", &class("fast", "allowVolumeExpansion: true\n"));
    assert_eq!(
        s.run("kubectl apply -f grow.yaml").stdout,
        "storageclass.storage.k8s.io/fast configured\n"
    );
}

#[test]
fn a_bound_claim_grows_when_its_class_allows_expansion() {
    let mut s = applied(&format!(
        "{}---\n{}",
        class("fast", "allowVolumeExpansion: true\n"),
        claim("data", "  storageClassName: fast\n", "1Gi")
    ));
    s.add_file(
        "2gi.yaml",
        &claim("data", "  storageClassName: fast\n", "2Gi"),
    );
    let out = s.run("kubectl apply -f 2gi.yaml");
    assert_eq!(out.stderr, "");
    assert_eq!(out.stdout, "persistentvolumeclaim/data configured\n");
}

fn pod(name: &str, spec_extra: &str, image: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: {name}
  labels:
    app: solo
spec:
{spec_extra}  containers:
  - name: main
    image: {image}
"
    )
}

#[test]
fn a_pod_of_your_own_runs_on_kubelets_timings_and_mounts_its_claim() {
    let volume = "  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n";
    let mut s = applied(&format!(
        "{}---\n{}",
        claim("data", "", "1Gi"),
        pod("solo", volume, "nginx:1.9.1")
    ));
    let status = |s: &mut Session| {
        let out = s.run("kubectl get pod solo").stdout;
        let row: Vec<String> = out
            .lines()
            .nth(1)
            .unwrap()
            .split_whitespace()
            .map(String::from)
            .collect();
        (row[1].clone(), row[2].clone())
    };
    assert_eq!(status(&mut s), ("0/1".into(), "Pending".into()));
    // Scheduled at 0.1 s: ContainerCreating, and the claim is bound (WaitForFirstConsumer).
    s.run("sleep 1s");
    assert_eq!(status(&mut s), ("0/1".into(), "ContainerCreating".into()));
    assert!(s.run("kubectl get pvc data").stdout.contains(" Bound "));
    let out = s.run("kubectl wait --for=condition=Ready pod/solo");
    assert_eq!(out.stdout, "pod/solo condition met\n");
    assert_eq!(s.now().seconds(), 2, "Ready 2 s after creation");
    assert_eq!(status(&mut s), ("1/1".into(), "Running".into()));
    let yaml = s.run("kubectl get pod solo -o yaml").stdout;
    for line in [
        "  serviceAccountName: default\n",
        "  restartPolicy: Always\n",
        "  phase: Running\n",
        "      claimName: data\n",
    ] {
        assert!(yaml.contains(line), "{line:?} in\n{yaml}");
    }
    assert!(!yaml.contains("ownerReferences"), "{yaml}");
    // Deleted: gone after its graceful termination, and nothing re-creates it.
    s.run("kubectl delete pod solo");
    s.run("sleep 1m");
    assert_eq!(
        s.run("kubectl get pods").stderr,
        "No resources found in default namespace.\n"
    );
}

#[test]
fn pods_are_validated_and_only_their_images_may_change() {
    let mut s = Session::new();
    let (out, _) = s.apply_manifests(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n  restartPolicy: Sometimes\n  hostname: Primary\n",
    );
    assert_eq!(
        out.stderr,
        "The Pod \"solo\" is invalid: \n\
         * spec.containers: Required value\n\
         * spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"\n\
         * spec.hostname: Invalid value: \"Primary\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n"
    );
    let (out, _) = s.apply_manifests(&pod("solo", "  restartPolicy: Never\n", "nginx:1.9.1"));
    assert_eq!(out.stdout, "pod/solo created\n");
    s.run("sleep 5s");
    s.add_file(
        "same.yaml",
        &pod("solo", "  restartPolicy: Never\n", "nginx:1.9.1"),
    );
    assert_eq!(
        s.run("kubectl apply -f same.yaml").stdout,
        "pod/solo unchanged\n"
    );
    s.add_file(
        "image.yaml",
        &pod("solo", "  restartPolicy: Never\n", "nginx:1.10"),
    );
    assert_eq!(
        s.run("kubectl apply -f image.yaml").stdout,
        "pod/solo configured\n"
    );
    s.add_file(
        "policy.yaml",
        &pod("solo", "  restartPolicy: OnFailure\n", "nginx:1.10"),
    );
    assert_eq!(
        s.run("kubectl apply -f policy.yaml").stderr,
        "The Pod \"solo\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n"
    );
}

#[test]
fn a_service_selects_a_pod_of_your_own() {
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: solo\nspec:\n  selector:\n    app: solo\n  ports:\n  - port: 80\n";
    let mut s = applied(&format!("{svc}---\n{}", pod("solo", "", "nginx:1.9.1")));
    s.run("sleep 5s");
    let ep = s.run("kubectl get endpoints solo").stdout;
    let row: Vec<&str> = ep.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(row[0], "solo");
    assert!(
        row[1].starts_with("10.244.") && row[1].ends_with(":80"),
        "{ep}"
    );
}

#[test]
fn the_page_shows_the_new_kinds() {
    let text = format!(
        "{}---\n{}---\n{}",
        class("fast", ""),
        claim("data", "  storageClassName: fast\n", "1Gi"),
        pod("solo", "", "nginx:1.9.1")
    );
    let view = stsplay_core::evaluate(&text);
    assert!(view.diagnostics.is_empty(), "{:?}", view.diagnostics);
    let json = serde_json::to_string(&view).unwrap();
    assert!(json.contains("\"solo\""), "the pods table lists the pod");
    assert!(
        json.contains("\"data\""),
        "the claims table lists the claim"
    );
}

/// A Pod of your own holding the name a StatefulSet wants: the controller's create fails
/// (`AlreadyExists`, as a `FailedCreate` event in the spec 7 form) until that pod is gone.
#[test]
fn a_pod_of_your_own_holds_its_name_against_a_statefulset() {
    let set = MOUNTS_DATA
        .replace("  name: db\n", "  name: web\n")
        .replace("      volumes:\n      - name: data\n        persistentVolumeClaim:\n          claimName: data\n", "")
        .replace("        volumeMounts:\n        - name: data\n          mountPath: /data\n", "");
    let mut s = applied(&format!("{}---\n{set}", pod("web-0", "", "busybox:1.36")));
    s.run("sleep 5s");
    let events = s.run("kubectl get events").stdout;
    assert!(
        events.contains("Warning   FailedCreate   statefulset/web   create Pod web-0 in StatefulSet web failed error: pods \"web-0\" already exists\n"),
        "{events}"
    );
    assert!(s
        .run("kubectl get pod web-0 -o yaml")
        .stdout
        .contains("image: busybox:1.36"));
    // Gone 2 s after its deletion; the set creates its own web-0 then, Ready 2 s later.
    s.run("kubectl delete pod web-0");
    s.run("sleep 4s");
    let yaml = s.run("kubectl get pod web-0 -o yaml").stdout;
    assert!(yaml.contains("image: nginx:1.9.1"), "{yaml}");
    assert!(yaml.contains("kind: StatefulSet"), "owned by the set");
    assert!(s
        .run("kubectl get pods")
        .stdout
        .contains("web-0   1/1     Running   0          2s"));
}
