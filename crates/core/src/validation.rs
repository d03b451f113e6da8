//! The API server's validation (fidelity spec 6): field errors with Kubernetes' paths, types
//! and details, all errors of an object at once, rendered as kubectl renders them.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Service;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use crate::yaml::Seg;

/// `field.ErrorType` (apimachinery `field/errors.go`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorType {
    Required,
    Invalid,
    Unsupported,
    Forbidden,
    Duplicate,
    TooLong,
}

impl ErrorType {
    fn as_str(self) -> &'static str {
        match self {
            ErrorType::Required => "Required value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::Unsupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::TooLong => "Too long",
        }
    }
}

/// One field error. `value` is already rendered (`3`, `"web"`, `{"app":"nginx"}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub path: Vec<Seg>,
    pub kind: ErrorType,
    pub value: Option<String>,
    pub detail: String,
}

impl FieldError {
    /// `<path>: <Type>: <value>: <detail>` (value omitted for Required, Forbidden, Too long).
    pub fn render(&self) -> String {
        let mut out = format!("{}: {}", render_path(&self.path), self.kind.as_str());
        let omit = matches!(
            self.kind,
            ErrorType::Required | ErrorType::Forbidden | ErrorType::TooLong
        );
        if let (Some(v), false) = (&self.value, omit) {
            out.push_str(": ");
            out.push_str(v);
        }
        if !self.detail.is_empty() {
            out.push_str(": ");
            out.push_str(&self.detail);
        }
        out
    }
}

/// Field paths print with `.` between keys and `[i]` for indices; map keys print as `[key]`
/// when the path was built with [`key_seg`].
pub fn render_path(path: &[Seg]) -> String {
    crate::api::render_path(path)
}

fn p(parts: &[&str]) -> Vec<Seg> {
    parts
        .iter()
        .map(|s| match s.parse::<usize>() {
            Ok(i) => Seg::Index(i),
            Err(_) => Seg::Key((*s).to_string()),
        })
        .collect()
}

/// Compact JSON of a value, as the API server renders non-scalar values since 1.34. Goes
/// through `serde_json::Value` so that API types are serialized by one serializer only.
fn json<T: serde::Serialize>(v: &T) -> String {
    crate::yaml::json_text(&crate::yaml::json_value(v))
}

fn quoted(s: &str) -> String {
    crate::yaml::json_text(&serde_json::Value::String(s.to_string()))
}

/// kubectl's rendering of an invalid object: one cause inline, several as `*` bullets.
pub fn render_invalid(kind: &str, name: &str, errors: &[FieldError]) -> String {
    let mut seen = Vec::new();
    for e in errors {
        let r = e.render();
        if !seen.contains(&r) {
            seen.push(r);
        }
    }
    if seen.len() == 1 {
        format!("The {kind} \"{name}\" is invalid: {}", seen[0])
    } else {
        let mut out = format!("The {kind} \"{name}\" is invalid: ");
        for r in seen {
            out.push_str("\n* ");
            out.push_str(&r);
        }
        out
    }
}

const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(is_dns1123_label)
}

/// `IsDNS1123Label` messages (AMV).
fn dns1123_label_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !is_dns1123_label(value) {
        if is_dns1123_subdomain(value) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(DNS1123_LABEL_MSG.to_string());
        }
    }
    errs
}

/// `IsDNS1123Subdomain` messages (AMV).
fn dns1123_subdomain_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    if !value.split('.').all(is_dns1123_label) {
        errs.push(PREFIX_MSG.trim_start_matches("prefix part ").to_string());
    }
    errs
}

fn dns1035_label_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    let ok = is_dns1123_label(value) && value.as_bytes()[0].is_ascii_lowercase();
    if !ok {
        errs.push(DNS1035_LABEL_MSG.to_string());
    }
    errs
}

const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUALIFIED_NAME_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const PREFIX_MSG: &str = "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

fn is_label_value_chars(s: &str) -> bool {
    let b = s.as_bytes();
    b.is_empty()
        || (b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')))
}

/// `IsValidLabelValue` (AMV).
fn label_value_errors(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !is_label_value_chars(v) {
        errs.push(LABEL_VALUE_MSG.to_string());
    }
    errs
}

/// `IsQualifiedName` (AMV): `[prefix/]name`.
fn qualified_name_errors(k: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let (prefix, name) = match k.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, k),
    };
    if k.matches('/').count() > 1 {
        errs.push(format!("{QUALIFIED_NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"));
        return errs;
    }
    if let Some(p) = prefix {
        if p.is_empty() {
            errs.push("prefix part must be non-empty".to_string());
        } else if !is_dns1123_subdomain(p) {
            errs.push(PREFIX_MSG.to_string());
        }
    }
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else {
        if name.len() > 63 {
            errs.push("name part must be no more than 63 characters".to_string());
        }
        if name.is_empty() || !is_label_value_chars(name) {
            errs.push(QUALIFIED_NAME_MSG.to_string());
        }
    }
    errs
}

