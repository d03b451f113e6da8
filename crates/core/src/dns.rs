//! Cluster DNS as the CoreDNS `kubernetes` plugin answers it (fidelity spec 9, errata), and
//! the stub resolvers of the client images (spec 10, errata 10.2).
//!
//! A query is parsed into a [`QueryName`] before anything is looked up; answers come from a
//! read-only view of the cluster (Services and the endpoints the endpoint controller would
//! publish). Every answer carries the reason a learner needs.

use std::collections::BTreeMap;

use crate::sim::{endpoints, Endpoint};
use crate::store::{key_of, Cluster, Key, ObjMap, CLUSTER_DOMAIN, KUBE_DNS_IP};

/// Record types the playground answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QType {
    A,
    Aaaa,
    Srv,
    Ptr,
    Cname,
}

impl QType {
    /// The type as DNS tools write it: `A`, `AAAA`, `SRV`, `PTR`, `CNAME`.
    pub fn name(self) -> &'static str {
        match self {
            QType::A => "A",
            QType::Aaaa => "AAAA",
            QType::Srv => "SRV",
            QType::Ptr => "PTR",
            QType::Cname => "CNAME",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rcode {
    NoError,
    NxDomain,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RData {
    A(String),
    Srv {
        priority: u16,
        weight: u16,
        port: i32,
        target: String,
    },
    Ptr(String),
    Cname(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Owner name, fully qualified with the trailing dot.
    pub name: String,
    pub ttl: u32,
    pub data: RData,
}

/// A DNS answer and why it is what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub rcode: Rcode,
    pub answers: Vec<Record>,
    pub additional: Vec<Record>,
    pub reason: String,
}

impl Answer {
    fn nx(reason: impl Into<String>) -> Answer {
        Answer {
            rcode: Rcode::NxDomain,
            answers: vec![],
            additional: vec![],
            reason: reason.into(),
        }
    }
    fn nodata(reason: impl Into<String>) -> Answer {
        Answer {
            rcode: Rcode::NoError,
            answers: vec![],
            additional: vec![],
            reason: reason.into(),
        }
    }
    fn records(answers: Vec<Record>, reason: impl Into<String>) -> Answer {
        Answer {
            rcode: Rcode::NoError,
            answers,
            additional: vec![],
            reason: reason.into(),
        }
    }
    /// NOERROR without records.
    pub fn is_nodata(&self) -> bool {
        self.rcode == Rcode::NoError && self.answers.is_empty()
    }
}

/// TTL of cluster-zone records in the kubeadm Corefile (`ttl 30`).
const TTL: u32 = 30;

/// A name in the cluster zone, parsed right to left (CoreDNS `parse.go`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum QueryName {
    /// The zone itself, `svc.cluster.local`, `pod.cluster.local` or `<ns>.svc.cluster.local`.
    Apex,
    Service {
        ns: String,
        service: String,
        endpoint: Option<String>,
        port_proto: Option<(String, String)>,
    },
    Pod {
        ns: String,
        dashed: String,
    },
    /// Not a name the plugin can ever answer.
    Invalid(String),
}

fn parse_cluster_name(labels: &[&str]) -> QueryName {
    // labels exclude the zone, left to right.
    let Some((last, rest)) = labels.split_last() else {
        return QueryName::Apex;
    };
    match *last {
        "svc" => match rest {
            [] | [_] => QueryName::Apex,
            [.., service, ns] => {
                let extra = &rest[..rest.len() - 2];
                match extra {
                    [] => QueryName::Service { ns: (*ns).into(), service: (*service).into(), endpoint: None, port_proto: None },
                    [ep] => QueryName::Service {
                        ns: (*ns).into(),
                        service: (*service).into(),
                        endpoint: Some((*ep).into()),
                        port_proto: None,
                    },
                    [port, proto] => QueryName::Service {
                        ns: (*ns).into(),
                        service: (*service).into(),
                        endpoint: None,
                        port_proto: Some((strip_underscore(port), strip_underscore(proto))),
                    },
                    _ => QueryName::Invalid("the name has too many labels before the service".into()),
                }
            }
        },
        "pod" => match rest {
            [] | [_] => QueryName::Apex,
            [dashed, ns] => QueryName::Pod { ns: (*ns).into(), dashed: (*dashed).into() },
            _ => QueryName::Invalid("pod names are <a-b-c-d>.<namespace>.pod.cluster.local".into()),
        },
        other => QueryName::Invalid(format!(
            "names in cluster.local end in .svc.cluster.local or .pod.cluster.local, not .{other}.cluster.local"
        )),
    }
}

fn strip_underscore(s: &str) -> String {
    s.strip_prefix('_').unwrap_or(s).to_string()
}

/// `10.244.1.6` → `10-244-1-6` (CoreDNS `endpointHostname`).
pub fn dashed_ip(ip: &str) -> String {
    ip.replace(['.', ':'], "-")
}

fn endpoint_label(e: &Endpoint) -> String {
    e.hostname.clone().unwrap_or_else(|| dashed_ip(&e.ip))
}

/// Who a pod is, for explaining misses: its name, subdomain and owning StatefulSet.
#[derive(Debug, Clone)]
struct PodIdentity {
    pod: String,
    subdomain: Option<String>,
    set: Option<String>,
}

/// The narrow, read-only view of the cluster that DNS answers come from: the Services and
/// the endpoints the endpoint controller publishes for each, computed once and indexed by
/// name, so a query costs the same against 10 pods as against 10,000.
#[derive(Debug)]
pub struct DnsView<'a> {
    pub cluster: &'a Cluster,
    /// Built on the first query, so that a view made for a command that asks nothing of DNS
    /// (`hostname`, `cat /etc/hosts`) costs nothing.
    index: std::cell::OnceCell<DnsIndex>,
}

/// The index's maps are `ObjMap`s, on the B-tree the store already has (a `BTreeMap` per
/// key and value type is another B-tree instantiation in the wasm bundle each). Maps keyed by
/// one string use `(s, "")`; `by_label` uses `label_key`.
#[derive(Debug)]
struct DnsIndex {
    endpoints: ObjMap<Vec<Endpoint>>,
    /// (Service, endpoint label) → indices into that Service's endpoints.
    by_label: ObjMap<Vec<usize>>,
    /// Ready endpoint IP → the per-Service names that reverse to it.
    ptr_by_ip: ObjMap<Vec<String>>,
    /// ClusterIP → Service.
    service_by_ip: ObjMap<Key>,
    /// (namespace, hostname) → the pod with that hostname.
    hostnames: ObjMap<PodIdentity>,
    /// (namespace, serviceName) → the StatefulSets that name it.
    governing: ObjMap<Vec<String>>,
}

/// The `by_label` key of a Service's endpoint label (the namespace's length first, so that
/// no two (namespace, name) pairs share a key).
fn label_key(key: &Key, label: String) -> Key {
    (format!("{}/{}/{}", key.0.len(), key.0, key.1), label)
}

/// The key of a map keyed by one string.
fn one(s: String) -> Key {
    (s, String::new())
}

/// Appends `item` to the list at `key`, creating it.
fn push_at<T: 'static>(map: &mut ObjMap<Vec<T>>, key: Key, item: T) {
    match map.get_mut(&key) {
        Some(list) => list.push(item),
        None => {
            map.insert(key, vec![item]);
        }
    }
}

