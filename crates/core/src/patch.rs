//! kubectl apply's three-way strategic merge patch (apimachinery `strategicpatch`
//! `CreateThreeWayMergePatch` with overwrite), for the message kubectl prints when several
//! updates of one apply fail: `error when applying patch:` followed by the patch it sent.
//!
//! The patch is what changed from the live object to the new configuration (fields the
//! configuration does not set are left alone), plus `null` for each field the previous
//! configuration set and the new one drops. Lists kubectl merges by key (containers by
//! name, container ports by number, a Service's ports by port, …) list only the elements
//! that changed, with the key, and a `$setElementOrder/<field>` directive giving the new
//! order; a dropped element is `{"$patch": "delete", <key>: …}`. Every other list is
//! replaced whole.

use serde_json::{Map, Value};

/// The merge key of a list field kubectl merges by key (`patchMergeKey`), looking at the
/// list's elements where the field name alone does not tell (`ports`).
fn merge_key(field: &str, from: &[Value], to: &[Value]) -> Option<&'static str> {
    let mut items = from.iter().chain(to);
    let key = match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "volumes"
        | "env"
        | "imagePullSecrets"
        | "resourceClaims" => "name",
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "hostAliases" => "ip",
        "ownerReferences" => "uid",
        "topologySpreadConstraints" => "topologyKey",
        // A container's ports merge by number, a Service's by port.
        "ports" if items.clone().any(|i| i.get("containerPort").is_some()) => "containerPort",
        "ports" => "port",
        _ => return None,
    };
    items.all(Value::is_object).then_some(key)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// From the live object to the new configuration: changes and additions only.
    Changes,
    /// From the previous configuration to the new one: deletions only.
    Deletions,
}

fn diff_maps(from: &Map<String, Value>, to: &Map<String, Value>, pass: Pass) -> Map<String, Value> {
    let mut patch = Map::new();
    for (k, new) in to {
        match from.get(k) {
            None => {
                if pass == Pass::Changes {
                    patch.insert(k.clone(), new.clone());
                }
            }
            Some(Value::Object(old)) if new.is_object() => {
                let inner = diff_maps(old, new.as_object().unwrap_or(&Map::new()), pass);
                if !inner.is_empty() {
                    patch.insert(k.clone(), Value::Object(inner));
                }
            }
            Some(Value::Array(old)) if new.is_array() => {
                diff_lists(
                    k,
                    old,
                    new.as_array().map_or(&[], Vec::as_slice),
                    pass,
                    &mut patch,
                );
            }
            Some(old) => {
                if pass == Pass::Changes && old != new {
                    patch.insert(k.clone(), new.clone());
                }
            }
        }
    }
    if pass == Pass::Deletions {
        for k in from.keys() {
            if !to.contains_key(k) {
                patch.insert(k.clone(), Value::Null);
            }
        }
    }
    patch
}

fn diff_lists(
    field: &str,
    from: &[Value],
    to: &[Value],
    pass: Pass,
    patch: &mut Map<String, Value>,
) {
    let Some(key) = merge_key(field, from, to) else {
        if pass == Pass::Changes && from != to {
            patch.insert(field.to_string(), Value::Array(to.to_vec()));
        }
        return;
    };
    let find = |list: &'_ [Value], v: &Value| -> Option<usize> {
        list.iter().position(|x| x.get(key) == v.get(key))
    };
    let mut changed = Vec::new();
    for new in to {
        match find(from, new) {
            None => {
                if pass == Pass::Changes {
                    changed.push(new.clone());
                }
            }
            Some(i) => {
                let (Some(old), Some(new_map)) = (from[i].as_object(), new.as_object()) else {
                    continue;
                };
                let mut inner = diff_maps(old, new_map, pass);
                if !inner.is_empty() {
                    inner.insert(key.to_string(), new[key].clone());
                    changed.push(Value::Object(inner));
                }
            }
        }
    }
    if pass == Pass::Deletions {
        for old in from {
            if find(to, old).is_none() {
                let mut gone = Map::new();
                gone.insert("$patch".into(), "delete".into());
                gone.insert(key.to_string(), old[key].clone());
                changed.push(Value::Object(gone));
            }
        }
    }
    if changed.is_empty() {
        return;
    }
    patch.insert(field.to_string(), Value::Array(changed));
    {
        let order = to
            .iter()
            .map(|v| {
                let mut m = Map::new();
                m.insert(key.to_string(), v[key].clone());
                Value::Object(m)
            })
            .collect();
        patch.insert(format!("$setElementOrder/{field}"), Value::Array(order));
    }
}

