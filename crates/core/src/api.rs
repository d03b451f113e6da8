//! Documents to typed API objects, as kubectl and the API server decode them.
//!
//! Kinds are dispatched on `apiVersion` and `kind`; the object is decoded with
//! `k8s-openapi`'s types and kubectl's strict field validation (an unknown field rejects the
//! object). Every problem is reported twice over: as kubectl's stderr text and as a
//! diagnostic pinned to the document's line and column.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Namespace, PersistentVolumeClaim, Pod, PodTemplateSpec, Service};
use k8s_openapi::api::storage::v1::StorageClass;

use crate::yaml::{self, Diagnostic, Document, Seg};

/// The objects the playground simulates.
#[derive(Debug, Clone)]
pub enum Object {
    Namespace(Box<Namespace>),
    Service(Box<Service>),
    StatefulSet(Box<StatefulSet>),
    PersistentVolumeClaim(Box<PersistentVolumeClaim>),
    StorageClass(Box<StorageClass>),
    Pod(Box<Pod>),
}

impl Object {
    pub fn kind(&self) -> Kind {
        match self {
            Object::Namespace(_) => Kind::Namespace,
            Object::Service(_) => Kind::Service,
            Object::StatefulSet(_) => Kind::StatefulSet,
            Object::PersistentVolumeClaim(_) => Kind::PersistentVolumeClaim,
            Object::StorageClass(_) => Kind::StorageClass,
            Object::Pod(_) => Kind::Pod,
        }
    }

    /// The object's metadata, to change.
    pub fn metadata_mut(
        &mut self,
    ) -> &mut k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
        match self {
            Object::Namespace(n) => &mut n.metadata,
            Object::Service(s) => &mut s.metadata,
            Object::StatefulSet(s) => &mut s.metadata,
            Object::PersistentVolumeClaim(c) => &mut c.metadata,
            Object::StorageClass(c) => &mut c.metadata,
            Object::Pod(p) => &mut p.metadata,
        }
    }

    pub fn name(&self) -> &str {
        let meta = match self {
            Object::Namespace(n) => &n.metadata,
            Object::Service(s) => &s.metadata,
            Object::StatefulSet(s) => &s.metadata,
            Object::PersistentVolumeClaim(c) => &c.metadata,
            Object::StorageClass(c) => &c.metadata,
            Object::Pod(p) => &p.metadata,
        };
        meta.name.as_deref().unwrap_or("")
    }
}

/// Kinds the playground knows by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Namespace,
    Service,
    StatefulSet,
    PersistentVolumeClaim,
    StorageClass,
    Pod,
    Event,
}

impl Kind {
    /// kubectl's `<resource>.<group>` as in `statefulset.apps/web created`.
    pub fn resource_ref(self) -> &'static str {
        match self {
            Kind::Namespace => "namespace",
            Kind::Service => "service",
            Kind::StatefulSet => "statefulset.apps",
            Kind::PersistentVolumeClaim => "persistentvolumeclaim",
            Kind::StorageClass => "storageclass.storage.k8s.io",
            Kind::Pod => "pod",
            Kind::Event => "event",
        }
    }

    /// Whether objects of the kind live in a namespace.
    pub fn namespaced(self) -> bool {
        !matches!(self, Kind::Namespace | Kind::StorageClass)
    }

    /// cli-runtime's `Info` mapping line: `Resource: "apps/v1, Resource=statefulsets",
    /// GroupVersionKind: "apps/v1, Kind=StatefulSet"` (the core group is empty).
    pub fn mapping(self) -> String {
        let (group, plural) = match self {
            Kind::Namespace => ("", "namespaces"),
            Kind::Service => ("", "services"),
            Kind::StatefulSet => ("apps", "statefulsets"),
            Kind::PersistentVolumeClaim => ("", "persistentvolumeclaims"),
            Kind::StorageClass => ("storage.k8s.io", "storageclasses"),
            Kind::Pod => ("", "pods"),
            Kind::Event => ("", "events"),
        };
        format!(
            "Resource: \"{group}/v1, Resource={plural}\", GroupVersionKind: \"{group}/v1, Kind={}\"",
            self.name()
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Namespace => "Namespace",
            Kind::Service => "Service",
            Kind::StatefulSet => "StatefulSet",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::StorageClass => "StorageClass",
            Kind::Pod => "Pod",
            Kind::Event => "Event",
        }
    }
}

