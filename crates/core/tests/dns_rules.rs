//! One table-driven test per numbered rule of fidelity spec 9 (cluster DNS as the CoreDNS
//! `kubernetes` plugin serves it), with the errata. Each table row is (query name, type) →
//! the expected rcode (NOERROR with records, NOERROR without records = NODATA, NXDOMAIN)
//! and the expected answer (and additional) records, written by hand from the spec, the
//! errata and the plugin's own test tables (coredns/coredns plugin/kubernetes/
//! handler_test.go = CDHT, handler_case_test.go, handler_pod_insecure_test.go,
//! kubernetes_apex_test.go, reverse_test.go; kubernetes/dns docs/specification.md = DSPEC).
//! Pod IPs and ClusterIPs are not fixed by the spec: the expectations use the ones
//! `kubectl get pods -o wide` and `kubectl get svc -A` print in the same test.
//!
//! Records are compared as sorted lists of `owner TYPE rdata` (the kubeadm Corefile's
//! `loadbalance` shuffles A records, and SRV order follows the slice: spec 9.1, errata 9.1).

use std::collections::BTreeMap;

use stsplay_core::dns::{query, DnsView, QType, RData, Rcode, Record};
use stsplay_core::{Session, SEED_MANIFESTS};

/// Besides the seed (headless `nginx`, StatefulSet `web` ×2, named port `web` 80):
/// - `web-lb`: a ClusterIP Service over the same pods, port `http` 8080 → targetPort 80;
/// - `svcempty`: a ClusterIP Service whose selector matches nothing (CDHT `svcempty`);
/// - `empty`: a headless Service whose selector matches nothing;
/// - `hdlsprtls`: a headless Service without ports over the web pods (CDHT `hdlsprtls`);
/// - `multi`: a headless Service over the web pods with ports `web` 80 and `metrics` 9113;
/// - `alt`: a headless Service over the web pods, port `http` 8080 → targetPort 80;
/// - `ext`: ExternalName `ext.example.test`; `ext-int`: ExternalName naming `web-lb`
///   (CDHT `external`, `external-to-service`); `ext-hdls`: ExternalName naming the headless
///   `nginx`; `ext-gone`: ExternalName naming a Service that does not exist; `ext-self`: ExternalName
///   naming itself;
/// - `peers` (headless, publishNotReadyAddresses) governing StatefulSet `db` ×2.
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
  name: svcempty
spec:
  selector:
    app: nothing
  ports:
  - name: http
    port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: empty
spec:
  clusterIP: None
  selector:
    app: nothing
  ports:
  - name: web
    port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: hdlsprtls
spec:
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: v1
kind: Service
metadata:
  name: multi
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - name: web
    port: 80
  - name: metrics
    port: 9113
---
apiVersion: v1
kind: Service
metadata:
  name: alt
spec:
  clusterIP: None
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
  name: ext
spec:
  type: ExternalName
  externalName: ext.example.test
---
apiVersion: v1
kind: Service
metadata:
  name: ext-int
spec:
  type: ExternalName
  externalName: web-lb.default.svc.cluster.local
---
apiVersion: v1
kind: Service
metadata:
  name: ext-hdls
spec:
  type: ExternalName
  externalName: nginx.default.svc.cluster.local
---
apiVersion: v1
kind: Service
metadata:
  name: ext-gone
spec:
  type: ExternalName
  externalName: gone.default.svc.cluster.local
---
apiVersion: v1
kind: Service
metadata:
  name: ext-self
spec:
  type: ExternalName
  externalName: ext-self.default.svc.cluster.local
---
apiVersion: v1
kind: Service
metadata:
  name: peers
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    app: db
  ports:
  - name: web
    port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  selector:
    matchLabels:
      app: db
  serviceName: peers
  replicas: 2
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: nginx
        image: nginx:1.9.1
        ports:
        - containerPort: 80
          name: web
";

/// The cluster of a test: the session and the addresses read from kubectl.
struct Fixture {
    s: Session,
    /// Pod name → pod IP (`kubectl get pods -o wide`).
    pod: BTreeMap<String, String>,
    /// Service name (default namespace, and `kube-system/kube-dns`) → ClusterIP.
    svc: BTreeMap<String, String>,
}

impl Fixture {
    fn new() -> Fixture {
        let mut s = Session::new();
        let (out, diags) = s.apply_manifests(&format!("{SEED_MANIFESTS}{EXTRA}"));
        assert!(diags.is_empty(), "{diags:?} {}", out.stderr);
        s.run("sleep 30s");
        let pods = s.run("kubectl get pods -o wide").stdout;
        let pod = pods
            .lines()
            .skip(1)
            .map(|l| {
                let c: Vec<&str> = l.split_whitespace().collect();
                (c[0].to_string(), c[5].to_string())
            })
            .collect::<BTreeMap<_, _>>();
        assert_eq!(
            pod.keys().collect::<Vec<_>>(),
            ["db-0", "db-1", "web-0", "web-1"],
            "{pods}"
        );
        let svcs = s.run("kubectl get svc -A").stdout;
        let svc = svcs
            .lines()
            .skip(1)
            .map(|l| {
                let c: Vec<&str> = l.split_whitespace().collect();
                let key = if c[0] == "default" {
                    c[1].to_string()
                } else {
                    format!("{}/{}", c[0], c[1])
                };
                (key, c[3].to_string())
            })
            .collect();
        Fixture { s, pod, svc }
    }

