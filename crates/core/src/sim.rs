//! The simulation: the StatefulSet controller, a scheduler and kubelet, and the endpoints
//! controller, driven by timers on the simulated clock.
//!
//! The controller follows `stateful_set_control.go` (fidelity spec 4): one sync partitions
//! the set's pods into in-range replicas and condemned pods, walks the replicas in ascending
//! ordinal order (creating at most one pod per sync and stopping at the first unhealthy pod
//! under `OrderedReady`), then the condemned pods in descending order, then the rolling
//! update. Kubelet moves each pod through Pending, ContainerCreating, Running and Ready on
//! timers.

use std::cmp::Reverse;
use std::collections::binary_heap::PeekMut;
use std::collections::{BTreeMap, BinaryHeap};

use k8s_openapi::api::apps::v1::{ControllerRevision, StatefulSet, StatefulSetStatus};
use k8s_openapi::api::core::v1::{
    ContainerState, ContainerStateRunning, ContainerStateWaiting, ContainerStatus, Pod,
    PodCondition, PodIP, PodSpec, PodStatus, Service,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::clock::Instant;
use crate::store::{key_of, Cluster, EventType, Key, KeySet, ObjMap};

/// Label keys the controller sets on its pods (spec 2.3).
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
pub const REVISION_LABEL: &str = "controller-revision-hash";

/// How long each step of a pod's life takes, in simulated milliseconds. The defaults make
/// the seed look like the seed: each pod is Ready two seconds after it is created, so
/// `web-1` is created two seconds after `web-0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timings {
    /// Created → bound to a node (status ContainerCreating).
    pub schedule_ms: u64,
    /// Created → sandbox up, pod IP assigned.
    pub sandbox_ms: u64,
    /// Created → containers running and Ready.
    pub start_ms: u64,
    /// Deleted → gone (nginx exits promptly on SIGTERM, well inside the grace period).
    pub terminate_ms: u64,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            schedule_ms: 100,
            sandbox_ms: 1000,
            start_ms: 2000,
            terminate_ms: 2000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Wake {
    /// Re-read the pod (its availability changed with time).
    Requeue,
    /// The readiness probe's first success.
    ProbePassed,
    Scheduled,
    SandboxReady,
    Started,
    Gone,
}

/// What a sync needs of its StatefulSet, copied out of the store so the sync can change the
/// cluster: small fields only (the pod template is read from the ControllerRevision when a
/// pod is made, so the whole StatefulSet is never cloned).
#[derive(Debug)]
struct SetFacts {
    uid: String,
    generation: i64,
    owner: OwnerReference,
    service_name: Option<String>,
    selector: BTreeMap<String, String>,
    claim_templates: Vec<k8s_openapi::api::core::v1::PersistentVolumeClaim>,
    when_deleted: bool,
    when_scaled: bool,
    monotonic: bool,
    start: u64,
    replicas: u64,
    partition: u64,
    max_unavailable: u64,
    rolling: bool,
    current_revision: Option<String>,
}

impl SetFacts {
    fn of(set: &StatefulSet) -> SetFacts {
        let default_spec = k8s_openapi::api::apps::v1::StatefulSetSpec::default();
        let spec = set.spec.as_ref().unwrap_or(&default_spec);
        let policy = spec.persistent_volume_claim_retention_policy.as_ref();
        let replicas = spec.replicas.unwrap_or(1).max(0) as u64;
        SetFacts {
            uid: set.metadata.uid.clone().unwrap_or_default(),
            generation: set.metadata.generation.unwrap_or(0),
            owner: owner_ref(set),
            service_name: spec.service_name.clone().filter(|s| !s.is_empty()),
            selector: spec.selector.match_labels.clone().unwrap_or_default(),
            claim_templates: spec.volume_claim_templates.clone().unwrap_or_default(),
            when_deleted: policy.and_then(|p| p.when_deleted.as_deref()) == Some("Delete"),
            when_scaled: policy.and_then(|p| p.when_scaled.as_deref()) == Some("Delete"),
            monotonic: spec.pod_management_policy.as_deref() != Some("Parallel"),
            start: spec
                .ordinals
                .as_ref()
                .and_then(|o| o.start)
                .unwrap_or(0)
                .max(0) as u64,
            replicas,
            partition: partition(spec),
            max_unavailable: max_unavailable(spec, replicas),
            rolling: spec
                .update_strategy
                .as_ref()
                .and_then(|s| s.type_.as_deref())
                == Some("RollingUpdate"),
            current_revision: set
                .status
                .as_ref()
                .and_then(|s| s.current_revision.clone())
                .filter(|c| !c.is_empty()),
        }
    }
}

/// What a sync needs to know of one of the set's pods.
#[derive(Debug, Clone)]
struct PodFacts {
    name: String,
    uid: String,
    pending: bool,
    /// Running and Ready (counts in readyReplicas, terminating or not).
    ready: bool,
    /// Ready for at least minReadySeconds.
    available: bool,
    /// Running, Ready, available and not terminating.
    healthy: bool,
    terminating: bool,
    failed: bool,
    revision: Option<String>,
}

impl PodFacts {
    fn of(p: &Pod, min_ready: u64, now: Instant) -> PodFacts {
        let terminating = is_terminating(p);
        let ready = is_running_and_ready(p);
        let available = ready && is_available(p, min_ready, now);
        PodFacts {
            name: p.metadata.name.clone().unwrap_or_default(),
            uid: p.metadata.uid.clone().unwrap_or_default(),
            pending: phase(p) == "Pending",
            ready,
            available,
            healthy: available && !terminating,
            terminating,
            failed: is_failed_or_succeeded(p),
            revision: revision_of(p).map(str::to_string),
        }
    }
}

/// One StatefulSet's view of its pods, with the counters its status needs.
#[derive(Debug, Clone, Default)]
struct SetCache {
    uid: String,
    /// The set's generation this cache was built for (a spec change rebuilds it).
    generation: i64,
    /// The generation whose claim owner references were last brought up to date.
    claims_generation: Option<i64>,
    pods: BTreeMap<u64, PodFacts>,
    /// Every ordinal from the range's start up to this one is present and healthy (a lower
    /// bound, advanced lazily: creating pods in order costs O(1) per pod, not O(pods)).
    healthy_below: u64,
    ready: i32,
    available: i32,
    /// Pods that are not terminating, per revision label.
    by_revision: BTreeMap<String, i32>,
    /// The pods that are not healthy, by ordinal (a map of the same type as `pods`, not a
    /// `BTreeSet<u64>`: one B-tree instantiation fewer in the wasm bundle).
    unhealthy: BTreeMap<u64, PodFacts>,
}

impl SetCache {
    fn count(&mut self, f: &PodFacts, sign: i32) {
        self.ready += sign * i32::from(f.ready);
        self.available += sign * i32::from(f.available);
        if !f.terminating {
            if let Some(r) = &f.revision {
                *self.by_revision.entry(r.clone()).or_insert(0) += sign;
            }
        }
    }

    /// Replaces (or, with `None`, removes) the facts of one ordinal.
    fn put(&mut self, ordinal: u64, facts: Option<PodFacts>) {
        if let Some(old) = self.pods.remove(&ordinal) {
            self.count(&old, -1);
        }
        self.unhealthy.remove(&ordinal);
        if let Some(f) = facts.as_ref().filter(|f| !f.healthy) {
            self.unhealthy.insert(ordinal, f.clone());
        }
        if facts.as_ref().is_none_or(|f| !f.healthy) {
            self.healthy_below = self.healthy_below.min(ordinal);
        }
        if let Some(f) = facts {
            self.count(&f, 1);
            self.pods.insert(ordinal, f);
        }
    }

    /// The first ordinal of `[start, end)` that is missing or unhealthy, if any.
    fn first_bad(&mut self, start: u64, end: u64) -> Option<u64> {
        let mut o = self.healthy_below.max(start);
        while o < end && self.pods.get(&o).is_some_and(|f| f.healthy) {
            o += 1;
        }
        self.healthy_below = o;
        (o < end).then_some(o)
    }

    /// Every ordinal of `[start, end)` that is missing or unhealthy, ascending.
    fn bad_slots(&mut self, start: u64, end: u64) -> Vec<u64> {
        let Some(first) = self.first_bad(start, end) else {
            return Vec::new();
        };
        // Pods outside the range are few (condemned ones): count them, not the range.
        let outside = self.pods.range(..start).count() + self.pods.range(end..).count();
        let all_present = (self.pods.len() - outside) as u64 == end - start;
        if all_present {
            self.unhealthy.range(first..end).map(|(o, _)| *o).collect()
        } else {
            (first..end)
                .filter(|o| self.pods.get(o).is_none_or(|f| !f.healthy))
                .collect()
        }
    }
}

/// A pending timer: at `at`, do `wake` to the pod `pod` if it still has uid `uid`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Timer {
    at: Instant,
    seq: u64,
    wake: Wake,
    pod: Key,
    uid: String,
}