/// One problem with one document: what kubectl prints, and where the editor marks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub stderr: String,
    pub diagnostic: Diagnostic,
}

/// A decoded object and the document it came from.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub object: Object,
    pub document: usize,
}

/// The kinds `apply` accepts, for the message about the others.
const SIMULATED: &str =
    "Namespace, Service, StatefulSet, Pod, PersistentVolumeClaim and StorageClass";

/// Kinds a real cluster has that the playground does not simulate (yet).
const KNOWN_UNSIMULATED: &[(&str, &str)] = &[
    ("v1", "PersistentVolume"),
    ("v1", "ConfigMap"),
    ("v1", "Secret"),
    ("v1", "Endpoints"),
    ("apps/v1", "Deployment"),
    ("apps/v1", "ReplicaSet"),
    ("apps/v1", "DaemonSet"),
    ("batch/v1", "Job"),
    ("discovery.k8s.io/v1", "EndpointSlice"),
];

/// Decodes every non-empty document. `source` is the file name kubectl would print
/// (`STDIN` for `-f -`).
pub fn decode_documents(docs: &[Document], source: &str) -> (Vec<Decoded>, Vec<Problem>) {
    let mut objects = Vec::new();
    let mut problems = Vec::new();
    for doc in docs {
        let Some(value) = &doc.value else { continue };
        match decode_document(doc, value, source) {
            Ok(object) => objects.push(Decoded {
                object,
                document: doc.index,
            }),
            Err(p) => problems.push(p),
        }
    }
    (objects, problems)
}

fn decode_document(
    doc: &Document,
    value: &serde_yaml::Value,
    source: &str,
) -> Result<Object, Problem> {
    let here = |path: &[Seg], stderr: String, message: String| Problem {
        stderr,
        diagnostic: doc.diagnostic_at(path, message),
    };
    if !value.is_mapping() {
        let what = if value.is_sequence() {
            "a list"
        } else {
            "a single value"
        };
        let msg = format!(
            "this document is {what}, not a Kubernetes object: an object is a mapping with apiVersion, kind and metadata (for several objects, separate them with ---)"
        );
        return Err(here(
            &[],
            format!("error: unable to decode \"{source}\": {msg}"),
            msg,
        ));
    }
    let json = yaml::yaml_json_text(value);
    let kind = yaml::str_field(value, "kind").unwrap_or("");
    let api_version = yaml::str_field(value, "apiVersion").unwrap_or("");
    if kind.is_empty() {
        return Err(here(
            &[],
            format!("error: unable to decode \"{source}\": Object 'Kind' is missing in '{json}'"),
            "Object 'Kind' is missing: every object needs a kind (for example kind: StatefulSet)"
                .into(),
        ));
    }
    if api_version.is_empty() {
        return Err(here(
            &[Seg::Key("kind".into())],
            format!("error: unable to decode \"{source}\": Object 'apiVersion' is missing in '{json}'"),
            "Object 'apiVersion' is missing: every object needs an apiVersion (for example apiVersion: apps/v1)".into(),
        ));
    }
    let name = yaml::metadata_name(value).unwrap_or("");
    let object = match (api_version, kind) {
        ("v1", "Service") => decode_strict::<Service>(doc, "Service", api_version, source)
            .map(|s| Object::Service(Box::new(s))),
        ("v1", "Namespace") => decode_strict::<Namespace>(doc, "Namespace", api_version, source)
            .map(|n| Object::Namespace(Box::new(n))),
        ("apps/v1", "StatefulSet") => {
            decode_strict::<StatefulSet>(doc, "StatefulSet", api_version, source)
                .map(|s| Object::StatefulSet(Box::new(s)))
        }
        ("v1", "PersistentVolumeClaim") => {
            decode_strict::<PersistentVolumeClaim>(doc, kind, api_version, source)
                .map(|c| Object::PersistentVolumeClaim(Box::new(c)))
        }
        // A Pod is decoded as the pod template it is, plus `apiVersion`, `kind` and a
        // `status` the server ignores on create: the template's decoder is in the bundle
        // already, a Pod's (all its status types) would be several KB gzip more.
        ("v1", "Pod") => decode_strict_as::<PodTemplateSpec>(
            doc,
            kind,
            api_version,
            source,
            &["apiVersion", "kind", "status"],
        )
        .map(|t| {
            Object::Pod(Box::new(Pod {
                metadata: t.metadata.unwrap_or_default(),
                spec: t.spec,
                status: None,
            }))
        }),
        ("storage.k8s.io/v1", "StorageClass") => {
            decode_strict::<StorageClass>(doc, kind, api_version, source)
                .map(|c| Object::StorageClass(Box::new(c)))
        }
        _ if KNOWN_UNSIMULATED.contains(&(api_version, kind)) => {
            let msg = format!(
                "the playground does not simulate {kind} objects; this document was skipped (it simulates {SIMULATED})"
            );
            return Err(here(
                &[Seg::Key("kind".into())],
                format!("error: {msg}"),
                msg,
            ));
        }
        _ => {
            let stderr = format!(
                "error: resource mapping not found for name: \"{name}\" namespace: \"\" from \"{source}\": no matches for kind \"{kind}\" in version \"{api_version}\"\nensure CRDs are installed first"
            );
            let hint = suggest_kind(api_version, kind);
            let msg = format!("no matches for kind \"{kind}\" in version \"{api_version}\"{hint}");
            return Err(here(&[Seg::Key("kind".into())], stderr, msg));
        }
    }?;
    Ok(object)
}

