//! Cluster state: the objects, in ordered maps, and the seeded counters that hand out uids,
//! IPs and node placements. Iteration order is name order everywhere (spec 12.8).

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{ControllerRevision, StatefulSet};
use k8s_openapi::api::core::v1::{
    PersistentVolume, PersistentVolumeClaim, Pod, Service, ServicePort, ServiceSpec,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::clock::Instant;

mod objmap;

pub use objmap::{KeySet, NameMap, ObjMap, StrSet};

/// Namespace and name.
pub type Key = (String, String);

pub fn key_of(meta: &ObjectMeta) -> Key {
    (
        meta.namespace.clone().unwrap_or_else(|| "default".into()),
        meta.name.clone().unwrap_or_default(),
    )
}

pub use crate::defaults::DEFAULT_STORAGE_CLASS;

/// The annotation that makes a StorageClass the default (`storageutil.IsDefaultAnnotation`
/// also reads the beta one).
pub const DEFAULT_CLASS_ANNOTATION: &str = "storageclass.kubernetes.io/is-default-class";

/// Whether a class is marked default.
pub fn is_default_class(class: &StorageClass) -> bool {
    class.metadata.annotations.as_ref().is_some_and(|a| {
        a.get(DEFAULT_CLASS_ANNOTATION).map(String::as_str) == Some("true")
            || a.get("storageclass.beta.kubernetes.io/is-default-class")
                .map(String::as_str)
                == Some("true")
    })
}

/// The cluster domain.
pub const CLUSTER_DOMAIN: &str = "cluster.local";
/// `default/kubernetes`.
pub const KUBERNETES_SERVICE_IP: &str = "10.96.0.1";
/// `kube-system/kube-dns`, the nameserver of every pod.
pub const KUBE_DNS_IP: &str = "10.96.0.10";

/// The namespaces every cluster starts with.
pub const FURNITURE_NAMESPACES: [&str; 4] =
    ["default", "kube-node-lease", "kube-public", "kube-system"];

/// How long before the scenario's start the cluster was set up: its own objects (the
/// `kubernetes` and `kube-dns` Services, the namespaces) are this old when the clock starts,
/// as in the seed's transcript (`kubernetes   ClusterIP   10.96.0.1 ... 42h`).
pub const CLUSTER_AGE_SECONDS: i64 = 42 * 3600;

/// The creation time of the cluster's own objects.
pub fn cluster_created() -> k8s_openapi::apimachinery::pkg::apis::meta::v1::Time {
    let secs = crate::clock::EPOCH_UNIX_SECONDS - CLUSTER_AGE_SECONDS;
    k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(
        k8s_openapi::jiff::Timestamp::from_second(secs)
            .unwrap_or(k8s_openapi::jiff::Timestamp::UNIX_EPOCH),
    )
}

/// A worker node and its pod CIDR (10.244.N.0/24).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    pub cidr_octet: u8,
    next_host: u8,
    /// Pods bound to this node and not yet gone.
    pub pods: usize,
}

/// kubelet's default `maxPods`.
pub const MAX_PODS_PER_NODE: usize = 110;

/// `Normal` or `Warning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// A recorded event, aggregated by (object, type, reason, message, source) as the event
/// recorder aggregates identical events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub namespace: String,
    pub involved_kind: &'static str,
    pub involved_name: String,
    pub involved_uid: String,
    pub type_: EventType,
    pub reason: &'static str,
    pub message: String,
    pub source: &'static str,
    pub first: Instant,
    pub last: Instant,
    pub count: u32,
}

