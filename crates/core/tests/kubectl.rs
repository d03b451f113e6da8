//! kubectl's listing behaviour (fidelity spec 12): namespaces, `-A` with its NAMESPACE
//! column, `-l` selectors, `-o name`, and kubectl's messages when nothing matches.

use stsplay_core::Session;

const OTHER: &str = "apiVersion: v1
kind: Namespace
metadata:
  name: other
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
  namespace: other
  labels:
    app: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
    name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  namespace: other
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: nginx
  replicas: 2
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.9.1
";

fn session() -> Session {
    let mut s = Session::new();
    let (out, diags) = s.apply_manifests(OTHER);
    assert!(diags.is_empty(), "{diags:?}");
    // Objects apply in order: the namespace exists for the objects after it.
    assert_eq!(
        out.stdout,
        "namespace/other created\nservice/nginx created\nstatefulset.apps/web created\n"
    );
    s.run("sleep 30s");
    s
}

#[test]
fn namespaces_list_as_active() {
    let mut s = session();
    let out = s.run("kubectl get namespaces");
    let names: Vec<&str> = out
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "default",
            "kube-node-lease",
            "kube-public",
            "kube-system",
            "other"
        ]
    );
    assert!(out.stdout.lines().skip(1).all(|l| l.contains(" Active ")));
    // A second apply changes nothing.
    let (out, _) = s.apply_manifests(OTHER);
    assert_eq!(
        out.stdout,
        "namespace/other unchanged\nservice/nginx unchanged\nstatefulset.apps/web unchanged\n"
    );
}

#[test]
fn all_namespaces_adds_the_namespace_column() {
    let mut s = session();
    let out = s.run("kubectl get pods -A");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines[0].starts_with("NAMESPACE   NAME    READY   STATUS"),
        "{}",
        out.stdout
    );
    assert!(
        lines[1].starts_with("other       web-0   1/1     Running"),
        "{}",
        out.stdout
    );
    // Services in every namespace, the cluster's own included, namespaces in name order.
    let out = s.run("kubectl get svc -A -o name");
    assert_eq!(
        out.stdout,
        "service/kubernetes\nservice/kube-dns\nservice/nginx\n"
    );
    assert_eq!(
        s.run("kubectl get pods -A web-0").stderr,
        "error: a resource cannot be retrieved by name across all namespaces\n"
    );
}

#[test]
fn label_selectors_filter() {
    let mut s = session();
    assert_eq!(
        s.run("kubectl get pods -n other -l app=nginx -o name")
            .stdout,
        "pod/web-0\npod/web-1\n"
    );
    assert_eq!(
        s.run("kubectl get pods -n other -l statefulset.kubernetes.io/pod-name=web-1 -o name")
            .stdout,
        "pod/web-1\n"
    );
    assert_eq!(
        s.run("kubectl get pods -n other -l 'app in (x,nginx)' -o name")
            .stdout,
        "pod/web-0\npod/web-1\n"
    );
    let out = s.run("kubectl get pods -n other -l app!=nginx");
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str()),
        ("", "No resources found in other namespace.\n")
    );
    let out = s.run("kubectl get pods -l app=nginx");
    assert_eq!(out.stderr, "No resources found in default namespace.\n");
}

#[test]
fn cross_namespace_names_resolve_from_default() {
    let mut s = session();
    // spec 10.3: from default, a set in `other` is web-0.nginx.other; web-0.nginx is not it.
    assert_eq!(s.run("nslookup web-0.nginx.other").exit_code, 0);
    assert_eq!(s.run("nslookup web-0.nginx").exit_code, 1);
}

