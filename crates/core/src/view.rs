//! What kubectl prints: tables, describe, ages. Rows of cells are
//! computed first, then laid out by a Go-compatible tabwriter (printers are separate from
//! what they print).

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{StatefulSet, StatefulSetSpec};
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod, PodSpec, Service};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Serialize;

use crate::clock::Instant;
use crate::dns;
use crate::sim;
use crate::store::{key_of, Cluster, EventRecord};

/// A table as kubectl prints it: column headers, rows of cells, and the exact text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The table as kubectl prints it (tabwriter-aligned), or kubectl's empty message.
    pub text: String,
}

impl Table {
    /// Lays the table out as kubectl's table printer does (min width 6, padding 3).
    pub fn new(columns: &[&str], rows: Vec<Vec<String>>, empty: &str) -> Table {
        let columns: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        let text = if rows.is_empty() {
            format!("{empty}\n")
        } else {
            let mut lines: Vec<&[String]> = Vec::with_capacity(rows.len() + 1);
            lines.push(&columns);
            lines.extend(rows.iter().map(Vec::as_slice));
            layout(&lines)
        };
        Table {
            columns,
            rows,
            text,
        }
    }
}

/// Lines of cells laid out as kubectl's printer lays them out (`TabWriter` with min width 6,
/// padding 3). When every line has the same number of cells and no cell holds a tab (a
/// table), each column is one block: as wide as its widest cell plus the padding, the last
/// column unpadded; that is computed here directly, without a cell copied. Anything else
/// goes through the `TabWriter`.
pub fn layout(lines: &[&[String]]) -> String {
    const MIN_WIDTH: usize = 6;
    const PADDING: usize = 3;
    let cells = lines.first().map_or(0, |l| l.len());
    let uniform = lines
        .iter()
        .all(|l| l.len() == cells && l.iter().all(|c| !c.contains('\t')));
    if !uniform {
        let mut tw = TabWriter::new(MIN_WIDTH, PADDING);
        for line in lines {
            tw.write_line(&line.join("\t"));
        }
        return tw.finish();
    }
    let mut widths = vec![MIN_WIDTH; cells.saturating_sub(1)];
    let mut size = 0;
    for line in lines {
        for (j, cell) in line.iter().enumerate() {
            size += cell.len() + PADDING;
            if let Some(w) = widths.get_mut(j) {
                *w = (*w).max(cell.chars().count() + PADDING);
            }
        }
    }
    let mut out = String::with_capacity(size + lines.len());
    for line in lines {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if let Some(&w) = widths.get(j) {
                let n = cell.chars().count();
                out.extend(std::iter::repeat_n(' ', w.saturating_sub(n)));
            }
        }
        out.push('\n');
    }
    out
}

/// Go's `text/tabwriter` with a space pad character and no flags: cells are terminated by
/// tabs; a column block is a run of consecutive lines that have a cell in that column; the
/// text after a line's last tab is not part of any column.
#[derive(Debug, Default)]
pub struct TabWriter {
    min_width: usize,
    padding: usize,
    lines: Vec<Vec<String>>,
    out: String,
}

impl TabWriter {
    pub fn new(min_width: usize, padding: usize) -> TabWriter {
        TabWriter {
            min_width,
            padding,
            lines: Vec::new(),
            out: String::new(),
        }
    }

    /// Adds one line (without its newline).
    pub fn write_line(&mut self, line: &str) {
        self.lines
            .push(line.split('\t').map(str::to_string).collect());
    }

    /// Lays out the lines so far, as `Flush` does; later lines align on their own.
    pub fn flush(&mut self) {
        let lines = std::mem::take(&mut self.lines);
        let mut widths = Vec::new();
        self.format(&lines, &mut widths, 0, lines.len());
    }

    pub fn finish(mut self) -> String {
        self.flush();
        self.out
    }

    fn format(
        &mut self,
        lines: &[Vec<String>],
        widths: &mut Vec<usize>,
        line0: usize,
        line1: usize,
    ) {
        let column = widths.len();
        let mut start = line0;
        let mut this = line0;
        while this < line1 {
            if column + 1 >= lines[this].len() {
                this += 1;
                continue;
            }
            // A column block begins at `this`: print the lines before it.
            self.write_lines(lines, widths, start, this);
            start = this;
            let mut width = self.min_width;
            while this < line1 && column + 1 < lines[this].len() {
                let w = lines[this][column].chars().count() + self.padding;
                width = width.max(w);
                this += 1;
            }
            widths.push(width);
            self.format(lines, widths, start, this);
            widths.pop();
            start = this;
        }
        self.write_lines(lines, widths, start, line1);
    }

    fn write_lines(&mut self, lines: &[Vec<String>], widths: &[usize], from: usize, to: usize) {
        for line in &lines[from..to] {
            for (j, cell) in line.iter().enumerate() {
                self.out.push_str(cell);
                if j + 1 < line.len() {
                    let w = widths.get(j).copied().unwrap_or(0);
                    let n = cell.chars().count();
                    if w > n {
                        self.out.extend(std::iter::repeat_n(' ', w - n));
                    }
                }
            }
            self.out.push('\n');
        }
    }
}

/// `duration.HumanDuration` (fidelity spec 12.7), for a span in whole seconds.
pub fn human_duration(seconds: i64) -> String {
    if seconds < -1 {
        return "<invalid>".into();
    }
    if seconds < 0 {
        return "0s".into();
    }
    let s = seconds;
    if s < 120 {
        return format!("{s}s");
    }
    let minutes = s / 60;
    if minutes < 10 {
        let rem = s % 60;
        return if rem == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{rem}s")
        };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = s / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 192 {
        let h = hours % 24;
        let d = hours / 24;
        return if h == 0 {
            format!("{d}d")
        } else {
            format!("{d}d{h}h")
        };
    }
    let days = hours / 24;
    if hours < 24 * 365 * 2 {
        return format!("{days}d");
    }
    let years = days / 365;
    if hours < 24 * 365 * 8 {
        let d = days % 365;
        return if d == 0 {
            format!("{years}y")
        } else {
            format!("{years}y{d}d")
        };
    }
    format!("{years}y")
}

fn age(
    created: Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::Time>,
    now: Instant,
) -> String {
    match created {
        None => "<unknown>".into(),
        Some(t) => human_duration(now.unix_seconds() - t.0.as_second()),
    }
}

fn empty_message(ns: &str) -> String {
    format!("No resources found in {ns} namespace.")
}

fn or_none(s: Option<String>) -> String {
    s.filter(|s| !s.is_empty())
        .unwrap_or_else(|| "<none>".into())
}

/// `kubectl get svc [-o wide]` (PRN `printService`).
pub fn services_table(cluster: &Cluster, ns: &str, wide: bool) -> Table {
    let rows = cluster
        .services
        .iter()
        .filter(|((sns, _), _)| sns == ns)
        .map(|((_, name), svc)| service_row(name, svc, cluster.now, wide))
        .collect();
    let mut cols = vec![
        "NAME",
        "TYPE",
        "CLUSTER-IP",
        "EXTERNAL-IP",
        "PORT(S)",
        "AGE",
    ];
    if wide {
        cols.push("SELECTOR");
    }
    Table::new(&cols, rows, &empty_message(ns))
}

fn service_row(name: &str, svc: &Service, now: Instant, wide: bool) -> Vec<String> {
    let no_spec = Default::default();
    let spec = svc.spec.as_ref().unwrap_or(&no_spec);
    let ty = spec.type_.clone().unwrap_or_else(|| "ClusterIP".into());
    let cluster_ip = or_none(
        spec.cluster_ips
            .as_ref()
            .and_then(|v| v.first().cloned())
            .or(spec.cluster_ip.clone()),
    );
    let external = match ty.as_str() {
        "ExternalName" => or_none(spec.external_name.clone()),
        "LoadBalancer" => "<pending>".into(),
        _ => or_none(spec.external_ips.as_ref().map(|v| v.join(","))),
    };
    let ports: Vec<String> = spec
        .ports
        .iter()
        .flatten()
        .map(|p| {
            let proto = p.protocol.clone().unwrap_or_else(|| "TCP".into());
            match p.node_port {
                Some(np) if np > 0 => format!("{}:{np}/{proto}", p.port),
                _ => format!("{}/{proto}", p.port),
            }
        })
        .collect();
    let mut row = vec![
        name.to_string(),
        ty,
        cluster_ip,
        external,
        if ports.is_empty() {
            "<none>".into()
        } else {
            ports.join(",")
        },
        age(svc.metadata.creation_timestamp.as_ref(), now),
    ];
    if wide {
        row.push(format_labels(spec.selector.as_ref()));
    }
    row
}

/// Labels as kubectl prints them (`labels.FormatLabels`): `k=v` by key, or `<none>`.
pub fn format_labels(labels: Option<&BTreeMap<String, String>>) -> String {
    match labels {
        Some(l) if !l.is_empty() => l
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(","),
        _ => "<none>".into(),
    }
}