/// The most simulation steps one `advance` may take, so that no input freezes the tab.
pub const MAX_STEPS_PER_ADVANCE: usize = 200_000;

/// The cluster plus its timers.
#[derive(Debug, Clone, Default)]
pub struct World {
    pub cluster: Cluster,
    pub timings: Timings,
    /// The revision name of each set's (uid, generation): hashing the template once per
    /// change, not once per sync.
    revision_of_generation: ObjMap<(String, i64, String)>,
    /// StatefulSets whose pods changed since their last sync.
    dirty: KeySet,
    /// Pod names whose every incarnation stays not Ready (`sim hold`).
    held: KeySet,
    /// Whether an owner went away since the garbage collector last looked.
    dirty_gc: bool,
    /// What each StatefulSet's sync needs to know of its pods, kept up to date on every pod
    /// change (the controller's informer cache), so a sync costs O(changed pods), not O(pods).
    caches: ObjMap<SetCache>,
    /// The StatefulSet each pod belongs to, to update the right cache when a pod goes.
    pod_owner: ObjMap<Key>,
    /// Pending timers, earliest (then first set) on top. A heap, not a `BTreeSet`: the
    /// engine only ever takes the first one, and a heap is far less wasm than a B-tree.
    timers: BinaryHeap<Reverse<Timer>>,
    seq: u64,
}

impl World {
    pub fn new() -> World {
        World::default()
    }

    fn after(&mut self, ms: u64, wake: Wake, pod: &Key, uid: &str) {
        self.seq += 1;
        let at = self.cluster.now.plus_millis(ms);
        self.timers.push(Reverse(Timer {
            at,
            seq: self.seq,
            wake,
            pod: pod.clone(),
            uid: uid.into(),
        }));
    }

    /// Runs controllers and timers up to `target`. Returns false if the step budget ran out.
    pub fn advance_to(&mut self, target: Instant) -> bool {
        let mut steps = 0;
        // Whatever changed the store before this call (an apply, a delete) may concern any
        // StatefulSet: sync them all once.
        self.dirty.extend(self.cluster.sets.keys().cloned());
        loop {
            steps += self.sync_controllers();
            if std::mem::take(&mut self.dirty_gc) {
                self.collect_garbage();
                steps += self.sync_controllers();
            }
            let Some(due) = self.timers.peek_mut().filter(|t| t.0.at <= target) else {
                break;
            };
            let Reverse(timer) = PeekMut::pop(due);
            self.cluster.now = timer.at.max(self.cluster.now);
            self.fire(timer);
            steps += 1;
            if steps > MAX_STEPS_PER_ADVANCE {
                return false;
            }
        }
        if target > self.cluster.now {
            self.cluster.now = target;
        }
        true
    }

    /// When the next timer fires, if any.
    pub fn next_wake(&self) -> Option<Instant> {
        self.timers.peek().map(|t| t.0.at)
    }

    /// Whether anything is still due to happen.
    pub fn is_quiet(&self) -> bool {
        self.timers.is_empty()
    }

    /// Syncs every StatefulSet until none changes anything. Returns the number of syncs.
    /// Syncs every StatefulSet marked dirty (by a change to one of its pods) until none
    /// changes anything. Returns the number of syncs.
    pub fn sync_controllers(&mut self) -> usize {
        let mut syncs = 0;
        while let Some(k) = self.dirty.pop_first() {
            syncs += 1;
            if self.sync_statefulset(&k) && syncs <= MAX_STEPS_PER_ADVANCE {
                self.dirty.insert(k);
            }
        }
        syncs
    }

    /// Re-reads one pod into its StatefulSet's cache and marks the set for a sync, as the
    /// controller's informer would on any pod event.
    fn touch_owner(&mut self, pod_key: &Key) {
        let owner = match self.cluster.pods.get(pod_key) {
            Some(p) => p
                .metadata
                .owner_references
                .as_ref()
                .and_then(|refs| {
                    refs.iter()
                        .find(|o| o.kind == "StatefulSet" && o.controller == Some(true))
                })
                .map(|o| (pod_key.0.clone(), o.name.clone())),
            None => self.pod_owner.get(pod_key).cloned(),
        };
        let Some(set_key) = owner else { return };
        self.dirty.insert(set_key.clone());
        let Some((_, ordinal)) = parent_and_ordinal(&pod_key.1) else {
            return;
        };
        let min_ready = self.min_ready_of(&set_key);
        let now = self.cluster.now;
        let facts = self
            .cluster
            .pods
            .get(pod_key)
            .map(|p| PodFacts::of(p, min_ready, now));
        match &facts {
            Some(_) => {
                self.pod_owner.insert(pod_key.clone(), set_key.clone());
            }
            None => {
                self.pod_owner.remove(pod_key);
            }
        }
        if let Some(cache) = self.caches.get_mut(&set_key) {
            cache.put(ordinal, facts);
        }
    }

    fn min_ready_of(&self, set_key: &Key) -> u64 {
        self.cluster
            .sets
            .get(set_key)
            .and_then(|s| s.spec.as_ref())
            .and_then(|s| s.min_ready_seconds)
            .unwrap_or(0)
            .max(0) as u64
    }

    /// The controller's adoption (`ClaimPods` with `isMemberOf`, `ClaimControllerRevisions`):
    /// pods named `<set>-<ordinal>` and revisions that the selector matches, that have no
    /// controller and are not being deleted, get the set as their controller (left behind
    /// by a `--cascade=orphan` delete, say).
    fn adopt_orphans(&mut self, key: &Key, set: &SetFacts) {
        let selects = |meta: &ObjectMeta| {
            let labels = meta.labels.as_ref();
            !set.selector.is_empty()
                && set
                    .selector
                    .iter()
                    .all(|(k, v)| labels.and_then(|l| l.get(k)) == Some(v))
                && owner_uid(meta).is_none()
                && meta.deletion_timestamp.is_none()
        };
        let prefix = format!("{}-", key.1);
        let pods: Vec<Key> = self
            .cluster
            .pods
            .range((key.0.clone(), prefix.clone())..)
            .take_while(|((ns, name), _)| *ns == key.0 && name.starts_with(&prefix))
            .filter(|((_, name), p)| {
                parent_and_ordinal(name).is_some_and(|(parent, _)| parent == key.1)
                    && selects(&p.metadata)
            })
            .map(|(k, _)| k.clone())
            .collect();
        let revisions: Vec<Key> = self
            .cluster
            .revisions
            .range((key.0.clone(), prefix.clone())..)
            .take_while(|((ns, name), _)| *ns == key.0 && name.starts_with(&prefix))
            .filter(|(_, r)| selects(&r.metadata))
            .map(|(k, _)| k.clone())
            .collect();
        for k in pods {
            if let Some(p) = self.cluster.pods.get_mut(&k) {
                p.metadata
                    .owner_references
                    .get_or_insert_with(Vec::new)
                    .push(set.owner.clone());
            }
        }
        for k in revisions {
            if let Some(r) = self.cluster.revisions.get_mut(&k) {
                r.metadata
                    .owner_references
                    .get_or_insert_with(Vec::new)
                    .push(set.owner.clone());
            }
        }
    }

    /// Builds a set's cache from the pods it controls (on a new set or a spec change).
    fn rebuild_cache(&mut self, key: &Key, uid: &str, generation: i64) {
        let uid = uid.to_string();
        let min_ready = self.min_ready_of(key);
        let now = self.cluster.now;
        let prefix = format!("{}-", key.1);
        let mut cache = SetCache {
            uid: uid.clone(),
            generation,
            ..Default::default()
        };
        let mut owners = Vec::new();
        for ((ns, name), p) in self
            .cluster
            .pods
            .range((key.0.clone(), prefix.clone())..)
            .take_while(|((ns, name), _)| *ns == key.0 && name.starts_with(&prefix))
        {
            let Some((parent, ord)) = parent_and_ordinal(name) else {
                continue;
            };
            if parent != key.1 || !is_controlled_by(p, &uid) {
                continue;
            }
            cache.put(ord, Some(PodFacts::of(p, min_ready, now)));
            owners.push((ns.clone(), name.clone()));
        }
        for pod in owners {
            self.pod_owner.insert(pod, key.clone());
        }
        self.caches.insert(key.clone(), cache);
    }

