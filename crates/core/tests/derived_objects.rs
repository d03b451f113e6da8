//! `kubectl get endpoints|endpointslices|namespaces -o json|yaml` (issues 3 and 5): the
//! objects the endpoints and EndpointSlice controllers write and the API server keeps for a
//! Namespace, in their real shape. Expected values come from the controllers' sources
//! (endpoints controller `syncService`, `addEndpointSubset`, `truncateEndpoints`;
//! EndpointSlice reconciler `setEndpointSliceLabels`, `podToEndpoint`, 100 endpoints a
//! slice) and the API server's Namespace strategy, and fidelity spec 8; never from the
//! program's output. Also kubectl get's `--show-labels`, `--no-headers`,
//! `--ignore-not-found` and its answer to flags it does not have.

use serde_json::Value;
use stsplay_core::{Session, SEED_MANIFESTS};

fn seed() -> Session {
    let mut s = Session::new();
    let (out, diags) = s.apply_manifests(SEED_MANIFESTS);
    assert!(diags.is_empty() && out.exit_code == 0, "{out:?}");
    s.run("sleep 60s");
    s
}

fn json(s: &mut Session, line: &str) -> Value {
    let out = s.run(line);
    assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{line}: {e}\n{}", out.stdout))
}

fn pod_uid(s: &mut Session, pod: &str) -> Value {
    json(s, &format!("kubectl get pod {pod} -o json"))["metadata"]["uid"].clone()
}

#[test]
fn the_endpoints_object_lists_ready_pods_with_hostname_node_and_target() {
    let mut s = seed();
    let ep = json(&mut s, "kubectl get endpoints nginx -o json");
    assert_eq!(ep["apiVersion"], "v1");
    assert_eq!(ep["kind"], "Endpoints");
    let meta = &ep["metadata"];
    assert_eq!(meta["name"], "nginx");
    assert_eq!(meta["namespace"], "default");
    // The Service's labels, and the headless label for `clusterIP: None`.
    assert_eq!(
        meta["labels"],
        serde_json::json!({"app": "nginx", "service.kubernetes.io/headless": ""})
    );
    assert!(meta["annotations"]["endpoints.kubernetes.io/last-change-trigger-time"].is_string());
    assert!(meta["uid"].is_string() && meta["resourceVersion"].is_string());
    // No ownerReferences: the endpoints controller sets none.
    assert!(meta.get("ownerReferences").is_none());
    let subsets = ep["subsets"].as_array().unwrap();
    assert_eq!(subsets.len(), 1);
    let addresses = subsets[0]["addresses"].as_array().unwrap();
    assert_eq!(addresses.len(), 2);
    assert!(subsets[0].get("notReadyAddresses").is_none());
    // Sorted by IP (spec 8.4); web-0 and web-1 have their hostnames (spec 8.3).
    let ips: Vec<&str> = addresses
        .iter()
        .map(|a| a["ip"].as_str().unwrap())
        .collect();
    let mut sorted = ips.clone();
    sorted.sort();
    assert_eq!(ips, sorted);
    for a in addresses {
        let pod = a["targetRef"]["name"].as_str().unwrap().to_string();
        assert_eq!(a["hostname"], pod.as_str());
        assert!(a["nodeName"].as_str().unwrap().starts_with("kind-worker"));
        assert_eq!(a["targetRef"]["kind"], "Pod");
        assert_eq!(a["targetRef"]["namespace"], "default");
        assert_eq!(a["targetRef"]["uid"], pod_uid(&mut s, &pod));
    }
    assert_eq!(
        subsets[0]["ports"],
        serde_json::json!([{"name": "web", "port": 80, "protocol": "TCP"}])
    );
}