impl<'a> DnsView<'a> {
    pub fn new(cluster: &'a Cluster) -> DnsView<'a> {
        DnsView {
            cluster,
            index: std::cell::OnceCell::new(),
        }
    }

    fn index(&self) -> &DnsIndex {
        self.index.get_or_init(|| DnsIndex::new(self.cluster))
    }
}

impl DnsIndex {
    fn new(cluster: &Cluster) -> DnsIndex {
        let mut endpoints_by_svc = ObjMap::new();
        let mut by_label = ObjMap::new();
        let mut ptr_by_ip = ObjMap::new();
        let mut service_by_ip = ObjMap::new();
        for (key, svc) in cluster.services.iter() {
            if let Some(ip) = svc.spec.as_ref().and_then(|s| s.cluster_ip.as_deref()) {
                let ip_key = one(ip.to_string());
                if ip != "None" && !ip.is_empty() && !service_by_ip.contains_key(&ip_key) {
                    service_by_ip.insert(ip_key, key.clone());
                }
            }
            let eps = endpoints(cluster, svc);
            for (i, e) in eps.iter().enumerate() {
                push_at(
                    &mut by_label,
                    label_key(key, endpoint_label(e).to_ascii_lowercase()),
                    i,
                );
                if e.ready {
                    push_at(
                        &mut ptr_by_ip,
                        one(e.ip.clone()),
                        format!(
                            "{}.{}.{}.svc.{CLUSTER_DOMAIN}.",
                            endpoint_label(e),
                            key.1,
                            key.0
                        ),
                    );
                }
            }
            endpoints_by_svc.insert(key.clone(), eps);
        }
        let mut hostnames = ObjMap::new();
        for ((ns, name), pod) in cluster.pods.iter() {
            let Some(spec) = &pod.spec else { continue };
            let Some(h) = spec.hostname.as_ref().filter(|h| !h.is_empty()) else {
                continue;
            };
            let set = pod
                .metadata
                .owner_references
                .iter()
                .flatten()
                .find(|o| o.kind == "StatefulSet")
                .map(|o| o.name.clone());
            hostnames.insert(
                (ns.clone(), h.to_ascii_lowercase()),
                PodIdentity {
                    pod: name.clone(),
                    subdomain: spec.subdomain.clone(),
                    set,
                },
            );
        }
        let mut governing = ObjMap::new();
        for ((ns, name), set) in cluster.sets.iter() {
            if let Some(sn) = set.spec.as_ref().and_then(|s| s.service_name.clone()) {
                push_at(&mut governing, (ns.clone(), sn), name.clone());
            }
        }
        DnsIndex {
            endpoints: endpoints_by_svc,
            by_label,
            ptr_by_ip,
            service_by_ip,
            hostnames,
            governing,
        }
    }
}

impl DnsView<'_> {
    fn endpoints_of(&self, key: &Key) -> &[Endpoint] {
        self.index().endpoints.get(key).map_or(&[], Vec::as_slice)
    }