    fn fire(&mut self, t: Timer) {
        self.apply_wake(&t);
        let Some(pod) = self.cluster.pods.get(&t.pod) else {
            // Gone (or replaced): the cache forgets it.
            self.touch_owner(&t.pod);
            return;
        };
        if pod.metadata.uid.as_deref() != Some(t.uid.as_str()) {
            return;
        }
        self.touch_owner(&t.pod);
        // Availability comes minReadySeconds after readiness: the controller requeues then.
        if t.wake == Wake::Started {
            let min_ready = self
                .pod_owner
                .get(&t.pod)
                .map_or(0, |s| self.min_ready_of(s));
            if min_ready > 0 {
                let uid = t.uid.clone();
                self.after(min_ready * 1000, Wake::Requeue, &t.pod, &uid);
            }
        }
    }

    fn apply_wake(&mut self, t: &Timer) {
        let now = self.cluster.now;
        let Some(pod) = self.cluster.pods.get(&t.pod) else {
            return;
        };
        if pod.metadata.uid.as_deref() != Some(t.uid.as_str()) {
            return;
        }
        match t.wake {
            Wake::Requeue => {}
            Wake::Gone => {
                self.dirty_gc = true;
                if let Some(pod) = self.cluster.pods.remove(&t.pod) {
                    if pod.metadata.owner_references.is_none() {
                        // A Pod of its own may have held a name a StatefulSet wants.
                        let ns = &t.pod.0;
                        self.dirty
                            .extend(self.cluster.sets.keys().filter(|s| &s.0 == ns).cloned());
                    }
                    if let Some(node) = pod.spec.as_ref().and_then(|s| s.node_name.as_deref()) {
                        self.cluster.unbind(node);
                    }
                    if let Some(ip) = pod.status.and_then(|s| s.pod_ip) {
                        self.cluster.used_pod_ips.remove(&ip);
                    }
                }
            }
            Wake::Scheduled => {
                let node = self.cluster.schedule();
                let node_name = self.cluster.nodes[node].name.clone();
                self.bind_claims_of(&t.pod, &node_name);
                let pod = self.cluster.pods.get_mut(&t.pod).expect("checked above");
                if let Some(spec) = pod.spec.as_mut() {
                    spec.node_name = Some(node_name);
                }
                let status = pod.status.get_or_insert_with(Default::default);
                status.host_ip = Some(format!("172.18.0.{}", node + 2));
                status.start_time = Some(now.to_k8s_time());
                set_condition(status, "PodScheduled", "True", now);
                set_condition(status, "Initialized", "True", now);
                set_condition(status, "Ready", "False", now);
                set_condition(status, "ContainersReady", "False", now);
                let containers: Vec<(String, String)> = pod
                    .spec
                    .iter()
                    .flat_map(|s| &s.containers)
                    .map(|c| (c.name.clone(), c.image.clone().unwrap_or_default()))
                    .collect();
                let status = pod.status.get_or_insert_with(Default::default);
                status.container_statuses = Some(
                    containers
                        .iter()
                        .map(|(name, image)| ContainerStatus {
                            name: name.clone(),
                            image: image.clone(),
                            image_id: String::new(),
                            ready: false,
                            restart_count: 0,
                            started: Some(false),
                            state: Some(ContainerState {
                                waiting: Some(ContainerStateWaiting {
                                    reason: Some("ContainerCreating".into()),
                                    message: None,
                                }),
                                ..Default::default()
                            }),
                            ..Default::default()
                        })
                        .collect(),
                );
            }
            Wake::SandboxReady => {
                let node_name = pod.spec.as_ref().and_then(|s| s.node_name.clone());
                let node = self
                    .cluster
                    .nodes
                    .iter()
                    .position(|n| Some(&n.name) == node_name.as_ref());
                let ip = self.cluster.allocate_pod_ip(node.unwrap_or(0));
                let pod = self.cluster.pods.get_mut(&t.pod).expect("checked above");
                let status = pod.status.get_or_insert_with(Default::default);
                status.pod_ip = Some(ip.clone());
                status.pod_ips = Some(vec![PodIP { ip }]);
                set_condition(status, "PodReadyToStartContainers", "True", now);
            }
            Wake::Started => {
                let uid_hex: String = t.uid.chars().filter(|c| c.is_ascii_hexdigit()).collect();
                let pod = self.cluster.pods.get_mut(&t.pod).expect("checked above");
                // With a readiness probe, Ready waits for its first success after
                // initialDelaySeconds (at least a second): Running, not Ready, meanwhile.
                let probe_delay = pod_probe_delay_ms(pod);
                let status = pod.status.get_or_insert_with(Default::default);
                status.phase = Some("Running".into());
                for (i, cs) in status.container_statuses.iter_mut().flatten().enumerate() {
                    cs.ready = true;
                    cs.started = Some(true);
                    // 64 hex digits each, as containerd and registries write them.
                    cs.container_id =
                        Some(format!("containerd://{}", hex64(&format!("{uid_hex}/{i}"))));
                    let repo = cs
                        .image
                        .rsplit_once(':')
                        .filter(|(_, t)| !t.contains('/'))
                        .map_or(cs.image.as_str(), |(r, _)| r);
                    let repo = if repo.contains('/') {
                        repo.to_string()
                    } else {
                        format!("docker.io/library/{repo}")
                    };
                    cs.image_id = format!("{repo}@sha256:{}", hex64(&cs.image));
                    cs.state = Some(ContainerState {
                        running: Some(ContainerStateRunning {
                            started_at: Some(now.to_k8s_time()),
                        }),
                        ..Default::default()
                    });
                }
                let ready = if self.held.contains(&t.pod) || probe_delay.is_some() {
                    "False"
                } else {
                    "True"
                };
                if ready == "False" {
                    for cs in status.container_statuses.iter_mut().flatten() {
                        cs.ready = false;
                    }
                }
                set_condition(status, "ContainersReady", ready, now);
                set_condition(status, "Ready", ready, now);
                if let Some(ms) = probe_delay {
                    self.after(ms, Wake::ProbePassed, &t.pod, &t.uid);
                }
            }
            Wake::ProbePassed => {
                let running = self
                    .cluster
                    .pods
                    .get(&t.pod)
                    .is_some_and(|p| phase(p) == "Running" && !is_terminating(p));
                if running && !self.held.contains(&t.pod) {
                    self.set_readiness(&t.pod, true);
                }
            }
        }
    }

    /// `sim unready|ready|fail|hold|release`: what probes and containers do to a pod in a real
    /// cluster. Returns a line saying what happened, or an error naming what is missing.
    pub fn sim(
        &mut self,
        action: crate::command::SimAction,
        pod_key: &Key,
    ) -> Result<String, String> {
        use crate::command::SimAction;
        let now = self.cluster.now;
        let name = &pod_key.1;
        match action {
            SimAction::Hold => {
                self.held.insert(pod_key.clone());
                let was_ready = self
                    .cluster
                    .pods
                    .get(pod_key)
                    .is_some_and(is_running_and_ready);
                if was_ready {
                    self.set_readiness(pod_key, false);
                }
                return Ok(format!("sim: every incarnation of pod {name} now stays not Ready (its readiness probe fails)\n"));
            }
            SimAction::Release => {
                self.held.remove(pod_key);
                if self
                    .cluster
                    .pods
                    .get(pod_key)
                    .is_some_and(|p| phase(p) == "Running" && !is_terminating(p))
                {
                    self.set_readiness(pod_key, true);
                }
                return Ok(format!(
                    "sim: pod {name} is no longer held; its readiness probe passes when it runs\n"
                ));
            }
            _ => {}
        }
        let Some(pod) = self.cluster.pods.get(pod_key) else {
            return Err(format!(
                "Error from server (NotFound): pods \"{name}\" not found\n"
            ));
        };
        if phase(pod) != "Running" || is_terminating(pod) {
            return Err(format!(
                "sim: pod {name} is {}, not Running: only a running pod's probes and containers can change\n",
                crate::view::pod_status(pod)
            ));
        }
        match action {
            SimAction::Unready => {
                self.set_readiness(pod_key, false);
                Ok(format!(
                    "sim: pod {name}'s readiness probe now fails: Running, not Ready\n"
                ))
            }
            SimAction::Ready => {
                self.set_readiness(pod_key, true);
                Ok(format!(
                    "sim: pod {name}'s readiness probe passes again: Ready\n"
                ))
            }
            _ => {
                let pod = self.cluster.pods.get_mut(pod_key).expect("checked above");
                let status = pod.status.get_or_insert_with(Default::default);
                status.phase = Some("Failed".into());
                for cs in status.container_statuses.iter_mut().flatten() {
                    let started_at = cs
                        .state
                        .as_ref()
                        .and_then(|s| s.running.as_ref())
                        .and_then(|r| r.started_at.clone());
                    cs.ready = false;
                    cs.started = Some(false);
                    cs.state = Some(ContainerState {
                        terminated: Some(k8s_openapi::api::core::v1::ContainerStateTerminated {
                            exit_code: 1,
                            reason: Some("Error".into()),
                            started_at,
                            finished_at: Some(now.to_k8s_time()),
                            container_id: cs.container_id.clone(),
                            ..Default::default()
                        }),
                        ..Default::default()
                    });
                }
                set_condition(status, "ContainersReady", "False", now);
                set_condition(status, "Ready", "False", now);
                self.touch_owner(pod_key);
                Ok(format!(
                    "sim: pod {name}'s containers exited with code 1: phase Failed\n"
                ))
            }
        }
    }

