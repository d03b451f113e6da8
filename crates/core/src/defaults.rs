//! Defaults the API server applies before validation (fidelity spec 1, errata 1-2), at the
//! Kubernetes 1.35.0 feature-gate defaults (MaxUnavailableStatefulSet on).

use k8s_openapi::api::apps::v1::{
    RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetPersistentVolumeClaimRetentionPolicy,
    StatefulSetSpec, StatefulSetUpdateStrategy,
};
use k8s_openapi::api::core::v1::{
    Container, PersistentVolumeClaim, PersistentVolumeClaimSpec, Pod, PodSpec, Service, ServiceSpec,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// The default StorageClass, as kind installs it (local-path, WaitForFirstConsumer).
pub const DEFAULT_STORAGE_CLASS: &str = "standard";

/// StatefulSet defaults (ADEF `SetDefaults_StatefulSet`) and its pod template's.
pub fn default_statefulset(set: &mut StatefulSet) {
    if set.metadata.namespace.is_none() {
        set.metadata.namespace = Some("default".into());
    }
    let spec = set.spec.get_or_insert_with(StatefulSetSpec::default);
    spec.replicas.get_or_insert(1);
    spec.pod_management_policy
        .get_or_insert_with(|| "OrderedReady".into());
    let strategy = spec
        .update_strategy
        .get_or_insert_with(StatefulSetUpdateStrategy::default);
    if strategy.type_.is_none() {
        strategy.type_ = Some("RollingUpdate".into());
        // Only a defaulted type gets an empty rollingUpdate block (errata 2).
        strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateStatefulSetStrategy::default);
    }
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        if let Some(ru) = strategy.rolling_update.as_mut() {
            ru.partition.get_or_insert(0);
            // MaxUnavailableStatefulSet is on in 1.35.0 (errata baseline).
            ru.max_unavailable.get_or_insert(IntOrString::Int(1));
        }
    }
    spec.revision_history_limit.get_or_insert(10);
    let policy = spec
        .persistent_volume_claim_retention_policy
        .get_or_insert_with(StatefulSetPersistentVolumeClaimRetentionPolicy::default);
    policy.when_deleted.get_or_insert_with(|| "Retain".into());
    policy.when_scaled.get_or_insert_with(|| "Retain".into());
    if let Some(pod) = spec.template.spec.as_mut() {
        default_pod_spec(pod);
    }
}

/// A Pod as the API server stores it: its namespace, its spec's defaults, and the
/// namespace's `default` ServiceAccount (the ServiceAccount admission plugin).
pub fn default_pod(pod: &mut Pod) {
    if pod.metadata.namespace.is_none() {
        pod.metadata.namespace = Some("default".into());
    }
    let spec = pod.spec.get_or_insert_with(Default::default);
    default_pod_spec(spec);
    spec.service_account_name
        .get_or_insert_with(|| "default".into());
}

/// Pod spec defaults (core `SetDefaults_PodSpec`, `SetDefaults_Container`).
pub fn default_pod_spec(pod: &mut PodSpec) {
    pod.restart_policy.get_or_insert_with(|| "Always".into());
    pod.dns_policy.get_or_insert_with(|| "ClusterFirst".into());
    pod.termination_grace_period_seconds.get_or_insert(30);
    pod.scheduler_name
        .get_or_insert_with(|| "default-scheduler".into());
    pod.security_context.get_or_insert_with(Default::default);
    for c in &mut pod.containers {
        default_container(c);
    }
    for c in pod.init_containers.iter_mut().flatten() {
        default_container(c);
    }
}

fn default_container(c: &mut Container) {
    c.termination_message_path
        .get_or_insert_with(|| "/dev/termination-log".into());
    c.termination_message_policy
        .get_or_insert_with(|| "File".into());
    if c.image_pull_policy.is_none() {
        let image = c.image.as_deref().unwrap_or("");
        let last = image.rsplit('/').next().unwrap_or(image);
        let tag = if image.contains('@') {
            None
        } else {
            last.split_once(':').map(|(_, t)| t)
        };
        let policy = match tag {
            None if image.contains('@') => "IfNotPresent",
            None | Some("latest") => "Always",
            Some(_) => "IfNotPresent",
        };
        c.image_pull_policy = Some(policy.into());
    }
    for p in c.ports.iter_mut().flatten() {
        p.protocol.get_or_insert_with(|| "TCP".into());
    }
}

/// A claim as the API server stores it: its namespace, then its spec's defaults.
pub fn default_claim(claim: &mut PersistentVolumeClaim, default_class: Option<&str>) {
    if claim.metadata.namespace.is_none() {
        claim.metadata.namespace = Some("default".into());
    }
    default_claim_spec(
        claim.spec.get_or_insert_with(Default::default),
        default_class,
    );
}