    /// The endpoints of Service `key` whose label (hostname or dashed IP) is `label`.
    fn endpoints_labelled(&self, key: &Key, label: &str) -> Vec<&Endpoint> {
        let eps = self.endpoints_of(key);
        self.index()
            .by_label
            .get(&label_key(key, label.to_string()))
            .into_iter()
            .flatten()
            .filter_map(|&i| eps.get(i))
            .collect()
    }
}

/// Answers one query as CoreDNS would, from `cluster`.
pub fn query(view: &DnsView<'_>, name: &str, qtype: QType) -> Answer {
    query_in_chain(view, name, qtype, &[])
}

/// [`query`] for a name reached through the CNAMEs in `chain` (CoreDNS `plugin.A`/`AAAA`
/// follow an in-zone ExternalName target with `previousRecords`).
fn query_in_chain(view: &DnsView<'_>, name: &str, qtype: QType, chain: &[Record]) -> Answer {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    // Owner names echo the question's case (CoreDNS `handler_case_test.go`).
    let fq = format!("{}.", name.trim_end_matches('.'));
    if let Some(rev) = lower.strip_suffix(".in-addr.arpa") {
        return reverse(view, rev, &fq, qtype);
    }
    let zone_suffix = format!(".{CLUSTER_DOMAIN}");
    let inner = if lower == CLUSTER_DOMAIN {
        ""
    } else if let Some(inner) = lower.strip_suffix(&zone_suffix) {
        inner
    } else {
        return Answer::nx(format!(
            "{lower} is outside the cluster domain {CLUSTER_DOMAIN}; CoreDNS forwards it upstream, and the playground has no upstream, so it does not exist"
        ));
    };
    let labels: Vec<&str> = if inner.is_empty() {
        vec![]
    } else {
        inner.split('.').collect()
    };
    match parse_cluster_name(&labels) {
        QueryName::Apex => {
            if let [ns, "svc"] = labels.as_slice() {
                if !view.cluster.namespaces.contains_key(ns) {
                    return Answer::nx(format!("there is no namespace {ns}"));
                }
            }
            Answer::nodata(format!(
                "{lower} exists in the cluster zone but has no {} record",
                qtype.name()
            ))
        }
        QueryName::Invalid(why) => Answer::nx(why),
        QueryName::Pod { ns, dashed } => {
            if !view.cluster.namespaces.contains_key(&ns) {
                return Answer::nx(format!("there is no namespace {ns}"));
            }
            let ip = dashed.replace('-', ".");
            if ip.parse::<std::net::Ipv4Addr>().is_err() {
                return Answer::nx(format!("{dashed} is not a dashed IPv4 address"));
            }
            match qtype {
                QType::A => Answer::records(
                    vec![Record { name: fq, ttl: TTL, data: RData::A(ip) }],
                    "pod records answer any dashed IP without checking a pod has it (pods insecure)",
                ),
                _ => Answer::nodata("pod records only have A records here"),
            }
        }
        QueryName::Service {
            ns,
            service,
            endpoint,
            port_proto,
        } => service_answer(
            view,
            &Question {
                fq: &fq,
                qtype,
                chain,
            },
            &ns,
            &service,
            endpoint.as_deref(),
            port_proto,
        ),
    }
}

/// A question in the cluster zone as asked: the name with its trailing dot and its case,
/// the type, and the CNAMEs that led to it.
struct Question<'q> {
    fq: &'q str,
    qtype: QType,
    chain: &'q [Record],
}

impl Question<'_> {
    /// The zone as the question spells it, with the trailing dot. CoreDNS keeps the
    /// question's case for the zone (`zone = qname[len(qname)-len(zone):] // maintain case
    /// of original query` in plugin/kubernetes ServeDNS) and builds every name it makes
    /// from `msg.Path(zone, ...)`, the constant `svc` label and the API objects' names:
    /// SRV targets and the owners of the additional records keep the zone labels' case
    /// only (errata 9.1; handler_case_test.go `_HtTp._TcP.sVc1.TeStNs.SvC.cLuStEr.LoCaL.`
    /// SRV → `svc1.testns.svc.cLuStEr.LoCaL.`).
    fn zone(&self) -> String {
        let zone = format!("{CLUSTER_DOMAIN}.");
        self.fq
            .get(self.fq.len().saturating_sub(zone.len())..)
            .filter(|z| z.eq_ignore_ascii_case(&zone))
            .map_or(zone.clone(), str::to_string)
    }
}