    fn set_readiness(&mut self, pod_key: &Key, ready: bool) {
        let now = self.cluster.now;
        let Some(pod) = self.cluster.pods.get_mut(pod_key) else {
            return;
        };
        let status = pod.status.get_or_insert_with(Default::default);
        for cs in status.container_statuses.iter_mut().flatten() {
            cs.ready = ready;
        }
        let v = if ready { "True" } else { "False" };
        set_condition(status, "ContainersReady", v, now);
        set_condition(status, "Ready", v, now);
        self.touch_owner(pod_key);
        let min_ready = self
            .pod_owner
            .get(pod_key)
            .map_or(0, |s| self.min_ready_of(s));
        if ready && min_ready > 0 {
            let uid = self
                .cluster
                .pods
                .get(pod_key)
                .and_then(|p| p.metadata.uid.clone())
                .unwrap_or_default();
            self.after(min_ready * 1000, Wake::Requeue, pod_key, &uid);
        }
    }

    /// Deletes a StatefulSet as `kubectl delete` does (background propagation): the object
    /// goes at once, the garbage collector then deletes its pods and its revisions, and the
    /// claims whose owner references say so (spec 3.6, 4.8). With `orphan`
    /// (`--cascade=orphan`) the pods, revisions and claims stay instead, their reference to
    /// the set removed (the collector's orphan finalizer).
    pub fn delete_statefulset(&mut self, key: &Key, orphan: bool) -> bool {
        let Some(set) = self.cluster.sets.remove(key) else {
            return false;
        };
        let uid = set.metadata.uid.clone().unwrap_or_default();
        let pods: Vec<Key> = self
            .cluster
            .pods
            .iter()
            .filter(|(_, p)| is_controlled_by(p, &uid))
            .map(|(k, _)| k.clone())
            .collect();
        if orphan {
            let drop_ref = |meta: &mut ObjectMeta| {
                if let Some(refs) = meta.owner_references.as_mut() {
                    refs.retain(|o| o.uid != uid);
                    if refs.is_empty() {
                        meta.owner_references = None;
                    }
                }
            };
            for k in &pods {
                if let Some(p) = self.cluster.pods.get_mut(k) {
                    drop_ref(&mut p.metadata);
                }
                self.pod_owner.remove(k);
            }
            for (_, c) in self.cluster.claims.iter_mut() {
                drop_ref(&mut c.metadata);
            }
            for (_, r) in self.cluster.revisions.iter_mut() {
                drop_ref(&mut r.metadata);
            }
        } else {
            for k in pods {
                self.delete_pod(&k);
            }
            self.cluster
                .revisions
                .retain(|_, r| owner_uid(&r.metadata) != Some(uid.as_str()));
        }
        self.dirty.remove(key);
        self.caches.remove(key);
        self.revision_of_generation.remove(key);
        self.collect_garbage();
        true
    }

    /// One sync of one StatefulSet (SSC `updateStatefulSet`). Returns whether it changed
    /// anything besides status.
    fn sync_statefulset(&mut self, key: &Key) -> bool {
        let Some(set) = self.cluster.sets.get(key).map(SetFacts::of) else {
            self.caches.remove(key);
            return false;
        };
        let generation = set.generation;
        let uid = set.uid.clone();
        if self
            .caches
            .get(key)
            .is_none_or(|c| c.uid != uid || c.generation != generation)
        {
            self.adopt_orphans(key, &set);
            self.rebuild_cache(key, &uid, generation);
        }
        let set_name = key.1.clone();
        let monotonic = set.monotonic;
        let start = set.start;
        let replicas = set.replicas;
        let end = start + replicas;
        let (current_rev, update_rev) = self.ensure_revisions(key, &set);
        let partition_at = start + set.partition;
        let mut changed = false;

        // Replica pass, ascending (spec 4.3). The slots to visit: under OrderedReady only the
        // first one that is missing or unhealthy; under Parallel every such slot.
        let slots: Vec<u64> = {
            let cache = self.caches.get_mut(key).expect("built above");
            if monotonic {
                cache.first_bad(start, end).into_iter().collect()
            } else {
                cache.bad_slots(start, end)
            }
        };
        let first_unhealthy_in_range = slots.first().copied();
        let mut stopped = monotonic && first_unhealthy_in_range.is_some();
        for ord in slots {
            let facts = self.caches[key].pods.get(&ord).cloned();
            match facts {
                Some(p) if p.failed => {
                    if !p.terminating {
                        self.delete_pod_by_controller(key, &set_name, &uid, &p.name);
                        changed = true;
                    }
                }
                None => {
                    let rev = if ord < partition_at {
                        &current_rev
                    } else {
                        &update_rev
                    };
                    // Claims first (spec 3.4); a claim being deleted or a stale claim of an
                    // earlier incarnation (3.7) makes the controller wait.
                    let (created, ready) = self.create_claims(key, &set, ord, true);
                    changed |= created;
                    let name = format!("{set_name}-{ord}");
                    if ready
                        && self
                            .cluster
                            .pods
                            .contains_key(&(key.0.clone(), name.clone()))
                    {
                        // A Pod of that name the set does not control (one applied on its
                        // own): the create fails. (The controller would first adopt an
                        // orphan its selector matches; adoption is not simulated.)
                        self.cluster.record_event(
                            &key.0,
                            "StatefulSet",
                            &set_name,
                            &uid,
                            EventType::Warning,
                            "FailedCreate",
                            format!("create Pod {name} in StatefulSet {set_name} failed error: pods \"{name}\" already exists"),
                            "statefulset-controller",
                        );
                    } else if ready {
                        self.create_pod(key, &set, ord, rev);
                        changed = true;
                    }
                }
                Some(p) => {
                    if p.pending && !p.terminating {
                        // Spec 3.5: a Pending pod gets its missing claims back.
                        changed |= self.create_claims(key, &set, ord, false).0;
                    }
                }
            }
        }

        // Claim owner references follow the retention policy (spec 3.6): an in-range pod's
        // when the replica pass reaches it in step 4.3g (healthy under OrderedReady, not
        // terminating under Parallel), with a `SuccessfulUpdate` event; the condemned pods'
        // before the condemned pass (4.7). They change only with the spec (replicas, policy),
        // so once every pod has been reached for a generation the work is done.
        if self.caches[key].claims_generation != Some(generation) {
            let reached_all =
                self.update_claim_owners(key, &set, start, end, first_unhealthy_in_range, stopped);
            if reached_all {
                if let Some(c) = self.caches.get_mut(key) {
                    c.claims_generation = Some(generation);
                }
            }
        }

        // Condemned pass, descending (spec 4.5).
        if !stopped {
            let cache = &self.caches[key];
            let condemned: Vec<(u64, PodFacts)> = cache
                .pods
                .range(end..)
                .rev()
                .chain(cache.pods.range(..start).rev())
                .map(|(o, f)| (*o, f.clone()))
                .collect();
            let first_unhealthy = first_unhealthy_in_range.or_else(|| {
                condemned
                    .iter()
                    .rev()
                    .find(|(_, p)| !p.healthy)
                    .map(|(o, _)| *o)
            });
            for (ord, p) in condemned {
                if p.terminating {
                    if monotonic {
                        stopped = true;
                        break;
                    }
                    continue;
                }
                if monotonic && !p.healthy && first_unhealthy != Some(ord) {
                    stopped = true;
                    break;
                }
                self.delete_pod_by_controller(key, &set_name, &uid, &p.name);
                changed = true;
                if monotonic {
                    stopped = true;
                    break;
                }
            }
        }

        // Rolling update with maxUnavailable (spec 5.3, gate on in 1.35.0).
        if !stopped && set.rolling {
            let cache = &self.caches[key];
            let in_range: Vec<(u64, PodFacts)> = cache
                .pods
                .range(start..end)
                .map(|(o, f)| (*o, f.clone()))
                .collect();
            let outdated = in_range.iter().any(|(o, p)| {
                *o >= partition_at && p.revision.as_deref() != Some(update_rev.as_str())
            });
            if outdated {
                let max_unavailable = set.max_unavailable;
                let healthy = in_range.iter().filter(|(_, p)| p.healthy).count() as u64;
                let unavailable = replicas.saturating_sub(healthy);
                if unavailable < max_unavailable {
                    let mut budget = max_unavailable - unavailable;
                    for (ord, p) in in_range.iter().rev() {
                        if budget == 0 || *ord < partition_at {
                            break;
                        }
                        if p.revision.as_deref() != Some(update_rev.as_str()) && !p.terminating {
                            self.delete_pod_by_controller(key, &set_name, &uid, &p.name);
                            changed = true;
                            budget -= 1;
                        }
                    }
                }
            }
        }

        self.update_status(key, &current_rev, &update_rev);
        changed
    }