/// Folds the deletions into the changes: maps key by key, a list's elements one after the
/// other.
fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (k, v) in from {
        match (into.get_mut(&k), v) {
            (Some(Value::Object(a)), Value::Object(b)) => merge(a, b),
            // Both passes give the same `$setElementOrder`; elements add up.
            (Some(Value::Array(a)), Value::Array(b)) if !k.starts_with('$') => a.extend(b),
            (Some(_), _) => {}
            (None, v) => {
                into.insert(k, v);
            }
        }
    }
}

/// The patch `kubectl apply` sends: from `current` (the live object) to `modified` (the new
/// configuration with its last-applied annotation), and the fields `original` (the previous
/// configuration) set that `modified` drops.
pub fn three_way(original: &Value, modified: &Value, current: &Value) -> Value {
    let empty = Map::new();
    let as_map = |v: &Value| v.as_object().cloned().unwrap_or_default();
    let mut patch = diff_maps(
        &as_map(current),
        modified.as_object().unwrap_or(&empty),
        Pass::Changes,
    );
    let deletions = diff_maps(
        &as_map(original),
        modified.as_object().unwrap_or(&empty),
        Pass::Deletions,
    );
    merge(&mut patch, deletions);
    Value::Object(patch)
}

/// `kubectl patch --type=json`: RFC 6902's `add`, `remove`, `replace` and `test` applied to
/// `doc` in order, with the API server's words (evanphx/json-patch) when one cannot apply.
pub fn json_patch(doc: &mut Value, ops: &Value) -> Result<(), String> {
    let Some(ops) = ops.as_array() else {
        return Err("json: cannot unmarshal object into Go value of type jsonpatch.Patch".into());
    };
    for op in ops {
        let name = op["op"].as_str().unwrap_or("");
        let path = op["path"].as_str().unwrap_or("");
        let fail = |what: &str| {
            format!("jsonpatch {name} operation does not apply: doc is missing {what}: {path}")
        };
        let mut tokens: Vec<String> = path
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect();
        let Some(last) = tokens.pop() else {
            return Err(fail("path"));
        };
        let mut parent = &mut *doc;
        for t in &tokens {
            parent = match parent {
                Value::Object(m) => m.get_mut(t.as_str()),
                Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
                _ => None,
            }
            .ok_or_else(|| fail("path"))?;
        }
        let value = op.get("value").cloned();
        match (name, parent) {
            ("add", Value::Object(m)) => {
                m.insert(last, value.unwrap_or_default());
            }
            ("add", Value::Array(a)) => {
                let at = if last == "-" {
                    a.len()
                } else {
                    last.parse().map_err(|_| fail("path"))?
                };
                if at > a.len() {
                    return Err(fail("path"));
                }
                a.insert(at, value.unwrap_or_default());
            }
            ("remove" | "replace" | "test", Value::Object(m)) => {
                let Some(slot) = m.get_mut(&last) else {
                    return Err(fail("key"));
                };
                match name {
                    "replace" => *slot = value.unwrap_or_default(),
                    "test" if Some(&*slot) != value.as_ref() => {
                        return Err(format!("testing value {path} failed: test failed"))
                    }
                    "test" => {}
                    _ => {
                        m.remove(&last);
                    }
                }
            }
            ("remove" | "replace" | "test", Value::Array(a)) => {
                let at: usize = last.parse().map_err(|_| fail("index"))?;
                let slot = a.get_mut(at).ok_or_else(|| fail("index"))?;
                match name {
                    "remove" => {
                        a.remove(at);
                    }
                    "replace" => *slot = value.unwrap_or_default(),
                    _ if Some(&*slot) != value.as_ref() => {
                        return Err(format!("testing value {path} failed: test failed"))
                    }
                    _ => {}
                }
            }
            ("add" | "remove" | "replace" | "test", _) => return Err(fail("path")),
            _ => return Err(format!("Unexpected kind: {name}")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_patch_applies_rfc_6902s_operations_in_order() {
        let mut doc = json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "a"}]}}, "x": 1}});
        let ops = json!([
            {"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "b"},
            {"op": "add", "path": "/spec/template/spec/containers/-", "value": {"name": "side"}},
            {"op": "remove", "path": "/spec/x"},
            {"op": "add", "path": "/spec/a~1b", "value": true},
            {"op": "test", "path": "/spec/template/spec/containers/0/image", "value": "b"},
        ]);
        json_patch(&mut doc, &ops).unwrap();
        assert_eq!(
            doc,
            json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "b"}, {"name": "side"}]}}, "a/b": true}})
        );
        // A replace needs the key there (RFC 6902 4.3), and its parent.
        let mut doc = json!({"spec": {}});
        assert_eq!(
            json_patch(
                &mut doc,
                &json!([{"op": "replace", "path": "/spec/tolerations", "value": []}])
            ),
            Err(
                "jsonpatch replace operation does not apply: doc is missing key: /spec/tolerations"
                    .into()
            )
        );
        assert_eq!(
            json_patch(
                &mut doc,
                &json!([{"op": "replace", "path": "/spec/a/b", "value": 1}])
            ),
            Err(
                "jsonpatch replace operation does not apply: doc is missing path: /spec/a/b".into()
            )
        );
    }

    #[test]
    fn a_changed_scalar_and_the_annotation_are_the_patch() {
        let original = json!({"spec": {"serviceName": "nginx", "replicas": 2}});
        let modified = json!({"metadata": {"annotations": {"a": "new"}}, "spec": {"serviceName": "other", "replicas": 2}});
        let current = json!({"metadata": {"annotations": {"a": "old"}, "uid": "u"}, "spec": {"serviceName": "nginx", "replicas": 2, "revisionHistoryLimit": 10}});
        assert_eq!(
            three_way(&original, &modified, &current),
            json!({"metadata": {"annotations": {"a": "new"}}, "spec": {"serviceName": "other"}})
        );
    }

    #[test]
    fn a_dropped_field_is_null() {
        let original = json!({"spec": {"minReadySeconds": 5, "replicas": 2}});
        let modified = json!({"spec": {"replicas": 2}});
        let current = json!({"spec": {"minReadySeconds": 5, "replicas": 2}});
        assert_eq!(
            three_way(&original, &modified, &current),
            json!({"spec": {"minReadySeconds": null}})
        );
    }

    #[test]
    fn a_container_changes_by_name_with_the_order_directive() {
        // strategicpatch: containers merge on `name`; the changed element carries its key.
        let template = |image: &str| {
            json!({"spec": {"template": {"spec": {"containers": [
                {"name": "nginx", "image": image, "ports": [{"containerPort": 80, "name": "web"}]},
                {"name": "side", "image": "busybox"},
            ]}}}})
        };
        let current = json!({"spec": {"template": {"spec": {"containers": [
            {"name": "nginx", "image": "nginx:1.9.1", "imagePullPolicy": "IfNotPresent",
             "ports": [{"containerPort": 80, "name": "web", "protocol": "TCP"}]},
            {"name": "side", "image": "busybox", "imagePullPolicy": "Always"},
        ]}}}});
        assert_eq!(
            three_way(&template("nginx:1.9.1"), &template("nginx:1.25"), &current),
            json!({"spec": {"template": {"spec": {
                "$setElementOrder/containers": [{"name": "nginx"}, {"name": "side"}],
                "containers": [{"image": "nginx:1.25", "name": "nginx"}],
            }}}})
        );
    }

    #[test]
    fn a_dropped_port_is_a_delete_directive_and_other_lists_are_replaced() {
        let original =
            json!({"spec": {"ports": [{"port": 80}, {"port": 443}], "externalIPs": ["1.2.3.4"]}});
        let modified = json!({"spec": {"ports": [{"port": 80}], "externalIPs": ["5.6.7.8"]}});
        let current = json!({"spec": {"ports": [{"port": 80, "protocol": "TCP"}, {"port": 443, "protocol": "TCP"}], "externalIPs": ["1.2.3.4"]}});
        assert_eq!(
            three_way(&original, &modified, &current),
            json!({"spec": {
                "$setElementOrder/ports": [{"port": 80}],
                "externalIPs": ["5.6.7.8"],
                "ports": [{"$patch": "delete", "port": 443}],
            }})
        );
    }
}