    fn ip(&self, pod: &str) -> &str {
        &self.pod[pod]
    }

    fn cip(&self, svc: &str) -> &str {
        &self.svc[svc]
    }
}

/// What a query should get.
enum Want {
    /// NOERROR with exactly these answer records (and, when given, these additional ones).
    Records(Vec<String>, Option<Vec<String>>),
    /// NOERROR without records.
    NoData,
    NxDomain,
}
use Want::*;

fn rec(answers: Vec<String>) -> Want {
    Records(answers, None)
}

fn rec_extra(answers: Vec<String>, extra: Vec<String>) -> Want {
    Records(answers, Some(extra))
}

fn a(owner: &str, ip: &str) -> String {
    format!("{owner} A {ip}")
}

fn srv(owner: &str, weight: u16, port: i32, target: &str) -> String {
    format!("{owner} SRV 0 {weight} {port} {target}")
}

fn ptr(owner: &str, target: &str) -> String {
    format!("{owner} PTR {target}")
}

fn cname(owner: &str, target: &str) -> String {
    format!("{owner} CNAME {target}")
}

/// `10.244.1.6` → `10-244-1-6` (DSPEC 2.4.1 / CoreDNS `endpointHostname`).
fn dashed(ip: &str) -> String {
    ip.replace('.', "-")
}

/// `10.244.1.6` → `6.1.244.10.in-addr.arpa.`
fn rev(ip: &str) -> String {
    let mut p: Vec<&str> = ip.split('.').collect();
    p.reverse();
    format!("{}.in-addr.arpa.", p.join("."))
}