fn service_answer(
    view: &DnsView<'_>,
    q: &Question<'_>,
    ns: &str,
    service: &str,
    endpoint: Option<&str>,
    port_proto: Option<(String, String)>,
) -> Answer {
    let (fq, qtype) = (q.fq, q.qtype);
    if !view.cluster.namespaces.contains_key(ns) {
        return Answer::nx(format!("there is no namespace {ns}"));
    }
    let Some(svc) = view
        .cluster
        .services
        .get(&(ns.to_string(), service.to_string()))
    else {
        let why = match view.index().governing.get(&(ns.to_string(), service.to_string())) {
            Some(sets) => format!(
                "there is no Service {service} in namespace {ns}, though StatefulSet {} names it as its serviceName",
                sets.join(", ")
            ),
            None => format!("there is no Service {service} in namespace {ns}"),
        };
        return Answer::nx(why);
    };
    let no_spec = Default::default();
    let spec = svc.spec.as_ref().unwrap_or(&no_spec);
    // `<service>.<ns>.svc.` from the Service object, then the zone as asked (errata 9.1).
    let zone = q.zone();
    let svc_fqdn = format!("{service}.{ns}.svc.{zone}");
    if spec.type_.as_deref() == Some("ExternalName") {
        if endpoint.is_some() || port_proto.is_some() {
            return Answer::nx(format!(
                "{service} is an ExternalName Service; it has no names below it"
            ));
        }
        let target = format!(
            "{}.",
            spec.external_name
                .clone()
                .unwrap_or_default()
                .trim_end_matches('.')
        );
        return external_name_answer(view, q, service, target);
    }
    let headless = spec.cluster_ip.as_deref() == Some("None");
    let key = (ns.to_string(), service.to_string());
    if let Some(label) = endpoint {
        let labelled = view.endpoints_labelled(&key, label);
        let hits: Vec<&Endpoint> = labelled.iter().copied().filter(|e| e.ready).collect();
        if hits.is_empty() {
            return Answer::nx(endpoint_miss(view, ns, service, label, &labelled));
        }
        return match qtype {
            QType::A => Answer::records(
                hits.iter()
                    .map(|e| Record {
                        name: fq.into(),
                        ttl: TTL,
                        data: RData::A(e.ip.clone()),
                    })
                    .collect(),
                format!(
                    "endpoint {label} of Service {service} is pod {}, Ready",
                    hits[0].pod
                ),
            ),
            _ => Answer::nodata(format!(
                "{label}.{service}.{ns}.svc.{CLUSTER_DOMAIN} has only an A record (the pod has no IPv6 address)"
            )),
        };
    }
    let eps = view.endpoints_of(&key);
    let ready: Vec<&Endpoint> = eps.iter().filter(|e| e.ready).collect();
    let ports = if headless {
        // Headless SRV uses the endpoint ports, i.e. the resolved target ports (errata 9.7a).
        spec.ports
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let target = match &p.target_port {
                    Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(i)) => *i,
                    _ => p.port,
                };
                (
                    p.name.unwrap_or_default(),
                    p.protocol.unwrap_or_else(|| "TCP".into()),
                    target,
                )
            })
            .collect::<Vec<_>>()
    } else {
        spec.ports
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                (
                    p.name.unwrap_or_default(),
                    p.protocol.unwrap_or_else(|| "TCP".into()),
                    p.port,
                )
            })
            .collect()
    };
    if let Some((port, proto)) = &port_proto {
        let matching: Vec<&(String, String, i32)> = ports
            .iter()
            .filter(|(n, pr, _)| {
                !n.is_empty() && n.eq_ignore_ascii_case(port) && pr.eq_ignore_ascii_case(proto)
            })
            .collect();
        if matching.is_empty() {
            return Answer::nx(format!(
                "Service {service} has no port named {port} with protocol {proto}"
            ));
        }
        if headless && ready.is_empty() {
            return Answer::nx(format!("headless Service {service} has no ready endpoints"));
        }
        return match qtype {
            QType::Srv => srv_answer(
                fq, &svc_fqdn, headless, spec, &ready, &matching, ns, service, &zone,
            ),
            QType::A if headless => a_records(fq, &ready, service),
            QType::A => Answer::records(
                vec![Record {
                    name: fq.into(),
                    ttl: TTL,
                    data: RData::A(spec.cluster_ip.clone().unwrap_or_default()),
                }],
                format!("{service} is a ClusterIP Service"),
            ),
            _ => Answer::nodata("no record of that type"),
        };
    }
    if headless {
        if ready.is_empty() {
            let why = if eps.is_empty() {
                format!("headless Service {service} selects no pod with an IP, so its name has no records")
            } else {
                format!("none of the pods behind headless Service {service} is Ready, so its name has no records")
            };
            return Answer::nx(why);
        }
        return match qtype {
            QType::A => a_records(fq, &ready, service),
            QType::Srv => {
                let all: Vec<&(String, String, i32)> =
                    ports.iter().filter(|(n, _, _)| !n.is_empty()).collect();
                srv_answer(fq, &svc_fqdn, true, spec, &ready, &all, ns, service, &zone)
            }
            _ => Answer::nodata(format!("{service} has only IPv4 (A) records")),
        };
    }
    match qtype {
        QType::A => Answer::records(
            vec![Record {
                name: fq.into(),
                ttl: TTL,
                data: RData::A(spec.cluster_ip.clone().unwrap_or_default()),
            }],
            format!("{service} is a ClusterIP Service; its name answers with the ClusterIP"),
        ),
        QType::Srv => {
            let all: Vec<&(String, String, i32)> =
                ports.iter().filter(|(n, _, _)| !n.is_empty()).collect();
            srv_answer(fq, &svc_fqdn, false, spec, &ready, &all, ns, service, &zone)
        }
        _ => Answer::nodata(format!("{service} has only IPv4 (A) records")),
    }
}