#[test]
fn an_unready_pod_moves_to_not_ready_addresses() {
    let mut s = seed();
    s.run("sim unready web-1");
    s.run("sleep 5s");
    let ep = json(&mut s, "kubectl get endpoints nginx -o json");
    let subset = &ep["subsets"][0];
    assert_eq!(subset["addresses"].as_array().unwrap().len(), 1);
    assert_eq!(subset["addresses"][0]["targetRef"]["name"], "web-0");
    assert_eq!(subset["notReadyAddresses"][0]["targetRef"]["name"], "web-1");
    let slice = &json(&mut s, "kubectl get endpointslices -o json")["items"][0];
    let web1 = slice["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["targetRef"]["name"] == "web-1")
        .unwrap();
    assert_eq!(
        web1["conditions"],
        serde_json::json!({"ready": false, "serving": false, "terminating": false})
    );
}

#[test]
fn the_endpoint_slice_has_the_controllers_labels_and_the_service_as_owner() {
    let mut s = seed();
    let svc_uid = json(&mut s, "kubectl get svc nginx -o json")["metadata"]["uid"].clone();
    let table = s.run("kubectl get endpointslices").stdout;
    let name = table
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    assert!(
        name.starts_with("nginx-") && name.len() == "nginx-".len() + 5,
        "{table}"
    );
    let slice = json(&mut s, &format!("kubectl get endpointslice {name} -o json"));
    assert_eq!(slice["apiVersion"], "discovery.k8s.io/v1");
    assert_eq!(slice["kind"], "EndpointSlice");
    assert_eq!(slice["addressType"], "IPv4");
    let meta = &slice["metadata"];
    assert_eq!(meta["name"], name.as_str());
    assert_eq!(meta["generateName"], "nginx-");
    assert_eq!(
        meta["labels"],
        serde_json::json!({
            "app": "nginx",
            "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
            "kubernetes.io/service-name": "nginx",
            "service.kubernetes.io/headless": "",
        })
    );
    assert_eq!(
        meta["ownerReferences"],
        serde_json::json!([{
            "apiVersion": "v1",
            "blockOwnerDeletion": true,
            "controller": true,
            "kind": "Service",
            "name": "nginx",
            "uid": svc_uid,
        }])
    );
    let endpoints = slice["endpoints"].as_array().unwrap();
    assert_eq!(endpoints.len(), 2);
    for e in endpoints {
        assert_eq!(e["addresses"].as_array().unwrap().len(), 1);
        assert_eq!(
            e["conditions"],
            serde_json::json!({"ready": true, "serving": true, "terminating": false})
        );
        assert_eq!(e["hostname"], e["targetRef"]["name"]);
    }
    assert_eq!(
        slice["ports"],
        serde_json::json!([{"name": "web", "port": 80, "protocol": "TCP"}])
    );
    // Found by its Service's name label, as the docs show; not by the Service's name.
    let by_label = s.run("kubectl get endpointslices -l kubernetes.io/service-name=nginx -o name");
    assert_eq!(
        by_label.stdout,
        format!("endpointslice.discovery.k8s.io/{name}\n")
    );
    let by_service_name = s.run("kubectl get endpointslice nginx");
    assert_eq!(
        by_service_name.stderr,
        "Error from server (NotFound): endpointslices.discovery.k8s.io \"nginx\" not found\n"
    );
    assert_eq!(by_service_name.exit_code, 1);
}

#[test]
fn a_terminating_pod_stays_in_the_slice_and_leaves_the_endpoints() {
    let mut s = seed();
    s.run("kubectl delete pod web-1 --wait=false");
    let pod = s.run("kubectl get pod web-1").stdout;
    assert!(pod.contains("Terminating"), "{pod}");
    let slice = &json(&mut s, "kubectl get endpointslices -o json")["items"][0];
    let web1 = slice["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["targetRef"]["name"] == "web-1")
        .expect("web-1 is still in the slice (spec 8.1)");
    // ready = PodReady && !terminating; serving = PodReady (spec 8.2).
    assert_eq!(
        web1["conditions"],
        serde_json::json!({"ready": false, "serving": true, "terminating": true})
    );
    let ep = json(&mut s, "kubectl get endpoints nginx -o json");
    let names: Vec<&Value> = ep["subsets"][0]["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .chain(
            ep["subsets"][0]["notReadyAddresses"]
                .as_array()
                .into_iter()
                .flatten(),
        )
        .map(|a| &a["targetRef"]["name"])
        .collect();
    assert_eq!(names, [&Value::from("web-0")]);
}

fn headless_set(replicas: usize) -> String {
    SEED_MANIFESTS.replace(
        "replicas: 2",
        &format!("replicas: {replicas}\n  podManagementPolicy: Parallel"),
    )
}

#[test]
fn a_slice_holds_at_most_a_hundred_endpoints() {
    let mut s = Session::new();
    s.apply_manifests(&headless_set(250));
    s.run("sleep 5m");
    let table = s.run("kubectl get endpointslices").stdout;
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 3, "{table}");
    let counts: Vec<&str> = rows.iter().map(|r| r[r.len() - 3]).collect();
    assert_eq!(counts, ["97", "97", "47"], "{table}");
    let list = json(&mut s, "kubectl get endpointslices -o json");
    let sizes: Vec<usize> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["endpoints"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [100, 100, 50]);
    // One legacy Endpoints object holds all 250.
    let ep = json(&mut s, "kubectl get endpoints nginx -o json");
    assert_eq!(ep["subsets"][0]["addresses"].as_array().unwrap().len(), 250);
    assert!(ep["metadata"]["annotations"]
        .get("endpoints.kubernetes.io/over-capacity")
        .is_none());
}

#[test]
fn the_endpoints_object_is_cut_at_a_thousand_addresses() {
    let mut s = Session::new();
    s.apply_manifests(&headless_set(1001));
    s.run("sleep 10m");
    let ep = json(&mut s, "kubectl get endpoints nginx -o json");
    assert_eq!(
        ep["subsets"][0]["addresses"].as_array().unwrap().len(),
        1000
    );
    assert_eq!(
        ep["metadata"]["annotations"]["endpoints.kubernetes.io/over-capacity"],
        "truncated"
    );
    let table = s.run("kubectl get endpoints nginx").stdout;
    assert!(table.contains(" + 997 more..."), "{table}");
}

#[test]
fn a_namespace_prints_with_its_name_label_finalizer_and_phase() {
    let mut s = Session::new();
    let ns = json(&mut s, "kubectl get namespace default -o json");
    assert_eq!(ns["apiVersion"], "v1");
    assert_eq!(ns["kind"], "Namespace");
    assert_eq!(
        ns["metadata"]["labels"],
        serde_json::json!({"kubernetes.io/metadata.name": "default"})
    );
    assert_eq!(
        ns["spec"],
        serde_json::json!({"finalizers": ["kubernetes"]})
    );
    assert_eq!(ns["status"], serde_json::json!({"phase": "Active"}));
    let (out, _) = s.apply_manifests(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n  labels:\n    team: a\n",
    );
    assert_eq!(out.stdout, "namespace/demo created\n");
    let demo = json(&mut s, "kubectl get ns demo -o json");
    assert_eq!(
        demo["metadata"]["labels"],
        serde_json::json!({"kubernetes.io/metadata.name": "demo", "team": "a"})
    );
    assert_eq!(
        s.run("kubectl get ns -l team=a -o name").stdout,
        "namespace/demo\n"
    );
    // Applying other labels configures it; the same ones leave it unchanged.
    let (out, _) = s.apply_manifests(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n  labels:\n    team: b\n",
    );
    assert_eq!(out.stdout, "namespace/demo configured\n");
    let (out, _) = s.apply_manifests(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n  labels:\n    team: b\n",
    );
    assert_eq!(out.stdout, "namespace/demo unchanged\n");
}

#[test]
fn show_labels_adds_a_last_labels_column() {
    let mut s = seed();
    let out = s.run("kubectl get pods --show-labels");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("NAME "), "{}", out.stdout);
    assert!(lines[0].ends_with("   LABELS"), "{}", out.stdout);
    // Every label, `k=v` by key, joined by commas (labels.FormatLabels).
    let hash = json(&mut s, "kubectl get statefulset web -o json")["status"]["updateRevision"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        lines[1].ends_with(&format!(
            "app=nginx,apps.kubernetes.io/pod-index=0,controller-revision-hash={hash},statefulset.kubernetes.io/pod-name=web-0"
        )),
        "{}",
        out.stdout
    );
    let svc = s.run("kubectl get svc --show-labels").stdout;
    assert!(
        svc.lines().any(|l| l.starts_with("kubernetes ")
            && l.ends_with("component=apiserver,provider=kubernetes")),
        "{svc}"
    );
    assert!(
        svc.lines()
            .any(|l| l.starts_with("nginx ") && l.ends_with("   app=nginx")),
        "{svc}"
    );
}

