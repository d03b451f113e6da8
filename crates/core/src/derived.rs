//! Objects the controllers write that the playground derives from the cluster when they are
//! asked for, instead of storing them: each Service's Endpoints (the endpoints controller,
//! spec 8.4) and EndpointSlices (the EndpointSlice controller, spec 8.1-8.3), and each
//! Namespace as the API server shows it. Tables (`view`) and `-o json|yaml` (`session`) read
//! the same derivation, so they cannot disagree.
//!
//! What is derived and not tracked through history (ARCHITECTURE.md, "Derived objects"):
//! uids are stable hashes of their Service's uid; resourceVersion is the newest of the
//! Service's and its pods'; an EndpointSlice's generation is 1; the last-change trigger time
//! is the newest Ready transition of the pods listed (or the Service's creation).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Pod, Service};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::Value;

use crate::clock::Instant;
use crate::sim;
use crate::store::{
    cluster_created, derived_uid, key_of, Cluster, NamespaceRecord, FURNITURE_NAMESPACES,
};
use crate::yaml::json_object;

/// The label both controllers put on the objects of a headless Service.
pub const HEADLESS_LABEL: &str = "service.kubernetes.io/headless";
/// The endpoints controller keeps at most this many addresses (`maxCapacity`).
pub const MAX_ENDPOINTS_ADDRESSES: usize = 1000;
/// The EndpointSlice controller's default `--max-endpoints-per-slice`.
pub const MAX_ENDPOINTS_PER_SLICE: usize = 100;

/// Whether the controllers publish endpoints for `svc`: it has a selector and is not an
/// ExternalName (spec 8.5).
pub fn has_endpoints(svc: &Service) -> bool {
    svc.spec
        .as_ref()
        .is_some_and(|sp| sp.selector.is_some() && sp.type_.as_deref() != Some("ExternalName"))
}

fn is_headless(svc: &Service) -> bool {
    svc.spec.as_ref().and_then(|sp| sp.cluster_ip.as_deref()) == Some("None")
}

/// The Endpoints object's labels: the Service's, plus the headless label (EPC `syncService`).
pub fn endpoints_labels(svc: &Service) -> BTreeMap<String, String> {
    let mut labels = svc.metadata.labels.clone().unwrap_or_default();
    if is_headless(svc) {
        labels.insert(HEADLESS_LABEL.into(), String::new());
    }
    labels
}

/// An EndpointSlice's labels: the Service's, the service name, the managing controller and
/// the headless label (EPS reconciler `setEndpointSliceLabels`).
pub fn slice_labels(svc: &Service) -> BTreeMap<String, String> {
    let mut labels = endpoints_labels(svc);
    let name = svc.metadata.name.clone().unwrap_or_default();
    labels.insert("kubernetes.io/service-name".into(), name);
    labels.insert(
        "endpointslice.kubernetes.io/managed-by".into(),
        "endpointslice-controller.k8s.io".into(),
    );
    labels
}

/// One port of an endpoint: the Service port's name and protocol, the pod's port number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointPort {
    pub name: Option<String>,
    pub port: i32,
    pub protocol: String,
}

/// The pod's port for a Service port (`podutil.FindPort`): a number as it is, a name looked
/// up among the pod's container ports, no target port meaning the Service's port.
fn find_port(pod: &Pod, target: Option<&IntOrString>, port: i32) -> Option<i32> {
    match target {
        None => Some(port),
        Some(IntOrString::Int(i)) => Some(*i),
        Some(IntOrString::String(name)) => pod
            .spec
            .as_ref()?
            .containers
            .iter()
            .flat_map(|c| c.ports.iter().flatten())
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .map(|p| p.container_port),
    }
}

/// The ports of `pod` for the Service's ports; a port the pod lacks is left out.
fn pod_ports(svc: &Service, pod: Option<&Pod>) -> Vec<EndpointPort> {
    let Some(spec) = &svc.spec else {
        return Vec::new();
    };
    spec.ports
        .iter()
        .flatten()
        .filter_map(|p| {
            let port = match pod {
                Some(pod) => find_port(pod, p.target_port.as_ref(), p.port)?,
                None => match &p.target_port {
                    Some(IntOrString::Int(i)) => *i,
                    _ => p.port,
                },
            };
            Some(EndpointPort {
                name: p.name.clone().filter(|n| !n.is_empty()),
                port,
                protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
            })
        })
        .collect()
}

/// One subset of an Endpoints object.
#[derive(Debug, Clone, Default)]
pub struct Subset {
    pub addresses: Vec<sim::Endpoint>,
    pub not_ready: Vec<sim::Endpoint>,
    pub ports: Vec<EndpointPort>,
}