/// `kubectl get statefulset [-o wide]` (PRN `printStatefulSet`).
pub fn statefulsets_table(cluster: &Cluster, ns: &str, wide: bool) -> Table {
    let rows = cluster
        .sets
        .iter()
        .filter(|((sns, _), _)| sns == ns)
        .map(|((_, name), set)| {
            let ready = set
                .status
                .as_ref()
                .and_then(|s| s.ready_replicas)
                .unwrap_or(0);
            let desired = set.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
            let mut row = vec![
                name.clone(),
                format!("{ready}/{desired}"),
                age(set.metadata.creation_timestamp.as_ref(), cluster.now),
            ];
            if wide {
                let containers: &[k8s_openapi::api::core::v1::Container] = set
                    .spec
                    .as_ref()
                    .and_then(|s| s.template.spec.as_ref())
                    .map_or(&[], |p| p.containers.as_slice());
                row.push(
                    containers
                        .iter()
                        .map(|c| c.name.clone())
                        .collect::<Vec<_>>()
                        .join(","),
                );
                row.push(
                    containers
                        .iter()
                        .map(|c| c.image.clone().unwrap_or_default())
                        .collect::<Vec<_>>()
                        .join(","),
                );
            }
            row
        })
        .collect();
    let mut cols = vec!["NAME", "READY", "AGE"];
    if wide {
        cols.extend(["CONTAINERS", "IMAGES"]);
    }
    Table::new(&cols, rows, &empty_message(ns))
}

/// The STATUS cell of a pod (PRN `printPod`).
pub fn pod_status(pod: &Pod) -> String {
    let no_status = Default::default();
    let status = pod.status.as_ref().unwrap_or(&no_status);
    let mut reason = status.phase.clone().unwrap_or_else(|| "Pending".into());
    if let Some(r) = status.reason.clone().filter(|r| !r.is_empty()) {
        reason = r;
    }
    let mut has_running = false;
    for cs in status.container_statuses.iter().flatten().rev() {
        let no_state = Default::default();
        let state = cs.state.as_ref().unwrap_or(&no_state);
        if let Some(r) = state
            .waiting
            .as_ref()
            .and_then(|w| w.reason.clone())
            .filter(|r| !r.is_empty())
        {
            reason = r;
        } else if let Some(t) = state.terminated.as_ref() {
            reason = t
                .reason
                .clone()
                .filter(|r| !r.is_empty())
                .unwrap_or_else(|| format!("ExitCode:{}", t.exit_code));
        } else if cs.ready && state.running.is_some() {
            has_running = true;
        }
    }
    if reason == "Completed" && has_running {
        reason = if sim::is_ready(pod) {
            "Running".into()
        } else {
            "NotReady".into()
        };
    }
    if pod.metadata.deletion_timestamp.is_some() && !sim::is_failed_or_succeeded(pod) {
        reason = "Terminating".into();
    }
    reason
}

fn pod_ready_cell(pod: &Pod) -> String {
    let total = pod.spec.as_ref().map_or(0, |s| s.containers.len());
    let ready = pod
        .status
        .as_ref()
        .and_then(|s| s.container_statuses.as_ref())
        .map_or(0, |v| {
            v.iter()
                .filter(|c| c.ready && c.state.as_ref().is_some_and(|s| s.running.is_some()))
                .count()
        });
    format!("{ready}/{total}")
}

/// `kubectl get pods [-o wide]`.
pub fn pods_table(cluster: &Cluster, ns: &str, wide: bool) -> Table {
    let rows = cluster
        .pods
        .iter()
        .filter(|((pns, _), _)| pns == ns)
        .map(|((_, name), pod)| {
            let restarts: i32 = pod
                .status
                .as_ref()
                .and_then(|s| s.container_statuses.as_ref())
                .map_or(0, |v| v.iter().map(|c| c.restart_count).sum());
            let mut row = vec![
                name.clone(),
                pod_ready_cell(pod),
                pod_status(pod),
                restarts.to_string(),
                age(pod.metadata.creation_timestamp.as_ref(), cluster.now),
            ];
            if wide {
                row.push(or_none(pod.status.as_ref().and_then(|s| s.pod_ip.clone())));
                row.push(or_none(pod.spec.as_ref().and_then(|s| s.node_name.clone())));
                row.push("<none>".into());
                row.push("<none>".into());
            }
            row
        })
        .collect();
    let mut cols = vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
    if wide {
        cols.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
    }
    Table::new(&cols, rows, &empty_message(ns))
}

/// The stable identity of every StatefulSet pod: what the seed is about.
pub fn identities_table(cluster: &Cluster, ns: &str) -> Table {
    let rows = cluster
        .pods
        .iter()
        .filter(|((pns, _), p)| {
            pns == ns
                && p.metadata
                    .labels
                    .as_ref()
                    .is_some_and(|l| l.contains_key(sim::POD_NAME_LABEL))
        })
        .map(|((_, name), pod)| {
            let default_spec = PodSpec::default();
            let spec = pod.spec.as_ref().unwrap_or(&default_spec);
            let hostname = spec.hostname.clone().unwrap_or_default();
            let subdomain = spec.subdomain.clone();
            let dns_name = match &subdomain {
                Some(sd) => format!("{hostname}.{sd}.{ns}.svc.cluster.local"),
                None => "<none>".into(),
            };
            vec![
                name.clone(),
                pod.metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get(sim::POD_INDEX_LABEL).cloned())
                    .unwrap_or_default(),
                hostname,
                or_none(subdomain),
                dns_name,
                or_none(pod.status.as_ref().and_then(|s| s.pod_ip.clone())),
            ]
        })
        .collect();
    Table::new(
        &["POD", "ORDINAL", "HOSTNAME", "SUBDOMAIN", "DNS NAME", "IP"],
        rows,
        &empty_message(ns),
    )
}

fn event_rows(events: &[&EventRecord], now: Instant) -> Vec<Vec<String>> {
    let mut sorted: Vec<&&EventRecord> = events.iter().collect();
    // Sorted by last timestamp; ties keep recording order (errata 13).
    crate::order::by_u64(&mut sorted, |e| e.last.0);
    sorted
        .iter()
        .map(|e| {
            let first = human_duration(now.seconds() as i64 - e.first.seconds() as i64);
            let interval = if e.count > 1 {
                format!(
                    "{} (x{} over {first})",
                    human_duration(now.seconds() as i64 - e.last.seconds() as i64),
                    e.count
                )
            } else {
                first
            };
            vec![
                e.type_.as_str().to_string(),
                e.reason.to_string(),
                interval,
                e.source.to_string(),
                e.message.trim().to_string(),
            ]
        })
        .collect()
}

/// The events of every StatefulSet in `ns`, as the Events table of describe lays them out.
pub fn statefulset_events_table(cluster: &Cluster, ns: &str) -> Table {
    let events: Vec<&EventRecord> = cluster
        .events
        .iter()
        .filter(|e| e.namespace == ns && e.involved_kind == "StatefulSet")
        .collect();
    let rows = event_rows(&events, cluster.now);
    Table::new(
        &["TYPE", "REASON", "AGE", "FROM", "MESSAGE"],
        rows,
        "Events:  <none>",
    )
}