#[test]
fn describe_pod_follows_kubectls_layout() {
    // KCD `describePod`: one tabwriter block from Name to Controlled By, then containers
    // with their state, then conditions in kubelet's order with kubectl's trailing spaces.
    let mut s = session();
    let out = s.run("kubectl describe pod web-1 -n other");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "Name:             web-1");
    assert_eq!(lines[1], "Namespace:        other");
    assert_eq!(lines[2], "Priority:         0");
    assert_eq!(lines[3], "Service Account:  default");
    assert!(
        lines[4].starts_with("Node:             kind-worker"),
        "{}",
        lines[4]
    );
    assert!(
        lines[5].starts_with("Start Time:       Thu, 01 Jan 2026 00:00:02 +0000"),
        "{}",
        lines[5]
    );
    assert_eq!(lines[6], "Labels:           app=nginx");
    assert_eq!(lines[7], "                  apps.kubernetes.io/pod-index=1");
    assert!(out.stdout.contains("\nStatus:           Running\n"));
    assert!(out.stdout.contains("\nControlled By:  StatefulSet/web\n"));
    assert!(out.stdout.contains("\n    State:          Running\n      Started:      Thu, 01 Jan 2026 00:00:04 +0000\n    Ready:          True\n    Restart Count:  0\n"));
    assert!(out.stdout.contains(
        "\nConditions:\n  Type                        Status\n  PodReadyToStartContainers   True \n  Initialized                 True \n  Ready                       True \n  ContainersReady             True \n  PodScheduled                True \n"
    ), "{}", out.stdout);
    assert_eq!(
        s.run("kubectl describe pod web-9 -n other").stderr,
        "Error from server (NotFound): pods \"web-9\" not found\n"
    );
}

/// The pod IPs of `kubectl get pods -o wide` (column 6), in name order.
fn pod_ips(s: &mut Session, ns: &str) -> Vec<String> {
    s.run(&format!("kubectl get pods -o wide -n {ns}"))
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().nth(5).unwrap().to_string())
        .collect()
}

#[test]
fn describe_service_follows_kubectls_layout() {
    // KCD `describeService` (kubectl 1.35): tabwriter padding 2 after the longest label
    // (`Internal Traffic Policy:`), the API server's defaults for a headless Service
    // (SingleStack, IPv4, clusterIPs [None], sessionAffinity None, internalTrafficPolicy
    // Cluster), `Port:` with the port's name, and the ready endpoints of its EndpointSlice
    // as IP:targetPort.
    let mut s = session();
    let ips = pod_ips(&mut s, "other");
    assert_eq!(ips.len(), 2);
    let expected = format!(
        "Name:                     nginx
Namespace:                other
Labels:                   app=nginx
Annotations:              <none>
Selector:                 app=nginx
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       None
IPs:                      None
Port:                     web  80/TCP
TargetPort:               80/TCP
Endpoints:                {}:80,{}:80
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
",
        ips[0], ips[1]
    );
    assert_eq!(
        s.run("kubectl describe svc nginx -n other").stdout,
        expected
    );
    assert_eq!(
        s.run("kubectl describe service nope -n other").stderr,
        "Error from server (NotFound): services \"nope\" not found\n"
    );
}

#[test]
fn describe_service_lists_three_endpoints_then_counts_the_rest() {
    // KCD `formatEndpointSlices`: at most three `IP:PORT`, then ` + N more...`; a port
    // without a name prints `<unset>`; the target port, not the Service port, follows the IP.
    let mut s = Session::new();
    let text = "apiVersion: v1
kind: Service
metadata:
  name: front
spec:
  selector:
    app: front
  ports:
  - port: 8080
    targetPort: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: front
spec:
  selector:
    matchLabels:
      app: front
  serviceName: front
  replicas: 5
  template:
    metadata:
      labels:
        app: front
    spec:
      containers:
      - name: nginx
        image: nginx:1.9.1
";
    let (_, diags) = s.apply_manifests(text);
    assert!(diags.is_empty(), "{diags:?}");
    s.run("sleep 60s");
    let ips = pod_ips(&mut s, "default");
    assert_eq!(ips.len(), 5);
    let out = s.run("kubectl describe svc front").stdout;
    assert!(
        out.contains(
            "\nPort:                     <unset>  8080/TCP\nTargetPort:               80/TCP\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "\nEndpoints:                {}:80,{}:80,{}:80 + 2 more...\n",
            ips[0], ips[1], ips[2]
        )),
        "{out}"
    );
    // A ClusterIP Service has its own address in IP and IPs.
    let ip_line = out.lines().find(|l| l.starts_with("IP:")).unwrap();
    let ip = ip_line.split_whitespace().nth(1).unwrap();
    assert!(ip.starts_with("10.96."), "{ip_line}");
    assert!(
        out.contains(&format!("\nIPs:                      {ip}\n")),
        "{out}"
    );
}

/// Spec 12.1's layout, written independently of the core: each column as wide as its widest
/// cell plus 3 (at least 6), the last one unpadded.
fn layout(rows: &[Vec<String>]) -> String {
    let columns = rows[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].len() + 3).max().unwrap().max(6))
        .collect();
    let mut out = String::new();
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == columns {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<w$}", w = widths[c]));
            }
        }
        out.push('\n');
    }
    out
}