fn suggest_kind(api_version: &str, kind: &str) -> String {
    let known = [
        ("v1", "Namespace"),
        ("v1", "Service"),
        ("apps/v1", "StatefulSet"),
        ("v1", "Pod"),
        ("v1", "PersistentVolumeClaim"),
        ("storage.k8s.io/v1", "StorageClass"),
    ];
    for (v, k) in known.iter().chain(KNOWN_UNSIMULATED) {
        if k.eq_ignore_ascii_case(kind)
            || edit_distance(&k.to_ascii_lowercase(), &kind.to_ascii_lowercase()) <= 2
        {
            if *v == api_version {
                return format!(" (did you mean kind: {k}?)");
            }
            return format!(" (did you mean apiVersion: {v}, kind: {k}?)");
        }
    }
    String::new()
}

fn decode_strict<T: serde::de::DeserializeOwned>(
    doc: &Document,
    kind: &str,
    api_version: &str,
    source: &str,
) -> Result<T, Problem> {
    decode_strict_as(doc, kind, api_version, source, &[])
}

/// [`decode_strict`] into a type that lacks some of the object's top-level fields
/// (`outer`), which are then not unknown.
fn decode_strict_as<T: serde::de::DeserializeOwned>(
    doc: &Document,
    kind: &str,
    api_version: &str,
    source: &str,
    outer: &[&str],
) -> Result<T, Problem> {
    let version = api_version.rsplit('/').next().unwrap_or(api_version);
    let mut unknown = Vec::new();
    let prefix = format!(
        "Error from server (BadRequest): error when creating \"{source}\": {kind} in version \"{version}\" cannot be handled as a {kind}: "
    );
    match doc.deserialize_strict::<T>(&mut unknown) {
        Err(diagnostic) => Err(Problem {
            stderr: format!("{prefix}{}", diagnostic.message),
            diagnostic,
        }),
        Ok(object) => {
            unknown.retain(
                |path| !matches!(path.as_slice(), [Seg::Key(k)] if outer.contains(&k.as_str())),
            );
            if unknown.is_empty() {
                return Ok(object);
            }
            let paths: Vec<String> = unknown.iter().map(|p| render_path(p)).collect();
            let fields: Vec<String> = paths
                .iter()
                .map(|p| format!("unknown field \"{p}\""))
                .collect();
            let stderr = format!("{prefix}strict decoding error: {}", fields.join(", "));
            let first = &unknown[0];
            let hint = match first.last() {
                Some(Seg::Key(k)) => did_you_mean(k),
                _ => String::new(),
            };
            let message = format!("unknown field \"{}\"{hint}", paths[0]);
            Err(Problem {
                stderr,
                diagnostic: doc.diagnostic_at(first, message),
            })
        }
    }
}