/// `kubectl describe statefulset NAME` (KCD `describeStatefulSet`, kubectl 1.35).
pub fn describe_statefulset(cluster: &Cluster, set: &StatefulSet) -> String {
    let (ns, name) = key_of(&set.metadata);
    let default_spec = StatefulSetSpec::default();
    let spec = set.spec.as_ref().unwrap_or(&default_spec);
    let no_status = Default::default();
    let status = set.status.as_ref().unwrap_or(&no_status);
    let mut w = TabWriter::new(0, 2);
    w.write_line(&format!("Name:\t{name}"));
    w.write_line(&format!("Namespace:\t{ns}"));
    let created = set
        .metadata
        .creation_timestamp
        .as_ref()
        .map(Instant::from_k8s_time)
        .unwrap_or_default();
    w.write_line(&format!("CreationTimestamp:\t{}", created.rfc1123z()));
    w.write_line(&format!("Selector:\t{}", selector_string(&spec.selector)));
    labels_multiline(&mut w, "", "Labels", set.metadata.labels.as_ref());
    annotations_multiline(&mut w, "Annotations", set.metadata.annotations.as_ref());
    w.write_line(&format!(
        "Replicas:\t{} desired | {} total",
        spec.replicas.unwrap_or(1),
        status.replicas
    ));
    let strategy = spec.update_strategy.clone().unwrap_or_default();
    w.write_line(&format!(
        "Update Strategy:\t{}",
        strategy.type_.clone().unwrap_or_default()
    ));
    if let Some(ru) = &strategy.rolling_update {
        if let Some(p) = ru.partition {
            w.write_line(&format!("  Partition:\t{p}"));
            if let Some(mu) = &ru.max_unavailable {
                let s = match mu {
                    IntOrString::Int(i) => i.to_string(),
                    IntOrString::String(s) => s.clone(),
                };
                w.write_line(&format!("  MaxUnavailable:\t{s}"));
            }
        }
    }
    let uid = set.metadata.uid.clone().unwrap_or_default();
    let owned: Vec<&Pod> = cluster
        .pods
        .values()
        .filter(|p| p.metadata.namespace.as_deref() == Some(ns.as_str()))
        .filter(|p| {
            p.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|o| o.uid == uid && o.controller == Some(true))
        })
        .collect();
    let count = |phase: &str| owned.iter().filter(|p| sim::phase(p) == phase).count();
    w.write_line(&format!(
        "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed",
        count("Running"),
        count("Pending"),
        count("Succeeded"),
        count("Failed")
    ));
    describe_pod_template(&mut w, &spec.template);
    let claims = spec.volume_claim_templates.clone().unwrap_or_default();
    if claims.is_empty() {
        w.write_line("Volume Claims:\t<none>");
    } else {
        w.write_line("Volume Claims:");
        for pvc in &claims {
            w.write_line(&format!(
                "  Name:\t{}",
                pvc.metadata.name.clone().unwrap_or_default()
            ));
            let class = pvc
                .spec
                .as_ref()
                .and_then(|s| s.storage_class_name.clone())
                .unwrap_or_default();
            w.write_line(&format!("  StorageClass:\t{class}"));
            labels_multiline(&mut w, "  ", "Labels", pvc.metadata.labels.as_ref());
            labels_multiline(
                &mut w,
                "  ",
                "Annotations",
                pvc.metadata.annotations.as_ref(),
            );
            let cap = pvc
                .spec
                .as_ref()
                .and_then(|s| s.resources.as_ref())
                .and_then(|r| r.requests.as_ref())
                .and_then(|r| r.get("storage"))
                .map_or_else(|| "<default>".to_string(), |q| q.0.clone());
            w.write_line(&format!("  Capacity:\t{cap}"));
            let modes = pvc
                .spec
                .as_ref()
                .and_then(|s| s.access_modes.clone())
                .unwrap_or_default();
            w.write_line(&format!("  Access Modes:\t[{}]", modes.join(" ")));
        }
    }
    let events: Vec<&EventRecord> = cluster
        .events
        .iter()
        .filter(|e| e.namespace == ns && e.involved_kind == "StatefulSet" && e.involved_uid == uid)
        .collect();
    describe_events(&mut w, &events, cluster.now);
    w.finish()
}

/// `kubectl describe pod NAME` (KCD `describePod`, kubectl 1.35 layout). The cluster's
/// admission plugins beyond ServiceAccount (the token volume, default tolerations) and pod
/// events from the scheduler and kubelet are not simulated.
pub fn describe_pod(cluster: &Cluster, pod: &Pod) -> String {
    let (ns, name) = key_of(&pod.metadata);
    let default_spec = PodSpec::default();
    let spec = pod.spec.as_ref().unwrap_or(&default_spec);
    let default_status = k8s_openapi::api::core::v1::PodStatus::default();
    let status = pod.status.as_ref().unwrap_or(&default_status);
    let time = |t: &Option<k8s_openapi::apimachinery::pkg::apis::meta::v1::Time>| {
        t.as_ref()
            .map(Instant::from_k8s_time)
            .unwrap_or_default()
            .rfc1123z()
    };
    let mut w = TabWriter::new(0, 2);
    w.write_line(&format!("Name:\t{name}"));
    w.write_line(&format!("Namespace:\t{ns}"));
    w.write_line(&format!("Priority:\t{}", spec.priority.unwrap_or(0)));
    w.write_line(&format!(
        "Service Account:\t{}",
        spec.service_account_name.as_deref().unwrap_or("")
    ));
    match spec.node_name.as_deref() {
        Some(node) => w.write_line(&format!(
            "Node:\t{node}/{}",
            status.host_ip.as_deref().unwrap_or("")
        )),
        None => w.write_line("Node:\t<none>"),
    }
    if status.start_time.is_some() {
        w.write_line(&format!("Start Time:\t{}", time(&status.start_time)));
    }
    labels_multiline(&mut w, "", "Labels", pod.metadata.labels.as_ref());
    annotations_multiline(&mut w, "Annotations", pod.metadata.annotations.as_ref());
    let phase = status.phase.as_deref().unwrap_or("Pending");
    if let (Some(deleted), false) = (
        &pod.metadata.deletion_timestamp,
        sim::is_failed_or_succeeded(pod),
    ) {
        let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(0);
        let ends = Instant::from_k8s_time(deleted).seconds() as i64 + grace;
        w.write_line(&format!(
            "Status:\tTerminating (lasts {})",
            human_duration(ends - cluster.now.seconds() as i64)
        ));
        w.write_line(&format!("Termination Grace Period:\t{grace}s"));
    } else {
        w.write_line(&format!("Status:\t{phase}"));
    }
    w.write_line(&format!("IP:\t{}", status.pod_ip.as_deref().unwrap_or("")));
    let ips: Vec<&str> = status
        .pod_ips
        .iter()
        .flatten()
        .map(|i| i.ip.as_str())
        .collect();
    if ips.is_empty() {
        w.write_line("IPs:\t<none>");
    } else {
        w.write_line("IPs:");
        for ip in ips {
            w.write_line(&format!("  IP:\t{ip}"));
        }
    }
    if let Some(owner) = pod
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|o| o.controller == Some(true))
    {
        w.write_line(&format!("Controlled By:\t{}/{}", owner.kind, owner.name));
    }
    w.write_line("Containers:");
    for c in &spec.containers {
        w.write_line(&format!("  {}:", c.name));
        let cs = status
            .container_statuses
            .iter()
            .flatten()
            .find(|s| s.name == c.name);
        if let Some(cs) = cs {
            w.write_line(&format!(
                "    Container ID:\t{}",
                cs.container_id.as_deref().unwrap_or("")
            ));
        }
        w.write_line(&format!("    Image:\t{}", c.image.as_deref().unwrap_or("")));
        if let Some(cs) = cs {
            w.write_line(&format!("    Image ID:\t{}", cs.image_id));
        }
        let ports: Vec<String> = c
            .ports
            .iter()
            .flatten()
            .map(|p| port_string(p.container_port, p))
            .collect();
        let host: Vec<String> = c
            .ports
            .iter()
            .flatten()
            .map(|p| port_string(p.host_port.unwrap_or(0), p))
            .collect();
        let (label, host_label) = if ports.len() > 1 {
            ("Ports", "Host Ports")
        } else {
            ("Port", "Host Port")
        };
        w.write_line(&format!(
            "    {label}:\t{}",
            if ports.is_empty() {
                "<none>".into()
            } else {
                ports.join(", ")
            }
        ));
        w.write_line(&format!(
            "    {host_label}:\t{}",
            if host.is_empty() {
                "<none>".into()
            } else {
                host.join(", ")
            }
        ));
        if let Some(cs) = cs {
            let state = cs.state.as_ref();
            if let Some(r) = state.and_then(|s| s.running.as_ref()) {
                w.write_line("    State:\tRunning");
                w.write_line(&format!("      Started:\t{}", time(&r.started_at)));
            } else if let Some(t) = state.and_then(|s| s.terminated.as_ref()) {
                w.write_line("    State:\tTerminated");
                if let Some(reason) = t.reason.as_deref().filter(|r| !r.is_empty()) {
                    w.write_line(&format!("      Reason:\t{reason}"));
                }
                w.write_line(&format!("      Exit Code:\t{}", t.exit_code));
                w.write_line(&format!("      Started:\t{}", time(&t.started_at)));
                w.write_line(&format!("      Finished:\t{}", time(&t.finished_at)));
            } else {
                w.write_line("    State:\tWaiting");
                if let Some(reason) = state
                    .and_then(|s| s.waiting.as_ref())
                    .and_then(|wt| wt.reason.as_deref())
                {
                    w.write_line(&format!("      Reason:\t{reason}"));
                }
            }
            w.write_line(&format!(
                "    Ready:\t{}",
                if cs.ready { "True" } else { "False" }
            ));
            w.write_line(&format!("    Restart Count:\t{}", cs.restart_count));
        }
        let env = c.env.as_deref().unwrap_or(&[]);
        if env.is_empty() {
            w.write_line("    Environment:\t<none>");
        } else {
            w.write_line("    Environment:");
            for e in env {
                w.write_line(&format!(
                    "      {}:\t{}",
                    e.name,
                    e.value.as_deref().unwrap_or("")
                ));
            }
        }
        let mut mounts: Vec<&k8s_openapi::api::core::v1::VolumeMount> =
            c.volume_mounts.iter().flatten().collect();
        if mounts.is_empty() {
            w.write_line("    Mounts:\t<none>");
        } else {
            crate::order::by_str(&mut mounts, |m| m.mount_path.clone());
            w.write_line("    Mounts:");
            for m in mounts {
                let flag = if m.read_only == Some(true) {
                    "ro"
                } else {
                    "rw"
                };
                w.write_line(&format!("      {} from {} ({flag})", m.mount_path, m.name));
            }
        }
    }
    let conditions = status.conditions.as_deref().unwrap_or(&[]);
    if !conditions.is_empty() {
        w.write_line("Conditions:");
        w.write_line("  Type\tStatus");
        for c in conditions {
            w.write_line(&format!("  {} \t{} ", c.type_, c.status));
        }
    }
    let volumes = spec.volumes.as_deref().unwrap_or(&[]);
    if volumes.is_empty() {
        w.write_line("Volumes:\t<none>");
    } else {
        w.write_line("Volumes:");
        for v in volumes {
            w.write_line(&format!("  {}:", v.name));
            if let Some(c) = &v.persistent_volume_claim {
                w.write_line("    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)");
                w.write_line(&format!("    ClaimName:\t{}", c.claim_name));
                w.write_line(&format!("    ReadOnly:\t{}", c.read_only.unwrap_or(false)));
            } else if v.empty_dir.is_some() {
                w.write_line(
                    "    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)",
                );
                w.write_line("    Medium:\t");
                w.write_line("    SizeLimit:\t<unset>");
            } else if let Some(p) = &v.projected {
                // KCD `printProjectedVolumeSource`.
                w.write_line("    Type:\tProjected (a volume that contains injected data from multiple sources)");
                for source in p.sources.iter().flatten() {
                    let optional = |o: Option<bool>| {
                        if o == Some(true) {
                            "    Optional:\ttrue"
                        } else {
                            "    Optional:\tfalse"
                        }
                    };
                    if let Some(secret) = &source.secret {
                        w.write_line(&format!("    SecretName:\t{}", secret.name));
                        w.write_line(optional(secret.optional));
                    } else if source.downward_api.is_some() {
                        w.write_line("    DownwardAPI:\ttrue");
                    } else if let Some(map) = &source.config_map {
                        w.write_line(&format!("    ConfigMapName:\t{}", map.name));
                        w.write_line(optional(map.optional));
                    } else if let Some(token) = &source.service_account_token {
                        w.write_line(&format!(
                            "    TokenExpirationSeconds:\t{}",
                            token.expiration_seconds.unwrap_or(0)
                        ));
                    }
                }
            } else {
                w.write_line("    <unknown>");
            }
        }
    }
    w.write_line(&format!(
        "QoS Class:\t{}",
        status.qos_class.as_deref().unwrap_or("BestEffort")
    ));
    labels_multiline(&mut w, "", "Node-Selectors", spec.node_selector.as_ref());
    // KCD `printTolerationsMultilineWithIndent`: by key; `op=Exists` without a value; the
    // seconds last.
    let mut tolerations: Vec<&k8s_openapi::api::core::v1::Toleration> =
        spec.tolerations.iter().flatten().collect();
    crate::order::by_str(&mut tolerations, |t| t.key.clone().unwrap_or_default());
    if tolerations.is_empty() {
        w.write_line("Tolerations:\t<none>");
    }
    for (i, t) in tolerations.iter().enumerate() {
        let key = t.key.as_deref().unwrap_or("");
        let mut line = String::from(if i == 0 { "Tolerations:\t" } else { "\t" });
        line.push_str(key);
        if let Some(v) = t.value.as_deref().filter(|v| !v.is_empty()) {
            line.push('=');
            line.push_str(v);
        }
        let effect = t.effect.as_deref().unwrap_or("");
        if !effect.is_empty() {
            line.push(':');
            line.push_str(effect);
        }
        if t.operator.as_deref() == Some("Exists") && t.value.as_deref().unwrap_or("").is_empty() {
            line.push_str(if key.is_empty() && effect.is_empty() {
                "op=Exists"
            } else {
                " op=Exists"
            });
        }
        if let Some(seconds) = t.toleration_seconds {
            line.push_str(&format!(" for {seconds}s"));
        }
        w.write_line(&line);
    }
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    let events: Vec<&EventRecord> = cluster
        .events
        .iter()
        .filter(|e| e.namespace == ns && e.involved_kind == "Pod" && e.involved_uid == uid)
        .collect();
    describe_events(&mut w, &events, cluster.now);
    w.finish()
}

