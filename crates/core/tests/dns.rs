//! CoreDNS answers (fidelity spec 9) and busybox 1.28 nslookup (spec 11.1, errata 10.2),
//! table-driven: (cluster state, query name, type) → rcode and answer set.

use stsplay_core::dns::{query, DnsView, QType, RData, Rcode};
use stsplay_core::{Session, SEED_MANIFESTS};

const EXTRA: &str = "
---
apiVersion: v1
kind: Service
metadata:
  name: web-lb
spec:
  selector:
    app: nginx
  ports:
  - name: http
    port: 8080
    targetPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: docs
spec:
  type: ExternalName
  externalName: kubernetes.io
---
apiVersion: v1
kind: Service
metadata:
  name: empty
spec:
  clusterIP: None
  selector:
    app: nothing
";

fn settled() -> Session {
    let mut s = Session::new();
    let (out, diags) = s.apply_manifests(&format!("{SEED_MANIFESTS}{EXTRA}"));
    assert!(diags.is_empty(), "{diags:?} {}", out.stderr);
    s.advance_seconds(30);
    s
}

fn pod_ips(s: &mut Session) -> Vec<String> {
    let out = s.run("kubectl get pods -o wide");
    out.stdout
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().nth(5).unwrap().to_string())
        .collect()
}

fn a_records(answer: &stsplay_core::dns::Answer) -> Vec<String> {
    let mut v: Vec<String> = answer
        .answers
        .iter()
        .filter_map(|r| match &r.data {
            RData::A(ip) => Some(ip.clone()),
            _ => None,
        })
        .collect();
    v.sort();
    v
}

#[test]
fn answers_follow_the_kubernetes_plugin() {
    let mut s = settled();
    let ips = pod_ips(&mut s);
    let mut all = ips.clone();
    all.sort();
    let cluster = s.cluster();
    let view = DnsView::new(cluster);
    let lb_ip = cluster.services[&("default".to_string(), "web-lb".to_string())]
        .spec
        .as_ref()
        .unwrap()
        .cluster_ip
        .clone()
        .unwrap();
    // (name, type, rcode, A records)
    let cases: Vec<(&str, QType, Rcode, Vec<String>)> = vec![
        // 9.4: a ClusterIP Service answers with its ClusterIP.
        (
            "kubernetes.default.svc.cluster.local",
            QType::A,
            Rcode::NoError,
            vec!["10.96.0.1".into()],
        ),
        (
            "web-lb.default.svc.cluster.local.",
            QType::A,
            Rcode::NoError,
            vec![lb_ip.clone()],
        ),
        // 9.5: a headless Service answers with every ready endpoint.
        (
            "nginx.default.svc.cluster.local",
            QType::A,
            Rcode::NoError,
            all.clone(),
        ),
        // 9.1: case-insensitive.
        (
            "NGINX.Default.SVC.cluster.LOCAL",
            QType::A,
            Rcode::NoError,
            all.clone(),
        ),
        // 9.6: per-pod names under the governing Service.
        (
            "web-0.nginx.default.svc.cluster.local",
            QType::A,
            Rcode::NoError,
            vec![ips[0].clone()],
        ),
        (
            "web-1.nginx.default.svc.cluster.local",
            QType::A,
            Rcode::NoError,
            vec![ips[1].clone()],
        ),
        // ... and dashed-IP names where the pod's subdomain names another Service.
        (
            &*Box::leak(
                format!(
                    "{}.web-lb.default.svc.cluster.local",
                    ips[0].replace('.', "-")
                )
                .into_boxed_str(),
            ),
            QType::A,
            Rcode::NoError,
            vec![ips[0].clone()],
        ),
        (
            "web-2.nginx.default.svc.cluster.local",
            QType::A,
            Rcode::NxDomain,
            vec![],
        ),
        // 9.3: the name exists but has no AAAA record: NODATA.
        (
            "nginx.default.svc.cluster.local",
            QType::Aaaa,
            Rcode::NoError,
            vec![],
        ),
        // 9.5: a headless Service with no ready endpoint: NXDOMAIN.
        (
            "empty.default.svc.cluster.local",
            QType::A,
            Rcode::NxDomain,
            vec![],
        ),
        // 9.2: no such Service, no such namespace, the apexes.
        (
            "nope.default.svc.cluster.local",
            QType::A,
            Rcode::NxDomain,
            vec![],
        ),
        (
            "nginx.other.svc.cluster.local",
            QType::A,
            Rcode::NxDomain,
            vec![],
        ),
        ("svc.cluster.local", QType::A, Rcode::NoError, vec![]),
        (
            "default.svc.cluster.local",
            QType::A,
            Rcode::NoError,
            vec![],
        ),
        (
            "a.b.web-0.nginx.default.svc.cluster.local",
            QType::A,
            Rcode::NxDomain,
            vec![],
        ),
        // 9.10: pod records answer any dashed IP in an existing namespace.
        (
            "10-244-9-9.default.pod.cluster.local",
            QType::A,
            Rcode::NoError,
            vec!["10.244.9.9".into()],
        ),
        // 9.11: outside the cluster domain, no upstream here.
        ("example.com", QType::A, Rcode::NxDomain, vec![]),
        ("web-0.nginx", QType::A, Rcode::NxDomain, vec![]),
    ];
    for (name, qtype, rcode, want) in cases {
        let a = query(&view, name, qtype);
        assert_eq!(a.rcode, rcode, "{name} {qtype:?}: {}", a.reason);
        assert_eq!(a_records(&a), want, "{name} {qtype:?}");
        assert!(!a.reason.is_empty());
    }
}