#[test]
fn no_headers_prints_the_rows_alone_sized_by_themselves() {
    let mut s = seed();
    let out = s.run("kubectl get statefulset --no-headers");
    // With its header NAME is 4+3 wide and READY 5+3; without it each column is its
    // widest cell plus 3 of padding, at least 6 (kubectl's tabwriter).
    assert_eq!(out.stdout, "web   2/2   60s\n");
}

#[test]
fn ignore_not_found_makes_a_missing_name_quiet() {
    let mut s = seed();
    let out = s.run("kubectl get pod nope --ignore-not-found");
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str(), out.exit_code),
        ("", "", 0)
    );
}

#[test]
fn a_flag_kubectl_does_not_have_is_refused_in_cobras_words() {
    let mut s = seed();
    let out = s.run("kubectl get pods --bogus");
    assert_eq!(
        out.stderr,
        "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"
    );
    assert_eq!((out.stdout.as_str(), out.exit_code), ("", 1));
    let out = s.run("kubectl get pods -z");
    assert_eq!(
        out.stderr,
        "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n"
    );
    let out = s.run("kubectl scale statefulset web --replicas=3 --bogus");
    assert_eq!(
        out.stderr,
        "error: unknown flag: --bogus\nSee 'kubectl scale --help' for usage.\n"
    );
    // Nothing changed.
    assert!(s.run("kubectl get statefulset web").stdout.contains("2/2"));
    let out = s.run("kubectl set image statefulset/web nginx=nginx:1.25 --bogus");
    assert_eq!(
        out.stderr,
        "error: unknown flag: --bogus\nSee 'kubectl set image --help' for usage.\n"
    );
    // A flag kubectl has and the playground does not model is said so, not dropped.
    let out = s.run("kubectl get pods --sort-by=.metadata.name");
    assert!(
        out.stderr
            .starts_with("error: the playground's kubectl get does not take --sort-by"),
        "{}",
        out.stderr
    );
    assert_eq!(out.exit_code, 1);
    // pflag takes a shorthand's value attached.
    assert_eq!(
        s.run("kubectl get pods -owide").stdout,
        s.run("kubectl get pods -o wide").stdout
    );
    assert_eq!(
        s.run("kubectl get pods -nkube-system -oname").stdout,
        s.run("kubectl get pods -n kube-system -o name").stdout
    );
}