/// `ValidateLabels`: every key a qualified name, every value a label value; errors carry
/// the map's own path.
pub fn validate_labels(
    labels: Option<&BTreeMap<String, String>>,
    path: &[&str],
    out: &mut Vec<FieldError>,
) {
    for (k, v) in labels.into_iter().flatten() {
        for detail in qualified_name_errors(k) {
            out.push(FieldError {
                path: p(path),
                kind: ErrorType::Invalid,
                value: Some(quoted(k)),
                detail,
            });
        }
        for detail in label_value_errors(v) {
            out.push(FieldError {
                path: p(path),
                kind: ErrorType::Invalid,
                value: Some(quoted(v)),
                detail,
            });
        }
    }
}

fn validate_name(name: Option<&str>, label: fn(&str) -> Vec<String>, out: &mut Vec<FieldError>) {
    match name {
        None | Some("") => out.push(FieldError {
            path: p(&["metadata", "name"]),
            kind: ErrorType::Required,
            value: None,
            detail: "name or generateName is required".into(),
        }),
        Some(n) => {
            for detail in label(n) {
                out.push(FieldError {
                    path: p(&["metadata", "name"]),
                    kind: ErrorType::Invalid,
                    value: Some(quoted(n)),
                    detail,
                });
            }
        }
    }
}

fn non_negative(value: Option<i32>, path: &[&str], out: &mut Vec<FieldError>) {
    if let Some(v) = value {
        if v < 0 {
            out.push(FieldError {
                path: p(path),
                kind: ErrorType::Invalid,
                value: Some(v.to_string()),
                detail: "must be greater than or equal to 0".into(),
            });
        }
    }
}