    /// Makes sure a ControllerRevision exists for the current template. Returns the names of
    /// the current and update revisions.
    fn ensure_revisions(&mut self, key: &Key, set: &SetFacts) -> (String, String) {
        let generation = set.generation;
        let uid = set.uid.clone();
        let cached = self
            .revision_of_generation
            .get(key)
            .filter(|(u, g, _)| *u == uid && *g == generation)
            .map(|(_, _, n)| n.clone());
        let name = match cached {
            Some(name) => name,
            None => {
                let name = self.create_revision(key);
                self.revision_of_generation
                    .insert(key.clone(), (uid, generation, name.clone()));
                name
            }
        };
        let current = set.current_revision.clone().unwrap_or_else(|| name.clone());
        (current, name)
    }

    /// Makes sure the ControllerRevision of the set's current template exists; returns its
    /// name (`<set>-<hash>`).
    fn create_revision(&mut self, key: &Key) -> String {
        let Some(set) = self.cluster.sets.get(key) else {
            return String::new();
        };
        let mut template_json = set
            .spec
            .as_ref()
            .map(|s| crate::yaml::json_value(&s.template))
            .unwrap_or_default();
        let template_labels = template_json["metadata"]["labels"].clone();
        let set_uid = set.metadata.uid.clone();
        let owner = owner_ref(set);
        if let Some(obj) = template_json.as_object_mut() {
            obj.insert("$patch".into(), "replace".into());
        }
        let data = crate::yaml::json_object(vec![(
            "spec",
            crate::yaml::json_object(vec![("template", template_json)]),
        )]);
        let raw = crate::yaml::json_text(&data);
        let name = format!(
            "{}-{}",
            key.1,
            safe_encode(&fnv32(raw.as_bytes()).to_string())
        );
        let rev_key = (key.0.clone(), name.clone());
        if !self.cluster.revisions.contains_key(&rev_key) {
            let max_rev = self
                .cluster
                .revisions
                .values()
                .filter(|r| owner_uid(&r.metadata) == set_uid.as_deref())
                .map(|r| r.revision)
                .max()
                .unwrap_or(0);
            let mut labels: BTreeMap<String, String> = template_labels
                .as_object()
                .map(|m| {
                    crate::order::map_of(
                        m.iter()
                            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))),
                    )
                })
                .unwrap_or_default();
            labels.insert(REVISION_LABEL.into(), name.clone());
            let mut meta = ObjectMeta {
                name: Some(name.clone()),
                namespace: Some(key.0.clone()),
                labels: Some(labels),
                owner_references: Some(vec![owner]),
                ..Default::default()
            };
            self.cluster.stamp_new(&mut meta);
            self.cluster.revisions.insert(
                rev_key,
                ControllerRevision {
                    metadata: meta,
                    data: Some(RawExtension(data)),
                    revision: max_rev + 1,
                },
            );
        }
        name
    }

    fn create_pod(&mut self, key: &Key, set: &SetFacts, ordinal: u64, revision: &str) {
        let name = format!("{}-{}", key.1, ordinal);
        // The pod is made from its revision's template (spec 4.9), read back from the
        // revision's JSON: the template is never cloned as a Rust value.
        let mut template_json = self
            .cluster
            .revisions
            .get(&(key.0.clone(), revision.to_string()))
            .and_then(|r| r.data.as_ref())
            .map(|d| d.0["spec"]["template"].clone())
            .unwrap_or_default();
        if let Some(obj) = template_json.as_object_mut() {
            obj.remove("$patch");
        }
        let rev_template: k8s_openapi::api::core::v1::PodTemplateSpec =
            crate::yaml::from_json(&template_json).unwrap_or_default();
        let tmeta = rev_template.metadata.unwrap_or_default();
        let mut labels = tmeta.labels.unwrap_or_default();
        labels.insert(POD_NAME_LABEL.into(), name.clone());
        labels.insert(POD_INDEX_LABEL.into(), ordinal.to_string());
        labels.insert(REVISION_LABEL.into(), revision.to_string());
        let mut pod_spec: PodSpec = rev_template.spec.unwrap_or_default();
        // The ServiceAccount admission plugin names the namespace's `default` account.
        pod_spec
            .service_account_name
            .get_or_insert_with(|| "default".into());
        pod_spec.hostname = Some(name.clone());
        pod_spec.subdomain = set.service_name.clone();
        // Spec 3.3: one volume per claim template, replacing a same-named template volume.
        if !set.claim_templates.is_empty() {
            let volumes = pod_spec.volumes.get_or_insert_with(Vec::new);
            for t in &set.claim_templates {
                let tname = t.metadata.name.clone().unwrap_or_default();
                volumes.retain(|v| v.name != tname);
                volumes.push(k8s_openapi::api::core::v1::Volume {
                    name: tname.clone(),
                    persistent_volume_claim: Some(
                        k8s_openapi::api::core::v1::PersistentVolumeClaimVolumeSource {
                            claim_name: claim_name(&tname, &key.1, ordinal),
                            read_only: None,
                        },
                    ),
                    ..Default::default()
                });
            }
        }
        let mut meta = ObjectMeta {
            name: Some(name.clone()),
            generate_name: Some(format!("{}-", key.1)),
            namespace: Some(key.0.clone()),
            labels: Some(labels),
            annotations: tmeta.annotations,
            owner_references: Some(vec![set.owner.clone()]),
            ..Default::default()
        };
        self.cluster.stamp_new(&mut meta);
        let uid = meta.uid.clone().unwrap_or_default();
        crate::defaults::admit_pod(&mut pod_spec, &token_suffix(&uid));
        let pod = Pod {
            metadata: meta,
            spec: Some(pod_spec),
            status: Some(PodStatus {
                phase: Some("Pending".into()),
                qos_class: Some("BestEffort".into()),
                ..Default::default()
            }),
        };
        let pod_key = (key.0.clone(), name.clone());
        self.cluster.pods.insert(pod_key.clone(), pod);
        self.touch_owner(&pod_key);
        let set_uid = set.uid.clone();
        self.cluster.record_event(
            &key.0,
            "StatefulSet",
            &key.1,
            &set_uid,
            EventType::Normal,
            "SuccessfulCreate",
            format!("create Pod {name} in StatefulSet {} successful", key.1),
            "statefulset-controller",
        );
        self.start_pod(&pod_key, &uid);
    }

    /// A new pod's life on kubelet's timings (scheduled, IP, Running and Ready), the same
    /// for a pod of a StatefulSet and a pod applied on its own.
    pub fn start_pod(&mut self, pod_key: &Key, uid: &str) {
        let t = self.timings;
        self.after(t.schedule_ms, Wake::Scheduled, pod_key, uid);
        self.after(t.sandbox_ms, Wake::SandboxReady, pod_key, uid);
        self.after(t.start_ms, Wake::Started, pod_key, uid);
    }

    fn delete_pod_by_controller(&mut self, key: &Key, set_name: &str, set_uid: &str, name: &str) {
        let name = name.to_string();
        self.cluster.record_event(
            &key.0,
            "StatefulSet",
            set_name,
            set_uid,
            EventType::Normal,
            "SuccessfulDelete",
            format!("delete Pod {name} in StatefulSet {set_name} successful"),
            "statefulset-controller",
        );
        self.delete_pod(&(key.0.clone(), name));
    }

    /// Starts a graceful deletion of a pod (as `kubectl delete pod` or a controller does).
    pub fn delete_pod(&mut self, pod_key: &Key) -> bool {
        let now = self.cluster.now;
        let Some(pod) = self.cluster.pods.get_mut(pod_key) else {
            return false;
        };
        if pod.metadata.deletion_timestamp.is_some() {
            return true;
        }
        let grace = pod
            .spec
            .as_ref()
            .and_then(|s| s.termination_grace_period_seconds)
            .unwrap_or(30);
        pod.metadata.deletion_timestamp = Some(now.to_k8s_time());
        pod.metadata.deletion_grace_period_seconds = Some(grace);
        let uid = pod.metadata.uid.clone().unwrap_or_default();
        let failed = is_failed_or_succeeded(pod);
        let ms = if failed {
            0
        } else {
            self.timings.terminate_ms.min(grace.max(0) as u64 * 1000)
        };
        self.after(ms, Wake::Gone, pod_key, &uid);
        self.touch_owner(pod_key);
        true
    }

    /// StatefulSet status from the cache's counters (SSC `computeReplicaStatus`, spec 4.10).
    fn update_status(&mut self, key: &Key, current: &str, update: &str) {
        let Some(cache) = self.caches.get(key) else {
            return;
        };
        let replicas = cache.pods.len() as i32;
        let ready = cache.ready;
        let available = cache.available;
        let current_replicas = cache.by_revision.get(current).copied().unwrap_or(0);
        let updated = cache.by_revision.get(update).copied().unwrap_or(0);
        let Some(set) = self.cluster.sets.get_mut(key) else {
            return;
        };
        let spec_replicas = set.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
        let rolling = set
            .spec
            .as_ref()
            .and_then(|s| s.update_strategy.as_ref())
            .and_then(|s| s.type_.as_deref())
            == Some("RollingUpdate");
        let mut status = StatefulSetStatus {
            observed_generation: set.metadata.generation,
            replicas,
            ready_replicas: Some(ready),
            available_replicas: Some(available),
            current_replicas: Some(current_replicas),
            updated_replicas: Some(updated),
            current_revision: Some(current.to_string()),
            update_revision: Some(update.to_string()),
            collision_count: Some(0),
            conditions: None,
        };
        // completeRollingUpdate (errata 4).
        if rolling && replicas == updated && updated == ready && ready == spec_replicas {
            status.current_revision = Some(update.to_string());
            status.current_replicas = Some(updated);
        }
        set.status = Some(status);
    }
}