#[test]
fn apply_records_the_applied_configuration_as_kubectl_does() {
    let mut s = seed();
    let svc = json(&mut s, "kubectl get svc nginx -o json");
    // kubectl's GetModifiedConfiguration: the manifest as JSON with sorted keys, an empty
    // `annotations`, the namespace filled in, and the JSON encoder's newline.
    assert_eq!(
        svc["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"],
        "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"nginx\"},\"name\":\"nginx\",\"namespace\":\"default\"},\"spec\":{\"clusterIP\":\"None\",\"ports\":[{\"name\":\"web\",\"port\":80}],\"selector\":{\"app\":\"nginx\"}}}\n"
    );
    // A Service that is no load balancer has an empty load-balancer status.
    assert_eq!(svc["status"], serde_json::json!({"loadBalancer": {}}));
    // describe leaves the annotation out (kubectl's printAnnotationsMultiline).
    let describe = s.run("kubectl describe service nginx").stdout;
    assert!(
        describe.contains("\nAnnotations:              <none>\n"),
        "{describe}"
    );
    // The same text again changes nothing; a default written out changes the recorded
    // configuration, so kubectl patches the object: configured.
    let (out, _) = s.apply_manifests(SEED_MANIFESTS);
    assert_eq!(
        out.stdout,
        "service/nginx unchanged\nstatefulset.apps/web unchanged\n"
    );
    let explicit = SEED_MANIFESTS.replace(
        "  serviceName: \"nginx\"",
        "  serviceName: \"nginx\"\n  podManagementPolicy: OrderedReady",
    );
    assert_ne!(explicit, SEED_MANIFESTS);
    let (out, _) = s.apply_manifests(&explicit);
    assert_eq!(
        out.stdout,
        "service/nginx unchanged\nstatefulset.apps/web configured\n"
    );
    // A Namespace (cluster-scoped) gets no namespace in it.
    let (out, _) = s.apply_manifests("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n");
    assert_eq!(out.stdout, "namespace/demo created\n");
    let ns = json(&mut s, "kubectl get ns demo -o json");
    assert_eq!(
        ns["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"],
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"annotations\":{},\"name\":\"demo\"}}\n"
    );
}

#[test]
fn a_flag_value_kubectl_cannot_parse_is_refused_with_the_help_hint() {
    let mut s = seed();
    let out = s.run("kubectl scale statefulset web --replicas=abc");
    assert_eq!(
        out.stderr,
        "error: invalid argument \"abc\" for \"--replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'kubectl scale --help' for usage.\n"
    );
    let out = s.run("kubectl get pods --show-labels=maybe");
    assert_eq!(
        out.stderr,
        "error: invalid argument \"maybe\" for \"--show-labels\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'kubectl get --help' for usage.\n"
    );
    assert_eq!(out.exit_code, 1);
}

