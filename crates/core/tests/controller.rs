//! The StatefulSet controller, kubelet and storage against the rules of fidelity spec 2-4
//! and 7. Expected values are written from the spec's text, not from our output.

use stsplay_core::Session;

/// The tutorial's `web` StatefulSet (WYAML) with `replicas` and extra spec lines.
fn manifests(replicas: u32, extra_spec: &str) -> String {
    format!(
        "apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
    name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: nginx
  replicas: {replicas}
{extra_spec}  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
      labels:
        tier: storage
    spec:
      accessModes: [\"ReadWriteOnce\"]
      resources:
        requests:
          storage: 1Gi
"
    )
}

fn session(replicas: u32, extra_spec: &str) -> Session {
    let mut s = Session::new();
    let (out, diags) = s.apply_manifests(&manifests(replicas, extra_spec));
    assert!(diags.is_empty(), "{diags:?}\n{}", out.stderr);
    s
}

fn names(s: &mut Session, kind: &str) -> Vec<String> {
    let out = s.run(&format!("kubectl get {kind} -o name"));
    out.stdout
        .lines()
        .map(|l| l.split('/').nth(1).unwrap().to_string())
        .collect()
}

fn json(s: &mut Session, what: &str) -> serde_json::Value {
    let out = s.run(&format!("kubectl get {what} -o json"));
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

/// Event messages of the StatefulSet, in recorded order.
fn events(s: &mut Session) -> Vec<String> {
    let v = json(s, "events");
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["involvedObject"]["kind"] == "StatefulSet")
        .map(|e| {
            format!(
                "{} {}",
                e["reason"].as_str().unwrap(),
                e["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn pod_identity_follows_spec_2() {
    let mut s = session(2, "");
    s.run("sleep 30s");
    let pod = json(&mut s, "pod web-1");
    let labels = &pod["metadata"]["labels"];
    // 2.3: the controller's labels on top of the template's.
    assert_eq!(labels["app"], "nginx");
    assert_eq!(labels["statefulset.kubernetes.io/pod-name"], "web-1");
    assert_eq!(labels["apps.kubernetes.io/pod-index"], "1");
    let hash = labels["controller-revision-hash"].as_str().unwrap();
    let suffix = hash.strip_prefix("web-").unwrap();
    assert!(!suffix.is_empty() && suffix.len() <= 10);
    assert!(
        suffix
            .chars()
            .all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c)),
        "{hash}"
    );
    // 2.4: hostname and subdomain.
    assert_eq!(pod["spec"]["hostname"], "web-1");
    assert_eq!(pod["spec"]["subdomain"], "nginx");
    // 2.5: the owner reference.
    let owner = &pod["metadata"]["ownerReferences"][0];
    assert_eq!(owner["kind"], "StatefulSet");
    assert_eq!(owner["name"], "web");
    assert_eq!(owner["controller"], true);
    assert_eq!(owner["blockOwnerDeletion"], true);
    // 3.3: the claim volume.
    let volumes = pod["spec"]["volumes"].as_array().unwrap();
    assert!(volumes
        .iter()
        .any(|v| v["name"] == "www" && v["persistentVolumeClaim"]["claimName"] == "www-web-1"));
    // The revision the pod came from exists.
    assert_eq!(names(&mut s, "controllerrevisions"), vec![hash.to_string()]);
}

#[test]
fn ordinals_start_where_spec_ordinals_says() {
    // 2.2: replicas 3, start 2 → ordinals 2, 3, 4.
    let mut s = session(3, "  ordinals:\n    start: 2\n");
    s.run("sleep 60s");
    assert_eq!(names(&mut s, "pods"), vec!["web-2", "web-3", "web-4"]);
}

#[test]
fn claims_are_created_before_their_pod_and_reused() {
    let mut s = session(2, "");
    s.run("sleep 30s");
    // 3.1, 3.2: names and labels (template labels + selector).
    assert_eq!(names(&mut s, "pvc"), vec!["www-web-0", "www-web-1"]);
    let claim = json(&mut s, "pvc www-web-0");
    assert_eq!(claim["metadata"]["labels"]["app"], "nginx");
    assert_eq!(claim["metadata"]["labels"]["tier"], "storage");
    assert_eq!(claim["status"]["phase"], "Bound");
    let volume = claim["spec"]["volumeName"].as_str().unwrap().to_string();
    assert!(volume.starts_with("pvc-"));
    // 7.1: claim event, then pod event, per ordinal.
    assert_eq!(
        events(&mut s),
        vec![
            "SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success",
            "SuccessfulCreate create Pod web-0 in StatefulSet web successful",
            "SuccessfulCreate create Claim www-web-1 Pod web-1 in StatefulSet web success",
            "SuccessfulCreate create Pod web-1 in StatefulSet web successful",
        ]
    );
    // 2.7, 3.4: a deleted pod comes back with the same name and claim, no new claim event,
    // and no controller delete event for a user's delete (7.2).
    let old_uid = json(&mut s, "pod web-0")["metadata"]["uid"].clone();
    let out = s.run("kubectl delete pod web-0");
    assert_eq!(out.stdout, "pod \"web-0\" deleted from default namespace\n");
    s.run("sleep 30s");
    let pod = json(&mut s, "pod web-0");
    assert_ne!(pod["metadata"]["uid"], old_uid);
    assert_eq!(pod["spec"]["hostname"], "web-0");
    assert_eq!(
        json(&mut s, "pvc www-web-0")["spec"]["volumeName"],
        volume.as_str()
    );
    let ev = events(&mut s);
    assert_eq!(ev.len(), 4, "{ev:?}");
    assert!(!ev.iter().any(|e| e.starts_with("SuccessfulDelete")));
}

#[test]
fn default_retention_keeps_claims_after_scale_down_and_deletion() {
    // 3.6: Retain/Retain.
    let mut s = session(3, "");
    s.run("sleep 60s");
    assert_eq!(
        s.run("kubectl scale sts web --replicas=1").stdout,
        "statefulset.apps/web scaled\n"
    );
    s.run("sleep 60s");
    assert_eq!(names(&mut s, "pods"), vec!["web-0"]);
    assert_eq!(
        names(&mut s, "pvc"),
        vec!["www-web-0", "www-web-1", "www-web-2"]
    );
    // 4.5, 7.2: highest ordinal first.
    let deletes: Vec<String> = events(&mut s)
        .into_iter()
        .filter(|e| e.starts_with("SuccessfulDelete"))
        .collect();
    assert_eq!(
        deletes,
        vec![
            "SuccessfulDelete delete Pod web-2 in StatefulSet web successful",
            "SuccessfulDelete delete Pod web-1 in StatefulSet web successful",
        ]
    );
    // Scaling up again reuses the claims: no new claim event.
    s.run("kubectl scale sts web --replicas=3");
    s.run("sleep 60s");
    assert_eq!(names(&mut s, "pods"), vec!["web-0", "web-1", "web-2"]);
    let claim_events = events(&mut s)
        .iter()
        .filter(|e| e.contains("create Claim"))
        .count();
    assert_eq!(claim_events, 3);
    // 4.8: deleting the set removes its pods; the claims stay.
    assert_eq!(
        s.run("kubectl delete sts web").stdout,
        "statefulset.apps \"web\" deleted from default namespace\n"
    );
    s.run("sleep 60s");
    assert!(names(&mut s, "pods").is_empty());
    assert_eq!(names(&mut s, "pvc").len(), 3);
}

#[test]
fn when_scaled_delete_removes_condemned_claims_only() {
    let policy = "  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n";
    let mut s = session(3, policy);
    s.run("sleep 60s");
    s.run("kubectl scale sts web --replicas=1");
    s.run("sleep 60s");
    assert_eq!(names(&mut s, "pvc"), vec!["www-web-0"]);
    // Deleting an in-range pod never deletes its claim.
    s.run("kubectl delete pod web-0");
    s.run("sleep 30s");
    assert_eq!(names(&mut s, "pvc"), vec!["www-web-0"]);
    // Scale up again: fresh claims, with new claim events (3.7).
    s.run("kubectl scale sts web --replicas=2");
    s.run("sleep 60s");
    assert_eq!(names(&mut s, "pvc"), vec!["www-web-0", "www-web-1"]);
    let claim_events = events(&mut s)
        .iter()
        .filter(|e| e.contains("create Claim www-web-1"))
        .count();
    assert_eq!(claim_events, 1, "aggregated into one event with count 2");
    let v = json(&mut s, "events");
    let count = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["message"].as_str().unwrap().contains("Claim www-web-1"))
        .unwrap()["count"]
        .clone();
    assert_eq!(count, 2);
}

#[test]
fn when_deleted_delete_removes_every_claim_with_the_set() {
    let policy = "  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n";
    let mut s = session(2, policy);
    s.run("sleep 60s");
    s.run("kubectl scale sts web --replicas=1");
    s.run("sleep 30s");
    // whenScaled Retain: the scaled-down claim stays...
    assert_eq!(names(&mut s, "pvc"), vec!["www-web-0", "www-web-1"]);
    // ... and goes with the set, since it still carries the set's owner reference.
    s.run("kubectl delete sts web");
    s.run("sleep 30s");
    assert!(names(&mut s, "pvc").is_empty());
    assert!(names(&mut s, "pv").is_empty());
}

#[test]
fn ordered_ready_waits_for_an_unready_pod() {
    // 4.4: while web-0 is not Ready nothing after it is created.
    let mut s = session(3, "");
    s.run("sim hold web-0");
    s.run("sleep 60s");
    assert_eq!(names(&mut s, "pods"), vec!["web-0"]);
    let pods = s.run("kubectl get pods");
    assert!(
        pods.stdout.contains("web-0   0/1     Running"),
        "{}",
        pods.stdout
    );
    s.run("sim release web-0");
    s.run("sleep 60s");
    assert_eq!(names(&mut s, "pods"), vec!["web-0", "web-1", "web-2"]);
}

#[test]
fn a_deleted_pod_returns_only_when_lower_ordinals_are_healthy() {
    let mut s = session(3, "");
    s.run("sleep 60s");
    s.run("sim unready web-0");
    s.run("kubectl delete pod web-2");
    s.run("sleep 60s");
    assert_eq!(names(&mut s, "pods"), vec!["web-0", "web-1"]);
    s.run("sim ready web-0");
    s.run("sleep 30s");
    assert_eq!(names(&mut s, "pods"), vec!["web-0", "web-1", "web-2"]);
}

#[test]
fn scale_down_blocking_rules_of_4_5() {
    // Scaling 4→2 while web-2 and web-3 are both unready blocks: web-3 is unready and is
    // not the first unhealthy pod.
    let mut s = session(4, "");
    s.run("sleep 60s");
    s.run("sim unready web-2");
    s.run("sim unready web-3");
    s.run("kubectl scale sts web --replicas=2");
    s.run("sleep 60s");
    assert_eq!(
        names(&mut s, "pods"),
        vec!["web-0", "web-1", "web-2", "web-3"]
    );
    // Scaling 3→2 while only web-2 is unready deletes web-2.
    let mut s = session(3, "");
    s.run("sleep 60s");
    s.run("sim unready web-2");
    s.run("kubectl scale sts web --replicas=2");
    s.run("sleep 60s");
    assert_eq!(names(&mut s, "pods"), vec!["web-0", "web-1"]);
}

#[test]
fn a_failed_pod_is_deleted_and_recreated() {
    // 4.3a, 7.2: the controller deletes a Failed pod (SuccessfulDelete) and re-creates it.
    let mut s = session(2, "");
    s.run("sleep 30s");
    let out = s.run("sim fail web-1");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    s.run("sleep 30s");
    let ev = events(&mut s);
    assert_eq!(
        ev.iter()
            .filter(
                |e| e.as_str() == "SuccessfulDelete delete Pod web-1 in StatefulSet web successful"
            )
            .count(),
        1
    );
    assert_eq!(names(&mut s, "pods"), vec!["web-0", "web-1"]);
    assert!(s.run("kubectl get pods web-1").stdout.contains("Running"));
}

#[test]
fn a_statefulset_without_its_service_still_creates_pods() {
    // 4.11.
    let mut s = Session::new();
    let text = manifests(2, "");
    let set_only = text.split("---\n").nth(1).unwrap();
    let (out, _) = s.apply_manifests(set_only);
    assert_eq!(out.stdout, "statefulset.apps/web created\n");
    s.run("sleep 30s");
    assert_eq!(names(&mut s, "pods"), vec!["web-0", "web-1"]);
    assert_eq!(s.run("nslookup web-0.nginx").exit_code, 1);
}

#[test]
fn bad_commands_answer_as_kubectl_and_change_nothing() {
    let mut s = session(2, "");
    s.run("sleep 30s");
    let before = s.run("kubectl get pods -o json").stdout;
    for (cmd, stderr) in [
        (
            "kubectl get foo",
            "error: the server doesn't have a resource type \"foo\"\n",
        ),
        (
            "kubectl delete pod web-9",
            "Error from server (NotFound): pods \"web-9\" not found\n",
        ),
        (
            "kubectl scale sts nope --replicas=2",
            "Error from server (NotFound): statefulsets.apps \"nope\" not found\n",
        ),
        (
            "kubectl delete pod",
            "error: resource(s) were provided, but no name was specified\n",
        ),
    ] {
        let out = s.run(cmd);
        assert_eq!((out.stderr.as_str(), out.exit_code), (stderr, 1), "{cmd}");
    }
    assert_eq!(s.run("kubectl get pods -o json").stdout, before);
}

/// The image of each pod, in name order.
fn images(s: &mut Session) -> Vec<String> {
    let v = json(s, "pods");
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["spec"]["containers"][0]["image"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn rolling_update_replaces_pods_highest_ordinal_first() {
    // 5.1/5.3 (maxUnavailable 1): one at a time, highest first, each Ready before the next.
    let mut s = session(3, "");
    s.run("sleep 60s");
    let out = s.run("kubectl set image statefulset/web nginx=registry.k8s.io/nginx-slim:0.24");
    assert_eq!(out.stdout, "statefulset.apps/web image updated\n");
    let out = s.run("kubectl rollout status statefulset/web");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    // kubectl's StatefulSetStatusViewer text (a defaulted rollingUpdate block has a partition).
    assert!(out.stdout.starts_with("Waiting for partitioned roll out to finish: 0 out of 3 new pods have been updated...\n"), "{}", out.stdout);
    assert!(
        out.stdout
            .ends_with("partitioned roll out complete: 3 new pods have been updated...\n"),
        "{}",
        out.stdout
    );
    let deletes: Vec<String> = events(&mut s)
        .into_iter()
        .filter(|e| e.starts_with("SuccessfulDelete"))
        .collect();
    assert_eq!(
        deletes,
        vec![
            "SuccessfulDelete delete Pod web-2 in StatefulSet web successful",
            "SuccessfulDelete delete Pod web-1 in StatefulSet web successful",
            "SuccessfulDelete delete Pod web-0 in StatefulSet web successful",
        ]
    );
    assert_eq!(images(&mut s), vec!["registry.k8s.io/nginx-slim:0.24"; 3]);
    // 4.10: the rollout completes: currentRevision := updateRevision.
    let set = json(&mut s, "statefulset web");
    assert_eq!(
        set["status"]["currentRevision"],
        set["status"]["updateRevision"]
    );
    assert_eq!(set["status"]["updatedReplicas"], 3);
    assert_eq!(names(&mut s, "controllerrevisions").len(), 2);
}

#[test]
fn partition_keeps_lower_ordinals_and_rollback_reuses_the_revision() {
    let mut s = session(
        3,
        "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 2\n",
    );
    s.run("sleep 60s");
    let first = json(&mut s, "statefulset web")["status"]["currentRevision"].clone();
    s.run("kubectl set image statefulset/web nginx=registry.k8s.io/nginx-slim:0.24");
    let out = s.run("kubectl rollout status statefulset/web");
    assert!(
        out.stdout
            .ends_with("partitioned roll out complete: 1 new pods have been updated...\n"),
        "{}",
        out.stdout
    );
    // 5.2: only ordinals >= partition are updated; a deleted lower pod returns at the old one.
    assert_eq!(
        images(&mut s),
        vec![
            "registry.k8s.io/nginx-slim:0.21",
            "registry.k8s.io/nginx-slim:0.21",
            "registry.k8s.io/nginx-slim:0.24"
        ]
    );
    s.run("kubectl delete pod web-0");
    s.run("sleep 30s");
    assert_eq!(images(&mut s)[0], "registry.k8s.io/nginx-slim:0.21");
    // 5.6: back to the first template: the first revision is used again, no third revision.
    s.run("kubectl set image statefulset/web nginx=registry.k8s.io/nginx-slim:0.21");
    s.run("sleep 60s");
    assert_eq!(names(&mut s, "controllerrevisions").len(), 2);
    assert_eq!(
        json(&mut s, "statefulset web")["status"]["updateRevision"],
        first
    );
    assert_eq!(images(&mut s), vec!["registry.k8s.io/nginx-slim:0.21"; 3]);
}

#[test]
fn on_delete_updates_only_pods_the_user_deletes() {
    // 5.4.
    let mut s = session(2, "  updateStrategy:\n    type: OnDelete\n");
    s.run("sleep 60s");
    s.run("kubectl set image statefulset/web nginx=registry.k8s.io/nginx-slim:0.24");
    s.run("sleep 60s");
    assert_eq!(images(&mut s), vec!["registry.k8s.io/nginx-slim:0.21"; 2]);
    s.run("kubectl delete pod web-1");
    s.run("sleep 30s");
    assert_eq!(
        images(&mut s),
        vec![
            "registry.k8s.io/nginx-slim:0.21",
            "registry.k8s.io/nginx-slim:0.24"
        ]
    );
    assert_eq!(
        s.run("kubectl rollout status sts/web").stderr,
        "error: rollout status is only available for RollingUpdate strategy type\n"
    );
}

#[test]
fn patch_is_validated_as_an_update() {
    let mut s = session(2, "");
    s.run("sleep 30s");
    assert_eq!(
        s.run("kubectl patch sts web --type=merge -p '{\"spec\":{\"replicas\":3}}'")
            .stdout,
        "statefulset.apps/web patched\n"
    );
    assert_eq!(
        s.run("kubectl patch sts web --type=merge -p '{\"spec\":{\"replicas\":3}}'")
            .stdout,
        "statefulset.apps/web patched (no change)\n"
    );
    // 6.10: serviceName may not change.
    let out =
        s.run("kubectl patch sts web --type=merge -p '{\"spec\":{\"serviceName\":\"other\"}}'");
    assert!(out.stderr.starts_with("The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy'"), "{}", out.stderr);
    s.run("sleep 30s");
    assert_eq!(names(&mut s, "pods"), vec!["web-0", "web-1", "web-2"]);
}

#[test]
fn min_ready_seconds_delays_the_next_pod() {
    // 4.3f: OrderedReady waits until a pod has been Ready for minReadySeconds.
    let mut s = session(2, "  minReadySeconds: 10\n");
    s.run("sleep 5s");
    assert_eq!(names(&mut s, "pods"), vec!["web-0"]);
    // web-0 is Ready at 2 s and available at 12 s; web-1 is created then.
    s.run("sleep 6s");
    assert_eq!(names(&mut s, "pods"), vec!["web-0"]);
    s.run("sleep 2s");
    assert_eq!(names(&mut s, "pods"), vec!["web-0", "web-1"]);
    let set = json(&mut s, "statefulset web");
    assert_eq!(set["status"]["readyReplicas"], 1);
    assert_eq!(set["status"]["availableReplicas"], 1);
    s.run("sleep 30s");
    let set = json(&mut s, "statefulset web");
    assert_eq!(set["status"]["availableReplicas"], 2);
}

#[test]
fn pods_start_as_kubelet_shows_it() {
    // 12.2 (WTUT): Pending → ContainerCreating → Running 0/1 (readiness probe) → 1/1.
    let probe = "        readinessProbe:\n          httpGet:\n            path: /\n            port: 80\n          initialDelaySeconds: 5\n";
    let text = manifests(1, "").replace(
        "        volumeMounts:\n",
        &format!("{probe}        volumeMounts:\n"),
    );
    let mut s = Session::new();
    let (_, diags) = s.apply_manifests(&text);
    assert!(diags.is_empty(), "{diags:?}");
    let status = |s: &mut Session| {
        let out = s.run("kubectl get pods");
        let row = out.stdout.lines().nth(1).unwrap().to_string();
        row.split_whitespace()
            .skip(1)
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(status(&mut s), "0/1 Pending");
    s.run("sleep 500ms");
    assert_eq!(status(&mut s), "0/1 ContainerCreating");
    s.run("sleep 2s");
    assert_eq!(status(&mut s), "0/1 Running");
    s.run("sleep 5s");
    assert_eq!(status(&mut s), "1/1 Running");
}

#[test]
fn scenario_timings_are_settable() {
    let scenario = stsplay_core::session::Scenario::parse(&format!(
        "timings:\n  running: 10s\nmanifests: |\n{}commands:\n  - sleep 9s\n  - kubectl get pods\n  - sleep 1s\n  - kubectl get pods\n",
        manifests(1, "").lines().map(|l| format!("  {l}\n")).collect::<String>()
    ))
    .unwrap();
    let mut s = Session::new();
    let out = s.run_scenario(&scenario);
    assert!(
        out[2].stdout.contains("web-0   0/1     ContainerCreating"),
        "{}",
        out[2].stdout
    );
    assert!(
        out[4].stdout.contains("web-0   1/1     Running"),
        "{}",
        out[4].stdout
    );
    let bad = stsplay_core::session::Scenario::parse("title: x\ntimings:\n  running: soon\n")
        .unwrap_err();
    assert_eq!(bad.line, 2);
    assert!(
        bad.message.starts_with("timings.running: invalid duration"),
        "{}",
        bad.message
    );
}

#[test]
fn max_unavailable_two_replaces_two_at_a_time_down_to_the_partition() {
    // 5.3 (SSCT TestStatefulSetControlRollingUpdateWithMaxUnavailable): 6 pods, partition 3,
    // maxUnavailable 2 → web-5 and web-4 are deleted in the same sync, then web-3; web-0..2
    // stay at the old revision.
    let strategy = "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 3\n      maxUnavailable: 2\n";
    let mut s = session(6, strategy);
    s.run("sleep 60s");
    s.run("kubectl set image statefulset/web nginx=registry.k8s.io/nginx-slim:0.24");
    // Right after the change, in the same instant: two deletions.
    let deletes: Vec<String> = events(&mut s)
        .into_iter()
        .filter(|e| e.starts_with("SuccessfulDelete"))
        .collect();
    assert_eq!(
        deletes,
        vec![
            "SuccessfulDelete delete Pod web-5 in StatefulSet web successful",
            "SuccessfulDelete delete Pod web-4 in StatefulSet web successful",
        ]
    );
    s.run("sleep 60s");
    let deletes = events(&mut s)
        .into_iter()
        .filter(|e| e.starts_with("SuccessfulDelete"))
        .count();
    assert_eq!(deletes, 3);
    let images = images(&mut s);
    assert_eq!(&images[..3], &["registry.k8s.io/nginx-slim:0.21"; 3]);
    assert_eq!(&images[3..], &["registry.k8s.io/nginx-slim:0.24"; 3]);
}

#[test]
fn publish_not_ready_addresses_puts_unready_pods_in_dns() {
    // 8.2, 9.6: with publishNotReadyAddresses the per-pod name resolves while the pod is
    // not Ready; without it, it does not.
    let mut s = Session::new();
    let text = manifests(1, "").replacen(
        "  clusterIP: None\n",
        "  clusterIP: None\n  publishNotReadyAddresses: true\n",
        1,
    );
    let (_, diags) = s.apply_manifests(&text);
    assert!(diags.is_empty(), "{diags:?}");
    s.run("sleep 30s");
    s.run("sim unready web-0");
    assert_eq!(s.run("nslookup web-0.nginx").exit_code, 0);
    let mut plain = session(1, "");
    plain.run("sleep 30s");
    plain.run("sim unready web-0");
    assert_eq!(plain.run("nslookup web-0.nginx").exit_code, 1);
}

#[test]
fn a_claim_being_deleted_blocks_its_pod() {
    // 3.4: `pvc www-web-0 is being deleted` stops the pod's creation until the claim is gone.
    let mut s = session(1, "");
    s.run("sleep 30s");
    s.run("kubectl delete pvc www-web-0");
    // pvc-protection: the claim stays while web-0 mounts it.
    assert!(s
        .run("kubectl get pvc")
        .stdout
        .contains("www-web-0   Terminating"));
    s.run("kubectl delete pod web-0");
    s.run("sleep 1s");
    // web-0 is still terminating; once it is gone the claim goes too, and the controller
    // makes a fresh claim and pod.
    s.run("sleep 30s");
    assert_eq!(names(&mut s, "pods"), vec!["web-0"]);
    let claim_events = events(&mut s)
        .iter()
        .filter(|e| e.contains("create Claim www-web-0"))
        .count();
    assert_eq!(claim_events, 1, "one aggregated event (count 2)");
    let v = json(&mut s, "events");
    let count = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["message"].as_str().unwrap().contains("Claim www-web-0"))
        .unwrap()["count"]
        .clone();
    assert_eq!(count, 2);
}