/// `kubectl describe service` (KCD `describeService`, kubectl 1.35): the endpoints come from
/// the Service's EndpointSlices, ready ones only, at most three and `+ N more...`.
pub fn describe_service(cluster: &Cluster, svc: &Service) -> String {
    let (ns, name) = key_of(&svc.metadata);
    let no_spec = Default::default();
    let spec = svc.spec.as_ref().unwrap_or(&no_spec);
    let mut w = TabWriter::new(0, 2);
    w.write_line(&format!("Name:\t{name}"));
    w.write_line(&format!("Namespace:\t{ns}"));
    labels_multiline(&mut w, "", "Labels", svc.metadata.labels.as_ref());
    annotations_multiline(&mut w, "Annotations", svc.metadata.annotations.as_ref());
    // labels.FormatLabels: sorted `k=v` pairs, `<none>` when there are none.
    let selector: Vec<String> = spec
        .selector
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let selector = if selector.is_empty() {
        "<none>".to_string()
    } else {
        selector.join(",")
    };
    w.write_line(&format!("Selector:\t{selector}"));
    w.write_line(&format!("Type:\t{}", spec.type_.as_deref().unwrap_or("")));
    if let Some(policy) = &spec.ip_family_policy {
        w.write_line(&format!("IP Family Policy:\t{policy}"));
    }
    let families = spec.ip_families.clone().unwrap_or_default();
    w.write_line(&format!(
        "IP Families:\t{}",
        or_none(Some(families.join(",")))
    ));
    w.write_line(&format!(
        "IP:\t{}",
        spec.cluster_ip.as_deref().unwrap_or("")
    ));
    let ips = spec.cluster_ips.clone().unwrap_or_default();
    w.write_line(&format!("IPs:\t{}", or_none(Some(ips.join(",")))));
    if let Some(ext) = spec.external_ips.as_ref().filter(|e| !e.is_empty()) {
        w.write_line(&format!("External IPs:\t{}", ext.join(",")));
    }
    if let Some(ext) = spec.external_name.as_deref().filter(|e| !e.is_empty()) {
        w.write_line(&format!("External Name:\t{ext}"));
    }
    // The EndpointSlice controller publishes a slice for a Service with a selector (not an
    // ExternalName one); kubectl finds it by its `kubernetes.io/service-name` label.
    let has_slice = spec.selector.is_some() && spec.type_.as_deref() != Some("ExternalName");
    let endpoints = if has_slice {
        sim::endpoints(cluster, svc)
    } else {
        Vec::new()
    };
    for sp in spec.ports.iter().flatten() {
        let port_name = sp
            .name
            .as_deref()
            .filter(|n| !n.is_empty())
            .unwrap_or("<unset>");
        let protocol = sp.protocol.as_deref().unwrap_or("TCP");
        w.write_line(&format!("Port:\t{port_name}\t{}/{protocol}", sp.port));
        let target = match &sp.target_port {
            Some(IntOrString::Int(i)) => i.to_string(),
            Some(IntOrString::String(s)) => s.clone(),
            None => sp.port.to_string(),
        };
        w.write_line(&format!("TargetPort:\t{target}/{protocol}"));
        if let Some(app) = &sp.app_protocol {
            w.write_line(&format!("AppProtocol:\t{app}"));
        }
        if let Some(node_port) = sp.node_port.filter(|p| *p != 0) {
            w.write_line(&format!("NodePort:\t{port_name}\t{node_port}/{protocol}"));
        }
        let list = if has_slice {
            slice_endpoints(cluster, &endpoints, sp, &ns)
        } else {
            "<none>".to_string()
        };
        w.write_line(&format!("Endpoints:\t{list}"));
    }
    w.write_line(&format!(
        "Session Affinity:\t{}",
        spec.session_affinity.as_deref().unwrap_or("")
    ));
    if let Some(p) = spec
        .external_traffic_policy
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        w.write_line(&format!("External Traffic Policy:\t{p}"));
    }
    if let Some(p) = &spec.internal_traffic_policy {
        w.write_line(&format!("Internal Traffic Policy:\t{p}"));
    }
    if let Some(p) = spec.health_check_node_port.filter(|p| *p != 0) {
        w.write_line(&format!("HealthCheck NodePort:\t{p}"));
    }
    if let Some(d) = &spec.traffic_distribution {
        w.write_line(&format!("Traffic Distribution:\t{d}"));
    }
    let uid = svc.metadata.uid.clone().unwrap_or_default();
    let events: Vec<&EventRecord> = cluster
        .events
        .iter()
        .filter(|e| e.namespace == ns && e.involved_kind == "Service" && e.involved_uid == uid)
        .collect();
    describe_events(&mut w, &events, cluster.now);
    w.finish()
}