/// The answer for an ExternalName Service's own name (spec 9.9, errata 9.7c/9.9), as
/// CoreDNS's `plugin.A`/`plugin.AAAA`/`plugin.CNAME` (plugin/backend_lookup.go) and
/// `Kubernetes.Services` (plugin/kubernetes/kubernetes.go) give it:
/// - CNAME: the CNAME record;
/// - SRV: no record, NOERROR ("SRV for external services is not yet implemented, so remove
///   those records": the CNAME-typed entries are filtered out, errata 9.7c);
/// - A/AAAA, target inside the cluster zone: the CNAME followed by the target's own answer
///   of the same type, looked up in the plugin (CDHT "CNAME External To Internal Service":
///   `external-to-service` A → CNAME `svc1.testns.svc.cluster.local.` then its A record);
///   if that lookup has no records, the CNAME is dropped too (`if len(nextRecords) > 0`),
///   which leaves NOERROR without records; a target equal to the name, a CNAME already in
///   the chain or a chain of more than 7 CNAMEs adds nothing (loop guards);
/// - A/AAAA, target outside the zone: the CNAME, then what the upstream answers, which in
///   the sandbox is nothing (spec 9.11);
/// - other types: no record, NOERROR (the handler's fake A lookup finds the name).
fn external_name_answer(
    view: &DnsView<'_>,
    q: &Question<'_>,
    service: &str,
    target: String,
) -> Answer {
    let cname = Record {
        name: q.fq.into(),
        ttl: TTL,
        data: RData::Cname(target.clone()),
    };
    match q.qtype {
        QType::Cname => Answer::records(
            vec![cname],
            format!("{service} is an ExternalName Service: a CNAME to {target}"),
        ),
        QType::A | QType::Aaaa => {
            let looped = q.fq.eq_ignore_ascii_case(&target)
                || q.chain.len() > 7
                || q.chain.iter().any(|r| {
                    r.name.eq_ignore_ascii_case(&cname.name) && r.data == cname.data
                });
            if looped {
                return Answer::nodata(format!(
                    "{service} is an ExternalName Service whose CNAME {target} loops back"
                ));
            }
            let lower = target.to_ascii_lowercase();
            let in_zone = lower == format!("{CLUSTER_DOMAIN}.")
                || lower.ends_with(&format!(".{CLUSTER_DOMAIN}."));
            if !in_zone {
                return Answer::records(
                    vec![cname],
                    format!(
                        "{service} is an ExternalName Service: a CNAME to {target}, which CoreDNS asks upstream; the playground has no upstream, so nothing follows the CNAME"
                    ),
                );
            }
            let mut chain = q.chain.to_vec();
            chain.push(cname.clone());
            let next = query_in_chain(view, &target, q.qtype, &chain);
            if next.rcode != Rcode::NoError || next.answers.is_empty() {
                return Answer::nodata(format!(
                    "{service} is an ExternalName Service naming {target} in the cluster zone, which has no {} record ({}), so CoreDNS answers neither the CNAME nor an address",
                    q.qtype.name(), next.reason
                ));
            }
            let mut answers = vec![cname];
            answers.extend(next.answers);
            Answer::records(
                answers,
                format!(
                    "{service} is an ExternalName Service: a CNAME to {target}, which CoreDNS answers itself: {}",
                    next.reason
                ),
            )
        }
        QType::Srv => Answer::nodata(format!(
            "{service} is an ExternalName Service: CoreDNS has no SRV records for it (NOERROR, no records)"
        )),
        QType::Ptr => Answer::nodata(format!(
            "{service} is an ExternalName Service: it has only a CNAME record"
        )),
    }
}

/// Why `<label>.<service>.<ns>` has no record: the pod is not Ready, or its subdomain is
/// not this Service (the StatefulSet's serviceName names another one), or no such pod.
fn endpoint_miss(
    view: &DnsView<'_>,
    ns: &str,
    service: &str,
    label: &str,
    labelled: &[&Endpoint],
) -> String {
    if let Some(e) = labelled.iter().find(|e| !e.ready) {
        return format!(
            "pod {} is not Ready, so it is not published: {label}.{service}.{ns}.svc.{CLUSTER_DOMAIN} has no record",
            e.pod
        );
    }
    match view.index().hostnames.get(&(ns.to_string(), label.to_string())) {
        Some(id) if id.subdomain.as_deref() != Some(service) => match (&id.set, &id.subdomain) {
            (Some(set), Some(sd)) => format!(
                "the StatefulSet's serviceName is {sd} but the Service is {service}: pod {} of StatefulSet {set} has subdomain {sd}, so it has no name under {service}",
                id.pod
            ),
            (None, Some(sd)) => format!(
                "pod {} has subdomain {sd}, not {service}, so it has no name under {service}",
                id.pod
            ),
            (Some(set), None) => format!(
                "StatefulSet {set} has no serviceName, so pod {} has no subdomain and no name under {service}",
                id.pod
            ),
            (None, None) => format!(
                "pod {} has no subdomain, so it has no name under {service}",
                id.pod
            ),
        },
        Some(id) => format!(
            "pod {} is not selected by Service {service} or has no IP yet, so it is not published",
            id.pod
        ),
        None => format!("no pod of Service {service} has the hostname {label}"),
    }
}