fn show(r: &Record) -> String {
    match &r.data {
        RData::A(ip) => a(&r.name, ip),
        RData::Srv {
            priority,
            weight,
            port,
            target,
        } => format!("{} SRV {priority} {weight} {port} {target}", r.name),
        RData::Ptr(t) => ptr(&r.name, t),
        RData::Cname(t) => cname(&r.name, t),
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Asks every row through `dns::query` (what nslookup, dig and `sim resolve` ask) and
/// collects every mismatch, so one run shows all of them.
fn check(rule: &str, s: &Session, rows: Vec<(String, QType, Want)>) {
    let view = DnsView::new(s.cluster());
    let mut failures = Vec::new();
    for (name, qtype, want) in rows {
        let got = query(&view, &name, qtype);
        let answers = sorted(got.answers.iter().map(show).collect());
        let additional = sorted(got.additional.iter().map(show).collect());
        // 9.1: every record of the cluster zone carries the kubeadm Corefile's TTL, 30.
        for r in got.answers.iter().chain(&got.additional) {
            if r.ttl != 30 {
                failures.push(format!("{name} {qtype:?}: TTL {} in {}", r.ttl, show(r)));
            }
        }
        let ok = match &want {
            Records(w, extra) => {
                got.rcode == Rcode::NoError
                    && answers == sorted(w.clone())
                    && extra
                        .as_ref()
                        .is_none_or(|e| additional == sorted(e.clone()))
            }
            NoData => got.rcode == Rcode::NoError && got.answers.is_empty(),
            NxDomain => got.rcode == Rcode::NxDomain && got.answers.is_empty(),
        };
        if !ok {
            let want_text = match &want {
                Records(w, e) => format!(
                    "NOERROR {:?} additional {:?}",
                    sorted(w.clone()),
                    e.clone().map(sorted)
                ),
                NoData => "NOERROR/NODATA".into(),
                NxDomain => "NXDOMAIN".into(),
            };
            failures.push(format!(
                "{name} {qtype:?}\n    want: {want_text}\n    got:  {:?} {answers:?} additional {additional:?} ({})",
                got.rcode, got.reason
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "spec {rule}:\n  {}",
        failures.join("\n  ")
    );
}

fn row(name: impl Into<String>, qtype: QType, want: Want) -> (String, QType, Want) {
    (name.into(), qtype, want)
}

/// 9.1: zone `cluster.local`, case-insensitive matching, answers authoritative, TTL 30
/// (checked on every record of every table by `check`), multi-record answers compared as
/// sets. Owners echo the question's case; in SRV targets and additional records only the
/// zone labels keep it (errata 9.1; handler_case_test.go `SvC1.TeStNs.SvC.cLuStEr.LoCaL.` A,
/// `_HtTp._TcP.sVc1.TeStNs.SvC.cLuStEr.LoCaL.` SRV → target `svc1.testns.svc.cLuStEr.LoCaL.`,
/// negative answers carry the SOA of the zone as asked, `ClUsTeR.lOcAl.`).
/// SRV targets and additional owners are `<endpoint>.<service>.<namespace>.svc.` from the
/// objects (lower case) and then the zone as the question spells it: CoreDNS's ServeDNS
/// keeps `zone = qname[len(qname)-len(zone):] // maintain case of original query` and
/// findServices builds the keys from `msg.Path(zone, ...)`, `Svc` = "svc", `svc.Namespace`,
/// `svc.Name` and `endpointHostname`.
#[test]
fn rule_9_1_zone_case_ttl_and_authority() {
    let mut f = Fixture::new();
    let (ip0, ip1) = (f.ip("web-0"), f.ip("web-1"));
    let lbip = f.cip("web-lb");
    let q = "NGINX.Default.SVC.cluster.LOCAL.";
    let q0 = "Web-0.NGINX.default.svc.CLUSTER.local.";
    let qk = "KUBERNETES.DEFAULT.SVC.CLUSTER.LOCAL.";
    // Errata 9.1 examples: the zone keeps the question's case, nothing else does.
    let qs = "_WEB._TCP.NGINX.DEFAULT.SVC.CLUSTER.LOCAL.";
    let (t0, t1) = (
        "web-0.nginx.default.svc.CLUSTER.LOCAL.",
        "web-1.nginx.default.svc.CLUSTER.LOCAL.",
    );
    let ql = "_HtTp._TcP.wEb-Lb.DeFaUlT.SvC.cLuStEr.LoCaL.";
    let tl = "web-lb.default.svc.cLuStEr.LoCaL.";
    // The bare name's SRV (every port) and a headless Service whose endpoints have no
    // hostname there (dashed-IP targets).
    let qb = "Nginx.Default.Svc.Cluster.Local.";
    let (b0, b1) = (
        "web-0.nginx.default.svc.Cluster.Local.",
        "web-1.nginx.default.svc.Cluster.Local.",
    );
    let qm = "_metrics._tcp.MULTI.default.svc.cluster.LOCAL.";
    let m0 = format!("{}.multi.default.svc.cluster.LOCAL.", dashed(ip0));
    let m1 = format!("{}.multi.default.svc.cluster.LOCAL.", dashed(ip1));
    let rows = vec![
        row(q, QType::A, rec(vec![a(q, ip0), a(q, ip1)])),
        row(q0, QType::A, rec(vec![a(q0, ip0)])),
        row(qk, QType::A, rec(vec![a(qk, "10.96.0.1")])),
        row(
            qs,
            QType::Srv,
            rec_extra(
                vec![srv(qs, 50, 80, t0), srv(qs, 50, 80, t1)],
                vec![a(t0, ip0), a(t1, ip1)],
            ),
        ),
        row(
            ql,
            QType::Srv,
            rec_extra(vec![srv(ql, 100, 8080, tl)], vec![a(tl, lbip)]),
        ),
        row(
            qb,
            QType::Srv,
            rec_extra(
                vec![srv(qb, 50, 80, b0), srv(qb, 50, 80, b1)],
                vec![a(b0, ip0), a(b1, ip1)],
            ),
        ),
        row(
            qm,
            QType::Srv,
            rec_extra(
                vec![srv(qm, 50, 9113, &m0), srv(qm, 50, 9113, &m1)],
                vec![a(&m0, ip0), a(&m1, ip1)],
            ),
        ),
        row(
            "NOT-A-SERVICE.default.svc.cluster.local.",
            QType::A,
            NxDomain,
        ),
    ];
    check("9.1", &f.s, rows);

    // The AA bit, through dig (the `flags:` line), for an answer, a name error and the
    // reverse zone the kubeadm Corefile also gives the plugin (`in-addr.arpa`).
    for (line, answers, authority) in [
        ("dig kubernetes.default.svc.cluster.local", 1, 0),
        ("dig nope.default.svc.cluster.local", 0, 1),
        ("dig -x 10.96.0.10", 1, 0),
    ] {
        let out = f.s.run(line);
        let want = format!(
            ";; flags: qr aa rd; QUERY: 1, ANSWER: {answers}, AUTHORITY: {authority}, ADDITIONAL: 1\n"
        );
        assert!(out.stdout.contains(&want), "{line}:\n{}", out.stdout);
    }
    // The negative answer's SOA is the zone in the question's case (handler_case_test.go
    // "Negative response"); serial not fixed by the spec, so only the rest is compared.
    let out = f.s.run("dig not-a-service.default.svc.ClUsTeR.lOcAl");
    let soa = out
        .stdout
        .lines()
        .find(|l| l.contains("\tSOA\t"))
        .unwrap_or_default()
        .to_string();
    assert!(
        soa.starts_with(
            "ClUsTeR.lOcAl.\t\t30\tIN\tSOA\tns.dns.ClUsTeR.lOcAl. hostmaster.ClUsTeR.lOcAl. "
        ) && soa.ends_with(" 7200 1800 86400 30"),
        "{}",
        out.stdout
    );
}

/// 9.2: names are parsed right to left after the zone: `svc`|`pod`, namespace, service,
/// then one endpoint label or two port/proto labels; anything else is NXDOMAIN. The apexes
/// are NODATA (CDHT `svc.cluster.local.`, `pod.cluster.local.`, `testns.svc.cluster.local.`
/// A; kubernetes_apex_test.go `cluster.local.` HINFO → NOERROR, SOA in authority), an
/// absent namespace NXDOMAIN (CDHT `svc0.svc-nons.svc.cluster.local.`), a second-level
/// label other than svc/pod NXDOMAIN (CDHT `foo.cluster.local.` NS). Errata 9.2: any two
/// labels are port/proto, the leading `_` stripped, not required; an A query for
/// `_web._tcp.<svc>` answers the endpoint addresses.
#[test]
fn rule_9_2_name_parsing() {
    let f = Fixture::new();
    let (ip0, ip1) = (f.ip("web-0"), f.ip("web-1"));
    let t0 = "web-0.nginx.default.svc.cluster.local.";
    let t1 = "web-1.nginx.default.svc.cluster.local.";
    let nt = "web.tcp.nginx.default.svc.cluster.local.";
    let ut = "_web._tcp.nginx.default.svc.cluster.local.";
    let rows = vec![
        row("cluster.local.", QType::A, NoData),
        row("svc.cluster.local.", QType::A, NoData),
        row("pod.cluster.local.", QType::A, NoData),
        row("default.svc.cluster.local.", QType::A, NoData),
        row("kube-system.svc.cluster.local.", QType::Srv, NoData),
        row("no-such-ns.svc.cluster.local.", QType::A, NxDomain),
        row("nginx.no-such-ns.svc.cluster.local.", QType::A, NxDomain),
        row("foo.cluster.local.", QType::A, NxDomain),
        row("nginx.default.foo.cluster.local.", QType::A, NxDomain),
        row("web-0.nginx.default.cluster.local.", QType::A, NxDomain),
        // Three labels before the service: too long.
        row(
            "a.b.web-0.nginx.default.svc.cluster.local.",
            QType::A,
            NxDomain,
        ),
        row(
            "_web._tcp.web-0.nginx.default.svc.cluster.local.",
            QType::Srv,
            NxDomain,
        ),
        // Two labels: port and protocol, with or without the underscores.
        row(
            nt,
            QType::Srv,
            rec(vec![srv(nt, 50, 80, t0), srv(nt, 50, 80, t1)]),
        ),
        row(ut, QType::A, rec(vec![a(ut, ip0), a(ut, ip1)])),
    ];
    check("9.2", &f.s, rows);
}

/// 9.3: no such Service (or endpoint) → NXDOMAIN; an existing name without a record of the
/// asked type → NODATA (CDHT `svc1` AAAA → NOERROR + SOA; `svc0` A and AAAA → NXDOMAIN;
/// `bogusendpoint.hdls1` and `bogusendpoint.svc0` A → NXDOMAIN).
#[test]
fn rule_9_3_nxdomain_and_nodata() {
    let f = Fixture::new();
    let rows = vec![
        row("nope.default.svc.cluster.local.", QType::A, NxDomain),
        row("nope.default.svc.cluster.local.", QType::Aaaa, NxDomain),
        row("web-lb.default.svc.cluster.local.", QType::Aaaa, NoData),
        row("kubernetes.default.svc.cluster.local.", QType::Aaaa, NoData),
        row("nginx.default.svc.cluster.local.", QType::Aaaa, NoData),
        row(
            "web-0.nginx.default.svc.cluster.local.",
            QType::Aaaa,
            NoData,
        ),
        row(
            "bogusendpoint.nginx.default.svc.cluster.local.",
            QType::A,
            NxDomain,
        ),
        row(
            "bogusendpoint.nope.default.svc.cluster.local.",
            QType::A,
            NxDomain,
        ),
    ];
    check("9.3", &f.s, rows);
}

/// 9.4: a ClusterIP Service answers its ClusterIP whether or not it has endpoints
/// (DSPEC 2.3.1; CDHT `svc1` and `svcempty` A → 10.0.0.1); `kubernetes` is 10.96.0.1 and
/// `kube-dns` 10.96.0.10 in a kubeadm cluster (spec 9.4, 10.1).
#[test]
fn rule_9_4_cluster_ip_services() {
    let mut f = Fixture::new();
    let k = "kubernetes.default.svc.cluster.local.";
    let d = "kube-dns.kube-system.svc.cluster.local.";
    let lb = "web-lb.default.svc.cluster.local.";
    let e = "svcempty.default.svc.cluster.local.";
    let (lbip, eip) = (f.cip("web-lb").to_string(), f.cip("svcempty").to_string());
    let rows = || {
        vec![
            row(k, QType::A, rec(vec![a(k, "10.96.0.1")])),
            row(d, QType::A, rec(vec![a(d, "10.96.0.10")])),
            row(lb, QType::A, rec(vec![a(lb, &lbip)])),
            row(e, QType::A, rec(vec![a(e, &eip)])),
        ]
    };
    check("9.4", &f.s, rows());
    assert_eq!(f.cip("kube-system/kube-dns"), "10.96.0.10");
    // With none of web-lb's pods Ready, the ClusterIP still answers.
    f.s.run("sim unready web-0");
    f.s.run("sim unready web-1");
    check("9.4 (no ready endpoints)", &f.s, rows());
}

/// 9.5: a headless Service answers one A per ready endpoint address, each address once;
/// none ready → NXDOMAIN (DSPEC 2.4.1; CDHT `hdls1` A → its four IPv4 addresses, the
/// portless `hdlsprtls` A → its address). Ready per 8.2: publishNotReadyAddresses counts
/// every address.
#[test]
fn rule_9_5_headless_services() {
    let mut f = Fixture::new();
    let (ip0, ip1) = (f.ip("web-0").to_string(), f.ip("web-1").to_string());
    let (db0, db1) = (f.ip("db-0").to_string(), f.ip("db-1").to_string());
    let n = "nginx.default.svc.cluster.local.";
    let m = "multi.default.svc.cluster.local.";
    let h = "hdlsprtls.default.svc.cluster.local.";
    let p = "peers.default.svc.cluster.local.";
    check(
        "9.5",
        &f.s,
        vec![
            row(n, QType::A, rec(vec![a(n, &ip0), a(n, &ip1)])),
            // Two ports, one A per address.
            row(m, QType::A, rec(vec![a(m, &ip0), a(m, &ip1)])),
            row(h, QType::A, rec(vec![a(h, &ip0), a(h, &ip1)])),
            row(p, QType::A, rec(vec![a(p, &db0), a(p, &db1)])),
            row("empty.default.svc.cluster.local.", QType::A, NxDomain),
        ],
    );
    f.s.run("sim unready web-1");
    f.s.run("sim unready db-1");
    check(
        "9.5 (web-1 and db-1 not Ready)",
        &f.s,
        vec![
            row(n, QType::A, rec(vec![a(n, &ip0)])),
            row(m, QType::A, rec(vec![a(m, &ip0)])),
            row(p, QType::A, rec(vec![a(p, &db0), a(p, &db1)])),
        ],
    );
    f.s.run("sim unready web-0");
    check(
        "9.5 (no web pod Ready)",
        &f.s,
        vec![
            row(n, QType::A, NxDomain),
            row(h, QType::A, NxDomain),
            row(p, QType::A, rec(vec![a(p, &db0), a(p, &db1)])),
        ],
    );
}

/// 9.6: `<hostname>.<svc>.<ns>.svc.cluster.local` → the ready endpoint with that hostname
/// (DSPEC 2.4.1; CDHT `dup-name.hdls1` A); endpoints without a hostname (8.3: the pod's
/// subdomain is another Service) by the dashed IP (CDHT `172-0-0-2.hdls1`,
/// `172-0-0-20.hdlsprtls`), also under a non-headless Service (CoreDNS extension, spec 9.6,
/// kubernetes_test.go `ep1a.svc1`); an endpoint with a hostname is not named by its dashed
/// IP; a pod that is not Ready is NXDOMAIN unless publishNotReadyAddresses.
#[test]
fn rule_9_6_endpoint_names() {
    let mut f = Fixture::new();
    let (ip0, ip1) = (f.ip("web-0").to_string(), f.ip("web-1").to_string());
    let db1 = f.ip("db-1").to_string();
    let w0 = "web-0.nginx.default.svc.cluster.local.";
    let w1 = "web-1.nginx.default.svc.cluster.local.";
    let d1 = "db-1.peers.default.svc.cluster.local.";
    let pl = format!("{}.hdlsprtls.default.svc.cluster.local.", dashed(&ip0));
    let lb = format!("{}.web-lb.default.svc.cluster.local.", dashed(&ip1));
    check(
        "9.6",
        &f.s,
        vec![
            row(w0, QType::A, rec(vec![a(w0, &ip0)])),
            row(w1, QType::A, rec(vec![a(w1, &ip1)])),
            row(d1, QType::A, rec(vec![a(d1, &db1)])),
            row("web-2.nginx.default.svc.cluster.local.", QType::A, NxDomain),
            row(&pl, QType::A, rec(vec![a(&pl, &ip0)])),
            row(&lb, QType::A, rec(vec![a(&lb, &ip1)])),
            // The hostname is set only where the pod's subdomain is the Service (8.3).
            row(
                "web-0.hdlsprtls.default.svc.cluster.local.",
                QType::A,
                NxDomain,
            ),
            row(
                "web-0.web-lb.default.svc.cluster.local.",
                QType::A,
                NxDomain,
            ),
            row(
                format!("{}.nginx.default.svc.cluster.local.", dashed(&ip0)),
                QType::A,
                NxDomain,
            ),
            // A pod of another Service is not named under this one.
            row("db-0.nginx.default.svc.cluster.local.", QType::A, NxDomain),
        ],
    );
    f.s.run("sim unready web-1");
    f.s.run("sim unready db-1");
    check(
        "9.6 (web-1 and db-1 not Ready)",
        &f.s,
        vec![
            row(w1, QType::A, NxDomain),
            row(&lb, QType::A, NxDomain),
            row(w0, QType::A, rec(vec![a(w0, &ip0)])),
            row(d1, QType::A, rec(vec![a(d1, &db1)])),
        ],
    );
}

/// 9.7 with errata 9.7: SRV `_<port>._<proto>.<svc>`. Headless: one record per ready
/// endpoint × matching port, priority 0, weight floor(100/N) over N such entries, the
/// endpoint (target) port, target the endpoint's name, its A record in the additional
/// section (CDHT `_http._tcp.hdls1`). ClusterIP: `0 100 <service port> <svc>.` plus the
/// ClusterIP (CDHT `_http._tcp.svc1`, `_http._tcp.svcempty`). The bare Service name
/// answers every port (CDHT `svc1.testns.svc.cluster.local.` SRV); no port of that name
/// or protocol → NXDOMAIN; a portless headless Service's bare-name SRV → NODATA.
#[test]
fn rule_9_7_srv() {
    let f = Fixture::new();
    let (ip0, ip1) = (f.ip("web-0"), f.ip("web-1"));
    let lbip = f.cip("web-lb");
    let t0 = "web-0.nginx.default.svc.cluster.local.";
    let t1 = "web-1.nginx.default.svc.cluster.local.";
    let m0 = format!("{}.multi.default.svc.cluster.local.", dashed(ip0));
    let m1 = format!("{}.multi.default.svc.cluster.local.", dashed(ip1));
    let a0 = format!("{}.alt.default.svc.cluster.local.", dashed(ip0));
    let a1 = format!("{}.alt.default.svc.cluster.local.", dashed(ip1));
    let lb = "web-lb.default.svc.cluster.local.";
    let q = "_web._tcp.nginx.default.svc.cluster.local.";
    let bare = "nginx.default.svc.cluster.local.";
    let qm = "_web._tcp.multi.default.svc.cluster.local.";
    let qmm = "_metrics._tcp.multi.default.svc.cluster.local.";
    let bm = "multi.default.svc.cluster.local.";
    let qa = "_http._tcp.alt.default.svc.cluster.local.";
    let ql = "_http._tcp.web-lb.default.svc.cluster.local.";
    let qe = "_http._tcp.svcempty.default.svc.cluster.local.";
    let e = "svcempty.default.svc.cluster.local.";
    let qk = "_https._tcp.kubernetes.default.svc.cluster.local.";
    let k = "kubernetes.default.svc.cluster.local.";
    let rows = vec![
        row(
            q,
            QType::Srv,
            rec_extra(
                vec![srv(q, 50, 80, t0), srv(q, 50, 80, t1)],
                vec![a(t0, ip0), a(t1, ip1)],
            ),
        ),
        row(
            bare,
            QType::Srv,
            rec_extra(
                vec![srv(bare, 50, 80, t0), srv(bare, 50, 80, t1)],
                vec![a(t0, ip0), a(t1, ip1)],
            ),
        ),
        row(
            qm,
            QType::Srv,
            rec_extra(
                vec![srv(qm, 50, 80, &m0), srv(qm, 50, 80, &m1)],
                vec![a(&m0, ip0), a(&m1, ip1)],
            ),
        ),
        row(
            qmm,
            QType::Srv,
            rec(vec![srv(qmm, 50, 9113, &m0), srv(qmm, 50, 9113, &m1)]),
        ),
        // Every port of every address: 4 entries, weight 25; each target's A once.
        row(
            bm,
            QType::Srv,
            rec_extra(
                vec![
                    srv(bm, 25, 80, &m0),
                    srv(bm, 25, 80, &m1),
                    srv(bm, 25, 9113, &m0),
                    srv(bm, 25, 9113, &m1),
                ],
                vec![a(&m0, ip0), a(&m1, ip1)],
            ),
        ),
        // Headless: the endpoint's port, i.e. the target port 80, not the Service port 8080.
        row(
            qa,
            QType::Srv,
            rec_extra(
                vec![srv(qa, 50, 80, &a0), srv(qa, 50, 80, &a1)],
                vec![a(&a0, ip0), a(&a1, ip1)],
            ),
        ),
        // ClusterIP: the Service port, the Service name, its ClusterIP.
        row(
            ql,
            QType::Srv,
            rec_extra(vec![srv(ql, 100, 8080, lb)], vec![a(lb, lbip)]),
        ),
        row(
            lb,
            QType::Srv,
            rec_extra(vec![srv(lb, 100, 8080, lb)], vec![a(lb, lbip)]),
        ),
        row(
            qe,
            QType::Srv,
            rec_extra(vec![srv(qe, 100, 80, e)], vec![a(e, f.cip("svcempty"))]),
        ),
        row(
            qk,
            QType::Srv,
            rec_extra(vec![srv(qk, 100, 443, k)], vec![a(k, "10.96.0.1")]),
        ),
        // Port and protocol names are case-insensitive.
        row(
            "_WEB._TCP.nginx.default.svc.cluster.local.",
            QType::Srv,
            rec(vec![
                srv("_WEB._TCP.nginx.default.svc.cluster.local.", 50, 80, t0),
                srv("_WEB._TCP.nginx.default.svc.cluster.local.", 50, 80, t1),
            ]),
        ),
        row(
            "_nope._tcp.nginx.default.svc.cluster.local.",
            QType::Srv,
            NxDomain,
        ),
        row(
            "_web._udp.nginx.default.svc.cluster.local.",
            QType::Srv,
            NxDomain,
        ),
        row(
            "_http._tcp.nginx.default.svc.cluster.local.",
            QType::Srv,
            NxDomain,
        ),
        row(
            "_web._tcp.hdlsprtls.default.svc.cluster.local.",
            QType::Srv,
            NxDomain,
        ),
        row("hdlsprtls.default.svc.cluster.local.", QType::Srv, NoData),
        row(
            "_web._tcp.nope.default.svc.cluster.local.",
            QType::Srv,
            NxDomain,
        ),
    ];
    check("9.7", &f.s, rows);
}

/// 9.8 with errata 9.8: PTR. A ClusterIP → the Service name, one record
/// (reverse_test.go `100.1.168.192.in-addr.arpa.` → `svc1.testns.svc.cluster.local.`);
/// a ready endpoint IP → one name per Service whose ready slice holds it, hostname or
/// dashed IP (reverse_test.go `100.0.0.10.in-addr.arpa.` → `ep1a.svc1…`); an IP nobody
/// publishes falls through upstream → NXDOMAIN here.
#[test]
fn rule_9_8_ptr() {
    let mut f = Fixture::new();
    let (ip0, ip1) = (f.ip("web-0").to_string(), f.ip("web-1").to_string());
    let db1 = f.ip("db-1").to_string();
    let (lb, e) = (f.cip("web-lb").to_string(), f.cip("svcempty").to_string());
    let names = |ip: &str, host: &str| -> Vec<String> {
        let r = rev(ip);
        let mut v = vec![ptr(&r, &format!("{host}.nginx.default.svc.cluster.local."))];
        for svc in ["web-lb", "hdlsprtls", "multi", "alt"] {
            v.push(ptr(
                &r,
                &format!("{}.{svc}.default.svc.cluster.local.", dashed(ip)),
            ));
        }
        v
    };
    check(
        "9.8",
        &f.s,
        vec![
            row(
                "10.0.96.10.in-addr.arpa.",
                QType::Ptr,
                rec(vec![ptr(
                    "10.0.96.10.in-addr.arpa.",
                    "kube-dns.kube-system.svc.cluster.local.",
                )]),
            ),
            row(
                "1.0.96.10.in-addr.arpa.",
                QType::Ptr,
                rec(vec![ptr(
                    "1.0.96.10.in-addr.arpa.",
                    "kubernetes.default.svc.cluster.local.",
                )]),
            ),
            row(
                rev(&lb),
                QType::Ptr,
                rec(vec![ptr(&rev(&lb), "web-lb.default.svc.cluster.local.")]),
            ),
            row(
                rev(&e),
                QType::Ptr,
                rec(vec![ptr(&rev(&e), "svcempty.default.svc.cluster.local.")]),
            ),
            row(rev(&ip0), QType::Ptr, rec(names(&ip0, "web-0"))),
            row(rev(&ip1), QType::Ptr, rec(names(&ip1, "web-1"))),
            row("1.2.0.192.in-addr.arpa.", QType::Ptr, NxDomain),
        ],
    );
    f.s.run("sim unready web-1");
    f.s.run("sim unready db-1");
    check(
        "9.8 (web-1 and db-1 not Ready)",
        &f.s,
        vec![
            row(rev(&ip1), QType::Ptr, NxDomain),
            row(
                rev(&db1),
                QType::Ptr,
                rec(vec![ptr(
                    &rev(&db1),
                    "db-1.peers.default.svc.cluster.local.",
                )]),
            ),
        ],
    );
}

/// 9.9: ExternalName → CNAME to the external name (CDHT `external.testns` CNAME); an A
/// query gets the CNAME first, then what the upstream answers for the target: nothing in
/// the sandbox for `ext.example.test`, the cluster's own answer for a cluster name (CDHT
/// "CNAME External To Internal Service": `external-to-service.testns` A → CNAME
/// `svc1.testns.svc.cluster.local.` then `svc1.testns.svc.cluster.local. A 10.0.0.1`);
/// names below it → NXDOMAIN (CDHT `endpoint.external.testns` CNAME); bare SRV → NODATA,
/// `_p._proto` SRV → NXDOMAIN (errata 9.7c, 9.9).
/// From CoreDNS plugin/backend_lookup.go `A`/`AAAA`: an in-zone target is looked up with
/// the same type and the CNAME is kept only if that lookup has records
/// (`if len(nextRecords) > 0`), so AAAA for an IPv4 target and any type for a target that
/// does not exist are NOERROR without records; the target's records keep the owner as the
/// externalName spells it, the CNAME's owner the question's case.
#[test]
fn rule_9_9_external_name() {
    let f = Fixture::new();
    let (ip0, ip1) = (f.ip("web-0"), f.ip("web-1"));
    let x = "ext.default.svc.cluster.local.";
    let xi = "ext-int.default.svc.cluster.local.";
    let xiu = "EXT-INT.Default.SVC.cluster.local.";
    let xh = "ext-hdls.default.svc.cluster.local.";
    let xg = "ext-gone.default.svc.cluster.local.";
    let lb = "web-lb.default.svc.cluster.local.";
    let n = "nginx.default.svc.cluster.local.";
    let lbip = f.cip("web-lb");
    check(
        "9.9",
        &f.s,
        vec![
            row(x, QType::Cname, rec(vec![cname(x, "ext.example.test.")])),
            row(x, QType::A, rec(vec![cname(x, "ext.example.test.")])),
            row(x, QType::Aaaa, rec(vec![cname(x, "ext.example.test.")])),
            row(
                "endpoint.ext.default.svc.cluster.local.",
                QType::Cname,
                NxDomain,
            ),
            row(
                "endpoint.ext.default.svc.cluster.local.",
                QType::A,
                NxDomain,
            ),
            row(
                "_http._tcp.ext.default.svc.cluster.local.",
                QType::Srv,
                NxDomain,
            ),
            // Errata 9.7c/9.9: the bare name's SRV is NOERROR without records.
            row(x, QType::Srv, NoData),
            row(xi, QType::Srv, NoData),
            // CDHT "CNAME External To Internal Service".
            row(xi, QType::A, rec(vec![cname(xi, lb), a(lb, lbip)])),
            row(xiu, QType::A, rec(vec![cname(xiu, lb), a(lb, lbip)])),
            row(xi, QType::Cname, rec(vec![cname(xi, lb)])),
            row(xi, QType::Aaaa, NoData),
            row(xh, QType::A, rec(vec![cname(xh, n), a(n, ip0), a(n, ip1)])),
            row(xg, QType::A, NoData),
            // "x CNAME x is a direct loop, don't add those" (backend_lookup.go `A`).
            row("ext-self.default.svc.cluster.local.", QType::A, NoData),
            row(
                xg,
                QType::Cname,
                rec(vec![cname(xg, "gone.default.svc.cluster.local.")]),
            ),
        ],
    );
    // The CNAME comes before its target's records (CDHT checks `CNAMEOrder`).
    let view = DnsView::new(f.s.cluster());
    let got = query(&view, xi, QType::A);
    assert!(
        matches!(&got.answers.first().map(|r| &r.data), Some(RData::Cname(_))),
        "{:?}",
        got.answers
    );
}

/// 9.10 with errata 9.10: `pods insecure` answers `<a-b-c-d>.<ns>.pod.cluster.local` with
/// the address without looking for the pod, if the namespace exists
/// (handler_pod_insecure_test.go `10-240-0-1.podns.pod.cluster.local.` A → 10.240.0.1;
/// `blah.podns` A/AAAA and `blah.pod-nons` A → NXDOMAIN). (The `dns-version` TXT record of
/// 9.10 is left out: the playground answers no TXT queries.)
#[test]
fn rule_9_10_pod_records() {
    let f = Fixture::new();
    let ip0 = f.ip("web-0");
    let mine = format!("{}.default.pod.cluster.local.", dashed(ip0));
    let rows = vec![
        row(
            "10-244-9-9.default.pod.cluster.local.",
            QType::A,
            rec(vec![a(
                "10-244-9-9.default.pod.cluster.local.",
                "10.244.9.9",
            )]),
        ),
        row(
            "172-0-0-2.kube-system.pod.cluster.local.",
            QType::A,
            rec(vec![a(
                "172-0-0-2.kube-system.pod.cluster.local.",
                "172.0.0.2",
            )]),
        ),
        row(&mine, QType::A, rec(vec![a(&mine, ip0)])),
        row(
            "10-244-9-9.no-such-ns.pod.cluster.local.",
            QType::A,
            NxDomain,
        ),
        row("blah.default.pod.cluster.local.", QType::A, NxDomain),
        row("blah.default.pod.cluster.local.", QType::Aaaa, NxDomain),
        row("blah.no-such-ns.pod.cluster.local.", QType::A, NxDomain),
    ];
    check("9.10", &f.s, rows);
}

/// 9.11: names outside `cluster.local` and the reverse zones go upstream, which the
/// sandbox does not have: NXDOMAIN.
#[test]
fn rule_9_11_outside_the_cluster_domain() {
    let f = Fixture::new();
    check(
        "9.11",
        &f.s,
        vec![
            row("example.com.", QType::A, NxDomain),
            row("kubernetes.io.", QType::A, NxDomain),
            row("web-0.nginx.", QType::A, NxDomain),
            row(
                "nginx.default.svc.cluster.local.example.com.",
                QType::A,
                NxDomain,
            ),
            row("cluster.local.example.com.", QType::A, NxDomain),
        ],
    );
}