/// KCD `formatEndpointSlices` for one Service port: `IP:PORT` of each ready endpoint, the
/// port being the target port resolved in the endpoint's pod; after three, `+ N more...`
/// (N counts the ready endpoints past the third, as kubectl's loop does).
fn slice_endpoints(
    cluster: &Cluster,
    endpoints: &[sim::Endpoint],
    sp: &k8s_openapi::api::core::v1::ServicePort,
    ns: &str,
) -> String {
    const MAX: usize = 3;
    let mut list: Vec<String> = Vec::new();
    let (mut more, mut count) = (false, 0usize);
    for e in endpoints {
        let port = match &sp.target_port {
            Some(IntOrString::Int(i)) => Some(*i),
            None => Some(sp.port),
            Some(IntOrString::String(named)) => cluster
                .pods
                .get(&(ns.to_string(), e.pod.clone()))
                .and_then(|p| p.spec.as_ref())
                .and_then(|s| {
                    s.containers
                        .iter()
                        .flat_map(|c| c.ports.iter().flatten())
                        .find(|p| p.name.as_deref() == Some(named.as_str()))
                        .map(|p| p.container_port)
                }),
        };
        // A pod without the named port is published in a slice without this port.
        let Some(port) = port else { continue };
        if list.len() == MAX {
            more = true;
        }
        if !e.ready {
            continue;
        }
        if !more {
            list.push(format!("{}:{port}", e.ip));
        }
        count += 1;
    }
    let joined = list.join(",");
    if more {
        format!("{joined} + {} more...", count - MAX)
    } else {
        joined
    }
}

/// `kubectl describe pvc` (KCD `describePersistentVolumeClaim`, `printPersistentVolumeClaim`,
/// `printPodsMultiline`): the claim, the pods that mount it or own it, its conditions and
/// events.
pub fn describe_pvc(cluster: &Cluster, claim: &PersistentVolumeClaim) -> String {
    let (ns, name) = key_of(&claim.metadata);
    let spec = claim.spec.clone().unwrap_or_default();
    let status = claim.status.clone().unwrap_or_default();
    let mut w = TabWriter::new(0, 2);
    w.write_line(&format!("Name:\t{name}"));
    w.write_line(&format!("Namespace:\t{ns}"));
    // GetPersistentVolumeClaimClass: the beta annotation first, then the field.
    let class = claim
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("volume.beta.kubernetes.io/storage-class"))
        .or(spec.storage_class_name.as_ref())
        .cloned()
        .unwrap_or_default();
    w.write_line(&format!("StorageClass:\t{class}"));
    match &claim.metadata.deletion_timestamp {
        Some(t) => w.write_line(&format!(
            "Status:\tTerminating (lasts {})",
            age(Some(t), cluster.now)
        )),
        None => w.write_line(&format!(
            "Status:\t{}",
            status.phase.as_deref().unwrap_or("")
        )),
    }
    let volume = spec.volume_name.clone().unwrap_or_default();
    w.write_line(&format!("Volume:\t{volume}"));
    labels_multiline(&mut w, "", "Labels", claim.metadata.labels.as_ref());
    annotations_multiline(&mut w, "Annotations", claim.metadata.annotations.as_ref());
    // Go's %v of a string slice.
    let finalizers = claim.metadata.finalizers.clone().unwrap_or_default();
    w.write_line(&format!("Finalizers:\t[{}]", finalizers.join(" ")));
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        let capacity = status
            .capacity
            .as_ref()
            .and_then(|c| c.get("storage"))
            .map(|q| q.0.clone())
            .unwrap_or_else(|| "0".into());
        let modes = access_modes_short(&status.access_modes.clone().unwrap_or_default());
        (capacity, modes)
    };
    w.write_line(&format!("Capacity:\t{capacity}"));
    w.write_line(&format!("Access Modes:\t{modes}"));
    if let Some(mode) = &spec.volume_mode {
        w.write_line(&format!("VolumeMode:\t{mode}"));
    }
    if let Some(source) = &spec.data_source {
        w.write_line("DataSource:");
        if let Some(group) = &source.api_group {
            w.write_line(&format!("  APIGroup:\t{group}"));
        }
        w.write_line(&format!("  Kind:\t{}", source.kind));
        w.write_line(&format!("  Name:\t{}", source.name));
    }
    // getPodsForPVC: pods mounting the claim, then pods owning it; by name.
    let owners: Vec<&str> = claim
        .metadata
        .owner_references
        .iter()
        .flatten()
        .filter(|o| o.kind == "Pod")
        .map(|o| o.uid.as_str())
        .collect();
    let mut users: Vec<String> = cluster
        .pods
        .iter()
        .filter(|((pns, _), _)| *pns == ns)
        .filter(|(_, pod)| {
            let mounts = pod
                .spec
                .iter()
                .flat_map(|s| s.volumes.iter().flatten())
                .any(|v| {
                    v.persistent_volume_claim
                        .as_ref()
                        .is_some_and(|c| c.claim_name == name)
                });
            let owns = pod
                .metadata
                .uid
                .as_deref()
                .is_some_and(|uid| owners.contains(&uid));
            mounts || owns
        })
        .map(|((_, pname), _)| pname.clone())
        .collect();
    crate::order::by_str(&mut users, String::clone);
    if users.is_empty() {
        w.write_line("Used By:\t<none>");
    }
    for (i, user) in users.iter().enumerate() {
        let lead = if i == 0 { "Used By:\t" } else { "\t" };
        w.write_line(&format!("{lead}{user}"));
    }
    let conditions = status.conditions.clone().unwrap_or_default();
    if !conditions.is_empty() {
        w.write_line("Conditions:");
        w.write_line("  Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage");
        w.write_line("  ----\t------\t-----------------\t------------------\t------\t-------");
        for c in &conditions {
            // Go formats a zero time as its year-1 date.
            let time = |t: &Option<k8s_openapi::apimachinery::pkg::apis::meta::v1::Time>| {
                t.as_ref().map_or_else(
                    || "Mon, 01 Jan 0001 00:00:00 +0000".to_string(),
                    |t| Instant::from_k8s_time(t).rfc1123z(),
                )
            };
            w.write_line(&format!(
                "  {} \t{} \t{} \t{} \t{} \t{}",
                c.type_,
                c.status,
                time(&c.last_probe_time),
                time(&c.last_transition_time),
                c.reason.as_deref().unwrap_or(""),
                c.message.as_deref().unwrap_or("")
            ));
        }
    }
    let uid = claim.metadata.uid.clone().unwrap_or_default();
    let events: Vec<&EventRecord> = cluster
        .events
        .iter()
        .filter(|e| {
            e.namespace == ns && e.involved_kind == "PersistentVolumeClaim" && e.involved_uid == uid
        })
        .collect();
    describe_events(&mut w, &events, cluster.now);
    w.finish()
}

fn describe_events(w: &mut TabWriter, events: &[&EventRecord], now: Instant) {
    if events.is_empty() {
        w.write_line("Events:\t<none>");
        return;
    }
    w.flush();
    w.write_line("Events:");
    w.write_line("  Type\tReason\tAge\tFrom\tMessage");
    w.write_line("  ----\t------\t----\t----\t-------");
    for row in event_rows(events, now) {
        w.write_line(&format!("  {}", row.join("\t")));
    }
}

fn selector_string(sel: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector) -> String {
    let mut parts: Vec<String> = sel
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    for req in sel.match_expressions.iter().flatten() {
        let vals = req.values.clone().unwrap_or_default();
        parts.push(match req.operator.as_str() {
            "In" => format!("{} in ({})", req.key, vals.join(",")),
            "NotIn" => format!("{} notin ({})", req.key, vals.join(",")),
            "Exists" => req.key.clone(),
            "DoesNotExist" => format!("!{}", req.key),
            other => format!("{} {other}", req.key),
        });
    }
    crate::order::by_str(&mut parts, String::clone);
    parts.join(",")
}

fn labels_multiline(
    w: &mut TabWriter,
    indent: &str,
    title: &str,
    labels: Option<&BTreeMap<String, String>>,
) {
    match labels.filter(|l| !l.is_empty()) {
        None => w.write_line(&format!("{indent}{title}:\t<none>")),
        Some(l) => {
            for (i, (k, v)) in l.iter().enumerate() {
                if i == 0 {
                    w.write_line(&format!("{indent}{title}:\t{k}={v}"));
                } else {
                    w.write_line(&format!("{indent}\t{k}={v}"));
                }
            }
        }
    }
}

fn annotations_multiline(w: &mut TabWriter, title: &str, ann: Option<&BTreeMap<String, String>>) {
    let shown: Vec<(&String, &String)> = ann
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
        .collect();
    if shown.is_empty() {
        w.write_line(&format!("{title}:\t<none>"));
        return;
    }
    for (i, (k, v)) in shown.iter().enumerate() {
        let lead = if i == 0 {
            format!("{title}:\t")
        } else {
            "\t".to_string()
        };
        w.write_line(&format!("{lead}{k}: {v}"));
    }
}