fn a_records(fq: &str, ready: &[&Endpoint], service: &str) -> Answer {
    let mut seen = Vec::new();
    for e in ready {
        if !seen.contains(&e.ip) {
            seen.push(e.ip.clone());
        }
    }
    Answer::records(
        seen.into_iter()
            .map(|ip| Record {
                name: fq.into(),
                ttl: TTL,
                data: RData::A(ip),
            })
            .collect(),
        format!("headless Service {service}: one A record per ready pod"),
    )
}

#[allow(clippy::too_many_arguments)]
fn srv_answer(
    fq: &str,
    svc_fqdn: &str,
    headless: bool,
    spec: &k8s_openapi::api::core::v1::ServiceSpec,
    ready: &[&Endpoint],
    ports: &[&(String, String, i32)],
    ns: &str,
    service: &str,
    zone: &str,
) -> Answer {
    let mut answers = Vec::new();
    let mut additional = Vec::new();
    if headless {
        let n = (ready.len() * ports.len()).max(1);
        let weight = (100 / n).max(1) as u16;
        for (_, _, port) in ports {
            for e in ready {
                // The zone in the question's case (errata 9.1), the rest from the objects.
                let target = format!("{}.{service}.{ns}.svc.{zone}", endpoint_label(e));
                answers.push(Record {
                    name: fq.into(),
                    ttl: TTL,
                    data: RData::Srv {
                        priority: 0,
                        weight,
                        port: *port,
                        target: target.clone(),
                    },
                });
                let a = Record {
                    name: target,
                    ttl: TTL,
                    data: RData::A(e.ip.clone()),
                };
                if !additional.contains(&a) {
                    additional.push(a);
                }
            }
        }
    } else {
        let weight = (100 / ports.len().max(1)).max(1) as u16;
        for (_, _, port) in ports {
            answers.push(Record {
                name: fq.into(),
                ttl: TTL,
                data: RData::Srv {
                    priority: 0,
                    weight,
                    port: *port,
                    target: svc_fqdn.into(),
                },
            });
        }
        if !ports.is_empty() {
            additional.push(Record {
                name: svc_fqdn.into(),
                ttl: TTL,
                data: RData::A(spec.cluster_ip.clone().unwrap_or_default()),
            });
        }
    }
    if answers.is_empty() {
        return Answer::nodata(format!("Service {service} has no named ports"));
    }
    Answer {
        rcode: Rcode::NoError,
        answers,
        additional,
        reason: format!("SRV records of Service {service}"),
    }
}

fn reverse(view: &DnsView<'_>, rev: &str, fq: &str, qtype: QType) -> Answer {
    let parts: Vec<&str> = rev.split('.').collect();
    if parts.len() != 4 || qtype != QType::Ptr {
        return Answer::nx("not a full IPv4 reverse name");
    }
    let ip = format!("{}.{}.{}.{}", parts[3], parts[2], parts[1], parts[0]);
    if let Some((ns, name)) = view.index().service_by_ip.get(&one(ip.clone())) {
        return Answer::records(
            vec![Record {
                name: fq.into(),
                ttl: TTL,
                data: RData::Ptr(format!("{name}.{ns}.svc.{CLUSTER_DOMAIN}.")),
            }],
            format!("{ip} is the ClusterIP of Service {name}"),
        );
    }
    let answers: Vec<Record> = view
        .index()
        .ptr_by_ip
        .get(&one(ip.clone()))
        .into_iter()
        .flatten()
        .map(|target| Record {
            name: fq.into(),
            ttl: TTL,
            data: RData::Ptr(target.clone()),
        })
        .collect();
    if answers.is_empty() {
        return Answer::nx(format!("{ip} is neither a ClusterIP nor a ready endpoint"));
    }
    Answer::records(answers, format!("{ip} is a ready endpoint"))
}

/// Which DNS tools and stub resolver a client pod's image brings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClientFlavour {
    /// `busybox:1.28`: uClibc-ng `getaddrinfo` (errata 10.2), the seed's client.
    Busybox128,
    /// `busybox:1.36` (glibc build): nslookup's own resolver (spec 11.2-11.3).
    Busybox136,
    /// Any image whose name contains `dnsutils`: glibc and BIND 9's dig and nslookup.
    Dnsutils,
    /// Any other image: glibc, no DNS tools.
    Plain,
}