/// The Endpoints of `svc` as the endpoints controller writes them: pods grouped by their
/// ports (`RepackSubsets`), addresses sorted by IP (spec 8.4), terminating pods left out
/// unless `publishNotReadyAddresses` (errata 8.1), cut to 1,000 addresses with ready ones
/// first (`truncateEndpoints`). Returns the subsets and whether they were cut.
pub fn endpoints_subsets(cluster: &Cluster, svc: &Service) -> (Vec<Subset>, bool) {
    let Some(spec) = &svc.spec else {
        return (Vec::new(), false);
    };
    let publish = spec.publish_not_ready_addresses.unwrap_or(false);
    let has_ports = spec.ports.as_ref().is_some_and(|p| !p.is_empty());
    let (ns, _) = key_of(&svc.metadata);
    let mut subsets: Vec<Subset> = Vec::new();
    for e in sim::endpoints(cluster, svc) {
        let pod = cluster.pods.get(&(ns.clone(), e.pod.clone()));
        if !publish && pod.is_some_and(sim::is_terminating) {
            continue;
        }
        let ports = pod_ports(svc, pod);
        // A Service with ports lists a pod only on the ports it has; a headless Service
        // without ports lists it bare.
        if ports.is_empty() && (has_ports || !is_headless(svc)) {
            continue;
        }
        let at = match subsets.iter().position(|s| s.ports == ports) {
            Some(i) => i,
            None => {
                subsets.push(Subset {
                    ports,
                    ..Subset::default()
                });
                subsets.len() - 1
            }
        };
        if e.ready {
            subsets[at].addresses.push(e);
        } else {
            subsets[at].not_ready.push(e);
        }
    }
    for s in &mut subsets {
        crate::order::by_str(&mut s.addresses, |e| e.ip.clone());
        crate::order::by_str(&mut s.not_ready, |e| e.ip.clone());
    }
    let ready: usize = subsets.iter().map(|s| s.addresses.len()).sum();
    let not_ready: usize = subsets.iter().map(|s| s.not_ready.len()).sum();
    if ready + not_ready <= MAX_ENDPOINTS_ADDRESSES {
        return (subsets, false);
    }
    // Each subset keeps its share, rounded up, of what fits (`truncateEndpoints`).
    let (truncate_ready, max, total) = if ready > MAX_ENDPOINTS_ADDRESSES {
        (true, MAX_ENDPOINTS_ADDRESSES, ready)
    } else {
        (false, MAX_ENDPOINTS_ADDRESSES - ready, not_ready)
    };
    let mut room = max;
    for s in &mut subsets {
        let list = if truncate_ready {
            s.not_ready.clear();
            &mut s.addresses
        } else {
            &mut s.not_ready
        };
        let share = (list.len() * max).div_ceil(total.max(1)).min(room);
        list.truncate(share);
        room -= list.len();
    }
    (subsets, true)
}

fn target_ref(ns: &str, pod: &str, cluster: &Cluster) -> Value {
    let uid = cluster
        .pods
        .get(&(ns.to_string(), pod.to_string()))
        .and_then(|p| p.metadata.uid.clone())
        .unwrap_or_default();
    json_object(vec![
        ("kind", "Pod".into()),
        ("name", pod.into()),
        ("namespace", ns.into()),
        ("uid", uid.into()),
    ])
}

fn labels_value(labels: &BTreeMap<String, String>) -> Option<Value> {
    if labels.is_empty() {
        return None;
    }
    let mut map = serde_json::Map::new();
    for (k, v) in labels.iter() {
        map.insert(k.clone(), v.as_str().into());
    }
    Some(Value::Object(map))
}

fn ports_value(ports: &[EndpointPort]) -> Value {
    ports
        .iter()
        .map(|p| {
            let mut fields = Vec::new();
            if let Some(name) = &p.name {
                fields.push(("name", Value::from(name.as_str())));
            }
            fields.push(("port", p.port.into()));
            fields.push(("protocol", p.protocol.as_str().into()));
            json_object(fields)
        })
        .collect()
}

/// The pods `svc` selects that the listed endpoints stand for.
fn listed_pods<'a>(cluster: &'a Cluster, ns: &str, pods: &[&str]) -> Vec<&'a Pod> {
    pods.iter()
        .filter_map(|p| cluster.pods.get(&(ns.to_string(), (*p).to_string())))
        .collect()
}