/// When a pod has readiness probes: how long after its containers start the first probe
/// succeeds (the largest `initialDelaySeconds`, at least one second).
fn pod_probe_delay_ms(pod: &Pod) -> Option<u64> {
    let spec = pod.spec.as_ref()?;
    spec.containers
        .iter()
        .filter_map(|c| c.readiness_probe.as_ref())
        .map(|p| p.initial_delay_seconds.unwrap_or(0).max(1) as u64 * 1000)
        .max()
}

/// `<template>-<set>-<ordinal>` (spec 3.1).
pub fn claim_name(template: &str, set: &str, ordinal: u64) -> String {
    format!("{template}-{set}-{ordinal}")
}

fn pod_owner_ref(name: &str, uid: &str) -> OwnerReference {
    OwnerReference {
        api_version: "v1".into(),
        kind: "Pod".into(),
        name: name.into(),
        uid: uid.into(),
        controller: None,
        block_owner_deletion: None,
    }
}

impl World {
    /// Creates the missing claims of ordinal `ord` (spec 3.1-3.4, 7.1). Returns whether it
    /// created any, and whether the pod may be created now.
    /// `creating_pod`: the pod is about to be created (a claim being deleted then fails that
    /// creation, with a `FailedCreate` event); otherwise the pod exists and is Pending (3.5),
    /// and the controller only retries later, with no event (SSC `processReplica`,
    /// `createMissingPersistentVolumeClaims`).
    fn create_claims(
        &mut self,
        key: &Key,
        set: &SetFacts,
        ord: u64,
        creating_pod: bool,
    ) -> (bool, bool) {
        let pod_name = format!("{}-{ord}", key.1);
        let set_uid = set.uid.clone();
        let (when_deleted, when_scaled) = (set.when_deleted, set.when_scaled);
        let mut created = false;
        for t in &set.claim_templates {
            let tname = t.metadata.name.clone().unwrap_or_default();
            let name = claim_name(&tname, &key.1, ord);
            let ckey = (key.0.clone(), name.clone());
            if let Some(existing) = self.cluster.claims.get(&ckey) {
                if existing.metadata.deletion_timestamp.is_some() {
                    if !creating_pod {
                        return (created, false);
                    }
                    let msg = format!("create Pod {pod_name} in StatefulSet {} failed error: pvc {name} is being deleted", key.1);
                    self.cluster.record_event(
                        &key.0,
                        "StatefulSet",
                        &key.1,
                        &set_uid,
                        EventType::Warning,
                        "FailedCreate",
                        msg,
                        "statefulset-controller",
                    );
                    return (created, false);
                }
                // Spec 3.7: a claim still owned by an earlier incarnation of this pod waits
                // for the garbage collector.
                let stale = when_scaled
                    && existing
                        .metadata
                        .owner_references
                        .iter()
                        .flatten()
                        .any(|o| o.kind == "Pod" && o.name == pod_name);
                if stale {
                    return (created, false);
                }
                continue;
            }
            let mut labels = t.metadata.labels.clone().unwrap_or_default();
            for (k, v) in &set.selector {
                labels.insert(k.clone(), v.clone());
            }
            let mut claim_spec = t.spec.clone().unwrap_or_default();
            let default_class = self.cluster.default_storage_class().map(str::to_string);
            crate::defaults::default_claim_spec(&mut claim_spec, default_class.as_deref());
            let mut meta = ObjectMeta {
                name: Some(name.clone()),
                namespace: Some(key.0.clone()),
                labels: Some(labels),
                annotations: t.metadata.annotations.clone(),
                finalizers: Some(vec!["kubernetes.io/pvc-protection".into()]),
                owner_references: when_deleted.then(|| vec![set.owner.clone()]),
                ..Default::default()
            };
            self.cluster.stamp_new(&mut meta);
            let claim = k8s_openapi::api::core::v1::PersistentVolumeClaim {
                metadata: meta,
                spec: Some(claim_spec),
                status: Some(k8s_openapi::api::core::v1::PersistentVolumeClaimStatus {
                    phase: Some("Pending".into()),
                    ..Default::default()
                }),
            };
            self.cluster.claims.insert(ckey.clone(), claim);
            self.bind_if_immediate(&ckey);
            self.cluster.record_event(
                &key.0,
                "StatefulSet",
                &key.1,
                &set_uid,
                EventType::Normal,
                "SuccessfulCreate",
                format!(
                    "create Claim {name} Pod {pod_name} in StatefulSet {} success",
                    key.1
                ),
                "statefulset-controller",
            );
            created = true;
        }
        (created, true)
    }

    /// Spec 3.6: owner references on each claim per the retention policy (SSU
    /// `isClaimOwnerUpToDate`), for the pods the sync reaches: in-range pods below
    /// `first_unhealthy` under OrderedReady (every non-terminating one under Parallel), each
    /// repaired pod recording `update Pod ... successful` (SPC `UpdateStatefulPod`, spec 7.4);
    /// condemned pods when the replica pass did not stop (`stopped`), with no event. Returns
    /// whether every pod of the set was reached.
    fn update_claim_owners(
        &mut self,
        key: &Key,
        set: &SetFacts,
        start: u64,
        end: u64,
        first_unhealthy: Option<u64>,
        stopped: bool,
    ) -> bool {
        let templates = &set.claim_templates;
        if templates.is_empty() {
            return true;
        }
        let (when_deleted, when_scaled) = (set.when_deleted, set.when_scaled);
        let owned: Vec<(u64, PodFacts)> = self
            .caches
            .get(key)
            .map(|c| c.pods.iter().map(|(o, f)| (*o, f.clone())).collect())
            .unwrap_or_default();
        let mut reached_all = true;
        for (ord, facts) in &owned {
            let condemned = *ord < start || *ord >= end;
            let reached = if condemned {
                !stopped
            } else if set.monotonic {
                first_unhealthy.is_none_or(|bad| *ord < bad)
            } else {
                !facts.terminating && !facts.failed
            };
            if !reached {
                reached_all = false;
                continue;
            }
            let mut want = Vec::new();
            if when_deleted {
                want.push(set.owner.clone());
            }
            if condemned && when_scaled {
                want = vec![pod_owner_ref(&facts.name, &facts.uid)];
            }
            let mut repaired = false;
            for t in templates {
                let tname = t.metadata.name.clone().unwrap_or_default();
                let ckey = (key.0.clone(), claim_name(&tname, &key.1, *ord));
                if let Some(claim) = self.cluster.claims.get_mut(&ckey) {
                    let have = claim.metadata.owner_references.clone().unwrap_or_default();
                    if have != want {
                        claim.metadata.owner_references = (!want.is_empty()).then(|| want.clone());
                        self.dirty_gc = true;
                        repaired = true;
                    }
                }
            }
            if repaired && !condemned {
                self.cluster.record_event(
                    &key.0,
                    "StatefulSet",
                    &key.1,
                    &set.uid,
                    EventType::Normal,
                    "SuccessfulUpdate",
                    format!(
                        "update Pod {} in StatefulSet {} successful",
                        facts.name, key.1
                    ),
                    "statefulset-controller",
                );
            }
        }
        reached_all
    }