impl ClientFlavour {
    /// The flavour an image brings: `busybox` up to 1.28 is the uClibc-ng build, later tags
    /// (and `latest`) are modelled as 1.36; `*dnsutils*` is Debian's dnsutils.
    pub fn from_image(image: &str) -> ClientFlavour {
        let image = image.to_ascii_lowercase();
        if image.contains("dnsutils") {
            return ClientFlavour::Dnsutils;
        }
        let last = image.rsplit('/').next().unwrap_or_default();
        let (repo, tag) = last.split_once(':').unwrap_or((last, "latest"));
        if repo != "busybox" {
            return ClientFlavour::Plain;
        }
        let minor = tag
            .strip_prefix("1.")
            .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|m| m.parse::<u32>().ok());
        match minor {
            Some(m) if m <= 28 => ClientFlavour::Busybox128,
            _ => ClientFlavour::Busybox136,
        }
    }

    /// How this client resolves names, in one line.
    pub fn describe(self) -> &'static str {
        match self {
            ClientFlavour::Busybox128 => "busybox 1.28 (uClibc-ng getaddrinfo: /etc/hosts first; the AAAA walk, then the A walk; a name with a dot is tried as-is first, then with each search domain; a name without one gets the search domains first; NXDOMAIN moves on, NODATA ends a walk)",
            ClientFlavour::Busybox136 => "busybox 1.36 nslookup (its own resolver: A then AAAA for each name; search domains only for names without a dot; never the bare name of a dot-free name)",
            ClientFlavour::Dnsutils | ClientFlavour::Plain => "glibc getaddrinfo (/etc/hosts first; fewer dots than ndots: the search domains first, then the name as-is; otherwise as-is first; A and AAAA together; NXDOMAIN and NODATA both move on)",
        }
    }
}

/// One query the client's resolver sent, and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub name: String,
    pub qtype: QType,
    pub answer: Answer,
}

/// The outcome of a name resolution inside a client pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub addresses: Vec<String>,
    pub attempts: Vec<Attempt>,
    /// Where the addresses came from when no query was needed (an IP literal, /etc/hosts).
    pub local: Option<String>,
    /// What a learner needs to know about this resolver's walk.
    pub notes: Vec<String>,
}

/// A client pod's resolver configuration (spec 10.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvConf {
    pub nameserver: String,
    pub search: Vec<String>,
    pub ndots: u32,
}

impl ResolvConf {
    /// `ClusterFirst` in namespace `ns`.
    pub fn cluster_first(ns: &str) -> ResolvConf {
        ResolvConf {
            nameserver: KUBE_DNS_IP.into(),
            search: vec![
                format!("{ns}.svc.{CLUSTER_DOMAIN}"),
                format!("svc.{CLUSTER_DOMAIN}"),
                CLUSTER_DOMAIN.to_string(),
            ],
            ndots: 5,
        }
    }

    /// The file kubelet writes (KDNS): search line, nameserver, options.
    pub fn render(&self) -> String {
        format!(
            "search {}\nnameserver {}\noptions ndots:{}\n",
            self.search.join(" "),
            self.nameserver,
            self.ndots
        )
    }
}

/// One line of a pod's `/etc/hosts` after the fixed localhost lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostsEntry {
    pub ip: String,
    pub names: Vec<String>,
}

/// The kubelet-managed `/etc/hosts` (spec 2.6, errata 2.6).
pub fn render_hosts(entry: Option<&HostsEntry>) -> String {
    let mut s = String::from(
        "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n",
    );
    if let Some(e) = entry {
        s.push_str(&format!("{}\t{}\n", e.ip, e.names.join("\t")));
    }
    s
}

/// The hosts line of a pod with `hostname`, `subdomain` and `ip` in `ns` (KPODS
/// `managedHostsFileContent`; the hostname is cut to 63 characters).
pub fn hosts_entry(ip: &str, hostname: &str, subdomain: Option<&str>, ns: &str) -> HostsEntry {
    let h: String = hostname.chars().take(63).collect();
    let names = match subdomain.filter(|s| !s.is_empty()) {
        Some(sd) => vec![format!("{h}.{sd}.{ns}.svc.{CLUSTER_DOMAIN}"), h],
        None => vec![h],
    };
    HostsEntry {
        ip: ip.to_string(),
        names,
    }
}

/// The candidate names of a search walk.
fn candidates(conf: &ResolvConf, name: &str, dotted_first: bool) -> Vec<String> {
    if let Some(bare) = name.strip_suffix('.') {
        return vec![bare.to_string()];
    }
    let searched = conf.search.iter().map(|s| format!("{name}.{s}"));
    if dotted_first {
        std::iter::once(name.to_string()).chain(searched).collect()
    } else {
        searched.chain(std::iter::once(name.to_string())).collect()
    }
}

fn dots(name: &str) -> u32 {
    name.bytes().filter(|&b| b == b'.').count() as u32
}

fn push_addresses(addresses: &mut Vec<String>, answer: &Answer) {
    for r in &answer.answers {
        if let RData::A(ip) = &r.data {
            if !addresses.contains(ip) {
                addresses.push(ip.clone());
            }
        }
    }
}