fn describe_pod_template(w: &mut TabWriter, t: &k8s_openapi::api::core::v1::PodTemplateSpec) {
    w.write_line("Pod Template:");
    let meta = t.metadata.clone().unwrap_or_default();
    labels_multiline(w, "  ", "Labels", meta.labels.as_ref());
    if meta.annotations.as_ref().is_some_and(|a| !a.is_empty()) {
        annotations_multiline(w, "  Annotations", meta.annotations.as_ref());
    }
    let default_spec = PodSpec::default();
    let spec = t.spec.as_ref().unwrap_or(&default_spec);
    if let Some(sa) = spec.service_account_name.as_ref().filter(|s| !s.is_empty()) {
        w.write_line(&format!("  Service Account:\t{sa}"));
    }
    if spec.containers.is_empty() {
        w.write_line("  Containers: <none>");
    } else {
        w.write_line("  Containers:");
    }
    for c in &spec.containers {
        w.write_line(&format!("   {}:", c.name));
        w.write_line(&format!(
            "    Image:\t{}",
            c.image.clone().unwrap_or_default()
        ));
        let ports: Vec<String> = c
            .ports
            .iter()
            .flatten()
            .map(|p| port_string(p.container_port, p))
            .collect();
        let host: Vec<String> = c
            .ports
            .iter()
            .flatten()
            .map(|p| port_string(p.host_port.unwrap_or(0), p))
            .collect();
        let (label, host_label) = if ports.len() > 1 {
            ("Ports", "Host Ports")
        } else {
            ("Port", "Host Port")
        };
        w.write_line(&format!(
            "    {label}:\t{}",
            if ports.is_empty() {
                "<none>".into()
            } else {
                ports.join(", ")
            }
        ));
        w.write_line(&format!(
            "    {host_label}:\t{}",
            if host.is_empty() {
                "<none>".into()
            } else {
                host.join(", ")
            }
        ));
        if let Some(cmd) = c.command.as_ref().filter(|v| !v.is_empty()) {
            w.write_line("    Command:");
            for s in cmd.iter().flat_map(|s| s.split('\n')) {
                w.write_line(&format!("      {s}"));
            }
        }
        if let Some(args) = c.args.as_ref().filter(|v| !v.is_empty()) {
            w.write_line("    Args:");
            for s in args.iter().flat_map(|s| s.split('\n')) {
                w.write_line(&format!("      {s}"));
            }
        }
        let env = c.env.as_deref().unwrap_or(&[]);
        if env.is_empty() {
            w.write_line("    Environment:\t<none>");
        } else {
            w.write_line("    Environment:");
            for e in env {
                w.write_line(&format!(
                    "      {}:\t{}",
                    e.name,
                    e.value.as_deref().unwrap_or("")
                ));
            }
        }
        let mut mounts: Vec<&k8s_openapi::api::core::v1::VolumeMount> =
            c.volume_mounts.iter().flatten().collect();
        if mounts.is_empty() {
            w.write_line("    Mounts:\t<none>");
        } else {
            crate::order::by_str(&mut mounts, |m| m.mount_path.clone());
            w.write_line("    Mounts:");
            for m in mounts {
                let flag = if m.read_only == Some(true) {
                    "ro"
                } else {
                    "rw"
                };
                w.write_line(&format!("      {} from {} ({flag})", m.mount_path, m.name));
            }
        }
    }
    let volumes = spec.volumes.as_deref().unwrap_or(&[]);
    if volumes.is_empty() {
        w.write_line("  Volumes:\t<none>");
    } else {
        w.write_line("  Volumes:");
        for v in volumes {
            w.write_line(&format!("   {}:", v.name));
            if v.empty_dir.is_some() {
                w.write_line(
                    "    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)",
                );
                w.write_line("    Medium:\t");
                w.write_line("    SizeLimit:\t<unset>");
            } else {
                w.write_line("  <unknown>");
            }
        }
    }
    labels_multiline(w, "  ", "Node-Selectors", spec.node_selector.as_ref());
    w.write_line("  Tolerations:\t<none>");
}

fn port_string(port: i32, p: &k8s_openapi::api::core::v1::ContainerPort) -> String {
    let proto = p.protocol.clone().unwrap_or_else(|| "TCP".into());
    match p.name.as_ref().filter(|n| !n.is_empty()) {
        Some(n) => format!("{port}/{proto} ({n})"),
        None => format!("{port}/{proto}"),
    }
}

/// kubectl's `StatefulSetStatusViewer`: the line `kubectl rollout status` prints for the set
/// now, and whether the rollout is done; an error for sets that are not RollingUpdate.
pub fn rollout_status_line(set: &StatefulSet) -> Result<(String, bool), String> {
    let default_spec = StatefulSetSpec::default();
    let spec = set.spec.as_ref().unwrap_or(&default_spec);
    let no_status = Default::default();
    let status = set.status.as_ref().unwrap_or(&no_status);
    let strategy = spec.update_strategy.clone().unwrap_or_default();
    if strategy.type_.as_deref() != Some("RollingUpdate") {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    let generation = set.metadata.generation.unwrap_or(0);
    let observed = status.observed_generation.unwrap_or(0);
    if observed == 0 || generation > observed {
        return Ok((
            "Waiting for statefulset spec update to be observed...\n".into(),
            false,
        ));
    }
    let ready = status.ready_replicas.unwrap_or(0);
    let updated = status.updated_replicas.unwrap_or(0);
    if let Some(replicas) = spec.replicas {
        if ready < replicas {
            return Ok((
                format!("Waiting for {} pods to be ready...\n", replicas - ready),
                false,
            ));
        }
    }
    if let Some(ru) = &strategy.rolling_update {
        if let (Some(replicas), Some(partition)) = (spec.replicas, ru.partition) {
            if updated < replicas - partition {
                return Ok((
                    format!(
                        "Waiting for partitioned roll out to finish: {updated} out of {} new pods have been updated...\n",
                        replicas - partition
                    ),
                    false,
                ));
            }
        }
        return Ok((
            format!("partitioned roll out complete: {updated} new pods have been updated...\n"),
            true,
        ));
    }
    let current = status.current_revision.clone().unwrap_or_default();
    let update = status.update_revision.clone().unwrap_or_default();
    if update != current {
        return Ok((
            format!("waiting for statefulset rolling update to complete {updated} pods at revision {update}...\n"),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {current}...\n",
            status.current_replicas.unwrap_or(0)
        ),
        true,
    ))
}

/// `kubectl get namespaces`: every namespace is Active.
pub fn namespaces_table(cluster: &Cluster) -> Table {
    let created = crate::store::cluster_created();
    let rows = cluster
        .namespaces
        .iter()
        .map(|(name, ns)| {
            let at = &ns.created;
            let age = if *at == Instant::START
                && crate::store::FURNITURE_NAMESPACES.contains(&name.as_str())
            {
                human_duration(cluster.now.unix_seconds() - created.0.as_second())
            } else {
                human_duration(cluster.now.seconds() as i64 - at.seconds() as i64)
            };
            vec![name.clone(), "Active".to_string(), age]
        })
        .collect();
    Table::new(&["NAME", "STATUS", "AGE"], rows, "No resources found")
}

/// `kubectl get storageclass` (PRN `printStorageClass`): the default class's name gets
/// ` (default)`; an unset reclaim policy prints `Delete`, binding mode `Immediate`,
/// expansion `false`.
pub fn storage_classes_table(cluster: &Cluster) -> Table {
    let rows = cluster
        .storage_classes
        .iter()
        .map(|((_, name), c)| {
            let mut shown = name.clone();
            if crate::store::is_default_class(c) {
                shown.push_str(" (default)");
            }
            vec![
                shown,
                c.provisioner.clone(),
                c.reclaim_policy.clone().unwrap_or_else(|| "Delete".into()),
                c.volume_binding_mode
                    .clone()
                    .unwrap_or_else(|| "Immediate".into()),
                c.allow_volume_expansion.unwrap_or(false).to_string(),
                age(c.metadata.creation_timestamp.as_ref(), cluster.now),
            ]
        })
        .collect();
    Table::new(
        &[
            "NAME",
            "PROVISIONER",
            "RECLAIMPOLICY",
            "VOLUMEBINDINGMODE",
            "ALLOWVOLUMEEXPANSION",
            "AGE",
        ],
        rows,
        "No resources found",
    )
}

/// `kubectl get controllerrevisions` (PRN `printControllerRevision`).
pub fn revisions_table(cluster: &Cluster, ns: &str) -> Table {
    let rows = cluster
        .revisions
        .iter()
        .filter(|((rns, _), _)| rns == ns)
        .map(|((_, name), r)| {
            let controller = r
                .metadata
                .owner_references
                .iter()
                .flatten()
                .find(|o| o.controller == Some(true))
                .map(|o| {
                    let group = o
                        .api_version
                        .split_once('/')
                        .map(|(g, _)| format!(".{g}"))
                        .unwrap_or_default();
                    format!("{}{group}/{}", o.kind.to_ascii_lowercase(), o.name)
                })
                .unwrap_or_else(|| "<none>".into());
            vec![
                name.clone(),
                controller,
                r.revision.to_string(),
                age(r.metadata.creation_timestamp.as_ref(), cluster.now),
            ]
        })
        .collect();
    Table::new(
        &["NAME", "CONTROLLER", "REVISION", "AGE"],
        rows,
        &empty_message(ns),
    )
}

/// `GetAccessModesAsString` (kubectl `util/storage`): each mode once, always in the order
/// RWO, ROX, RWX, RWOP, whatever the object's order; other values are left out.
fn access_modes_short(modes: &[String]) -> String {
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ]
    .iter()
    .filter(|(mode, _)| modes.iter().any(|m| m == mode))
    .map(|(_, short)| *short)
    .collect::<Vec<_>>()
    .join(",")
}