#[test]
fn several_kinds_print_one_table_each_with_kind_prefixed_names() {
    // kubectl get with several resource types: each type's own table, names as
    // `<resource>[.<group>]/<name>`, an empty line between tables; `all` is the category
    // of pods, services, statefulsets (and kinds the playground does not simulate).
    let mut s = seed();
    let out = s.run("kubectl get all");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let tables: Vec<&str> = out.stdout.split("\n\n").collect();
    assert_eq!(tables.len(), 3, "{}", out.stdout);
    assert!(
        tables[0].starts_with(
            "NAME        READY   STATUS    RESTARTS   AGE\npod/web-0   1/1     Running   0"
        ),
        "{}",
        tables[0]
    );
    assert!(
        tables[1].starts_with("NAME                 TYPE        CLUSTER-IP"),
        "{}",
        tables[1]
    );
    assert!(tables[1].contains("\nservice/kubernetes   ClusterIP   10.96.0.1 "));
    assert!(tables[1].contains("\nservice/nginx        ClusterIP   None "));
    assert_eq!(
        tables[2],
        "NAME                   READY   AGE\nstatefulset.apps/web   2/2     60s\n"
    );
    // A comma list keeps its order; -o name lists every object without empty lines.
    let out = s.run("kubectl get sts,po -o name");
    assert_eq!(out.stdout, "statefulset.apps/web\npod/web-0\npod/web-1\n");
    // One List holds every kind's objects.
    let list = json(&mut s, "kubectl get svc,sts -o json");
    let kinds: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Service", "Service", "StatefulSet"]);
    // --show-kind alone does it for one kind.
    assert!(s
        .run("kubectl get sts --show-kind")
        .stdout
        .contains("\nstatefulset.apps/web "));
    // A kind with nothing to show is left out; nothing at all is said once.
    let out = s.run("kubectl get pvc,pods");
    assert!(
        out.stdout.starts_with("NAME        READY"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stderr, "");
    let out = s.run("kubectl get all -n kube-public");
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str(), out.exit_code),
        ("", "No resources found in kube-public namespace.\n", 0)
    );
    let out = s.run("kubectl get pods,foo");
    assert_eq!(
        out.stderr,
        "error: the server doesn't have a resource type \"foo\"\n"
    );
}

#[test]
fn an_output_format_kubectl_has_but_the_playground_does_not_print_is_said_so() {
    let mut s = seed();
    let out = s.run("kubectl get pods -o jsonpath='{.items[*].metadata.name}'");
    assert_eq!(
        out.stderr,
        "error: the playground prints -o wide, name, json and yaml, not jsonpath\n"
    );
    // One kubectl does not have gets kubectl's words.
    let out = s.run("kubectl get pods -o bogus");
    assert!(out.stderr.starts_with("error: unable to match a printer suitable for the output format \"bogus\", allowed formats are: "), "{}", out.stderr);
}

#[test]
fn kubectls_other_commands_and_kinds_are_real_but_not_simulated() {
    let mut s = seed();
    // A command kubectl has is not "unknown" (cobra says that only of what it lacks).
    let out = s.run("kubectl logs web-0");
    assert!(
        out.stderr
            .starts_with("error: the playground does not run \"kubectl logs\""),
        "{}",
        out.stderr
    );
    assert_eq!(out.exit_code, 1);
    let out = s.run("kubectl lgs web-0");
    assert!(
        out.stderr
            .starts_with("error: unknown command \"lgs\" for \"kubectl\""),
        "{}",
        out.stderr
    );
    // A kind a real cluster serves is not one the server lacks.
    let out = s.run("kubectl get deployments");
    assert!(
        out.stderr.starts_with(
            "error: the playground does not simulate deployments: it simulates pods, statefulsets"
        ),
        "{}",
        out.stderr
    );
    let out = s.run("kubectl describe cm kube-root-ca.crt");
    assert!(
        out.stderr
            .starts_with("error: the playground does not simulate cm:"),
        "{}",
        out.stderr
    );
    let out = s.run("kubectl get foo");
    assert_eq!(
        out.stderr,
        "error: the server doesn't have a resource type \"foo\"\n"
    );
}