#[test]
fn srv_ptr_and_cname() {
    let mut s = settled();
    let ips = pod_ips(&mut s);
    let cluster = s.cluster();
    let view = DnsView::new(cluster);
    // 9.7 headless: one SRV per ready endpoint, weight floor(100/2) = 50, the target port.
    let a = query(
        &view,
        "_web._tcp.nginx.default.svc.cluster.local",
        QType::Srv,
    );
    let mut srv: Vec<(u16, u16, i32, String)> = a
        .answers
        .iter()
        .map(|r| match &r.data {
            RData::Srv {
                priority,
                weight,
                port,
                target,
            } => (*priority, *weight, *port, target.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    srv.sort();
    assert_eq!(
        srv,
        vec![
            (
                0,
                50,
                80,
                "web-0.nginx.default.svc.cluster.local.".to_string()
            ),
            (
                0,
                50,
                80,
                "web-1.nginx.default.svc.cluster.local.".to_string()
            ),
        ]
    );
    assert_eq!(a.additional.len(), 2);
    // 9.7 ClusterIP: one SRV to the Service name, the Service port.
    let a = query(
        &view,
        "_http._tcp.web-lb.default.svc.cluster.local",
        QType::Srv,
    );
    assert!(
        matches!(&a.answers[0].data, RData::Srv { weight: 100, port: 8080, target, .. } if target == "web-lb.default.svc.cluster.local.")
    );
    // No such port name: NXDOMAIN.
    assert_eq!(
        query(
            &view,
            "_nope._tcp.nginx.default.svc.cluster.local",
            QType::Srv
        )
        .rcode,
        Rcode::NxDomain
    );
    // 9.8 PTR: a ClusterIP reverses to the Service; a ready pod IP to its per-pod names.
    let a = query(&view, "10.0.96.10.in-addr.arpa", QType::Ptr);
    assert_eq!(
        a.answers[0].data,
        RData::Ptr("kube-dns.kube-system.svc.cluster.local.".into())
    );
    let parts: Vec<&str> = ips[0].split('.').collect();
    let rev = format!(
        "{}.{}.{}.{}.in-addr.arpa",
        parts[3], parts[2], parts[1], parts[0]
    );
    let mut names: Vec<RData> = query(&view, &rev, QType::Ptr)
        .answers
        .into_iter()
        .map(|r| r.data)
        .collect();
    names.sort_by_key(|d| format!("{d:?}"));
    assert_eq!(
        names,
        vec![
            RData::Ptr(format!(
                "{}.web-lb.default.svc.cluster.local.",
                ips[0].replace('.', "-")
            )),
            RData::Ptr("web-0.nginx.default.svc.cluster.local.".into()),
        ]
    );
    // 9.9 ExternalName: a CNAME.
    let a = query(&view, "docs.default.svc.cluster.local", QType::A);
    assert_eq!(a.answers[0].data, RData::Cname("kubernetes.io.".into()));
}

#[test]
fn nslookup_prints_as_busybox_1_28() {
    let mut s = settled();
    let ips = pod_ips(&mut s);
    let server =
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n";
    // 10.3: kubernetes.default resolves through the search path.
    let out = s.run("nslookup kubernetes.default");
    assert_eq!(
        out.stdout,
        format!("{server}Name:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n")
    );
    // 11.1: a headless Service name lists every ready pod, each with its own PTR name.
    let out = s.run("nslookup nginx");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[3], "Name:      nginx");
    assert_eq!(lines.len(), 6, "{}", out.stdout);
    for ip in &ips {
        assert!(
            out.stdout.contains(&format!("{ip} web-"))
                && out.stdout.contains(".nginx.default.svc.cluster.local"),
            "{}",
            out.stdout
        );
    }
    // A fully qualified name, and an IP literal.
    let out = s.run("nslookup web-1.nginx.default.svc.cluster.local");
    assert!(out.stdout.ends_with(&format!(
        "Address 1: {} web-1.nginx.default.svc.cluster.local\n",
        ips[1]
    )));
    let out = s.run("nslookup 10.96.0.1");
    assert_eq!(
        out.stdout,
        format!("{server}Name:      10.96.0.1\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n")
    );
    // 11.1 failure: server block on stdout, the error on stderr, exit 1.
    let out = s.run("nslookup web-5.nginx");
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str(), out.exit_code),
        (server, "nslookup: can't resolve 'web-5.nginx'\n", 1)
    );
}

#[test]
fn dns_follows_the_cluster_as_it_changes() {
    // Scale down by re-applying: web-1 leaves DNS once it is gone.
    let mut s = settled();
    let (out, _) = s.apply_manifests(&format!(
        "{}{EXTRA}",
        SEED_MANIFESTS.replace("replicas: 2", "replicas: 1")
    ));
    assert!(
        out.stdout.contains("statefulset.apps/web configured"),
        "{}",
        out.stdout
    );
    s.advance_seconds(10);
    assert_eq!(s.run("nslookup web-1.nginx").exit_code, 1);
    assert_eq!(s.run("nslookup web-0.nginx").exit_code, 0);
}

#[test]
fn parallel_creates_every_pod_at_once() {
    let mut s = Session::new();
    let text = SEED_MANIFESTS
        .replace("replicas: 2", "replicas: 3")
        .replace(
            "  serviceName: \"nginx\"\n",
            "  serviceName: \"nginx\"\n  podManagementPolicy: Parallel\n",
        );
    let (_, diags) = s.apply_manifests(&text);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        s.run("kubectl get pods -o name").stdout,
        "pod/web-0\npod/web-1\npod/web-2\n"
    );
}