    /// Binds the Pending claims a pod mounts once the pod is scheduled (WaitForFirstConsumer,
    /// kind's `standard` class): a `pvc-<uid>` volume is provisioned for each.
    fn bind_claims_of(&mut self, pod_key: &Key, node: &str) {
        let claims: Vec<String> = self
            .cluster
            .pods
            .get(pod_key)
            .and_then(|p| p.spec.as_ref())
            .and_then(|s| s.volumes.as_ref())
            .map(|v| {
                v.iter()
                    .filter_map(|v| {
                        v.persistent_volume_claim
                            .as_ref()
                            .map(|c| c.claim_name.clone())
                    })
                    .collect()
            })
            .unwrap_or_default();
        for name in claims {
            self.provision(&(pod_key.0.clone(), name), Some(node));
        }
    }

    /// Binds a new claim at once when its class binds `Immediate`ly (no pod needed).
    pub fn bind_if_immediate(&mut self, ckey: &Key) {
        let immediate = self.cluster.claims.get(ckey).is_some_and(|c| {
            self.cluster
                .storage_class(
                    c.spec
                        .as_ref()
                        .and_then(|s| s.storage_class_name.as_deref()),
                )
                .is_some_and(|class| class.volume_binding_mode.as_deref() == Some("Immediate"))
        });
        if immediate {
            self.provision(ckey, None);
        }
    }

    /// A class was created: its Pending claims bind, the `Immediate` ones at once, the others
    /// if a scheduled pod already mounts them.
    pub fn storage_class_created(&mut self, class: &str) {
        let waiting: Vec<Key> = self
            .cluster
            .claims
            .iter()
            .filter(|(_, c)| {
                let spec = c.spec.as_ref();
                spec.and_then(|s| s.storage_class_name.as_deref()) == Some(class)
                    && spec.and_then(|s| s.volume_name.as_ref()).is_none()
            })
            .map(|(k, _)| k.clone())
            .collect();
        for ckey in waiting {
            self.bind_if_immediate(&ckey);
            let node = self.cluster.pods.iter().find_map(|((ns, _), p)| {
                let spec = p.spec.as_ref()?;
                let mounts = spec
                    .volumes
                    .iter()
                    .flatten()
                    .filter_map(|v| v.persistent_volume_claim.as_ref())
                    .any(|c| c.claim_name == ckey.1);
                (ns == &ckey.0 && mounts)
                    .then(|| spec.node_name.clone())
                    .flatten()
            });
            if let Some(node) = node {
                self.provision(&ckey, Some(&node));
            }
        }
    }

    /// Provisions a `pvc-<uid>` volume for a Pending claim whose class the cluster has, and
    /// binds the claim to it. `node` is where the consuming pod runs (the volume's node
    /// affinity); an `Immediate` class provisions before any pod, on no node.
    fn provision(&mut self, ckey: &Key, node: Option<&str>) {
        let name = ckey.1.clone();
        {
            let Some(claim) = self.cluster.claims.get(ckey) else {
                return;
            };
            let no_spec = Default::default();
            let cspec = claim.spec.as_ref().unwrap_or(&no_spec);
            // Only a class the cluster has provisions a volume: `""` asks for a
            // pre-provisioned volume (the playground has none), another name for a class
            // that does not exist; either stays Pending.
            let class = self
                .cluster
                .storage_class(cspec.storage_class_name.as_deref());
            let Some(class) = class.filter(|_| cspec.volume_name.is_none()) else {
                return;
            };
            let provisioner = class.provisioner.clone();
            let reclaim = class
                .reclaim_policy
                .clone()
                .unwrap_or_else(|| "Delete".into());
            let uid = claim.metadata.uid.clone().unwrap_or_default();
            let pv_name = format!("pvc-{uid}");
            let spec = claim.spec.clone().unwrap_or_default();
            let capacity = spec
                .resources
                .as_ref()
                .and_then(|r| r.requests.clone())
                .unwrap_or_default();
            let mut meta = ObjectMeta {
                name: Some(pv_name.clone()),
                annotations: Some(BTreeMap::from([(
                    "pv.kubernetes.io/provisioned-by".to_string(),
                    provisioner,
                )])),
                finalizers: Some(vec!["kubernetes.io/pv-protection".into()]),
                ..Default::default()
            };
            self.cluster.stamp_new(&mut meta);
            let pv = k8s_openapi::api::core::v1::PersistentVolume {
                metadata: meta,
                spec: Some(k8s_openapi::api::core::v1::PersistentVolumeSpec {
                    access_modes: spec.access_modes.clone(),
                    capacity: Some(capacity.clone()),
                    claim_ref: Some(k8s_openapi::api::core::v1::ObjectReference {
                        api_version: Some("v1".into()),
                        kind: Some("PersistentVolumeClaim".into()),
                        name: Some(name.clone()),
                        namespace: Some(ckey.0.clone()),
                        uid: Some(uid.clone()),
                        ..Default::default()
                    }),
                    host_path: Some(k8s_openapi::api::core::v1::HostPathVolumeSource {
                        path: format!("/var/local-path-provisioner/{pv_name}_{}_{name}", ckey.0),
                        type_: Some("DirectoryOrCreate".into()),
                    }),
                    persistent_volume_reclaim_policy: Some(reclaim),
                    storage_class_name: spec.storage_class_name.clone(),
                    volume_mode: Some("Filesystem".into()),
                    node_affinity: node.map(|node| {
                        k8s_openapi::api::core::v1::VolumeNodeAffinity {
                            required: Some(k8s_openapi::api::core::v1::NodeSelector {
                                node_selector_terms: vec![
                                    k8s_openapi::api::core::v1::NodeSelectorTerm {
                                        match_expressions: Some(vec![
                                            k8s_openapi::api::core::v1::NodeSelectorRequirement {
                                                key: "kubernetes.io/hostname".into(),
                                                operator: "In".into(),
                                                values: Some(vec![node.to_string()]),
                                            },
                                        ]),
                                        match_fields: None,
                                    },
                                ],
                            }),
                        }
                    }),
                    ..Default::default()
                }),
                status: Some(k8s_openapi::api::core::v1::PersistentVolumeStatus {
                    phase: Some("Bound".into()),
                    ..Default::default()
                }),
            };
            self.cluster
                .volumes
                .insert((String::new(), pv_name.clone()), pv);
            if let Some(claim) = self.cluster.claims.get_mut(ckey) {
                if let Some(s) = claim.spec.as_mut() {
                    s.volume_name = Some(pv_name);
                }
                claim.status = Some(k8s_openapi::api::core::v1::PersistentVolumeClaimStatus {
                    phase: Some("Bound".into()),
                    access_modes: spec.access_modes.clone(),
                    capacity: Some(capacity),
                    ..Default::default()
                });
            }
        }
    }

    /// The garbage collector: a claim whose owners are all gone is deleted; a deleted claim
    /// stays (Terminating, pvc-protection) while a pod still mounts it, then goes with its
    /// volume (reclaim policy Delete).
    pub fn collect_garbage(&mut self) {
        let now = self.cluster.now;
        let live_uids: crate::store::StrSet = crate::store::StrSet::from_iter(
            self.cluster
                .pods
                .values()
                .filter_map(|p| p.metadata.uid.clone())
                .chain(
                    self.cluster
                        .sets
                        .values()
                        .filter_map(|s| s.metadata.uid.clone()),
                ),
        );
        for claim in self.cluster.claims.values_mut() {
            let refs = claim.metadata.owner_references.clone().unwrap_or_default();
            if claim.metadata.deletion_timestamp.is_none()
                && !refs.is_empty()
                && refs.iter().all(|o| !live_uids.contains(&o.uid))
            {
                claim.metadata.deletion_timestamp = Some(now.to_k8s_time());
            }
        }
        // The pvc-protection controller counts only scheduled pods as users (a pod not yet
        // on a node never started with the claim; `podUsesPVC`).
        let mounted: KeySet =
            KeySet::from_iter(self.cluster.pods.iter().flat_map(|((ns, _), p)| {
                p.spec
                    .iter()
                    .filter(|s| s.node_name.is_some())
                    .flat_map(|s| s.volumes.iter().flatten())
                    .filter_map(|v| v.persistent_volume_claim.as_ref())
                    .map(|c| (ns.clone(), c.claim_name.clone()))
                    .collect::<Vec<_>>()
            }));
        let gone: Vec<Key> = self
            .cluster
            .claims
            .iter()
            .filter(|(k, c)| c.metadata.deletion_timestamp.is_some() && !mounted.contains(k))
            .map(|(k, _)| k.clone())
            .collect();
        for k in gone {
            if let Some(c) = self.cluster.claims.remove(&k) {
                if let Some(v) = c.spec.and_then(|s| s.volume_name) {
                    let vkey = (String::new(), v);
                    // Reclaim policy Delete: the volume goes too; Retain: it stays, Released.
                    let retained = self.cluster.volumes.get_mut(&vkey).and_then(|pv| {
                        let retain = pv
                            .spec
                            .as_ref()?
                            .persistent_volume_reclaim_policy
                            .as_deref()
                            == Some("Retain");
                        let status = pv.status.as_mut().filter(|_| retain)?;
                        status.phase = Some("Released".into());
                        Some(())
                    });
                    if retained.is_none() {
                        self.cluster.volumes.remove(&vkey);
                    }
                }
                // A set waiting on this claim (spec 3.4, 3.7) may go on.
                self.dirty
                    .extend(self.cluster.sets.keys().filter(|s| s.0 == k.0).cloned());
            }
        }
    }