/// `kubectl get pvc [-o wide]` (PRN `printPersistentVolumeClaim`).
pub fn claims_table(cluster: &Cluster, ns: &str, wide: bool) -> Table {
    let rows = cluster
        .claims
        .iter()
        .filter(|((cns, _), _)| cns == ns)
        .map(|((_, name), c)| {
            let no_spec = Default::default();
            let spec = c.spec.as_ref().unwrap_or(&no_spec);
            let no_status = Default::default();
            let status = c.status.as_ref().unwrap_or(&no_status);
            let phase = if c.metadata.deletion_timestamp.is_some() {
                "Terminating".to_string()
            } else {
                status.phase.clone().unwrap_or_default()
            };
            let bound = spec.volume_name.is_some();
            let capacity = if bound {
                status
                    .capacity
                    .as_ref()
                    .and_then(|c| c.get("storage"))
                    .map(|q| q.0.clone())
                    .unwrap_or_default()
            } else {
                String::new()
            };
            let modes = if bound {
                access_modes_short(status.access_modes.as_deref().unwrap_or(&[]))
            } else {
                String::new()
            };
            let mut row = vec![
                name.clone(),
                phase,
                spec.volume_name.clone().unwrap_or_default(),
                capacity,
                modes,
                spec.storage_class_name.clone().unwrap_or_default(),
                spec.volume_attributes_class_name
                    .clone()
                    .unwrap_or_else(|| "<unset>".into()),
                age(c.metadata.creation_timestamp.as_ref(), cluster.now),
            ];
            if wide {
                row.push(
                    spec.volume_mode
                        .clone()
                        .unwrap_or_else(|| "Filesystem".into()),
                );
            }
            row
        })
        .collect();
    let mut cols = vec![
        "NAME",
        "STATUS",
        "VOLUME",
        "CAPACITY",
        "ACCESS MODES",
        "STORAGECLASS",
        "VOLUMEATTRIBUTESCLASS",
        "AGE",
    ];
    if wide {
        cols.push("VOLUMEMODE");
    }
    Table::new(&cols, rows, &empty_message(ns))
}