/// Resolves `name` inside a client pod as its flavour's resolver would, from `view`, with
/// the pod's own `/etc/hosts` line `hosts` (read first by the libc resolvers).
///
/// - busybox 1.28 (uClibc-ng, errata 10.2): the AAAA walk then the A walk; a dotted name is
///   tried as-is first, then with each search domain; a dot-free name gets the search
///   domains first and the bare name last; NXDOMAIN moves on, NODATA ends the walk.
/// - busybox 1.36 (spec 11.2-11.4): A for every name, then AAAA for every name; search
///   domains only for a name without a dot, and then never the bare name.
/// - glibc (dnsutils and other images): fewer dots than ndots → search domains then as-is,
///   otherwise as-is first; A and AAAA for each name; the first name with records wins.
pub fn resolve(
    view: &DnsView<'_>,
    conf: &ResolvConf,
    flavour: ClientFlavour,
    name: &str,
    hosts: Option<&HostsEntry>,
) -> Resolution {
    let mut res = Resolution {
        addresses: vec![],
        attempts: vec![],
        local: None,
        notes: vec![],
    };
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        res.addresses.push(name.to_string());
        res.local = Some(format!("{name} is an IP address; it resolves to itself"));
        return res;
    }
    if flavour != ClientFlavour::Busybox136 {
        if let Some(h) = hosts.filter(|h| {
            h.names
                .iter()
                .any(|n| n.eq_ignore_ascii_case(name.trim_end_matches('.')))
        }) {
            res.addresses.push(h.ip.clone());
            res.local = Some(format!(
                "{name} is in the pod's own /etc/hosts ({}), which the resolver reads before asking DNS",
                h.ip
            ));
            return res;
        }
    }
    match flavour {
        ClientFlavour::Busybox128 => {
            let names = candidates(conf, name, name.contains('.'));
            for qtype in [QType::Aaaa, QType::A] {
                for candidate in &names {
                    let answer = query(view, candidate, qtype);
                    let stop = answer.rcode == Rcode::NoError;
                    push_addresses(&mut res.addresses, &answer);
                    res.attempts.push(Attempt {
                        name: candidate.clone(),
                        qtype,
                        answer,
                    });
                    if stop {
                        break;
                    }
                }
            }
        }
        ClientFlavour::Busybox136 => {
            let names: Vec<String> = if name.contains('.') || conf.search.is_empty() {
                vec![name.to_string()]
            } else {
                conf.search.iter().map(|s| format!("{name}.{s}")).collect()
            };
            for qtype in [QType::A, QType::Aaaa] {
                for candidate in &names {
                    let answer = query(view, candidate, qtype);
                    push_addresses(&mut res.addresses, &answer);
                    res.attempts.push(Attempt {
                        name: candidate.clone(),
                        qtype,
                        answer,
                    });
                }
            }
            if name.contains('.') && !name.ends_with('.') && res.addresses.is_empty() {
                res.notes.push(format!(
                    "busybox 1.36 does not apply search domains to names with a dot, so it asked for {name} only; try the full name {name}.{} or busybox:1.28",
                    conf.search.first().map_or(CLUSTER_DOMAIN, String::as_str)
                ));
            }
        }
        ClientFlavour::Dnsutils | ClientFlavour::Plain => {
            let names = candidates(conf, name, dots(name) >= conf.ndots);
            for candidate in &names {
                let mut found = false;
                for qtype in [QType::A, QType::Aaaa] {
                    let answer = query(view, candidate, qtype);
                    found |= !answer.answers.is_empty();
                    push_addresses(&mut res.addresses, &answer);
                    res.attempts.push(Attempt {
                        name: candidate.clone(),
                        qtype,
                        answer,
                    });
                }
                if found {
                    break;
                }
            }
        }
    }
    res
}

/// The first PTR name of `ip` without the trailing dot, as `getnameinfo(NI_NAMEREQD)`.
pub fn reverse_name(view: &DnsView<'_>, ip: &str) -> Option<String> {
    let parts: Vec<&str> = ip.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let rev = format!(
        "{}.{}.{}.{}.in-addr.arpa",
        parts[3], parts[2], parts[1], parts[0]
    );
    let answer = query(view, &rev, QType::Ptr);
    answer.answers.iter().find_map(|r| match &r.data {
        RData::Ptr(n) => Some(n.trim_end_matches('.').to_string()),
        _ => None,
    })
}

/// The DNS records of every Service, for the page's DNS view: name → addresses.
pub fn service_records(view: &DnsView<'_>) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for svc in view.cluster.services.values() {
        let (ns, name) = key_of(&svc.metadata);
        let fq = format!("{name}.{ns}.svc.{CLUSTER_DOMAIN}");
        let a = query(view, &fq, QType::A);
        out.insert(
            fq,
            a.answers
                .iter()
                .filter_map(|r| match &r.data {
                    RData::A(ip) => Some(ip.clone()),
                    _ => None,
                })
                .collect(),
        );
    }
    out
}