fn cells(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn service_and_statefulset_tables_follow_the_printers() {
    // Spec 12.4 (PRN `printService`): CLUSTER-IP `None` for headless and `<none>` for
    // ExternalName, EXTERNAL-IP the externalName, PORT(S) `port/PROTO` joined by `,` or
    // `<none>`, wide SELECTOR `k=v` or `<none>`; rows in name order (12.8). Spec 12.3: READY
    // is ready/desired, wide adds CONTAINERS and IMAGES.
    let mut s = Session::new();
    let text = format!(
        "{OTHER}---
apiVersion: v1
kind: Service
metadata:
  name: front
  namespace: other
spec:
  selector:
    app: front
  ports:
  - name: http
    port: 80
  - name: dns
    port: 53
    protocol: UDP
---
apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: other
spec:
  type: ExternalName
  externalName: db.example.com
"
    );
    let (out, diags) = s.apply_manifests(&text);
    assert!(diags.is_empty(), "{diags:?} {}", out.stderr);
    s.run("sleep 30s");
    let json = s.run("kubectl get svc front -n other -o json").stdout;
    let front: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ip = front["spec"]["clusterIP"].as_str().unwrap().to_string();
    assert!(ip.starts_with("10.96."), "{ip}");
    let expected = layout(&cells(&[
        &[
            "NAME",
            "TYPE",
            "CLUSTER-IP",
            "EXTERNAL-IP",
            "PORT(S)",
            "AGE",
            "SELECTOR",
        ],
        &[
            "db",
            "ExternalName",
            "<none>",
            "db.example.com",
            "<none>",
            "30s",
            "<none>",
        ],
        &[
            "front",
            "ClusterIP",
            &ip,
            "<none>",
            "80/TCP,53/UDP",
            "30s",
            "app=front",
        ],
        &[
            "nginx",
            "ClusterIP",
            "None",
            "<none>",
            "80/TCP",
            "30s",
            "app=nginx",
        ],
    ]));
    assert_eq!(s.run("kubectl get svc -o wide -n other").stdout, expected);
    let expected = layout(&cells(&[
        &["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"],
        &["web", "2/2", "30s", "nginx", "nginx:1.9.1"],
    ]));
    assert_eq!(
        s.run("kubectl get statefulsets -o wide -n other").stdout,
        expected
    );
    let expected = layout(&cells(&[&["NAME", "READY", "AGE"], &["web", "2/2", "30s"]]));
    assert_eq!(s.run("kubectl get sts -n other").stdout, expected);
    // Spec 12.6: ready `ip:port` of each subset, `<none>` for a Service whose selector
    // matches no pod (no subsets); an ExternalName Service without a selector has no
    // Endpoints object. The server adds its deprecation warning (since 1.33).
    let ips = pod_ips(&mut s, "other");
    let endpoints = format!("{}:80,{}:80", ips[0], ips[1]);
    let expected = layout(&cells(&[
        &["NAME", "ENDPOINTS", "AGE"],
        &["front", "<none>", "30s"],
        &["nginx", &endpoints, "30s"],
    ]));
    let out = s.run("kubectl get endpoints -n other");
    assert_eq!(out.stdout, expected);
    assert_eq!(
        out.stderr,
        "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"
    );
}

/// StatefulSet `web` (2 replicas) with the claim template `www` (1Gi, ReadWriteOnce).
const CLAIMED: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: nginx
  replicas: 2
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.9.1
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [\"ReadWriteOnce\"]
      resources:
        requests:
          storage: 1Gi
";

#[test]
fn claim_table_follows_the_printer() {
    // Spec 12.5 (PRN `printPersistentVolumeClaim`): the bound volume, its capacity, access
    // modes abbreviated (RWO), the class (kind's default `standard`), VOLUMEATTRIBUTESCLASS
    // `<unset>`; wide adds VOLUMEMODE. AGE from each claim's creationTimestamp (12.7).
    let mut s = Session::new();
    let (_, diags) = s.apply_manifests(CLAIMED);
    assert!(diags.is_empty(), "{diags:?}");
    s.run("sleep 100s");
    let now = 100;
    let mut rows = vec![vec![
        "NAME",
        "STATUS",
        "VOLUME",
        "CAPACITY",
        "ACCESS MODES",
        "STORAGECLASS",
        "VOLUMEATTRIBUTESCLASS",
        "AGE",
        "VOLUMEMODE",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>()];
    for claim in ["www-web-0", "www-web-1"] {
        let json = s.run(&format!("kubectl get pvc {claim} -o json")).stdout;
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let volume = v["spec"]["volumeName"].as_str().unwrap().to_string();
        assert!(volume.starts_with("pvc-"), "{volume}");
        let secs = clock_seconds(v["metadata"]["creationTimestamp"].as_str().unwrap());
        assert!(secs < 100, "{secs}");
        rows.push(
            [
                claim,
                "Bound",
                &volume,
                "1Gi",
                "RWO",
                "standard",
                "<unset>",
                &format!("{}s", now - secs),
                "Filesystem",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        );
    }
    assert_eq!(s.run("kubectl get pvc -o wide").stdout, layout(&rows));
    // Without -o wide, the same rows without VOLUMEMODE.
    for r in &mut rows {
        r.pop();
    }
    assert_eq!(s.run("kubectl get pvc").stdout, layout(&rows));
}

/// Seconds since the simulated clock's start (2026-01-01T00:00:00Z) of an RFC 3339 time in
/// that first hour.
fn clock_seconds(rfc3339: &str) -> u64 {
    let t = rfc3339
        .strip_prefix("2026-01-01T00:")
        .and_then(|t| t.strip_suffix('Z'))
        .unwrap_or_else(|| panic!("{rfc3339}"));
    let (m, s) = t.split_once(':').unwrap();
    m.parse::<u64>().unwrap() * 60 + s.parse::<u64>().unwrap()
}

#[test]
fn events_table_lists_the_controllers_events() {
    // Spec 7.1: per pod, the claim's SuccessfulCreate ("... success") then the pod's
    // ("... successful"), involving the StatefulSet; in the order recorded (commands.md);
    // LAST SEEN is the HumanDuration since lastTimestamp (12.7), laid out as 12.1.
    let mut s = Session::new();
    let (_, diags) = s.apply_manifests(CLAIMED);
    assert!(diags.is_empty(), "{diags:?}");
    s.run("sleep 100s");
    let json = s.run("kubectl get events -o json").stdout;
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    let items = list["items"].as_array().unwrap();
    let messages = [
        "create Claim www-web-0 Pod web-0 in StatefulSet web success",
        "create Pod web-0 in StatefulSet web successful",
        "create Claim www-web-1 Pod web-1 in StatefulSet web success",
        "create Pod web-1 in StatefulSet web successful",
    ];
    assert_eq!(items.len(), messages.len(), "{json}");
    let mut rows = cells(&[&["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]]);
    for (item, message) in items.iter().zip(messages) {
        assert_eq!(item["message"], message);
        assert_eq!(item["source"]["component"], "statefulset-controller");
        let last = clock_seconds(item["lastTimestamp"].as_str().unwrap());
        rows.push(
            [
                format!("{}s", 100 - last).as_str(),
                "Normal",
                "SuccessfulCreate",
                "statefulset/web",
                message,
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        );
    }
    assert_eq!(s.run("kubectl get events").stdout, layout(&rows));
}

#[test]
fn pod_table_follows_the_printer() {
    // Spec 12.2 (PRN `printPod`): READY ready/total containers, STATUS the phase, RESTARTS the
    // count; wide adds IP, NODE, and `<none>` for NOMINATED NODE and READINESS GATES. AGE
    // from each pod's creationTimestamp (12.7), rows in name order (12.8).
    let mut s = session();
    s.run("sleep 70s");
    let now = 100;
    let mut wide = cells(&[&[
        "NAME",
        "READY",
        "STATUS",
        "RESTARTS",
        "AGE",
        "IP",
        "NODE",
        "NOMINATED NODE",
        "READINESS GATES",
    ]]);
    for pod in ["web-0", "web-1"] {
        let json = s
            .run(&format!("kubectl get pod {pod} -n other -o json"))
            .stdout;
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let age = now - clock_seconds(v["metadata"]["creationTimestamp"].as_str().unwrap());
        let ip = v["status"]["podIP"].as_str().unwrap();
        let node = v["spec"]["nodeName"].as_str().unwrap();
        wide.push(
            [
                pod,
                "1/1",
                "Running",
                "0",
                &format!("{age}s"),
                ip,
                node,
                "<none>",
                "<none>",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        );
    }
    assert_eq!(
        s.run("kubectl get pods -o wide -n other").stdout,
        layout(&wide)
    );
    let narrow: Vec<Vec<String>> = wide.iter().map(|r| r[..5].to_vec()).collect();
    assert_eq!(s.run("kubectl get pods -n other").stdout, layout(&narrow));
}

#[test]
fn a_services_cluster_ip_may_not_change() {
    // Spec 6.14: ClusterIP → None is refused on update, the value JSON-encoded (1.34+);
    // headless → headless is allowed. Spec 6 rendering: one object, one cause → `The Service
    // "front" is invalid: <err>`, exit code 1.
    let svc = |ip: &str| {
        format!(
            "apiVersion: v1
kind: Service
metadata:
  name: front
spec:
  clusterIP: {ip}
  selector:
    app: front
  ports:
  - port: 80
"
        )
    };
    let mut s = Session::new();
    let (out, diags) = s.apply_manifests(&svc("10.96.100.100"));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(out.stdout, "service/front created\n");
    let (out, _) = s.apply_manifests(&svc("None"));
    assert_eq!(
        out.stderr,
        "The Service \"front\" is invalid: spec.clusterIPs[0]: Invalid value: [\"None\"]: may not change once set\n"
    );
    assert_eq!(out.exit_code, 1);
    // The stored Service keeps its address.
    let json = s.run("kubectl get svc front -o json").stdout;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["spec"]["clusterIP"], "10.96.100.100");

    let mut s = Session::new();
    let (out, _) = s.apply_manifests(&svc("None"));
    assert_eq!(out.stdout, "service/front created\n");
    let (out, _) = s.apply_manifests(&svc("None"));
    assert_eq!(out.stdout, "service/front unchanged\n");
    assert_eq!(out.stderr, "");
}

#[test]
fn warnings_and_empty_lists_on_stderr_leave_the_exit_code_0() {
    // kubectl prints `No resources found ...` and API warnings on stderr and still exits 0
    // (spec 12.6 for the Endpoints warning); an error exits 1.
    let mut s = Session::new();
    let empty = s.run("kubectl get pods");
    assert_eq!(empty.stderr, "No resources found in default namespace.\n");
    assert_eq!(empty.exit_code, 0);
    let endpoints = s.run("kubectl get endpoints");
    assert!(
        endpoints
            .stderr
            .starts_with("Warning: v1 Endpoints is deprecated in v1.33+"),
        "{}",
        endpoints.stderr
    );
    assert_eq!(endpoints.exit_code, 0);
    let missing = s.run("kubectl get pod web-9");
    assert_eq!(
        missing.stderr,
        "Error from server (NotFound): pods \"web-9\" not found\n"
    );
    assert_eq!(missing.exit_code, 1);
}

/// `kubectl describe pvc`, laid out as KCD `describePersistentVolumeClaim` writes it
/// (`printPersistentVolumeClaim`, `printPodsMultiline`, `DescribeEvents`) through a tabwriter
/// with padding 2: a claim waiting for its pod to be scheduled, bound, then deleted while its
/// pod still uses it (the pvc-protection finalizer keeps it, Terminating).
#[test]
fn describe_pvc_follows_kubectls_layout() {
    let mut s = Session::new();
    let (_, diags) = s.apply_manifests(CLAIMED);
    assert!(diags.is_empty(), "{diags:?}");
    // Time zero: created before its pod, not bound until the pod is scheduled (0.1 s).
    let pending = s.run("kubectl describe pvc www-web-0");
    assert_eq!(
        pending.stdout,
        "Name:          www-web-0\n\
         Namespace:     default\n\
         StorageClass:  standard\n\
         Status:        Pending\n\
         Volume:        \n\
         Labels:        app=nginx\n\
         Annotations:   <none>\n\
         Finalizers:    [kubernetes.io/pvc-protection]\n\
         Capacity:      \n\
         Access Modes:  \n\
         VolumeMode:    Filesystem\n\
         Used By:       web-0\n\
         Events:        <none>\n"
    );
    s.run("sleep 30s");
    let bound = s.run("kubectl describe pvc www-web-0").stdout;
    let lines: Vec<&str> = bound.lines().collect();
    assert_eq!(lines[3], "Status:        Bound");
    assert!(lines[4].starts_with("Volume:        pvc-"), "{}", lines[4]);
    assert_eq!(lines[8], "Capacity:      1Gi");
    assert_eq!(lines[9], "Access Modes:  RWO");
    assert_eq!(
        s.run("kubectl delete pvc www-web-0").stdout,
        "persistentvolumeclaim \"www-web-0\" deleted from default namespace\n"
    );
    s.run("sleep 5s");
    let terminating = s.run("kubectl describe pvc www-web-0").stdout;
    assert_eq!(
        terminating.lines().nth(3),
        Some("Status:        Terminating (lasts 5s)")
    );
    assert!(terminating.contains("\nUsed By:       web-0\n"));
    let missing = s.run("kubectl describe pvc nope");
    assert_eq!(
        missing.stderr,
        "Error from server (NotFound): persistentvolumeclaims \"nope\" not found\n"
    );
    assert_eq!(missing.exit_code, 1);
}

/// The cluster's own Services as a kind (kubeadm) cluster has them: the API server's
/// `kubernetes` Service and kubeadm's CoreDNS Service with its three ports (kubeadm
/// `cmd/kubeadm/app/phases/addons/dns/manifests.go`), set up 42 h before the scenario.
#[test]
fn the_clusters_own_services_are_kubeadms() {
    let mut s = Session::new();
    assert_eq!(
        s.run("kubectl get svc -A").stdout,
        "NAMESPACE     NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE\n\
         default       kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP                  42h\n\
         kube-system   kube-dns     ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   42h\n"
    );
    // kubectl's describe: a tabwriter block as wide as its longest label,
    // `Internal Traffic Policy:` (24 + 2 columns).
    let describe = s.run("kubectl describe svc kube-dns -n kube-system").stdout;
    let pad = |label: &str| format!("{label:<26}");
    let want = [
        format!("{}kube-dns", pad("Name:")),
        format!("{}kube-system", pad("Namespace:")),
        format!("{}k8s-app=kube-dns", pad("Labels:")),
        format!("{}kubernetes.io/cluster-service=true", pad("")),
        format!("{}kubernetes.io/name=CoreDNS", pad("")),
        format!("{}prometheus.io/port: 9153", pad("Annotations:")),
        format!("{}prometheus.io/scrape: true", pad("")),
        format!("{}k8s-app=kube-dns", pad("Selector:")),
        format!("{}ClusterIP", pad("Type:")),
        format!("{}SingleStack", pad("IP Family Policy:")),
        format!("{}IPv4", pad("IP Families:")),
        format!("{}10.96.0.10", pad("IP:")),
        format!("{}10.96.0.10", pad("IPs:")),
        format!("{}dns  53/UDP", pad("Port:")),
        format!("{}53/UDP", pad("TargetPort:")),
    ];
    let got: Vec<&str> = describe.lines().take(want.len()).collect();
    assert_eq!(got, want, "{describe}");
    assert!(
        describe.contains(&format!("{}dns-tcp  53/TCP\n", pad("Port:"))),
        "{describe}"
    );
    assert!(
        describe.contains(&format!("{}metrics  9153/TCP\n", pad("Port:"))),
        "{describe}"
    );
    let api = s.run("kubectl describe svc kubernetes").stdout;
    assert!(
        api.contains("\nLabels:                   component=apiserver\n                          provider=kubernetes\n"),
        "{api}"
    );
}

/// `kubectl patch -p` reads the patch as YAML (sigs.k8s.io/yaml `ToJSON`), so a YAML patch
/// works as a JSON one does, and a broken one is answered with go-yaml's words and line.
#[test]
fn patches_are_read_as_yaml_as_kubectl_reads_them() {
    let mut s = Session::new();
    let (_, diags) = s.apply_manifests(CLAIMED);
    assert!(diags.is_empty(), "{diags:?}");
    let yaml = s.run("kubectl patch statefulset web --type=merge -p 'spec: {replicas: 3}'");
    assert_eq!(
        yaml.stdout, "statefulset.apps/web patched\n",
        "{}",
        yaml.stderr
    );
    let json = s.run(r#"kubectl patch statefulset web --type=merge -p '{"spec":{"replicas":4}}'"#);
    assert_eq!(
        json.stdout, "statefulset.apps/web patched\n",
        "{}",
        json.stderr
    );
    let broken = s.run("kubectl patch statefulset web -p '{bad'");
    assert_eq!(
        broken.stderr,
        "error: unable to parse \"{bad\": yaml: line 1: did not find expected ',' or '}'\n"
    );
    assert_eq!(broken.exit_code, 1);
}