/// A claim spec's defaults: `volumeMode: Filesystem` (core `SetDefaults_PersistentVolumeClaimSpec`)
/// and, from the DefaultStorageClass admission plugin, the cluster's default class (kind's
/// `standard`) when `storageClassName` is unset (an explicit `""` stays: it asks for no
/// class).
pub fn default_claim_spec(spec: &mut PersistentVolumeClaimSpec, default_class: Option<&str>) {
    if spec.storage_class_name.is_none() {
        spec.storage_class_name = default_class.map(str::to_string);
    }
    spec.volume_mode.get_or_insert_with(|| "Filesystem".into());
}

/// StorageClass defaults (storage `SetDefaults_StorageClass`): reclaim policy `Delete`,
/// binding mode `Immediate`.
pub fn default_storage_class(class: &mut StorageClass) {
    class.reclaim_policy.get_or_insert_with(|| "Delete".into());
    class
        .volume_binding_mode
        .get_or_insert_with(|| "Immediate".into());
}

/// Service defaults (core `SetDefaults_Service`); the ClusterIP itself is allocated by the
/// store.
pub fn default_service(svc: &mut Service) {
    if svc.metadata.namespace.is_none() {
        svc.metadata.namespace = Some("default".into());
    }
    let spec = svc.spec.get_or_insert_with(ServiceSpec::default);
    spec.type_.get_or_insert_with(|| "ClusterIP".into());
    spec.session_affinity.get_or_insert_with(|| "None".into());
    let external = spec.type_.as_deref() == Some("ExternalName");
    for p in spec.ports.iter_mut().flatten() {
        p.protocol.get_or_insert_with(|| "TCP".into());
        if p.target_port.is_none() {
            p.target_port = Some(IntOrString::Int(p.port));
        }
    }
    if !external {
        if let Some(ip) = spec.cluster_ip.clone() {
            spec.cluster_ips.get_or_insert_with(|| vec![ip]);
        }
        spec.internal_traffic_policy
            .get_or_insert_with(|| "Cluster".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statefulset_defaults_follow_spec_1_1() {
        let mut set = StatefulSet::default();
        default_statefulset(&mut set);
        let spec = set.spec.unwrap();
        assert_eq!(spec.replicas, Some(1));
        assert_eq!(spec.pod_management_policy.as_deref(), Some("OrderedReady"));
        let s = spec.update_strategy.unwrap();
        assert_eq!(s.type_.as_deref(), Some("RollingUpdate"));
        let ru = s.rolling_update.unwrap();
        assert_eq!(ru.partition, Some(0));
        assert_eq!(ru.max_unavailable, Some(IntOrString::Int(1)));
        assert_eq!(spec.revision_history_limit, Some(10));
        let p = spec.persistent_volume_claim_retention_policy.unwrap();
        assert_eq!(p.when_deleted.as_deref(), Some("Retain"));
        assert_eq!(p.when_scaled.as_deref(), Some("Retain"));
    }

    #[test]
    fn explicit_rolling_update_without_block_stays_nil_and_on_delete_gets_none() {
        for ty in ["RollingUpdate", "OnDelete"] {
            let mut set = StatefulSet {
                spec: Some(StatefulSetSpec {
                    update_strategy: Some(StatefulSetUpdateStrategy {
                        type_: Some(ty.into()),
                        rolling_update: None,
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            };
            default_statefulset(&mut set);
            let s = set.spec.unwrap().update_strategy.unwrap();
            assert_eq!(s.rolling_update, None, "{ty}");
        }
    }

    #[test]
    fn image_pull_policy_depends_on_the_tag() {
        for (image, policy) in [
            ("nginx:1.9.1", "IfNotPresent"),
            ("nginx", "Always"),
            ("nginx:latest", "Always"),
            ("localhost:5000/nginx", "Always"),
            ("localhost:5000/nginx:1.2", "IfNotPresent"),
        ] {
            let mut c = Container {
                image: Some(image.into()),
                ..Default::default()
            };
            default_container(&mut c);
            assert_eq!(c.image_pull_policy.as_deref(), Some(policy), "{image}");
        }
    }

    #[test]
    fn service_ports_get_tcp_and_target_port() {
        let text = crate::page::SEED_MANIFESTS.split("---").next().unwrap();
        let mut svc: Service = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "nginx"},
            "spec": {"ports": [{"port": 80, "name": "web"}], "clusterIP": "None"}
        }))
        .unwrap();
        assert!(text.contains("clusterIP: None"));
        default_service(&mut svc);
        let spec = svc.spec.unwrap();
        let port = &spec.ports.unwrap()[0];
        assert_eq!(port.protocol.as_deref(), Some("TCP"));
        assert_eq!(port.target_port, Some(IntOrString::Int(80)));
        assert_eq!(spec.cluster_ips, Some(vec!["None".to_string()]));
        assert_eq!(spec.type_.as_deref(), Some("ClusterIP"));
    }
}