    /// `kubectl delete pvc NAME`: marks the claim deleted; it goes once no pod mounts it.
    pub fn delete_claim(&mut self, key: &Key) -> bool {
        let now = self.cluster.now;
        let Some(claim) = self.cluster.claims.get_mut(key) else {
            return false;
        };
        claim
            .metadata
            .deletion_timestamp
            .get_or_insert_with(|| now.to_k8s_time());
        self.collect_garbage();
        true
    }
}

fn partition(spec: &k8s_openapi::api::apps::v1::StatefulSetSpec) -> u64 {
    spec.update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(|r| r.partition)
        .unwrap_or(0)
        .max(0) as u64
}

/// `getStatefulSetMaxUnavailable`: an int, or a percent of replicas rounded down, at least 1.
fn max_unavailable(spec: &k8s_openapi::api::apps::v1::StatefulSetSpec, replicas: u64) -> u64 {
    let v = spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(|r| r.max_unavailable.clone());
    let n = match v {
        Some(IntOrString::Int(i)) => i.max(0) as u64,
        Some(IntOrString::String(s)) => s
            .trim_end_matches('%')
            .parse::<u64>()
            .map(|p| replicas * p / 100)
            .unwrap_or(1),
        None => 1,
    };
    n.max(1)
}

fn owner_ref(set: &StatefulSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "StatefulSet".into(),
        name: set.metadata.name.clone().unwrap_or_default(),
        uid: set.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

fn owner_uid(meta: &ObjectMeta) -> Option<&str> {
    meta.owner_references
        .as_ref()?
        .iter()
        .find(|o| o.controller == Some(true))
        .map(|o| o.uid.as_str())
}

fn is_controlled_by(pod: &Pod, uid: &str) -> bool {
    owner_uid(&pod.metadata) == Some(uid)
}

/// `getParentNameAndOrdinal`: `web-12` → (`web`, 12); names without `-<digits>` → None.
pub fn parent_and_ordinal(name: &str) -> Option<(&str, u64)> {
    let (parent, digits) = name.rsplit_once('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((parent, digits.parse().ok()?))
}

pub fn revision_of(pod: &Pod) -> Option<&str> {
    pod.metadata
        .labels
        .as_ref()?
        .get(REVISION_LABEL)
        .map(String::as_str)
}

pub fn is_terminating(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_some()
}

pub fn phase(pod: &Pod) -> &str {
    pod.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Pending")
}

pub fn is_failed_or_succeeded(pod: &Pod) -> bool {
    matches!(phase(pod), "Failed" | "Succeeded")
}

fn condition<'a>(pod: &'a Pod, ty: &str) -> Option<&'a PodCondition> {
    pod.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == ty)
}

pub fn is_ready(pod: &Pod) -> bool {
    condition(pod, "Ready").is_some_and(|c| c.status == "True")
}

pub fn is_running_and_ready(pod: &Pod) -> bool {
    phase(pod) == "Running" && is_ready(pod)
}

/// Ready for at least `min_ready` seconds.
pub fn is_available(pod: &Pod, min_ready: u64, now: Instant) -> bool {
    if !is_running_and_ready(pod) {
        return false;
    }
    if min_ready == 0 {
        return true;
    }
    condition(pod, "Ready")
        .and_then(|c| c.last_transition_time.as_ref())
        .is_some_and(|t| Instant::from_k8s_time(t).seconds() + min_ready <= now.seconds())
}

fn set_condition(status: &mut PodStatus, ty: &str, value: &str, now: Instant) {
    let conds = status.conditions.get_or_insert_with(Vec::new);
    match conds.iter_mut().find(|c| c.type_ == ty) {
        Some(c) if c.status == value => {}
        Some(c) => {
            c.status = value.into();
            c.last_transition_time = Some(now.to_k8s_time());
        }
        None => {
            // kubelet lists conditions in this order (`generateAPIPodStatus`).
            const ORDER: [&str; 5] = [
                "PodReadyToStartContainers",
                "Initialized",
                "Ready",
                "ContainersReady",
                "PodScheduled",
            ];
            let rank = |t: &str| ORDER.iter().position(|o| *o == t).unwrap_or(ORDER.len());
            let at = conds
                .iter()
                .position(|c| rank(&c.type_) > rank(ty))
                .unwrap_or(conds.len());
            conds.insert(
                at,
                PodCondition {
                    type_: ty.into(),
                    status: value.into(),
                    last_transition_time: Some(now.to_k8s_time()),
                    last_probe_time: None,
                    ..Default::default()
                },
            );
        }
    }
}

/// 64 hex digits derived from `seed` (a stand-in for a digest: same seed, same digits).
fn hex64(seed: &str) -> String {
    let mut h = fnv32(seed.as_bytes());
    (0..8)
        .map(|i| {
            h = fnv32(&[h.to_le_bytes(), (i as u32).to_le_bytes()].concat());
            format!("{h:08x}")
        })
        .collect()
}

/// FNV-1 32-bit, as `hashutil`'s `fnv.New32()` used for revision names.
fn fnv32(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in data {
        h = h.wrapping_mul(0x0100_0193);
        h ^= u32::from(*b);
    }
    h
}

/// apimachinery `rand.SafeEncodeString`.
/// Five characters standing for the ServiceAccount plugin's random token-volume suffix
/// (`utilrand.String(5)`), derived from the pod's uid.
pub fn token_suffix(uid: &str) -> String {
    safe_encode(&uid.replace('-', ""))
        .chars()
        .rev()
        .take(5)
        .collect()
}

pub fn safe_encode(s: &str) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    s.bytes()
        .map(|b| ALPHANUMS[b as usize % ALPHANUMS.len()] as char)
        .collect()
}

/// One endpoint address of a Service (spec 8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub ip: String,
    pub hostname: Option<String>,
    pub ready: bool,
    pub pod: String,
    pub node: Option<String>,
}

/// The endpoints the EndpointSlice controller publishes for `svc` (spec 8.1-8.3), in pod
/// name order.
pub fn endpoints(cluster: &Cluster, svc: &Service) -> Vec<Endpoint> {
    let Some(spec) = &svc.spec else {
        return Vec::new();
    };
    let Some(selector) = &spec.selector else {
        return Vec::new();
    };
    let (ns, svc_name) = key_of(&svc.metadata);
    let publish_not_ready = spec.publish_not_ready_addresses.unwrap_or(false);
    cluster
        .pods
        .range((ns.clone(), String::new())..)
        .take_while(|((pns, _), _)| *pns == ns)
        .filter_map(|((_, name), pod)| {
            let labels = pod.metadata.labels.as_ref();
            let selected = selector
                .iter()
                .all(|(k, v)| labels.and_then(|l| l.get(k)) == Some(v));
            if !selected || is_failed_or_succeeded(pod) {
                return None;
            }
            let ip = pod.status.as_ref()?.pod_ip.clone()?;
            let pspec = pod.spec.as_ref()?;
            let hostname = match (&pspec.hostname, &pspec.subdomain) {
                (Some(h), Some(sd)) if !h.is_empty() && *sd == svc_name => Some(h.clone()),
                _ => None,
            };
            let ready = publish_not_ready || (is_ready(pod) && !is_terminating(pod));
            Some(Endpoint {
                ip,
                hostname,
                ready,
                pod: name.clone(),
                node: pspec.node_name.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_parse_from_names() {
        assert_eq!(parent_and_ordinal("web-0"), Some(("web", 0)));
        assert_eq!(parent_and_ordinal("my-web-12"), Some(("my-web", 12)));
        assert_eq!(parent_and_ordinal("web"), None);
        assert_eq!(parent_and_ordinal("web-x1"), None);
        assert_eq!(parent_and_ordinal("web-"), None);
    }

    #[test]
    fn safe_encode_uses_the_kubernetes_alphabet() {
        let s = safe_encode(&fnv32(b"anything").to_string());
        assert!(s.len() <= 10 && !s.is_empty());
        assert!(
            s.chars().all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c)),
            "{s}"
        );
        // '0'..'9' are bytes 48..57: 48 % 27 = 21 → '4', 57 % 27 = 3 → 'f'.
        assert_eq!(safe_encode("0129"), "456f");
    }
}