/// metadata shared by both objects: the newest resourceVersion of the Service and the pods,
/// the trigger-time annotation, the creation time of the Service.
fn derived_meta(svc: &Service, pods: &[&Pod], uid_tag: &str) -> Vec<(&'static str, Value)> {
    let version = |m: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta| {
        m.resource_version
            .as_deref()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(1)
    };
    let mut rv = version(&svc.metadata);
    for p in pods {
        rv = rv.max(version(&p.metadata));
    }
    let created = svc.metadata.creation_timestamp.as_ref();
    let mut trigger = created;
    for p in pods {
        let ready_at = p
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .and_then(|c| c.iter().find(|c| c.type_ == "Ready"))
            .and_then(|c| c.last_transition_time.as_ref());
        if ready_at.map(|t| t.0) > trigger.map(|t| t.0) {
            trigger = ready_at;
        }
    }
    let (ns, name) = key_of(&svc.metadata);
    let mut meta = Vec::new();
    if let Some(t) = trigger {
        meta.push((
            "annotations",
            json_object(vec![(
                "endpoints.kubernetes.io/last-change-trigger-time",
                crate::clock::rfc3339_of(t.0.as_second()).into(),
            )]),
        ));
    }
    if let Some(t) = created {
        meta.push((
            "creationTimestamp",
            crate::clock::rfc3339_of(t.0.as_second()).into(),
        ));
    }
    meta.push(("namespace", ns.into()));
    meta.push(("resourceVersion", rv.to_string().into()));
    let uid = svc.metadata.uid.clone().unwrap_or(name);
    meta.push(("uid", derived_uid(&format!("{uid}/{uid_tag}")).into()));
    meta
}

/// `kubectl get endpoints NAME -o json`'s object.
pub fn endpoints_object(cluster: &Cluster, svc: &Service) -> Value {
    let (ns, name) = key_of(&svc.metadata);
    let (subsets, truncated) = endpoints_subsets(cluster, svc);
    let mut pod_names: Vec<&str> = Vec::new();
    for s in &subsets {
        for e in s.addresses.iter() {
            pod_names.push(&e.pod);
        }
        for e in s.not_ready.iter() {
            pod_names.push(&e.pod);
        }
    }
    let pods = listed_pods(cluster, &ns, &pod_names);
    let mut meta = derived_meta(svc, &pods, "endpoints");
    if truncated {
        if let Some((_, Value::Object(a))) = meta.iter_mut().find(|(k, _)| *k == "annotations") {
            a.insert(
                "endpoints.kubernetes.io/over-capacity".into(),
                "truncated".into(),
            );
        }
    }
    if let Some(labels) = labels_value(&endpoints_labels(svc)) {
        meta.push(("labels", labels));
    }
    meta.push(("name", name.into()));
    let address = |e: &sim::Endpoint| {
        let mut fields = Vec::new();
        if let Some(h) = &e.hostname {
            fields.push(("hostname", Value::from(h.as_str())));
        }
        fields.push(("ip", e.ip.as_str().into()));
        if let Some(node) = &e.node {
            fields.push(("nodeName", node.as_str().into()));
        }
        fields.push(("targetRef", target_ref(&ns, &e.pod, cluster)));
        json_object(fields)
    };
    let subsets: Vec<Value> = subsets
        .iter()
        .map(|s| {
            let mut fields = Vec::new();
            if !s.addresses.is_empty() {
                fields.push(("addresses", s.addresses.iter().map(address).collect()));
            }
            if !s.not_ready.is_empty() {
                fields.push((
                    "notReadyAddresses",
                    s.not_ready.iter().map(address).collect(),
                ));
            }
            if !s.ports.is_empty() {
                fields.push(("ports", ports_value(&s.ports)));
            }
            json_object(fields)
        })
        .collect();
    let mut fields = vec![
        ("apiVersion", Value::from("v1")),
        ("kind", "Endpoints".into()),
        ("metadata", json_object(meta)),
    ];
    if !subsets.is_empty() {
        fields.push(("subsets", Value::Array(subsets)));
    }
    json_object(fields)
}

/// One EndpointSlice of a Service.
#[derive(Debug, Clone)]
pub struct Slice {
    pub name: String,
    pub endpoints: Vec<sim::Endpoint>,
    pub ports: Vec<EndpointPort>,
}

/// The EndpointSlices of `svc`: IPv4, at most 100 endpoints each, terminating pods included
/// (spec 8.1), pods in name order. A Service with no endpoints still has one, empty, slice.
/// Each name is the Service's, then a suffix standing for the API server's random
/// `generateName` suffix, derived from the Service's uid.
pub fn endpoint_slices(cluster: &Cluster, svc: &Service) -> Vec<Slice> {
    let name = svc.metadata.name.clone().unwrap_or_default();
    let all = sim::endpoints(cluster, svc);
    let ports = pod_ports(svc, None);
    let uid = svc.metadata.uid.clone().unwrap_or_default();
    let chunks: Vec<Vec<sim::Endpoint>> = if all.is_empty() {
        vec![Vec::new()]
    } else {
        all.chunks(MAX_ENDPOINTS_PER_SLICE)
            .map(<[_]>::to_vec)
            .collect()
    };
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, endpoints)| {
            let seed = if i == 0 {
                uid.replace('-', "")
            } else {
                derived_uid(&format!("{uid}/slice/{i}")).replace('-', "")
            };
            let suffix: String = sim::safe_encode(&seed).chars().take(5).collect();
            Slice {
                name: format!("{name}-{suffix}"),
                endpoints,
                ports: ports.clone(),
            }
        })
        .collect()
}