/// Whether `selector` selects an object with `labels` (AMH `LabelSelectorAsSelector`).
/// A missing selector selects nothing; an empty one selects everything.
pub fn selector_matches(
    selector: Option<&LabelSelector>,
    labels: &BTreeMap<String, String>,
) -> bool {
    let Some(sel) = selector else { return false };
    for (k, v) in sel.match_labels.iter().flatten() {
        if labels.get(k) != Some(v) {
            return false;
        }
    }
    for req in sel.match_expressions.iter().flatten() {
        let values = req.values.as_deref().unwrap_or(&[]);
        let have = labels.get(&req.key);
        let ok = match req.operator.as_str() {
            "In" => have.is_some_and(|v| values.contains(v)),
            "NotIn" => have.is_none_or(|v| !values.contains(v)),
            "Exists" => have.is_some(),
            "DoesNotExist" => have.is_none(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

/// `ValidateStatefulSet` on create (AVAL), at 1.35.
pub fn validate_statefulset(set: &StatefulSet) -> Vec<FieldError> {
    let mut out = Vec::new();
    validate_name(set.metadata.name.as_deref(), dns1123_label_errors, &mut out);
    validate_labels(
        set.metadata.labels.as_ref(),
        &["metadata", "labels"],
        &mut out,
    );
    let Some(spec) = &set.spec else {
        out.push(FieldError {
            path: p(&["spec"]),
            kind: ErrorType::Required,
            value: None,
            detail: String::new(),
        });
        return out;
    };
    match spec.pod_management_policy.as_deref() {
        Some("OrderedReady") | Some("Parallel") | None => {}
        Some(other) => out.push(FieldError {
            path: p(&["spec", "podManagementPolicy"]),
            kind: ErrorType::Invalid,
            value: Some(quoted(other)),
            detail: "must be 'OrderedReady' or 'Parallel'".into(),
        }),
    }
    if let Some(s) = &spec.update_strategy {
        match s.type_.as_deref() {
            Some("RollingUpdate") => {
                if let Some(ru) = &s.rolling_update {
                    non_negative(
                        ru.partition,
                        &["spec", "updateStrategy", "rollingUpdate", "partition"],
                        &mut out,
                    );
                }
            }
            Some("OnDelete") if s.rolling_update.is_some() => out.push(FieldError {
                path: p(&["spec", "updateStrategy", "rollingUpdate"]),
                kind: ErrorType::Invalid,
                value: Some(json(&s.rolling_update)),
                detail: "only allowed for updateStrategy 'RollingUpdate'".into(),
            }),
            Some("OnDelete") => {}
            Some(_) => out.push(FieldError {
                path: p(&["spec", "updateStrategy"]),
                kind: ErrorType::Invalid,
                value: Some(json(s)),
                detail: "must be 'RollingUpdate' or 'OnDelete'".into(),
            }),
            None => {}
        }
    }
    if let Some(policy) = &spec.persistent_volume_claim_retention_policy {
        for (field, value) in [
            ("whenDeleted", &policy.when_deleted),
            ("whenScaled", &policy.when_scaled),
        ] {
            if let Some(v) = value {
                if v != "Retain" && v != "Delete" {
                    out.push(FieldError {
                        path: p(&["spec", "persistentVolumeClaimRetentionPolicy", field]),
                        kind: ErrorType::Unsupported,
                        value: Some(quoted(v)),
                        detail: "supported values: \"Retain\", \"Delete\"".into(),
                    });
                }
            }
        }
    }
    non_negative(spec.replicas, &["spec", "replicas"], &mut out);
    non_negative(
        spec.min_ready_seconds,
        &["spec", "minReadySeconds"],
        &mut out,
    );
    if let Some(o) = &spec.ordinals {
        non_negative(o.start, &["spec", "ordinals", "start"], &mut out);
    }
    non_negative(
        spec.revision_history_limit,
        &["spec", "revisionHistoryLimit"],
        &mut out,
    );
    if let Some(name) = spec.service_name.as_deref().filter(|s| !s.is_empty()) {
        for detail in dns1123_label_errors(name) {
            out.push(FieldError {
                path: p(&["spec", "serviceName"]),
                kind: ErrorType::Invalid,
                value: Some(quoted(name)),
                detail,
            });
        }
    }
    let empty_labels = BTreeMap::new();
    let raw_labels = spec
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.as_ref());
    let labels = raw_labels.unwrap_or(&empty_labels);
    let selector_empty = spec
        .selector
        .match_labels
        .as_ref()
        .is_none_or(|m| m.is_empty())
        && spec
            .selector
            .match_expressions
            .as_ref()
            .is_none_or(|m| m.is_empty());
    // k8s-openapi decodes a missing selector as an empty one; the raw document tells them
    // apart (see `session`), which passes `selector_missing`.
    if selector_empty {
        out.push(FieldError {
            path: p(&["spec", "selector"]),
            kind: ErrorType::Invalid,
            value: Some(json(&spec.selector)),
            detail: "empty selector is invalid for statefulset".into(),
        });
    } else if !selector_matches(Some(&spec.selector), labels) {
        out.push(FieldError {
            path: p(&["spec", "template", "metadata", "labels"]),
            kind: ErrorType::Invalid,
            value: Some(labels_json(raw_labels)),
            detail: "`selector` does not match template `labels`".into(),
        });
    }
    // Spec 6.9 (1.34+): each claim template's spec is validated as a claim's.
    for (i, t) in spec.volume_claim_templates.iter().flatten().enumerate() {
        let base = vec![
            Seg::Key("spec".into()),
            Seg::Key("volumeClaimTemplates".into()),
            Seg::Index(i),
            Seg::Key("spec".into()),
        ];
        let no_claim = Default::default();
        claim_spec_errors(t.spec.as_ref().unwrap_or(&no_claim), &base, &mut out);
    }
    match &spec.template.spec {
        None => out.push(FieldError {
            path: p(&["spec", "template", "spec", "containers"]),
            kind: ErrorType::Required,
            value: None,
            detail: String::new(),
        }),
        Some(pod) => {
            let base = p(&["spec", "template", "spec"]);
            containers_errors(pod, &base, &mut out);
            match pod.restart_policy.as_deref() {
                Some("Always") | None => {}
                Some(other) => out.push(FieldError {
                    path: p(&["spec", "template", "spec", "restartPolicy"]),
                    kind: ErrorType::Unsupported,
                    value: Some(quoted(other)),
                    detail: "supported values: \"Always\"".into(),
                }),
            }
            if pod.active_deadline_seconds.is_some() {
                out.push(FieldError {
                    path: p(&["spec", "template", "spec", "activeDeadlineSeconds"]),
                    kind: ErrorType::Forbidden,
                    value: None,
                    detail: "activeDeadlineSeconds in StatefulSet is not Supported".into(),
                });
            }
        }
    }
    out
}

/// The extra errors of a StatefulSet whose document has no `spec.selector` at all
/// (spec 6.6): `Required value`, and the template labels then match nothing.
pub fn missing_selector_errors(set: &StatefulSet) -> Vec<FieldError> {
    let labels = set
        .spec
        .as_ref()
        .and_then(|s| s.template.metadata.as_ref())
        .and_then(|m| m.labels.as_ref());
    vec![
        FieldError {
            path: p(&["spec", "selector"]),
            kind: ErrorType::Required,
            value: None,
            detail: String::new(),
        },
        FieldError {
            path: p(&["spec", "template", "metadata", "labels"]),
            kind: ErrorType::Invalid,
            value: Some(labels_json(labels)),
            detail: "`selector` does not match template `labels`".into(),
        },
    ]
}

/// A Go map as the API server renders it since 1.34: JSON, `null` when nil.
fn labels_json(labels: Option<&BTreeMap<String, String>>) -> String {
    match labels {
        None => "null".into(),
        Some(l) => crate::yaml::json_text(&crate::yaml::json_value(l)),
    }
}

fn at(base: &[Seg], key: &str) -> Vec<Seg> {
    let mut path = base.to_vec();
    path.push(Seg::Key(key.into()));
    path
}

/// `ValidatePersistentVolumeClaimSpec` (CVAL) at `base`: access modes, the storage request,
/// the class name and the volume mode.
fn claim_spec_errors(
    claim: &k8s_openapi::api::core::v1::PersistentVolumeClaimSpec,
    base: &[Seg],
    out: &mut Vec<FieldError>,
) {
    let modes = claim.access_modes.as_deref().unwrap_or(&[]);
    if modes.is_empty() {
        out.push(FieldError {
            path: at(base, "accessModes"),
            kind: ErrorType::Required,
            value: None,
            detail: "at least 1 access mode is required".into(),
        });
    }
    let (mut once_pod, mut other) = (false, false);
    for mode in modes {
        match mode.as_str() {
            "ReadWriteOncePod" => once_pod = true,
            "ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" => other = true,
            _ => out.push(FieldError {
                path: at(base, "accessModes"),
                kind: ErrorType::Unsupported,
                value: Some(quoted(mode)),
                detail: "supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"".into(),
            }),
        }
    }
    if once_pod && other {
        out.push(FieldError {
            path: at(base, "accessModes"),
            kind: ErrorType::Forbidden,
            value: None,
            detail: "may not use ReadWriteOncePod with other access modes".into(),
        });
    }
    let has_storage = claim
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .is_some_and(|r| r.contains_key("storage"));
    if !has_storage {
        out.push(FieldError {
            path: at(base, "resources[storage]"),
            kind: ErrorType::Required,
            value: None,
            detail: String::new(),
        });
    }
    if let Some(class) = claim
        .storage_class_name
        .as_deref()
        .filter(|c| !c.is_empty())
    {
        for detail in dns1123_subdomain_errors(class) {
            out.push(FieldError {
                path: at(base, "storageClassName"),
                kind: ErrorType::Invalid,
                value: Some(quoted(class)),
                detail,
            });
        }
    }
    if let Some(mode) = claim.volume_mode.as_deref() {
        if !matches!(mode, "Block" | "Filesystem") {
            out.push(FieldError {
                path: at(base, "volumeMode"),
                kind: ErrorType::Unsupported,
                value: Some(quoted(mode)),
                detail: "supported values: \"Block\", \"Filesystem\"".into(),
            });
        }
    }
}

/// `ValidatePersistentVolumeClaim` on create: the name is a DNS-1123 subdomain
/// (`ValidatePersistentVolumeName`), then the spec.
pub fn validate_claim(
    claim: &k8s_openapi::api::core::v1::PersistentVolumeClaim,
) -> Vec<FieldError> {
    let mut out = Vec::new();
    validate_name(
        claim.metadata.name.as_deref(),
        dns1123_subdomain_errors,
        &mut out,
    );
    validate_labels(
        claim.metadata.labels.as_ref(),
        &["metadata", "labels"],
        &mut out,
    );
    let no_spec = Default::default();
    claim_spec_errors(
        claim.spec.as_ref().unwrap_or(&no_spec),
        &[Seg::Key("spec".into())],
        &mut out,
    );
    out
}

/// A resource quantity's value (`1Gi`, `500M`, `1.5Gi`, `2e3`), for comparing sizes; `None`
/// when it is not a quantity.
pub fn quantity_value(q: &str) -> Option<f64> {
    let split = q
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(q.len());
    let (number, suffix) = q.split_at(split);
    let number: f64 = number.parse().ok()?;
    let scale = match suffix {
        "" => 1.0,
        "Ki" => 1024f64,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        e if e.starts_with(['e', 'E']) => 10f64.powi(e[1..].parse().ok()?),
        _ => return None,
    };
    Some(number * scale)
}

/// The claim's `resources.requests.storage`, as written.
pub fn claim_storage(
    spec: Option<&k8s_openapi::api::core::v1::PersistentVolumeClaimSpec>,
) -> Option<&str> {
    spec?
        .resources
        .as_ref()?
        .requests
        .as_ref()?
        .get("storage")
        .map(|q| q.0.as_str())
}

/// `ValidatePersistentVolumeClaimUpdate` (CVAL, 1.35): the spec is immutable, except the
/// storage request of a bound claim, which may not go below its `status.capacity`
/// (RecoverVolumeExpansionFailure, GA in 1.34). The Forbidden detail upstream ends with a
/// `cmp.Diff` of the two specs; its layout is deliberately unstable, so it is left out.
pub fn validate_claim_update(
    old: &k8s_openapi::api::core::v1::PersistentVolumeClaim,
    new: &k8s_openapi::api::core::v1::PersistentVolumeClaim,
) -> Vec<FieldError> {
    let mut out = Vec::new();
    let bound = old.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Bound");
    let spec_json = |c: &k8s_openapi::api::core::v1::PersistentVolumeClaim| {
        let mut v = crate::yaml::json_value(&c.spec);
        if bound {
            if let Some(r) = v.pointer_mut("/resources/requests") {
                if let Some(m) = r.as_object_mut() {
                    m.remove("storage");
                }
            }
        }
        v
    };
    if spec_json(old) != spec_json(new) {
        out.push(FieldError {
            path: p(&["spec"]),
            kind: ErrorType::Forbidden,
            value: None,
            detail: "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims".into(),
        });
    }
    let size = |s: Option<&str>| s.and_then(quantity_value).unwrap_or(0.0);
    let old_size = size(claim_storage(old.spec.as_ref()));
    let new_size = size(claim_storage(new.spec.as_ref()));
    let status_size = size(
        old.status
            .as_ref()
            .and_then(|s| s.capacity.as_ref())
            .and_then(|c| c.get("storage"))
            .map(|q| q.0.as_str()),
    );
    if new_size < old_size && new_size <= status_size {
        out.push(FieldError {
            path: p(&["spec", "resources", "requests", "storage"]),
            kind: ErrorType::Forbidden,
            value: None,
            detail: "field can not be less than status.capacity".into(),
        });
    }
    out
}

/// `ValidateStorageClass` (storage validation): the name a DNS-1123 subdomain
/// (`ValidateClassName`), a provisioner that is a qualified name, the reclaim policy and the
/// binding mode among the supported ones.
pub fn validate_storage_class(
    class: &k8s_openapi::api::storage::v1::StorageClass,
) -> Vec<FieldError> {
    let mut out = Vec::new();
    validate_name(
        class.metadata.name.as_deref(),
        dns1123_subdomain_errors,
        &mut out,
    );
    validate_labels(
        class.metadata.labels.as_ref(),
        &["metadata", "labels"],
        &mut out,
    );
    if class.provisioner.is_empty() {
        out.push(FieldError {
            path: p(&["provisioner"]),
            kind: ErrorType::Required,
            value: None,
            detail: String::new(),
        });
    } else {
        for detail in qualified_name_errors(&class.provisioner.to_ascii_lowercase()) {
            out.push(FieldError {
                path: p(&["provisioner"]),
                kind: ErrorType::Invalid,
                value: Some(quoted(&class.provisioner)),
                detail,
            });
        }
    }
    if let Some(policy) = class.reclaim_policy.as_deref().filter(|r| !r.is_empty()) {
        if !matches!(policy, "Delete" | "Retain") {
            out.push(FieldError {
                path: p(&["reclaimPolicy"]),
                kind: ErrorType::Unsupported,
                value: Some(quoted(policy)),
                detail: "supported values: \"Delete\", \"Retain\"".into(),
            });
        }
    }
    if let Some(mode) = class.volume_binding_mode.as_deref() {
        if !matches!(mode, "Immediate" | "WaitForFirstConsumer") {
            out.push(FieldError {
                path: p(&["volumeBindingMode"]),
                kind: ErrorType::Unsupported,
                value: Some(quoted(mode)),
                detail: "supported values: \"Immediate\", \"WaitForFirstConsumer\"".into(),
            });
        }
    }
    out
}

/// `ValidateStorageClassUpdate`: parameters, provisioner, reclaim policy and binding mode
/// may not change.
pub fn validate_storage_class_update(
    old: &k8s_openapi::api::storage::v1::StorageClass,
    new: &k8s_openapi::api::storage::v1::StorageClass,
) -> Vec<FieldError> {
    let mut out = Vec::new();
    let forbidden = |field: &str, out: &mut Vec<FieldError>| {
        out.push(FieldError {
            path: p(&[field]),
            kind: ErrorType::Forbidden,
            value: None,
            detail: format!("updates to {field} are forbidden."),
        })
    };
    if old.parameters.as_ref().filter(|m| !m.is_empty())
        != new.parameters.as_ref().filter(|m| !m.is_empty())
    {
        forbidden("parameters", &mut out);
    }
    if old.provisioner != new.provisioner {
        forbidden("provisioner", &mut out);
    }
    if old.reclaim_policy != new.reclaim_policy {
        forbidden("reclaimPolicy", &mut out);
    }
    if old.volume_binding_mode != new.volume_binding_mode {
        out.push(FieldError {
            path: p(&["volumeBindingMode"]),
            kind: ErrorType::Invalid,
            value: Some(quoted(new.volume_binding_mode.as_deref().unwrap_or(""))),
            detail: "field is immutable".into(),
        });
    }
    out
}

/// A pod spec's containers (core `validateContainers`) at `base`: at least one, each named
/// (a DNS-1123 label, unique) with an image.
fn containers_errors(
    pod: &k8s_openapi::api::core::v1::PodSpec,
    base: &[Seg],
    out: &mut Vec<FieldError>,
) {
    let containers = at(base, "containers");
    if pod.containers.is_empty() {
        out.push(FieldError {
            path: containers.clone(),
            kind: ErrorType::Required,
            value: None,
            detail: String::new(),
        });
    }
    let mut names = Vec::new();
    for (i, c) in pod.containers.iter().enumerate() {
        let mut item = containers.clone();
        item.push(Seg::Index(i));
        if c.name.is_empty() {
            out.push(FieldError {
                path: at(&item, "name"),
                kind: ErrorType::Required,
                value: None,
                detail: String::new(),
            });
        } else {
            for detail in dns1123_label_errors(&c.name) {
                out.push(FieldError {
                    path: at(&item, "name"),
                    kind: ErrorType::Invalid,
                    value: Some(quoted(&c.name)),
                    detail,
                });
            }
            if names.contains(&c.name) {
                out.push(FieldError {
                    path: at(&item, "name"),
                    kind: ErrorType::Duplicate,
                    value: Some(quoted(&c.name)),
                    detail: String::new(),
                });
            }
            names.push(c.name.clone());
        }
        if c.image.as_deref().is_none_or(|s| s.trim().is_empty()) {
            out.push(FieldError {
                path: at(&item, "image"),
                kind: ErrorType::Required,
                value: None,
                detail: String::new(),
            });
        }
    }
}

/// `ValidatePod` on create: the name a DNS-1123 subdomain (`ValidatePodName`), the
/// containers, `restartPolicy`, and `hostname` and `subdomain` DNS-1123 labels.
pub fn validate_pod(pod: &k8s_openapi::api::core::v1::Pod) -> Vec<FieldError> {
    let mut out = Vec::new();
    validate_name(
        pod.metadata.name.as_deref(),
        dns1123_subdomain_errors,
        &mut out,
    );
    validate_labels(
        pod.metadata.labels.as_ref(),
        &["metadata", "labels"],
        &mut out,
    );
    let no_spec = Default::default();
    let spec = pod.spec.as_ref().unwrap_or(&no_spec);
    containers_errors(spec, &p(&["spec"]), &mut out);
    if let Some(policy) = spec.restart_policy.as_deref() {
        if !matches!(policy, "Always" | "OnFailure" | "Never") {
            out.push(FieldError {
                path: p(&["spec", "restartPolicy"]),
                kind: ErrorType::Unsupported,
                value: Some(quoted(policy)),
                detail: "supported values: \"Always\", \"OnFailure\", \"Never\"".into(),
            });
        }
    }
    for (field, value) in [("hostname", &spec.hostname), ("subdomain", &spec.subdomain)] {
        let Some(v) = value.as_deref().filter(|v| !v.is_empty()) else {
            continue;
        };
        for detail in dns1123_label_errors(v) {
            out.push(FieldError {
                path: p(&["spec", field]),
                kind: ErrorType::Invalid,
                value: Some(quoted(v)),
                detail,
            });
        }
    }
    out
}

/// `ValidatePodUpdate`: of the spec, only the containers' images (and a few fields the
/// playground does not simulate) may change. Upstream's detail ends with a `cmp.Diff` of the
/// two specs, left out here as for claims.
pub fn validate_pod_update(
    old: &k8s_openapi::api::core::v1::Pod,
    new: &k8s_openapi::api::core::v1::Pod,
) -> Vec<FieldError> {
    let spec_json = |pod: &k8s_openapi::api::core::v1::Pod| {
        let mut v = crate::yaml::json_value(&pod.spec);
        if let Some(m) = v.as_object_mut() {
            // Set by the scheduler, not by the text.
            m.remove("nodeName");
        }
        for list in ["containers", "initContainers"] {
            for c in v[list].as_array_mut().into_iter().flatten() {
                if let Some(c) = c.as_object_mut() {
                    c.remove("image");
                }
            }
        }
        v
    };
    if spec_json(old) == spec_json(new) {
        return Vec::new();
    }
    vec![FieldError {
        path: p(&["spec"]),
        kind: ErrorType::Forbidden,
        value: None,
        detail: "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)".into(),
    }]
}

/// `ValidateNamespace`: the name is a DNS-1123 label.
pub fn validate_namespace(ns: &k8s_openapi::api::core::v1::Namespace) -> Vec<FieldError> {
    let mut out = Vec::new();
    validate_name(ns.metadata.name.as_deref(), dns1123_label_errors, &mut out);
    validate_labels(
        ns.metadata.labels.as_ref(),
        &["metadata", "labels"],
        &mut out,
    );
    out
}

/// `ValidateService` on create (CVAL), the rules of spec 6.11-6.13.
pub fn validate_service(svc: &Service) -> Vec<FieldError> {
    let mut out = Vec::new();
    validate_name(svc.metadata.name.as_deref(), dns1035_label_errors, &mut out);
    validate_labels(
        svc.metadata.labels.as_ref(),
        &["metadata", "labels"],
        &mut out,
    );
    let Some(spec) = &svc.spec else { return out };
    validate_labels(spec.selector.as_ref(), &["spec", "selector"], &mut out);
    let ty = spec.type_.as_deref().unwrap_or("ClusterIP");
    if !matches!(
        ty,
        "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName"
    ) {
        out.push(FieldError {
            path: p(&["spec", "type"]),
            kind: ErrorType::Unsupported,
            value: Some(quoted(ty)),
            detail:
                "supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""
                    .into(),
        });
    }
    let ips = spec.cluster_ips.clone().unwrap_or_default();
    let headless = ips.len() == 1 && ips[0] == "None";
    let ports = spec.ports.as_deref().unwrap_or(&[]);
    if ports.is_empty() && !headless && ty != "ExternalName" {
        out.push(FieldError {
            path: p(&["spec", "ports"]),
            kind: ErrorType::Required,
            value: None,
            detail: String::new(),
        });
    }
    let mut names: Vec<&str> = Vec::new();
    let mut pairs: Vec<(i32, &str)> = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let idx = i.to_string();
        let name = port.name.as_deref().unwrap_or("");
        if ports.len() > 1 && name.is_empty() {
            out.push(FieldError {
                path: p(&["spec", "ports", &idx, "name"]),
                kind: ErrorType::Required,
                value: None,
                detail: String::new(),
            });
        } else if !name.is_empty() {
            for detail in dns1123_label_errors(name) {
                out.push(FieldError {
                    path: p(&["spec", "ports", &idx, "name"]),
                    kind: ErrorType::Invalid,
                    value: Some(quoted(name)),
                    detail,
                });
            }
            if names.contains(&name) {
                out.push(FieldError {
                    path: p(&["spec", "ports", &idx, "name"]),
                    kind: ErrorType::Duplicate,
                    value: Some(quoted(name)),
                    detail: String::new(),
                });
            }
            names.push(name);
        }
        if !(1..=65535).contains(&port.port) {
            out.push(FieldError {
                path: p(&["spec", "ports", &idx, "port"]),
                kind: ErrorType::Invalid,
                value: Some(port.port.to_string()),
                detail: "must be between 1 and 65535, inclusive".into(),
            });
        }
        let proto = port.protocol.as_deref().unwrap_or("TCP");
        if !matches!(proto, "TCP" | "UDP" | "SCTP") {
            out.push(FieldError {
                path: p(&["spec", "ports", &idx, "protocol"]),
                kind: ErrorType::Unsupported,
                value: Some(quoted(proto)),
                detail: "supported values: \"SCTP\", \"TCP\", \"UDP\"".into(),
            });
        } else if pairs.contains(&(port.port, proto)) {
            out.push(FieldError {
                path: p(&["spec", "ports", &idx]),
                kind: ErrorType::Duplicate,
                value: Some(crate::yaml::json_text(&crate::yaml::json_object(vec![
                    ("port", port.port.into()),
                    ("protocol", proto.into()),
                ]))),
                detail: String::new(),
            });
        }
        pairs.push((port.port, proto));
    }
    for (i, ip) in ips.iter().enumerate() {
        let idx = i.to_string();
        if ip == "None" {
            if ips.len() > 1 {
                out.push(FieldError {
                    path: p(&["spec", "clusterIPs", &idx]),
                    kind: ErrorType::Invalid,
                    value: Some(quoted(ip)),
                    detail: "'None' must be the first and only value".into(),
                });
            } else if ty == "NodePort" || ty == "LoadBalancer" {
                out.push(FieldError {
                    path: p(&["spec", "clusterIPs", &idx]),
                    kind: ErrorType::Invalid,
                    value: Some(quoted(ip)),
                    detail: format!("may not be set to 'None' for {ty} services"),
                });
            }
        } else if !ip.is_empty() && ip.parse::<std::net::IpAddr>().is_err() {
            out.push(FieldError {
                path: p(&["spec", "clusterIPs", &idx]),
                kind: ErrorType::Invalid,
                value: Some(quoted(ip)),
                detail: "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)".into(),
            });
        }
    }
    // Spec 6.15 (ValidateService): no cluster IP, and a CNAME target that is a DNS-1123
    // subdomain once one trailing dot is taken off.
    if ty == "ExternalName" {
        if !ips.is_empty() || spec.cluster_ip.as_deref().is_some_and(|ip| !ip.is_empty()) {
            out.push(FieldError {
                path: p(&["spec", "clusterIPs"]),
                kind: ErrorType::Forbidden,
                value: None,
                detail: "may not be set for ExternalName services".into(),
            });
        }
        let name = spec.external_name.as_deref().unwrap_or_default();
        let cname = name.strip_suffix('.').unwrap_or(name);
        if cname.is_empty() {
            out.push(FieldError {
                path: p(&["spec", "externalName"]),
                kind: ErrorType::Required,
                value: None,
                detail: String::new(),
            });
        }
        if !cname.is_empty() {
            for detail in dns1123_subdomain_errors(cname) {
                out.push(FieldError {
                    path: p(&["spec", "externalName"]),
                    kind: ErrorType::Invalid,
                    value: Some(quoted(cname)),
                    detail,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(json: serde_json::Value) -> StatefulSet {
        let mut s: StatefulSet = serde_json::from_value(json).unwrap();
        crate::defaults::default_statefulset(&mut s);
        s
    }

    fn seed_set() -> serde_json::Value {
        serde_json::json!({
            "metadata": {"name": "web"},
            "spec": {
                "selector": {"matchLabels": {"app": "nginx"}},
                "serviceName": "nginx",
                "replicas": 2,
                "template": {
                    "metadata": {"labels": {"app": "nginx"}},
                    "spec": {"containers": [{"name": "nginx", "image": "nginx:1.9.1"}]}
                }
            }
        })
    }

    #[test]
    fn seed_statefulset_is_valid() {
        assert_eq!(validate_statefulset(&set(seed_set())), vec![]);
    }

    #[test]
    fn selector_mismatch_reads_as_the_api_server_writes_it() {
        let mut j = seed_set();
        j["spec"]["selector"]["matchLabels"]["app"] = "web".into();
        let errs = validate_statefulset(&set(j));
        assert_eq!(
            render_invalid("StatefulSet", "web", &errs),
            "The StatefulSet \"web\" is invalid: spec.template.metadata.labels: Invalid value: {\"app\":\"nginx\"}: `selector` does not match template `labels`"
        );
    }

    #[test]
    fn several_errors_render_as_bullets() {
        let mut j = seed_set();
        j["metadata"]["name"] = "Web".into();
        j["spec"]["replicas"] = (-1).into();
        let errs = validate_statefulset(&set(j));
        assert_eq!(
            render_invalid("StatefulSet", "Web", &errs),
            format!(
                "The StatefulSet \"Web\" is invalid: \n* metadata.name: Invalid value: \"Web\": {DNS1123_LABEL_MSG}\n* spec.replicas: Invalid value: -1: must be greater than or equal to 0"
            )
        );
    }

    #[test]
    fn names_with_dots_and_policies() {
        let mut j = seed_set();
        j["metadata"]["name"] = "web.v1".into();
        j["spec"]["podManagementPolicy"] = "Random".into();
        let r: Vec<String> = validate_statefulset(&set(j))
            .iter()
            .map(FieldError::render)
            .collect();
        assert_eq!(
            r,
            vec![
                "metadata.name: Invalid value: \"web.v1\": must not contain dots".to_string(),
                "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'".to_string(),
            ]
        );
    }

    #[test]
    fn restart_policy_must_be_always() {
        let mut j = seed_set();
        j["spec"]["template"]["spec"]["restartPolicy"] = "Never".into();
        let r: Vec<String> = validate_statefulset(&set(j))
            .iter()
            .map(FieldError::render)
            .collect();
        assert_eq!(
            r,
            vec!["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"".to_string()]
        );
    }

    #[test]
    fn missing_selector_gives_two_errors() {
        let r: Vec<String> = missing_selector_errors(&set(seed_set()))
            .iter()
            .map(FieldError::render)
            .collect();
        assert_eq!(
            r,
            vec![
                "spec.selector: Required value".to_string(),
                "spec.template.metadata.labels: Invalid value: {\"app\":\"nginx\"}: `selector` does not match template `labels`".to_string(),
            ]
        );
    }

    #[test]
    fn label_values_and_keys_are_checked() {
        let mut j = seed_set();
        j["metadata"]["labels"] =
            serde_json::json!({"app": "<img src=x onerror=alert(1)>", "-bad": "ok"});
        let r: Vec<String> = validate_statefulset(&set(j))
            .iter()
            .map(FieldError::render)
            .collect();
        assert_eq!(
            r,
            vec![
                format!("metadata.labels: Invalid value: \"-bad\": {QUALIFIED_NAME_MSG}"),
                format!("metadata.labels: Invalid value: \"<img src=x onerror=alert(1)>\": {LABEL_VALUE_MSG}"),
            ]
        );
        assert!(qualified_name_errors("app.kubernetes.io/name").is_empty());
        assert!(label_value_errors("").is_empty());
        assert_eq!(
            label_value_errors(&"a".repeat(64)),
            vec!["must be no more than 63 characters".to_string()]
        );
        assert_eq!(
            qualified_name_errors("Bad_Prefix/x"),
            vec![PREFIX_MSG.to_string()]
        );
    }

    #[test]
    fn service_rules() {
        let svc = |j: serde_json::Value| {
            let mut s: Service = serde_json::from_value(j).unwrap();
            crate::defaults::default_service(&mut s);
            validate_service(&s)
                .iter()
                .map(FieldError::render)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            svc(serde_json::json!({"metadata": {"name": "nginx"}, "spec": {"clusterIP": "None"}})),
            Vec::<String>::new()
        );
        assert_eq!(
            svc(
                serde_json::json!({"metadata": {"name": "1nginx"}, "spec": {"ports": [{"port": 80}]}})
            ),
            vec![format!(
                "metadata.name: Invalid value: \"1nginx\": {DNS1035_LABEL_MSG}"
            )]
        );
        assert_eq!(
            svc(serde_json::json!({"metadata": {"name": "a"}, "spec": {}})),
            vec!["spec.ports: Required value".to_string()]
        );
        assert_eq!(
            svc(serde_json::json!({"metadata": {"name": "a"}, "spec": {"type": "NodePort", "clusterIP": "None", "ports": [{"port": 70000}]}})),
            vec![
                "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive".to_string(),
                "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services".to_string(),
            ]
        );
    }
}