/// Field names that learners mistype most, for the "did you mean" hint.
const COMMON_FIELDS: &[&str] = &[
    "replicas",
    "selector",
    "matchLabels",
    "serviceName",
    "template",
    "metadata",
    "labels",
    "spec",
    "containers",
    "image",
    "ports",
    "containerPort",
    "name",
    "clusterIP",
    "port",
    "targetPort",
    "podManagementPolicy",
    "updateStrategy",
    "volumeClaimTemplates",
    "accessModes",
    "resources",
    "requests",
    "storage",
    "namespace",
    "annotations",
    "minReadySeconds",
    "ordinals",
    "persistentVolumeClaimRetentionPolicy",
    "volumeMounts",
    "mountPath",
    "protocol",
    "type",
    "rollingUpdate",
    "partition",
    "maxUnavailable",
    "publishNotReadyAddresses",
    "command",
    "args",
    "env",
    "readinessProbe",
];

fn did_you_mean(field: &str) -> String {
    let best = COMMON_FIELDS
        .iter()
        .map(|c| {
            (
                edit_distance(&c.to_ascii_lowercase(), &field.to_ascii_lowercase()),
                *c,
            )
        })
        .filter(|(d, c)| *d <= 2 && *d < c.len() / 2 + 1)
        .min();
    match best {
        Some((_, c)) => format!(" (did you mean `{c}`?)"),
        None => String::new(),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `spec.template.spec.containers[0].name`, as Kubernetes prints field paths.
pub fn render_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_documents;

    fn decode(text: &str) -> (Vec<Decoded>, Vec<Problem>) {
        let (docs, diags) = parse_documents(text);
        assert!(diags.is_empty(), "{diags:?}");
        decode_documents(&docs, "STDIN")
    }

    #[test]
    fn seed_decodes_into_a_service_and_a_statefulset() {
        let (objects, problems) = decode(crate::page::SEED_MANIFESTS);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(objects.len(), 2);
        assert_eq!(objects[0].object.kind(), Kind::Service);
        assert_eq!(objects[1].object.name(), "web");
        assert_eq!(objects[1].document, 1);
    }

    #[test]
    fn unknown_field_is_rejected_with_path_hint_and_line() {
        let text =
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replica: 3\n";
        let (objects, problems) = decode(text);
        assert!(objects.is_empty());
        assert_eq!(
            problems[0].stderr,
            "Error from server (BadRequest): error when creating \"STDIN\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\""
        );
        let d = &problems[0].diagnostic;
        assert_eq!((d.line, d.column), (6, 3));
        assert!(
            d.message.contains("did you mean `replicas`?"),
            "{}",
            d.message
        );
    }

    #[test]
    fn unknown_kind_is_reported_as_kubectl_does() {
        let text = "apiVersion: apps/v1\nkind: StatefulSett\nmetadata:\n  name: web\n";
        let (_, problems) = decode(text);
        assert!(problems[0]
            .stderr
            .contains("no matches for kind \"StatefulSett\" in version \"apps/v1\""));
        assert!(problems[0]
            .diagnostic
            .message
            .contains("did you mean kind: StatefulSet?"));
        assert_eq!(problems[0].diagnostic.line, 2);
    }

    #[test]
    fn wrong_type_reports_its_line() {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: many\n";
        let (_, problems) = decode(text);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].diagnostic.line, 6);
    }

    #[test]
    fn lists_and_scalars_are_not_objects() {
        let (_, problems) = decode("- a\n- b\n");
        assert!(problems[0].diagnostic.message.contains("is a list"));
        let (_, problems) = decode("just text\n");
        assert!(problems[0].diagnostic.message.contains("single value"));
    }
}
