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

/// Where the ServiceAccount admission plugin mounts the token volume in every container.
pub const TOKEN_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
/// The token volume's name before its random suffix.
pub const TOKEN_VOLUME_PREFIX: &str = "kube-api-access-";

/// What the API server adds to a new Pod beyond its spec's defaults, as 1.35's default
/// admission plugins and `SetDefaults_Pod` add it: `enableServiceLinks: true`; the
/// deprecated `serviceAccount` mirroring `serviceAccountName` (ServiceAccount admission
/// names the namespace's `default` account); `priority: 0` and `preemptionPolicy:
/// PreemptLowerPriority` (Priority admission, no PriorityClass); the `not-ready` and
/// `unreachable` NoExecute tolerations for 300 s unless tolerated already
/// (DefaultTolerationSeconds); and, unless `automountServiceAccountToken: false`, the
/// projected token volume `kube-api-access-<5 characters>` (token for 3607 s, the
/// `kube-root-ca.crt` ConfigMap, the namespace) mounted read-only at [`TOKEN_MOUNT_PATH`]
/// in every container that has nothing there. `suffix` stands for the plugin's random one.
pub fn admit_pod(spec: &mut PodSpec, suffix: &str) {
    use k8s_openapi::api::core::v1::{Toleration, VolumeMount};
    spec.enable_service_links.get_or_insert(true);
    let account = spec
        .service_account_name
        .get_or_insert_with(|| "default".into())
        .clone();
    spec.service_account.get_or_insert(account);
    spec.priority.get_or_insert(0);
    spec.preemption_policy
        .get_or_insert_with(|| "PreemptLowerPriority".into());
    let tolerations = spec.tolerations.get_or_insert_with(Vec::new);
    for key in [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ] {
        let tolerated = tolerations.iter().any(|t| {
            matches!(t.key.as_deref(), None | Some("")) || t.key.as_deref() == Some(key)
        } && matches!(t.effect.as_deref(), None | Some("") | Some("NoExecute")));
        if !tolerated {
            tolerations.push(Toleration {
                effect: Some("NoExecute".into()),
                key: Some(key.into()),
                operator: Some("Exists".into()),
                toleration_seconds: Some(300),
                ..Default::default()
            });
        }
    }
    if spec.automount_service_account_token == Some(false) {
        return;
    }
    let existing = spec
        .volumes
        .iter()
        .flatten()
        .find(|v| v.name.starts_with(TOKEN_VOLUME_PREFIX))
        .map(|v| v.name.clone());
    let name = existing
        .clone()
        .unwrap_or_else(|| format!("{TOKEN_VOLUME_PREFIX}{suffix}"));
    let mut needed = false;
    let containers = spec
        .init_containers
        .iter_mut()
        .flatten()
        .chain(spec.containers.iter_mut());
    for c in containers {
        let mounts = c.volume_mounts.get_or_insert_with(Vec::new);
        if !mounts.iter().any(|m| m.mount_path == TOKEN_MOUNT_PATH) {
            mounts.push(VolumeMount {
                mount_path: TOKEN_MOUNT_PATH.into(),
                name: name.clone(),
                read_only: Some(true),
                ..Default::default()
            });
            needed = true;
        }
    }
    if existing.is_some() || !needed {
        return;
    }
    spec.volumes
        .get_or_insert_with(Vec::new)
        .push(token_volume(name));
}

/// The ServiceAccount plugin's projected token volume (`TokenVolumeSource`).
fn token_volume(name: String) -> k8s_openapi::api::core::v1::Volume {
    use k8s_openapi::api::core::v1::{
        ConfigMapProjection, DownwardAPIProjection, DownwardAPIVolumeFile, KeyToPath,
        ObjectFieldSelector, ProjectedVolumeSource, ServiceAccountTokenProjection, Volume,
        VolumeProjection,
    };
    let projection = ProjectedVolumeSource {
        default_mode: Some(420),
        sources: Some(vec![
            VolumeProjection {
                service_account_token: Some(ServiceAccountTokenProjection {
                    expiration_seconds: Some(3607),
                    path: "token".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
            VolumeProjection {
                config_map: Some(ConfigMapProjection {
                    items: Some(vec![KeyToPath {
                        key: "ca.crt".into(),
                        path: "ca.crt".into(),
                        ..Default::default()
                    }]),
                    name: "kube-root-ca.crt".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
            VolumeProjection {
                downward_api: Some(DownwardAPIProjection {
                    items: Some(vec![DownwardAPIVolumeFile {
                        field_ref: Some(ObjectFieldSelector {
                            api_version: Some("v1".into()),
                            field_path: "metadata.namespace".into(),
                        }),
                        path: "namespace".into(),
                        ..Default::default()
                    }]),
                }),
                ..Default::default()
            },
        ]),
    };
    Volume {
        name,
        projected: Some(projection),
        ..Default::default()
    }
}

/// The random suffix of the token volume admission gave `spec`, if any.
pub fn token_suffix_of(spec: &PodSpec) -> Option<&str> {
    spec.volumes
        .iter()
        .flatten()
        .find_map(|v| v.name.strip_prefix(TOKEN_VOLUME_PREFIX))
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