/// Deterministic 64-bit mixing (splitmix64): the source of every "random" looking value.
/// A UUID v4's shape from a 64-bit seed.
fn uuid_of(seed: u64) -> String {
    let a = splitmix64(seed);
    let b = splitmix64(a ^ 0x5eed);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        (a & 0xfff) as u16,
        (((b >> 48) as u16) & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

/// A uid for an object the playground derives rather than stores (an Endpoints, say): the
/// same for the same `seed` (FNV-1a of it, outside the counter's range), so it is stable.
pub fn derived_uid(seed: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    uuid_of(h | (1 << 63))
}

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A Namespace: what the playground keeps of it (its phase is always Active).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceRecord {
    pub created: Instant,
    pub resource_version: String,
    /// The labels and annotations it was applied with.
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
}

/// A Service's status as the API server keeps it for one that is not a load balancer:
/// `loadBalancer: {}`.
pub fn service_status() -> k8s_openapi::api::core::v1::ServiceStatus {
    k8s_openapi::api::core::v1::ServiceStatus {
        load_balancer: Some(Default::default()),
        ..Default::default()
    }
}

/// The whole simulated cluster.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub now: Instant,
    pub namespaces: NameMap<NamespaceRecord>,
    pub services: ObjMap<Service>,
    pub sets: ObjMap<StatefulSet>,
    pub revisions: ObjMap<ControllerRevision>,
    pub pods: ObjMap<Pod>,
    pub claims: ObjMap<PersistentVolumeClaim>,
    /// PersistentVolumes are cluster-scoped: keyed by `("", name)` (an `ObjMap` like the
    /// others, so no other B-tree instantiation is in the bundle for them).
    pub volumes: ObjMap<PersistentVolume>,
    /// StorageClasses, cluster-scoped like volumes: keyed by `("", name)`.
    pub storage_classes: ObjMap<StorageClass>,
    pub events: Vec<EventRecord>,
    /// Where each distinct event sits in `events`, for aggregation without a scan.
    event_index: NameMap<usize>,
    pub nodes: Vec<Node>,
    /// Pod IPs in use, so that a node's IPAM never hands one out twice.
    pub used_pod_ips: StrSet,
    uid_counter: u64,
    ip_counter: u64,
    next_node: usize,
    resource_version: u64,
}

impl Default for Cluster {
    fn default() -> Self {
        Cluster::new()
    }
}

impl Cluster {
    /// A cluster with its fixed furniture (spec 9, issue 4): namespaces, the `kubernetes`
    /// and `kube-dns` Services, and three worker nodes.
    pub fn new() -> Cluster {
        let mut c = Cluster {
            now: Instant::START,
            namespaces: NameMap::new(),
            services: ObjMap::new(),
            sets: ObjMap::new(),
            revisions: ObjMap::new(),
            pods: ObjMap::new(),
            claims: ObjMap::new(),
            volumes: ObjMap::new(),
            storage_classes: ObjMap::new(),
            events: Vec::new(),
            event_index: NameMap::new(),
            nodes: [
                ("kind-worker", 1, 5),
                ("kind-worker2", 2, 9),
                ("kind-worker3", 3, 3),
            ]
            .iter()
            .map(|(n, o, h)| Node {
                name: (*n).into(),
                cidr_octet: *o,
                next_host: *h,
                pods: 0,
            })
            .collect(),
            used_pod_ips: StrSet::new(),
            uid_counter: 0,
            ip_counter: 0,
            next_node: 0,
            resource_version: 1000,
        };
        for (i, ns) in FURNITURE_NAMESPACES.iter().enumerate() {
            // Made by the API server as it first starts, before anything else.
            c.namespaces.insert(
                (*ns).into(),
                NamespaceRecord {
                    created: Instant::START,
                    resource_version: (i + 1).to_string(),
                    labels: BTreeMap::new(),
                    annotations: BTreeMap::new(),
                },
            );
        }
        // The API server's own Service (its `kubernetes` Service controller labels it).
        c.add_furniture_service(
            "default",
            "kubernetes",
            KUBERNETES_SERVICE_IP,
            &[("https", 443, 6443, "TCP")],
            None,
            &[("component", "apiserver"), ("provider", "kubernetes")],
            &[],
        );
        // kubeadm's CoreDNS Service (cmd/kubeadm/app/phases/addons/dns/manifests.go), as
        // kind installs it.
        c.add_furniture_service(
            "kube-system",
            "kube-dns",
            KUBE_DNS_IP,
            &[
                ("dns", 53, 53, "UDP"),
                ("dns-tcp", 53, 53, "TCP"),
                ("metrics", 9153, 9153, "TCP"),
            ],
            Some(&[("k8s-app", "kube-dns")]),
            &[
                ("k8s-app", "kube-dns"),
                ("kubernetes.io/cluster-service", "true"),
                ("kubernetes.io/name", "CoreDNS"),
            ],
            &[
                ("prometheus.io/port", "9153"),
                ("prometheus.io/scrape", "true"),
            ],
        );
        c.add_default_storage_class();
        c
    }

    /// kind's `standard` class: the local-path provisioner, WaitForFirstConsumer, the
    /// default (as `kubectl get storageclass` on a kind cluster shows it).
    fn add_default_storage_class(&mut self) {
        let mut class = StorageClass {
            metadata: ObjectMeta {
                name: Some(DEFAULT_STORAGE_CLASS.into()),
                annotations: Some(BTreeMap::from([(
                    DEFAULT_CLASS_ANNOTATION.to_string(),
                    "true".to_string(),
                )])),
                ..Default::default()
            },
            provisioner: "rancher.io/local-path".into(),
            volume_binding_mode: Some("WaitForFirstConsumer".into()),
            ..Default::default()
        };
        crate::defaults::default_storage_class(&mut class);
        // Stamped apart from the seeded counters, so the objects a scenario creates keep
        // the uids and resourceVersions they had before the class was furniture.
        let a = splitmix64(0x5eed_c1a5);
        class.metadata.uid = Some(format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            (a >> 32) as u32,
            (a >> 16) as u16,
            (a & 0xfff) as u16,
            (a >> 52) as u16,
            splitmix64(a) & 0xffff_ffff_ffff
        ));
        class.metadata.resource_version = Some("285".into());
        class.metadata.creation_timestamp = Some(cluster_created());
        self.storage_classes
            .insert((String::new(), DEFAULT_STORAGE_CLASS.into()), class);
    }

    /// The class the DefaultStorageClass admission plugin gives a claim without one: the
    /// newest class marked default (1.28+), or none.
    pub fn default_storage_class(&self) -> Option<&str> {
        self.storage_classes
            .values()
            .filter(|c| is_default_class(c))
            .max_by_key(|c| {
                c.metadata
                    .creation_timestamp
                    .as_ref()
                    .map(|t| t.0.as_second())
            })
            .and_then(|c| c.metadata.name.as_deref())
    }

    /// The class a claim names, if the cluster has it.
    pub fn storage_class(&self, name: Option<&str>) -> Option<&StorageClass> {
        let name = name.filter(|n| !n.is_empty())?;
        self.storage_classes.get(&(String::new(), name.to_string()))
    }

    /// `ports`: (name, port, targetPort, protocol).
    #[allow(clippy::too_many_arguments)]
    fn add_furniture_service(
        &mut self,
        ns: &str,
        name: &str,
        ip: &str,
        ports: &[(&str, i32, i32, &str)],
        selector: Option<&[(&str, &str)]>,
        labels: &[(&str, &str)],
        annotations: &[(&str, &str)],
    ) {
        let map = |pairs: &[(&str, &str)]| -> Option<BTreeMap<String, String>> {
            (!pairs.is_empty()).then(|| {
                let mut m = BTreeMap::new();
                for (k, v) in pairs {
                    m.insert((*k).to_string(), (*v).to_string());
                }
                m
            })
        };
        let mut svc = Service {
            metadata: ObjectMeta {
                name: Some(name.into()),
                namespace: Some(ns.into()),
                labels: map(labels),
                annotations: map(annotations),
                ..Default::default()
            },
            // The API server's defaults for a single-stack ClusterIP Service.
            spec: Some(ServiceSpec {
                cluster_ip: Some(ip.into()),
                cluster_ips: Some(vec![ip.into()]),
                ip_families: Some(vec!["IPv4".into()]),
                ip_family_policy: Some("SingleStack".into()),
                ports: Some(
                    ports
                        .iter()
                        .map(|(port_name, port, target, protocol)| ServicePort {
                            name: Some((*port_name).into()),
                            port: *port,
                            target_port: Some(IntOrString::Int(*target)),
                            protocol: Some((*protocol).into()),
                            ..Default::default()
                        })
                        .collect(),
                ),
                selector: selector.and_then(map),
                ..Default::default()
            }),
            ..Default::default()
        };
        crate::defaults::default_service(&mut svc);
        svc.status = Some(service_status());
        self.stamp_new(&mut svc.metadata);
        svc.metadata.creation_timestamp = Some(cluster_created());
        self.services.insert((ns.into(), name.into()), svc);
    }

    /// Gives a new object its uid, creationTimestamp, resourceVersion and generation.
    pub fn stamp_new(&mut self, meta: &mut ObjectMeta) {
        meta.uid = Some(self.next_uid());
        meta.creation_timestamp = Some(self.now.to_k8s_time());
        meta.resource_version = Some(self.next_resource_version());
    }

    pub fn next_resource_version(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    /// A uid shaped like the API server's (UUID v4), from a seeded counter.
    pub fn next_uid(&mut self) -> String {
        self.uid_counter += 1;
        uuid_of(self.uid_counter)
    }

    /// A ClusterIP from 10.96.0.0/12, above the static band, from a seeded sequence.
    pub fn allocate_service_ip(&mut self) -> String {
        loop {
            self.ip_counter += 1;
            let r = splitmix64(self.ip_counter ^ 0x00c1_0573_0000);
            // 2^20 addresses in the /12; skip the first 256 (the static band).
            let offset = 256 + (r % ((1 << 20) - 256 - 1)) as u32;
            let ip = 0x0a60_0000u32 + offset;
            let text = format!(
                "{}.{}.{}.{}",
                ip >> 24,
                (ip >> 16) & 255,
                (ip >> 8) & 255,
                ip & 255
            );
            let taken = self.services.values().any(|s| {
                s.spec.as_ref().and_then(|sp| sp.cluster_ip.as_deref()) == Some(text.as_str())
            });
            if !taken {
                return text;
            }
        }
    }

    /// Picks the node with the fewest pods (ties go round-robin), as a simple scheduler.
    /// When every node holds kubelet's 110 pods, the cluster gains a worker
    /// (`kind-worker4`, … with pod CIDR 10.244.N.0/24), so big StatefulSets still schedule.
    pub fn schedule(&mut self) -> usize {
        if self.nodes.iter().all(|n| n.pods >= MAX_PODS_PER_NODE) && self.nodes.len() < 250 {
            let k = self.nodes.len() + 1;
            self.nodes.push(Node {
                name: format!("kind-worker{k}"),
                cidr_octet: k as u8,
                next_host: 2,
                pods: 0,
            });
        }
        let min = self.nodes.iter().map(|n| n.pods).min().unwrap_or(0);
        let n = self.nodes.len();
        let pick = (0..n)
            .map(|k| (self.next_node + k) % n)
            .find(|&i| self.nodes[i].pods == min)
            .unwrap_or(0);
        self.next_node = (pick + 1) % n;
        self.nodes[pick].pods += 1;
        pick
    }

    /// A pod bound to `node` is gone.
    pub fn unbind(&mut self, node: &str) {
        if let Some(n) = self.nodes.iter_mut().find(|n| n.name == node) {
            n.pods = n.pods.saturating_sub(1);
        }
    }

    /// The next pod IP on `node` (host-local IPAM hands them out in order).
    pub fn allocate_pod_ip(&mut self, node: usize) -> String {
        let n = &mut self.nodes[node];
        for _ in 0..253 {
            let ip = format!("10.244.{}.{}", n.cidr_octet, n.next_host);
            n.next_host = if n.next_host >= 254 {
                2
            } else {
                n.next_host + 1
            };
            if self.used_pod_ips.insert(ip.clone()) {
                return ip;
            }
        }
        // The node's /24 is full (the playground caps replicas well below that).
        format!("10.244.{}.255", n.cidr_octet)
    }

    /// Records an event, aggregating it with an identical earlier one.
    #[allow(clippy::too_many_arguments)]
    pub fn record_event(
        &mut self,
        namespace: &str,
        involved_kind: &'static str,
        involved_name: &str,
        involved_uid: &str,
        type_: EventType,
        reason: &'static str,
        message: String,
        source: &'static str,
    ) {
        let now = self.now;
        let id = format!(
            "{namespace}\u{0}{involved_kind}\u{0}{involved_name}\u{0}{involved_uid}\u{0}{}\u{0}{reason}\u{0}{message}\u{0}{source}",
            type_.as_str()
        );
        if let Some(&i) = self.event_index.get(&id) {
            let e = &mut self.events[i];
            e.count += 1;
            e.last = now;
            return;
        }
        self.event_index.insert(id, self.events.len());
        self.events.push(EventRecord {
            namespace: namespace.into(),
            involved_kind,
            involved_name: involved_name.into(),
            involved_uid: involved_uid.into(),
            type_,
            reason,
            message,
            source,
            first: now,
            last: now,
            count: 1,
        });
    }

    /// The recorded events of `ns` as API objects, named as the recorder names them
    /// (`<object>.<hex of the first timestamp in nanoseconds>`).
    pub fn event_objects(&self, ns: &str) -> Vec<(String, k8s_openapi::api::core::v1::Event)> {
        use k8s_openapi::api::core::v1::{Event, EventSource, ObjectReference};
        self.events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.namespace == ns)
            .map(|(i, e)| {
                let nanos = e.first.unix_seconds() as u64 * 1_000_000_000 + i as u64;
                let name = format!("{}.{nanos:x}", e.involved_name);
                let api_version = match e.involved_kind {
                    "StatefulSet" => "apps/v1",
                    _ => "v1",
                };
                let event = Event {
                    metadata: ObjectMeta {
                        name: Some(name.clone()),
                        namespace: Some(e.namespace.clone()),
                        creation_timestamp: Some(e.first.to_k8s_time()),
                        ..Default::default()
                    },
                    involved_object: ObjectReference {
                        api_version: Some(api_version.into()),
                        kind: Some(e.involved_kind.into()),
                        name: Some(e.involved_name.clone()),
                        namespace: Some(e.namespace.clone()),
                        uid: Some(e.involved_uid.clone()),
                        ..Default::default()
                    },
                    reason: Some(e.reason.into()),
                    message: Some(e.message.clone()),
                    source: Some(EventSource {
                        component: Some(e.source.into()),
                        host: None,
                    }),
                    first_timestamp: Some(e.first.to_k8s_time()),
                    last_timestamp: Some(e.last.to_k8s_time()),
                    count: Some(e.count as i32),
                    type_: Some(e.type_.as_str().into()),
                    reporting_component: Some(e.source.into()),
                    reporting_instance: Some(String::new()),
                    ..Default::default()
                };
                (name, event)
            })
            .collect()
    }

    /// Whether `ip` is a Service ClusterIP, and which Service.
    pub fn service_by_cluster_ip(&self, ip: &str) -> Option<&Service> {
        self.services
            .values()
            .find(|s| s.spec.as_ref().and_then(|sp| sp.cluster_ip.as_deref()) == Some(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_is_there() {
        let c = Cluster::new();
        let k = &c.services[&("default".to_string(), "kubernetes".to_string())];
        assert_eq!(
            k.spec.as_ref().unwrap().cluster_ip.as_deref(),
            Some("10.96.0.1")
        );
        assert!(c.service_by_cluster_ip("10.96.0.10").is_some());
        assert!(c.namespaces.contains_key("kube-system"));
    }

    #[test]
    fn counters_are_deterministic_and_in_range() {
        let mut a = Cluster::new();
        let mut b = Cluster::new();
        for _ in 0..50 {
            let ip = a.allocate_service_ip();
            assert_eq!(ip, b.allocate_service_ip());
            let parts: Vec<u32> = ip.split('.').map(|x| x.parse().unwrap()).collect();
            assert_eq!(parts[0], 10);
            assert!((96..=111).contains(&parts[1]), "{ip}");
            assert_eq!(a.next_uid(), b.next_uid());
        }
        let uid = a.next_uid();
        assert_eq!(uid.len(), 36);
        assert_eq!(&uid[14..15], "4");
    }
}