/// `kubectl get endpointslice NAME -o json`'s object.
pub fn slice_object(cluster: &Cluster, svc: &Service, slice: &Slice) -> Value {
    let (ns, svc_name) = key_of(&svc.metadata);
    let pod_names: Vec<&str> = slice.endpoints.iter().map(|e| e.pod.as_str()).collect();
    let pods = listed_pods(cluster, &ns, &pod_names);
    let mut meta = derived_meta(svc, &pods, &slice.name);
    meta.push(("generateName", format!("{svc_name}-").into()));
    meta.push(("generation", 1.into()));
    if let Some(labels) = labels_value(&slice_labels(svc)) {
        meta.push(("labels", labels));
    }
    meta.push(("name", slice.name.as_str().into()));
    meta.push((
        "ownerReferences",
        Value::Array(vec![json_object(vec![
            ("apiVersion", "v1".into()),
            ("blockOwnerDeletion", true.into()),
            ("controller", true.into()),
            ("kind", "Service".into()),
            ("name", svc_name.as_str().into()),
            ("uid", svc.metadata.uid.clone().unwrap_or_default().into()),
        ])]),
    ));
    let publish = svc
        .spec
        .as_ref()
        .and_then(|s| s.publish_not_ready_addresses)
        .unwrap_or(false);
    let endpoints: Vec<Value> = slice
        .endpoints
        .iter()
        .map(|e| {
            let pod = cluster.pods.get(&(ns.clone(), e.pod.clone()));
            let serving = pod.is_some_and(sim::is_ready);
            let terminating = pod.is_some_and(sim::is_terminating);
            let mut fields = vec![
                ("addresses", Value::Array(vec![e.ip.as_str().into()])),
                (
                    "conditions",
                    json_object(vec![
                        ("ready", (publish || (serving && !terminating)).into()),
                        ("serving", serving.into()),
                        ("terminating", terminating.into()),
                    ]),
                ),
            ];
            if let Some(h) = &e.hostname {
                fields.push(("hostname", h.as_str().into()));
            }
            if let Some(node) = &e.node {
                fields.push(("nodeName", node.as_str().into()));
            }
            fields.push(("targetRef", target_ref(&ns, &e.pod, cluster)));
            json_object(fields)
        })
        .collect();
    json_object(vec![
        ("addressType", "IPv4".into()),
        ("apiVersion", "discovery.k8s.io/v1".into()),
        // `endpoints` and `ports` have no omitempty: an empty list comes back from storage
        // as null.
        (
            "endpoints",
            if endpoints.is_empty() {
                Value::Null
            } else {
                Value::Array(endpoints)
            },
        ),
        ("kind", "EndpointSlice".into()),
        ("metadata", json_object(meta)),
        (
            "ports",
            if slice.ports.is_empty() {
                Value::Null
            } else {
                ports_value(&slice.ports)
            },
        ),
    ])
}

/// A Namespace's labels: the ones it was applied with, and the name label the API server
/// sets on every Namespace (`kubernetes.io/metadata.name`, NamespaceDefaultLabelName).
pub fn namespace_labels(name: &str, ns: &NamespaceRecord) -> BTreeMap<String, String> {
    let mut labels = ns.labels.clone();
    labels.insert("kubernetes.io/metadata.name".into(), name.into());
    labels
}

/// `kubectl get namespace NAME -o json`'s object.
pub fn namespace_object(name: &str, ns: &NamespaceRecord) -> Value {
    let created = if ns.created == Instant::START && FURNITURE_NAMESPACES.contains(&name) {
        cluster_created()
    } else {
        ns.created.to_k8s_time()
    };
    let mut meta = Vec::new();
    if let Some(annotations) = labels_value(&ns.annotations) {
        meta.push(("annotations", annotations));
    }
    meta.push((
        "creationTimestamp",
        crate::clock::rfc3339_of(created.0.as_second()).into(),
    ));
    if let Some(labels) = labels_value(&namespace_labels(name, ns)) {
        meta.push(("labels", labels));
    }
    meta.push(("name", name.into()));
    meta.push(("resourceVersion", ns.resource_version.as_str().into()));
    meta.push(("uid", derived_uid(&format!("namespace/{name}")).into()));
    json_object(vec![
        ("apiVersion", "v1".into()),
        ("kind", "Namespace".into()),
        ("metadata", json_object(meta)),
        (
            "spec",
            json_object(vec![(
                "finalizers",
                Value::Array(vec!["kubernetes".into()]),
            )]),
        ),
        ("status", json_object(vec![("phase", "Active".into())])),
    ])
}