/// `kubectl get pv [-o wide]` (PRN `printPersistentVolume`).
pub fn volumes_table(cluster: &Cluster, wide: bool) -> Table {
    // Borrowed, not cloned: a clone of the whole spec (every volume source) is kilobytes of
    // wasm.
    let no_spec = k8s_openapi::api::core::v1::PersistentVolumeSpec::default();
    let rows = cluster
        .volumes
        .iter()
        .map(|((_, name), v)| {
            let spec = v.spec.as_ref().unwrap_or(&no_spec);
            let claim = spec
                .claim_ref
                .as_ref()
                .map(|r| {
                    format!(
                        "{}/{}",
                        r.namespace.clone().unwrap_or_default(),
                        r.name.clone().unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            let phase = if v.metadata.deletion_timestamp.is_some() {
                "Terminating".to_string()
            } else {
                v.status
                    .as_ref()
                    .and_then(|s| s.phase.clone())
                    .unwrap_or_default()
            };
            let mut row = vec![
                name.clone(),
                spec.capacity
                    .as_ref()
                    .and_then(|c| c.get("storage"))
                    .map(|q| q.0.clone())
                    .unwrap_or_default(),
                access_modes_short(spec.access_modes.as_deref().unwrap_or(&[])),
                spec.persistent_volume_reclaim_policy
                    .clone()
                    .unwrap_or_default(),
                phase,
                claim,
                spec.storage_class_name.clone().unwrap_or_default(),
                spec.volume_attributes_class_name
                    .clone()
                    .unwrap_or_else(|| "<unset>".into()),
                String::new(),
                age(v.metadata.creation_timestamp.as_ref(), cluster.now),
            ];
            if wide {
                row.push(
                    spec.volume_mode
                        .clone()
                        .unwrap_or_else(|| "Filesystem".into()),
                );
            }
            row
        })
        .collect();
    let mut cols = vec![
        "NAME",
        "CAPACITY",
        "ACCESS MODES",
        "RECLAIM POLICY",
        "STATUS",
        "CLAIM",
        "STORAGECLASS",
        "VOLUMEATTRIBUTESCLASS",
        "REASON",
        "AGE",
    ];
    if wide {
        cols.push("VOLUMEMODE");
    }
    Table::new(&cols, rows, "No resources found")
}

/// `kubectl get events` (PRN `printEvent`), in the order they were recorded.
pub fn events_table(cluster: &Cluster, ns: &str) -> Table {
    let rows = cluster
        .events
        .iter()
        .filter(|e| e.namespace == ns)
        .map(|e| {
            vec![
                human_duration(cluster.now.seconds() as i64 - e.last.seconds() as i64),
                e.type_.as_str().to_string(),
                e.reason.to_string(),
                format!(
                    "{}/{}",
                    e.involved_kind.to_ascii_lowercase(),
                    e.involved_name
                ),
                e.message.trim().to_string(),
            ]
        })
        .collect();
    Table::new(
        &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
        rows,
        &empty_message(ns),
    )
}

/// `kubectl get endpoints` (PRN `printEndpoints`, `formatEndpoints`; spec 8.4, 12.6): the
/// ready addresses of the Endpoints object (`derived`), each with each port of its subset.
pub fn endpoints_table(cluster: &Cluster, ns: &str) -> Table {
    let rows = cluster
        .services
        .range((ns.to_string(), String::new())..)
        .take_while(|((sns, _), _)| sns == ns)
        .filter(|(_, s)| crate::derived::has_endpoints(s))
        .map(|((_, name), svc)| {
            let (subsets, _) = crate::derived::endpoints_subsets(cluster, svc);
            let mut list: Vec<String> = Vec::new();
            let mut count = 0;
            for s in &subsets {
                if s.ports.is_empty() {
                    count += s.addresses.len();
                    list.extend(s.addresses.iter().take(3).map(|e| e.ip.clone()));
                } else {
                    for port in &s.ports {
                        count += s.addresses.len();
                        list.extend(
                            s.addresses
                                .iter()
                                .take(3)
                                .map(|e| format!("{}:{}", e.ip, port.port)),
                        );
                    }
                }
            }
            let cell = if subsets.is_empty() {
                "<none>".to_string()
            } else if count > 3 {
                format!("{} + {} more...", list[..3].join(","), count - 3)
            } else {
                list.join(",")
            };
            vec![
                name.clone(),
                cell,
                age(svc.metadata.creation_timestamp.as_ref(), cluster.now),
            ]
        })
        .collect();
    Table::new(&["NAME", "ENDPOINTS", "AGE"], rows, &empty_message(ns))
}

/// `kubectl get endpointslices` (PRN `printEndpointSlice`; spec 8.1-8.3): a row per slice
/// (`derived::endpoint_slices`), its ports and addresses three at a time.
pub fn endpoint_slices_table(cluster: &Cluster, ns: &str) -> Table {
    fn with_more(list: Vec<String>, count: usize) -> String {
        if count > 3 {
            format!("{} + {} more...", list[..3].join(","), count - 3)
        } else if list.is_empty() {
            "<unset>".into()
        } else {
            list.join(",")
        }
    }
    let mut rows = Vec::new();
    for (_, svc) in cluster
        .services
        .range((ns.to_string(), String::new())..)
        .take_while(|((sns, _), _)| sns == ns)
        .filter(|(_, s)| crate::derived::has_endpoints(s))
    {
        for slice in crate::derived::endpoint_slices(cluster, svc) {
            let ports: Vec<String> = slice.ports.iter().map(|p| p.port.to_string()).collect();
            let addresses: Vec<String> = slice
                .endpoints
                .iter()
                .take(3)
                .map(|e| e.ip.clone())
                .collect();
            rows.push(vec![
                slice.name,
                "IPv4".to_string(),
                with_more(ports.iter().take(3).cloned().collect(), ports.len()),
                with_more(addresses, slice.endpoints.len()),
                age(svc.metadata.creation_timestamp.as_ref(), cluster.now),
            ]);
        }
    }
    Table::new(
        &["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"],
        rows,
        &empty_message(ns),
    )
}

/// The records CoreDNS serves for the Services of `ns`, as `NAME TYPE DATA` rows: each
/// Service name, each per-pod name of its pods, and the SRV records of its named ports.
pub fn dns_records_table(cluster: &Cluster, view: &dns::DnsView<'_>, ns: &str) -> Table {
    use crate::dns::{QType, RData};
    let mut rows = Vec::new();
    let mut push = |name: String, qtype: QType| {
        let answer = dns::query(view, &name, qtype);
        for r in &answer.answers {
            let (ty, data) = match &r.data {
                RData::A(ip) => ("A", ip.clone()),
                RData::Srv {
                    priority,
                    weight,
                    port,
                    target,
                } => ("SRV", format!("{priority} {weight} {port} {target}")),
                RData::Cname(t) => ("CNAME", t.clone()),
                RData::Ptr(t) => ("PTR", t.clone()),
                #[allow(unreachable_patterns)]
                _ => continue,
            };
            rows.push(vec![
                r.name.trim_end_matches('.').to_string(),
                ty.to_string(),
                data,
            ]);
        }
    };
    for ((sns, name), svc) in cluster.services.iter().filter(|((sns, _), _)| sns == ns) {
        let fq = format!("{name}.{sns}.svc.cluster.local");
        push(fq.clone(), QType::A);
        let no_spec = Default::default();
        let spec = svc.spec.as_ref().unwrap_or(&no_spec);
        for p in spec.ports.iter().flatten() {
            if let Some(port) = p.name.as_ref().filter(|n| !n.is_empty()) {
                let proto = p
                    .protocol
                    .clone()
                    .unwrap_or_else(|| "TCP".into())
                    .to_ascii_lowercase();
                push(format!("_{port}._{proto}.{fq}"), QType::Srv);
            }
        }
        let hostnames: Vec<String> = cluster
            .pods
            .range((ns.to_string(), String::new())..)
            .take_while(|((pns, _), _)| pns == ns)
            .filter_map(|(_, p)| {
                let s = p.spec.as_ref()?;
                (s.subdomain.as_deref() == Some(name.as_str()))
                    .then(|| s.hostname.clone())
                    .flatten()
            })
            .collect();
        for h in hostnames {
            push(format!("{h}.{fq}"), QType::A);
        }
    }
    Table::new(
        &["NAME", "TYPE", "DATA"],
        rows,
        "No DNS records: no Service in this namespace publishes any.",
    )
}

/// The picture of the cluster: Services, and each StatefulSet with its pods and claims.
pub fn topology(cluster: &Cluster, view: &dns::DnsView<'_>, ns: &str) -> crate::page::Topology {
    use crate::page::{Topology, TopologyPod, TopologyService, TopologySet};
    let services = cluster
        .services
        .iter()
        .filter(|((sns, _), _)| sns == ns)
        .map(|((_, name), svc)| {
            let ip = svc
                .spec
                .as_ref()
                .and_then(|s| s.cluster_ip.clone())
                .unwrap_or_default();
            TopologyService {
                name: name.clone(),
                headless: ip == "None",
                cluster_ip: ip,
            }
        })
        .collect();
    let sets = cluster
        .sets
        .iter()
        .filter(|((sns, _), _)| sns == ns)
        .map(|((_, name), set)| {
            let default_spec = StatefulSetSpec::default();
            let spec = set.spec.as_ref().unwrap_or(&default_spec);
            let service = spec.service_name.clone().unwrap_or_default();
            let uid = set.metadata.uid.clone().unwrap_or_default();
            let prefix = format!("{name}-");
            let mut pods: Vec<TopologyPod> = cluster
                .pods
                .range((ns.to_string(), prefix.clone())..)
                .take_while(|((pns, pname), _)| pns == ns && pname.starts_with(&prefix))
                .filter(|(_, p)| {
                    p.metadata
                        .owner_references
                        .iter()
                        .flatten()
                        .any(|o| o.uid == uid)
                })
                .filter_map(|((_, pname), p)| {
                    let (_, ordinal) = sim::parent_and_ordinal(pname)?;
                    let default_spec = PodSpec::default();
                    let pspec = p.spec.as_ref().unwrap_or(&default_spec);
                    let dns_name = match (&pspec.hostname, &pspec.subdomain) {
                        (Some(h), Some(sd)) => format!("{h}.{sd}.{ns}.svc.cluster.local"),
                        _ => String::new(),
                    };
                    let published = !dns_name.is_empty()
                        && dns::query(view, &dns_name, dns::QType::A).rcode == dns::Rcode::NoError;
                    let claims = pspec
                        .volumes
                        .iter()
                        .flatten()
                        .filter_map(|v| {
                            v.persistent_volume_claim
                                .as_ref()
                                .map(|c| c.claim_name.clone())
                        })
                        .collect();
                    Some(TopologyPod {
                        name: pname.clone(),
                        ordinal,
                        status: pod_status(p),
                        ready: sim::is_ready(p),
                        ip: p
                            .status
                            .as_ref()
                            .and_then(|s| s.pod_ip.clone())
                            .unwrap_or_default(),
                        node: pspec.node_name.clone().unwrap_or_default(),
                        dns_name,
                        published,
                        claims,
                    })
                })
                .collect();
            crate::order::by_u64(&mut pods, |p| p.ordinal);
            let ready = set
                .status
                .as_ref()
                .and_then(|s| s.ready_replicas)
                .unwrap_or(0);
            TopologySet {
                name: name.clone(),
                service_exists: cluster
                    .services
                    .contains_key(&(ns.to_string(), service.clone())),
                service,
                ready: format!("{ready}/{}", spec.replicas.unwrap_or(1)),
                pods,
            }
        })
        .collect();
    Topology { services, sets }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The table fast path lays out exactly what the Go tabwriter port does.
    fn tabwriter(lines: &[&[String]]) -> String {
        let mut tw = TabWriter::new(6, 3);
        for line in lines {
            tw.write_line(&line.join("\t"));
        }
        tw.finish()
    }

    proptest! {
        #[test]
        fn layout_is_the_tabwriters(
            cells in 1usize..6,
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-z0-9./é日 -]{0,12}", 6), 1..12),
        ) {
            let lines: Vec<Vec<String>> = rows.into_iter().map(|r| r[..cells].to_vec()).collect();
            let refs: Vec<&[String]> = lines.iter().map(Vec::as_slice).collect();
            prop_assert_eq!(layout(&refs), tabwriter(&refs));
        }
    }

    #[test]
    fn layout_leaves_ragged_lines_and_tabs_to_the_tabwriter() {
        let owned = [
            vec!["NAME".to_string(), "AGE".to_string()],
            vec!["a\tb".to_string(), "1s".to_string()],
            vec!["c".to_string()],
        ];
        let refs: Vec<&[String]> = owned.iter().map(Vec::as_slice).collect();
        assert_eq!(layout(&refs), tabwriter(&refs));
    }

    #[test]
    fn access_modes_print_in_kubectls_fixed_order_once_each() {
        // kubectl util/storage GetAccessModesAsString: RWO, ROX, RWX, RWOP.
        let modes =
            |m: &[&str]| access_modes_short(&m.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            modes(&["ReadWriteMany", "ReadWriteOnce", "ReadWriteMany"]),
            "RWO,RWX"
        );
        assert_eq!(modes(&["ReadWriteOncePod", "ReadOnlyMany"]), "ROX,RWOP");
        assert_eq!(modes(&["Bogus"]), "");
        assert_eq!(modes(&[]), "");
    }

    #[test]
    fn human_duration_follows_every_branch_of_spec_12_7() {
        let cases = [
            (-5, "<invalid>"),
            (-1, "0s"),
            (0, "0s"),
            (90, "90s"),
            (119, "119s"),
            (120, "2m"),
            (166, "2m46s"),
            (599, "9m59s"),
            (600, "10m"),
            (70 * 60, "70m"),
            (179 * 60 + 59, "179m"),
            (3 * 3600, "3h"),
            (3 * 3600 + 5 * 60, "3h5m"),
            (8 * 3600, "8h"),
            (42 * 3600, "42h"),
            (47 * 3600 + 3599, "47h"),
            (48 * 3600, "2d"),
            (49 * 3600, "2d1h"),
            (8 * 86400, "8d"),
            (367 * 86400, "367d"),
            (730 * 86400, "2y"),
            (731 * 86400, "2y1d"),
            (8 * 365 * 86400, "8y"),
            (9 * 365 * 86400 + 86400, "9y"),
        ];
        for (secs, want) in cases {
            assert_eq!(human_duration(secs), want, "{secs}s");
        }
    }

    #[test]
    fn tabwriter_matches_kubectl_get_svc_in_the_seed() {
        // The seed's own table (ages aside), laid out by kubectl's printer.
        let t = Table::new(
            &[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ],
            vec![
                [
                    "kubernetes",
                    "ClusterIP",
                    "10.96.0.1",
                    "<none>",
                    "443/TCP",
                    "42h",
                ]
                .map(String::from)
                .to_vec(),
                ["nginx", "ClusterIP", "None", "<none>", "80/TCP", "29s"]
                    .map(String::from)
                    .to_vec(),
            ],
            "",
        );
        assert_eq!(
            t.text,
            "NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n\
             kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   42h\n\
             nginx        ClusterIP   None         <none>        80/TCP    29s\n"
        );
    }

    #[test]
    fn tabwriter_blocks_end_at_lines_without_tabs() {
        let mut w = TabWriter::new(0, 2);
        for l in [
            "Name:\tweb",
            "CreationTimestamp:\tx",
            "Pod Template:",
            "  Labels:\tapp=nginx",
        ] {
            w.write_line(l);
        }
        assert_eq!(
            w.finish(),
            "Name:               web\nCreationTimestamp:  x\nPod Template:\n  Labels:  app=nginx\n"
        );
    }
}
