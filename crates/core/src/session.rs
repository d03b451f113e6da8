//! The facade every front uses: apply manifests, run a command line, advance the clock,
//! take the page's view. The browser console, the CLI and the tests all come through here.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Service;
use serde::{Deserialize, Serialize};

use crate::api::{self, Object};
use crate::clock::{Duration, Instant};
use crate::command::{self, Command, OutputFormat, Resource};
use crate::defaults;
use crate::dns::ResolvConf;
use crate::tools::ClientPod;

/// The image `dig` shorthand runs in (the Kubernetes DNS debugging guide's).
const DNSUTILS_IMAGE: &str = "registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3";
use crate::page::PageView;
use crate::sim::World;
use crate::store::{key_of, Key};
use crate::validation::{self, ErrorType, FieldError};
use crate::view;
use crate::yaml::{self, Diagnostic, Document, Seg};

/// What one command printed, kept apart as the real tools keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Output {
    pub command: String,
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
    /// Simulated seconds since the start when the command ran.
    pub time: u64,
    /// The prompt a transcript shows before the command (`$ `, or `/ # ` inside a client
    /// pod's shell); not part of the JSON form.
    #[serde(skip)]
    pub prompt: Option<String>,
}

/// The most replicas one StatefulSet may ask for in the playground.
pub const MAX_REPLICAS: i32 = MAX_PODS as i32;

/// The most pods the playground simulates in all: past it, an apply, scale or patch is
/// refused at once, naming the limit and the field, rather than freezing the page.
pub const MAX_PODS: u64 = 10_000;

/// A stderr line kubectl prints without failing: a warning from the API server
/// (`Warning: ...`) or an empty list's `No resources found ...`.
fn informational(line: &str) -> bool {
    // `Warning:` from the server, `warning:` from kubectl itself (a deprecated flag value).
    line.starts_with("Warning: ")
        || line.starts_with("warning: ")
        || line.starts_with("No resources found")
}

/// A scenario file (`shared/spec/commands.md`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
pub struct Scenario {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub manifests: String,
    #[serde(default)]
    pub commands: Vec<String>,
    /// How long each step of a pod's life takes (defaults: scheduled 100ms, ip 1s,
    /// running 2s, terminating 2s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timings: Option<ScenarioTimings>,
}

/// `timings:` of a scenario, as durations (`500ms`, `2s`, `1m`), each counted from the
/// pod's creation (`scheduled`, `ip`, `running`) or deletion (`terminating`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
pub struct ScenarioTimings {
    #[serde(default)]
    pub scheduled: Option<String>,
    #[serde(default)]
    pub ip: Option<String>,
    #[serde(default)]
    pub running: Option<String>,
    #[serde(default)]
    pub terminating: Option<String>,
}

impl ScenarioTimings {
    /// The simulation's timings, or the name of the field that is not a duration.
    pub fn resolve(&self) -> Result<crate::sim::Timings, String> {
        let mut t = crate::sim::Timings::default();
        let fields = [
            ("scheduled", &self.scheduled, &mut t.schedule_ms),
            ("ip", &self.ip, &mut t.sandbox_ms),
            ("running", &self.running, &mut t.start_ms),
            ("terminating", &self.terminating, &mut t.terminate_ms),
        ];
        for (name, value, slot) in fields {
            if let Some(v) = value {
                *slot = Duration::parse(v)
                    .map_err(|e| format!("timings.{name}: {e}"))?
                    .0;
            }
        }
        if !(t.schedule_ms <= t.sandbox_ms && t.sandbox_ms <= t.start_ms) {
            return Err("timings: a pod is scheduled, then gets its IP, then runs: scheduled <= ip <= running".into());
        }
        Ok(t)
    }
}

impl Scenario {
    /// Parses a scenario file, with the line of any error.
    pub fn parse(text: &str) -> Result<Scenario, Diagnostic> {
        let scenario: Scenario = yaml::from_str_positioned(text)?;
        if let Some(t) = &scenario.timings {
            if let Err(message) = t.resolve() {
                let line = text
                    .lines()
                    .position(|l| l.starts_with("timings:"))
                    .map_or(1, |i| i + 1);
                return Err(Diagnostic {
                    document: 0,
                    line,
                    column: 1,
                    message,
                });
            }
        }
        Ok(scenario)
    }
}

/// One simulated cluster and the text that `kubectl apply -f -` reads.
#[derive(Debug, Clone, Default)]
pub struct Session {
    world: World,
    stdin: String,
    files: BTreeMap<String, String>,
    /// Client pods made by `kubectl run` (kept beside the simulated cluster).
    clients: crate::store::ObjMap<ClientPod>,
    /// The client pod whose `/ #` shell the next lines run in (`kubectl run -i ... sh`),
    /// and whether it goes away on `exit` (`--rm`).
    shell: Option<(ClientPod, bool)>,
    /// The files commands wrote in pods, on the volumes that hold them.
    disks: crate::files::Disks,
}

/// How one object of an apply ended.
enum Applied {
    Created,
    Configured,
    Unchanged,
}

impl Session {
    pub fn new() -> Self {
        Session::default()
    }

    /// The prompt the next command line is typed at: `/ # ` while a client pod's shell is
    /// open, else `None` (the console's own `$ `).
    pub fn prompt(&self) -> Option<String> {
        self.shell.as_ref().map(|_| "/ # ".to_string())
    }

    /// The cluster as it is now, read-only (for views and tests).
    pub fn cluster(&self) -> &crate::store::Cluster {
        &self.world.cluster
    }

    /// The simulated time now.
    pub fn now(&self) -> Instant {
        self.world.cluster.now
    }

    /// Files that `kubectl apply -f FILE` may read (the CLI passes the scenario's folder).
    pub fn add_file(&mut self, name: &str, text: &str) {
        self.files.insert(name.to_string(), text.to_string());
    }

    /// Runs a whole scenario: the manifests as `kubectl apply -f -`, then each command.
    pub fn run_scenario(&mut self, scenario: &Scenario) -> Vec<Output> {
        if let Some(t) = scenario.timings.as_ref().and_then(|t| t.resolve().ok()) {
            self.world.timings = t;
        }
        let mut outputs = Vec::new();
        if !scenario.manifests.trim().is_empty() {
            self.stdin = scenario.manifests.clone();
            outputs.push(self.run("kubectl apply -f -"));
        }
        for line in &scenario.commands {
            outputs.push(self.run(line));
        }
        outputs
    }

    /// Sets how long each step of a pod's life takes (a scenario's `timings:`).
    pub fn set_timings(&mut self, timings: crate::sim::Timings) {
        self.world.timings = timings;
    }

    /// `kubectl apply -f -` with `text` on stdin; also returns the diagnostics for the editor.
    pub fn apply_manifests(&mut self, text: &str) -> (Output, Vec<Diagnostic>) {
        self.stdin = text.to_string();
        let time = self.now().seconds();
        let (stdout, stderr, diagnostics) = self.apply_text(text, "STDIN");
        self.world.advance_to(self.now());
        let exit_code = i32::from(!stderr.is_empty());
        (
            Output {
                command: "kubectl apply -f -".into(),
                stdout,
                stderr,
                exit_code,
                time,
                ..Default::default()
            },
            diagnostics,
        )
    }

    /// Advances the simulated clock to `t` (no-op if `t` is past).
    pub fn advance_to(&mut self, t: Instant) {
        self.world.advance_to(t.max(self.now()));
    }

    /// When the cluster next changes by itself (a timer), if ever.
    pub fn next_change(&self) -> Option<Instant> {
        self.world.next_wake()
    }

    /// Advances the simulated clock by `seconds`.
    pub fn advance_seconds(&mut self, seconds: u64) {
        let target = self.now().plus_millis(seconds * 1000);
        self.world.advance_to(target);
    }

    /// Advances at least `min_seconds`, then on until nothing is pending (at most
    /// `max_seconds` in all), so the page shows a settled cluster.
    pub fn settle(&mut self, min_seconds: u64, max_seconds: u64) {
        let start = self.now();
        self.advance_seconds(min_seconds);
        let limit = start.plus_millis(max_seconds * 1000);
        while !self.world.is_quiet() && self.now() < limit {
            let step = self.now().plus_millis(10_000).min(limit);
            self.world.advance_to(step);
        }
    }

    /// Runs one command line of the command language.
    pub fn run(&mut self, line: &str) -> Output {
        if self.shell.is_some() {
            return self.run_in_shell(line);
        }
        if let Some(steps) = crate::shell::unroll(line) {
            return self.run_compound(line, steps);
        }
        if line.split_whitespace().next() == Some("echo") {
            let step = crate::shell::Step {
                line: line.trim().to_string(),
                if_ok: false,
            };
            return self.run_compound(line, Ok(vec![step]));
        }
        self.run_simple(line)
    }

    /// A compound line (`for ...; do ...; done`, `;`, `&&`): its simple commands in turn,
    /// their outputs joined, the exit code the last one's. `echo` is the shell's own.
    fn run_compound(
        &mut self,
        line: &str,
        steps: Result<Vec<crate::shell::Step>, String>,
    ) -> Output {
        let mut out = Output {
            command: line.trim().to_string(),
            time: self.now().seconds(),
            ..Default::default()
        };
        let steps = match steps {
            Ok(s) => s,
            Err(e) => {
                out.stderr = format!("error: {e}\n");
                out.exit_code = 2;
                return out;
            }
        };
        for step in steps {
            if step.if_ok && out.exit_code != 0 {
                continue;
            }
            let o = match command::split_words(&step.line) {
                Ok(w) if w.first().is_some_and(|w| w == "echo") => Output {
                    stdout: format!("{}\n", w[1..].join(" ")),
                    ..Default::default()
                },
                _ => self.run(&step.line),
            };
            out.stdout.push_str(&o.stdout);
            out.stderr.push_str(&o.stderr);
            out.exit_code = o.exit_code;
        }
        out
    }

    /// One simple command line.
    fn run_simple(&mut self, line: &str) -> Output {
        let time = self.now().seconds();
        let mut out = Output {
            command: line.trim().to_string(),
            time,
            ..Default::default()
        };
        let cmd = match command::parse(line) {
            Ok(c) => c,
            Err(e) => {
                out.stderr = ensure_newline(e.stderr);
                out.exit_code = e.exit_code;
                return out;
            }
        };
        match cmd {
            Command::Nothing => {}
            Command::SetImage {
                name,
                images,
                namespace,
            } => {
                let ns = namespace.unwrap_or_else(|| "default".into());
                self.set_image(&mut out, &name, &images, &ns);
            }
            Command::Patch {
                resource,
                name,
                patch,
                merge,
                namespace,
            } => {
                let ns = namespace.unwrap_or_else(|| "default".into());
                self.patch(&mut out, resource, &name, &patch, merge, &ns);
            }
            Command::RolloutStatus {
                name,
                timeout,
                namespace,
            } => {
                let ns = namespace.unwrap_or_else(|| "default".into());
                self.rollout_status(&mut out, &name, timeout, &ns);
            }
            Command::Delete {
                resource,
                names,
                namespace,
                selector,
                orphan,
                warning,
            } => {
                let ns = namespace.unwrap_or_else(|| "default".into());
                if let Some(w) = warning {
                    out.stderr = format!("{w}\n");
                }
                let names = match selector {
                    None => names,
                    Some(text) => match self.names_selected(resource, &ns, &text) {
                        Ok(found) if found.is_empty() => {
                            out.stderr.push_str("No resources found\n");
                            found
                        }
                        Ok(found) => found,
                        Err(e) => {
                            out.stderr.push_str(&format!("error: {e}\n"));
                            Vec::new()
                        }
                    },
                };
                self.delete(&mut out, resource, &names, &ns, orphan);
            }
            Command::Scale {
                name,
                replicas,
                namespace,
            } => {
                let ns = namespace.unwrap_or_else(|| "default".into());
                self.scale(&mut out, &name, replicas, &ns);
            }
            Command::Wait {
                pod,
                timeout,
                namespace,
            } => {
                let ns = namespace.unwrap_or_else(|| "default".into());
                self.wait_ready(&mut out, &pod, timeout, &ns);
            }
            Command::Sim {
                action,
                pod,
                namespace,
            } => {
                let ns = namespace.unwrap_or_else(|| "default".into());
                match self.world.sim(action, &(ns, pod)) {
                    Ok(text) => out.stdout = text,
                    Err(text) => out.stderr = text,
                }
                self.world.advance_to(self.now());
            }
            Command::Apply { file } => {
                let (text, source) = if file == "-" {
                    (Some(self.stdin.clone()), "STDIN".to_string())
                } else {
                    (self.files.get(&file).cloned(), file.clone())
                };
                match text {
                    Some(text) => {
                        let (stdout, stderr, _) = self.apply_text(&text, &source);
                        out.stdout = stdout;
                        out.stderr = stderr;
                    }
                    None => {
                        out.stderr = format!("error: the path \"{file}\" does not exist\n");
                    }
                }
                self.world.advance_to(self.now());
            }
            Command::Sleep(Duration(ms)) => {
                let target = self.now().plus_millis(ms);
                self.world.advance_to(target);
            }
            Command::Get {
                resource,
                names,
                namespace,
                all_namespaces,
                selector,
                output,
                flags,
                also,
            } => {
                let ns = namespace.unwrap_or_else(|| "default".into());
                if also.is_empty() {
                    self.get(
                        &mut out,
                        resource,
                        &names,
                        &ns,
                        all_namespaces,
                        selector.as_deref(),
                        (output, flags),
                        None,
                    );
                } else {
                    self.get_kinds(
                        &mut out,
                        &[&[resource], also.as_slice()].concat(),
                        &names,
                        (&ns, all_namespaces),
                        selector.as_deref(),
                        (output, flags),
                    );
                }
            }
            Command::Describe {
                resource,
                name,
                namespace,
            } => {
                let ns = namespace.unwrap_or_else(|| "default".into());
                self.describe(&mut out, resource, &name, &ns);
            }
            Command::Nslookup { name, server } => {
                if let Some(s) =
                    server.filter(|s| s != crate::store::KUBE_DNS_IP && s != "kube-dns.kube-system")
                {
                    out.stderr = format!(
                        "the playground's nslookup asks the cluster DNS (10.96.0.10) only, not {s}\n"
                    );
                } else {
                    let conf = ResolvConf::cluster_first("default");
                    let dns_view = crate::dns::DnsView::new(&self.world.cluster);
                    let r = crate::tools::nslookup_busybox128(&dns_view, &conf, &name);
                    out.stdout = r.stdout;
                    out.stderr = r.stderr;
                    out.exit_code = r.exit_code;
                    return out;
                }
            }
            Command::Dig { args } => {
                let pod = ClientPod::new("dnsutils", "default", DNSUTILS_IMAGE, None);
                let view = crate::dns::DnsView::new(&self.world.cluster);
                let r = crate::tools::dig(&view, &pod.resolv_conf(), &args, self.now());
                (out.stdout, out.stderr, out.exit_code) = (r.stdout, r.stderr, r.exit_code);
                return out;
            }
            Command::Run {
                name,
                image,
                namespace,
                interactive,
                rm,
                command,
            } => {
                let ns = namespace.unwrap_or_else(|| "default".into());
                self.run_client(&mut out, &name, &image, &ns, interactive, rm, &command);
                return out;
            }
            Command::Exec {
                pod,
                namespace,
                command,
            } => {
                let ns = namespace.unwrap_or_else(|| "default".into());
                self.exec(&mut out, &pod, &ns, &command);
                return out;
            }
            Command::SimResolve {
                name,
                namespace,
                image,
            } => {
                let ns = namespace.unwrap_or_else(|| "default".into());
                let image = image.unwrap_or_else(|| "busybox:1.28".into());
                let pod = ClientPod::new("dns-test", &ns, &image, None);
                let view = crate::dns::DnsView::new(&self.world.cluster);
                out.stdout = crate::tools::explain_resolution(&view, &pod, &name);
            }
            Command::NotYet { what } => {
                out.stderr = format!(
                    "error: the playground does not run \"{what}\": its kubectl runs apply, get, describe, delete, scale, set image, patch, rollout status, wait, run and exec\n"
                );
            }
        }
        // kubectl fails on an error; a warning or `No resources found ...` on stderr alone
        // leaves the exit code 0.
        if out.exit_code == 0 && out.stderr.lines().any(|l| !informational(l)) {
            out.exit_code = 1;
        }
        out
    }

    /// `kubectl get pods,svc` and `kubectl get all`: each kind in turn, names as
    /// `kind/name`, tables one after the other with an empty line between them, one List
    /// for `-o json|yaml`, and `No resources found` only when no kind had any.
    fn get_kinds(
        &self,
        out: &mut Output,
        kinds: &[Resource],
        names: &[String],
        (ns, all_namespaces): (&str, bool),
        selector: Option<&str>,
        (format, flags): (OutputFormat, crate::command::GetFlags),
    ) {
        let flags = crate::command::GetFlags {
            show_kind: true,
            ..flags
        };
        let json = matches!(format, OutputFormat::Json | OutputFormat::Yaml);
        let mut items = Vec::new();
        let mut found = false;
        for &kind in kinds {
            let mut one = Output::default();
            let collect = if json { Some(&mut items) } else { None };
            self.get(
                &mut one,
                kind,
                names,
                ns,
                all_namespaces,
                selector,
                (format, flags),
                collect,
            );
            for line in one.stderr.lines() {
                if !line.starts_with("No resources found") {
                    out.stderr.push_str(line);
                    out.stderr.push('\n');
                }
            }
            if !one.stdout.is_empty() {
                if found && format != OutputFormat::Name {
                    out.stdout.push('\n');
                }
                found = true;
                out.stdout.push_str(&one.stdout);
            }
        }
        if json {
            let list = kubectl_list(items);
            out.stdout = if format == OutputFormat::Json {
                to_kubectl_json(&list)
            } else {
                yaml::to_yaml_string(&list)
            };
        } else if !found && names.is_empty() {
            out.stderr.push_str(&if all_namespaces {
                "No resources found\n".to_string()
            } else {
                format!("No resources found in {ns} namespace.\n")
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn get(
        &self,
        out: &mut Output,
        resource: Resource,
        names: &[String],
        ns: &str,
        all_namespaces: bool,
        selector: Option<&str>,
        (format, flags): (OutputFormat, crate::command::GetFlags),
        // With several kinds' `-o json|yaml`: the objects, for one List of them all.
        collect: Option<&mut Vec<serde_json::Value>>,
    ) {
        let c = &self.world.cluster;
        let selector = match selector.map(parse_selector).transpose() {
            Ok(s) => s,
            Err(e) => {
                out.stderr = format!("error: {e}\n");
                return;
            }
        };
        if all_namespaces && !names.is_empty() {
            out.stderr =
                "error: a resource cannot be retrieved by name across all namespaces\n".into();
            return;
        }
        let cluster_scoped = matches!(
            resource,
            Resource::PersistentVolumes | Resource::Namespaces | Resource::StorageClasses
        );
        let namespaces: Vec<String> = if all_namespaces && !cluster_scoped {
            c.namespaces.keys().cloned().collect()
        } else {
            vec![ns.to_string()]
        };
        let wide = format == OutputFormat::Wide;
        let json = matches!(format, OutputFormat::Json | OutputFormat::Yaml);
        let (plural, group) = match resource {
            Resource::Pods => ("pods", ""),
            Resource::StatefulSets => ("statefulsets", "apps"),
            Resource::Services => ("services", ""),
            Resource::ControllerRevisions => ("controllerrevisions", "apps"),
            Resource::PersistentVolumeClaims => ("persistentvolumeclaims", ""),
            Resource::PersistentVolumes => ("persistentvolumes", ""),
            Resource::Events => ("events", ""),
            Resource::Endpoints => ("endpoints", ""),
            Resource::EndpointSlices => ("endpointslices", "discovery.k8s.io"),
            Resource::Namespaces => ("namespaces", ""),
            Resource::StorageClasses => ("storageclasses", "storage.k8s.io"),
        };
        // (namespace, name, labels, JSON) of every object asked for.
        let mut objects: Vec<(String, String, serde_json::Value)> = Vec::new();
        let want_labels = selector.is_some() || flags.show_labels;
        // `--show-labels`: each object's labels as kubectl formats them.
        let mut label_cells: crate::store::ObjMap<String> = crate::store::ObjMap::new();
        for n in &namespaces {
            let listed = match resource {
                Resource::Pods => listed(&c.pods, n, json, names, want_labels),
                Resource::StatefulSets => listed(&c.sets, n, json, names, want_labels),
                Resource::Services => listed(&c.services, n, json, names, want_labels),
                Resource::ControllerRevisions => listed(&c.revisions, n, true, names, want_labels),
                Resource::PersistentVolumeClaims => listed(&c.claims, n, json, names, want_labels),
                Resource::PersistentVolumes => c
                    .volumes
                    .iter()
                    .map(|((_, name), v)| {
                        (
                            name.clone(),
                            v.metadata.labels.clone().unwrap_or_default(),
                            json_if(json, v),
                        )
                    })
                    .collect(),
                Resource::StorageClasses => c
                    .storage_classes
                    .iter()
                    .map(|((_, name), v)| {
                        (
                            name.clone(),
                            v.metadata.labels.clone().unwrap_or_default(),
                            json_if(json, v),
                        )
                    })
                    .collect(),
                Resource::Events => c
                    .event_objects(n)
                    .into_iter()
                    .map(|(name, e)| (name, BTreeMap::new(), json_if(json, &e)))
                    .collect(),
                Resource::Namespaces => c
                    .namespaces
                    .iter()
                    .map(|(name, record)| {
                        let labels = crate::derived::namespace_labels(name, record);
                        let value = if json {
                            crate::derived::namespace_object(name, record)
                        } else {
                            serde_json::Value::Null
                        };
                        (name.clone(), labels, value)
                    })
                    .collect(),
                Resource::Endpoints => c
                    .services
                    .range((n.clone(), String::new())..)
                    .take_while(|(k, _)| &k.0 == n)
                    .filter(|(_, s)| crate::derived::has_endpoints(s))
                    .map(|(k, s)| {
                        let wanted = json && (names.is_empty() || names.contains(&k.1));
                        let value = if wanted {
                            crate::derived::endpoints_object(c, s)
                        } else {
                            serde_json::Value::Null
                        };
                        (k.1.clone(), crate::derived::endpoints_labels(s), value)
                    })
                    .collect(),
                Resource::EndpointSlices => c
                    .services
                    .range((n.clone(), String::new())..)
                    .take_while(|(k, _)| &k.0 == n)
                    .filter(|(_, s)| crate::derived::has_endpoints(s))
                    .flat_map(|(_, s)| {
                        crate::derived::endpoint_slices(c, s)
                            .into_iter()
                            .map(|slice| {
                                let wanted =
                                    json && (names.is_empty() || names.contains(&slice.name));
                                let value = if wanted {
                                    crate::derived::slice_object(c, s, &slice)
                                } else {
                                    serde_json::Value::Null
                                };
                                (slice.name, crate::derived::slice_labels(s), value)
                            })
                            .collect::<Vec<_>>()
                    })
                    .collect(),
            };
            for (name, labels, value) in listed {
                if selector
                    .as_ref()
                    .is_none_or(|sel| selector_selects(sel, &labels))
                {
                    if flags.show_labels {
                        label_cells.insert(
                            (n.clone(), name.clone()),
                            view::format_labels(Some(&labels)),
                        );
                    }
                    objects.push((n.clone(), name, value));
                }
            }
        }
        let singular = match plural {
            "storageclasses" => "storageclass",
            p => p.trim_end_matches('s'),
        };
        let kind_ref = if group.is_empty() {
            singular.to_string()
        } else {
            format!("{singular}.{group}")
        };
        let mut missing = Vec::new();
        let selected: Vec<&(String, String, serde_json::Value)> = if names.is_empty() {
            objects.iter().collect()
        } else {
            names
                .iter()
                .filter_map(|n| {
                    let hit = objects.iter().find(|(_, name, _)| name == n);
                    if hit.is_none() {
                        missing.push(n.clone());
                    }
                    hit
                })
                .collect()
        };
        for n in missing.iter().filter(|_| !flags.ignore_not_found) {
            let res = if group.is_empty() {
                plural.to_string()
            } else {
                format!("{plural}.{group}")
            };
            out.stderr.push_str(&format!(
                "Error from server (NotFound): {res} \"{n}\" not found\n"
            ));
        }
        let none_found = || {
            if all_namespaces || cluster_scoped {
                "No resources found\n".to_string()
            } else {
                format!("No resources found in {ns} namespace.\n")
            }
        };
        match format {
            OutputFormat::Name => {
                for (_, name, _) in &selected {
                    out.stdout.push_str(&format!("{kind_ref}/{name}\n"));
                }
                if selected.is_empty() && names.is_empty() {
                    out.stderr.push_str(&none_found());
                }
            }
            OutputFormat::Json | OutputFormat::Yaml => {
                if let Some(items) = collect {
                    items.extend(selected.iter().map(|(_, _, v)| v.clone()));
                    return;
                }
                let value = if selected.len() == 1 && !names.is_empty() {
                    selected[0].2.clone()
                } else {
                    kubectl_list(selected.iter().map(|(_, _, v)| v.clone()).collect())
                };
                if !selected.is_empty() || names.is_empty() {
                    out.stdout = if format == OutputFormat::Json {
                        to_kubectl_json(&value)
                    } else {
                        yaml::to_yaml_string(&value)
                    };
                }
            }
            OutputFormat::Table | OutputFormat::Wide => {
                if resource == Resource::Endpoints {
                    out.stderr.push_str("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n");
                }
                let mut columns: Vec<String> = Vec::new();
                let mut rows: Vec<Vec<String>> = Vec::new();
                // Every row is wanted unless names or a selector pick some.
                let every = names.is_empty() && selector.is_none();
                let wanted: crate::store::KeySet = if every {
                    Default::default()
                } else {
                    crate::store::KeySet::from_iter(
                        selected
                            .iter()
                            .map(|(sns, sname, _)| (sns.clone(), sname.clone())),
                    )
                };
                for n in &namespaces {
                    let table = match resource {
                        Resource::Pods => view::pods_table(c, n, wide),
                        Resource::PersistentVolumeClaims => view::claims_table(c, n, wide),
                        Resource::PersistentVolumes => view::volumes_table(c, wide),
                        Resource::Events => view::events_table(c, n),
                        Resource::EndpointSlices => view::endpoint_slices_table(c, n),
                        Resource::Endpoints => view::endpoints_table(c, n),
                        Resource::StatefulSets => view::statefulsets_table(c, n, wide),
                        Resource::Services => view::services_table(c, n, wide),
                        Resource::Namespaces => view::namespaces_table(c),
                        Resource::StorageClasses => view::storage_classes_table(c),
                        Resource::ControllerRevisions => view::revisions_table(c, n),
                    };
                    columns = table.columns.clone();
                    // An event's row starts with LAST SEEN: its name is that of the
                    // event recorded at the same place in the namespace.
                    let event_names: Vec<String> = if resource == Resource::Events {
                        c.event_objects(n)
                            .into_iter()
                            .map(|(name, _)| name)
                            .collect()
                    } else {
                        Vec::new()
                    };
                    for (i, row) in table.rows.into_iter().enumerate() {
                        // Rows are named as the objects are.
                        let name = event_names.get(i).unwrap_or(&row[0]);
                        // The default class's row reads `standard (default)`.
                        let key = || (n.clone(), name.trim_end_matches(" (default)").to_string());
                        if every || wanted.contains(&key()) {
                            // An object without labels (an event) prints `<none>`.
                            let labels = flags.show_labels.then(|| {
                                let cell = label_cells.get(&key()).map_or("<none>", String::as_str);
                                cell.to_string()
                            });
                            let mut row = row;
                            if all_namespaces && !cluster_scoped {
                                row.insert(0, n.clone());
                            }
                            row.extend(labels);
                            // `--show-kind`: the NAME column reads `kind/name` (events
                            // have no NAME column).
                            let at = usize::from(all_namespaces && !cluster_scoped);
                            if flags.show_kind && resource != Resource::Events {
                                row[at] = format!("{kind_ref}/{}", row[at]);
                            }
                            rows.push(row);
                        }
                    }
                }
                if all_namespaces && !cluster_scoped {
                    columns.insert(0, "NAMESPACE".into());
                }
                if flags.show_labels {
                    columns.push("LABELS".into());
                }
                if rows.is_empty() {
                    if names.is_empty() {
                        // kubectl prints "No resources found" on stderr.
                        out.stderr.push_str(&none_found());
                    }
                    return;
                }
                let cols: Vec<&str> = columns.iter().map(String::as_str).collect();
                out.stdout = if flags.no_headers {
                    // No header line, so no header widens a column.
                    let lines: Vec<&[String]> = rows.iter().map(Vec::as_slice).collect();
                    view::layout(&lines)
                } else {
                    view::Table::new(&cols, rows, "").text
                };
            }
        }
    }

    /// `kubectl delete KIND NAME...` (kubectl 1.35 prints the namespace it deleted from).
    /// The names of the objects of `resource` in `ns` that `selector` selects, in name order.
    fn names_selected(
        &self,
        resource: Resource,
        ns: &str,
        selector: &str,
    ) -> Result<Vec<String>, String> {
        let reqs = parse_selector(selector)?;
        let c = &self.world.cluster;
        let pick = |labels: Option<&BTreeMap<String, String>>| {
            selector_selects(&reqs, labels.unwrap_or(&BTreeMap::new()))
        };
        let names = |keys: Vec<(&crate::store::Key, Option<&BTreeMap<String, String>>)>| {
            keys.into_iter()
                .filter(|(k, l)| k.0 == ns && pick(*l))
                .map(|(k, _)| k.1.clone())
                .collect()
        };
        Ok(match resource {
            Resource::Pods => names(
                c.pods
                    .iter()
                    .map(|(k, o)| (k, o.metadata.labels.as_ref()))
                    .collect(),
            ),
            Resource::StatefulSets => names(
                c.sets
                    .iter()
                    .map(|(k, o)| (k, o.metadata.labels.as_ref()))
                    .collect(),
            ),
            Resource::Services => names(
                c.services
                    .iter()
                    .map(|(k, o)| (k, o.metadata.labels.as_ref()))
                    .collect(),
            ),
            Resource::PersistentVolumeClaims => names(
                c.claims
                    .iter()
                    .map(|(k, o)| (k, o.metadata.labels.as_ref()))
                    .collect(),
            ),
            _ => Vec::new(),
        })
    }

    fn delete(
        &mut self,
        out: &mut Output,
        resource: Resource,
        names: &[String],
        ns: &str,
        orphan: bool,
    ) {
        for name in names {
            let key = (ns.to_string(), name.clone());
            let (found, what) = match resource {
                Resource::Pods => (self.world.delete_pod(&key), "pod"),
                Resource::StatefulSets => (
                    self.world.delete_statefulset(&key, orphan),
                    "statefulset.apps",
                ),
                Resource::Services => (
                    self.world.cluster.services.remove(&key).is_some(),
                    "service",
                ),
                Resource::PersistentVolumeClaims => {
                    (self.world.delete_claim(&key), "persistentvolumeclaim")
                }
                _ => {
                    out.stderr.push_str("error: the playground deletes pods, statefulsets, services and persistentvolumeclaims\n");
                    continue;
                }
            };
            if found {
                out.stdout
                    .push_str(&format!("{what} \"{name}\" deleted from {ns} namespace\n"));
            } else {
                out.stderr.push_str(&format!(
                    "Error from server (NotFound): {} \"{name}\" not found\n",
                    resource_plural(resource)
                ));
            }
        }
        self.world.advance_to(self.now());
    }

    /// `kubectl set image statefulset/NAME CONTAINER=IMAGE...`: a template change.
    fn set_image(&mut self, out: &mut Output, name: &str, images: &[(String, String)], ns: &str) {
        let key = (ns.to_string(), name.to_string());
        let Some(set) = self.world.cluster.sets.get(&key) else {
            out.stderr =
                format!("Error from server (NotFound): statefulsets.apps \"{name}\" not found\n");
            return;
        };
        let mut value = to_json(set);
        let containers = value["spec"]["template"]["spec"]["containers"].as_array_mut();
        let Some(containers) = containers else { return };
        for (container, image) in images {
            match containers
                .iter_mut()
                .find(|c| c["name"] == container.as_str())
            {
                Some(c) => c["image"] = serde_json::Value::String(image.clone()),
                None => {
                    out.stderr = format!("error: unable to find container named \"{container}\"\n");
                    return;
                }
            }
        }
        match self.update_from_json(&value, "StatefulSet") {
            Ok(_) => out.stdout = format!("statefulset.apps/{name} image updated\n"),
            Err(e) => out.stderr = e,
        }
        self.world.advance_to(self.now());
    }

    /// `kubectl patch`: the patch applied to the object's JSON, then validated and stored as
    /// an update.
    fn patch(
        &mut self,
        out: &mut Output,
        resource: Resource,
        name: &str,
        patch: &str,
        merge: command::PatchType,
        ns: &str,
    ) {
        let key = (ns.to_string(), name.to_string());
        let (current, kind, reference) = match resource {
            Resource::StatefulSets => (
                self.world.cluster.sets.get(&key).map(to_json),
                "StatefulSet",
                "statefulset.apps",
            ),
            Resource::Services => (
                self.world.cluster.services.get(&key).map(to_json),
                "Service",
                "service",
            ),
            _ => {
                out.stderr = "error: the playground patches statefulsets and services\n".into();
                return;
            }
        };
        let Some(mut value) = current else {
            out.stderr = format!(
                "Error from server (NotFound): {} \"{name}\" not found\n",
                resource_plural(resource)
            );
            return;
        };
        let patch_value = match yaml::patch_json(patch) {
            Ok(v) => v,
            Err(e) => {
                out.stderr = format!("error: unable to parse \"{patch}\": {e}\n");
                return;
            }
        };
        if merge == command::PatchType::Json {
            if let Err(e) = crate::patch::json_patch(&mut value, &patch_value) {
                out.stderr = format!("Error from server: {e}\n");
                return;
            }
        } else {
            merge_patch(
                &mut value,
                &patch_value,
                merge == command::PatchType::Strategic,
            );
        }
        match self.update_from_json(&value, kind) {
            Ok(true) => out.stdout = format!("{reference}/{name} patched\n"),
            Ok(false) => out.stdout = format!("{reference}/{name} patched (no change)\n"),
            Err(e) => out.stderr = e,
        }
        self.world.advance_to(self.now());
    }

    /// Decodes, defaults, validates (as an update) and stores an object given as JSON.
    /// Returns whether it changed, or kubectl's error text.
    fn update_from_json(&mut self, value: &serde_json::Value, kind: &str) -> Result<bool, String> {
        let doc = Document::from_json(value).map_err(|e| format!("error: {e}\n"))?;
        let (decoded, problems) = api::decode_documents(std::slice::from_ref(&doc), "STDIN");
        if let Some(p) = problems.first() {
            return Err(format!(
                "{}\n",
                p.stderr
                    .replace("error when creating", "error when patching")
            ));
        }
        let Some(d) = decoded.into_iter().next() else {
            return Err("error: nothing to update\n".into());
        };
        let name = d.object.name().to_string();
        let (object, errors, other) = self.prepare(d.object, &doc);
        if let Some(msg) = other {
            return Err(format!("{msg}\n"));
        }
        if !errors.is_empty() {
            return Err(format!(
                "{}\n",
                validation::render_invalid(kind, &name, &errors)
            ));
        }
        Ok(!matches!(self.store_object(object), Applied::Unchanged))
    }

    /// `kubectl rollout status statefulset/NAME`: advances the clock, printing kubectl's
    /// StatefulSetStatusViewer line at every change of the set, until the rollout is done,
    /// stuck, or past the timeout.
    fn rollout_status(
        &mut self,
        out: &mut Output,
        name: &str,
        timeout: Option<Duration>,
        ns: &str,
    ) {
        let key = (ns.to_string(), name.to_string());
        let deadline = timeout.map(|t| self.now().plus_millis(t.0));
        let mut last_status: Option<String> = None;
        loop {
            let Some(set) = self.world.cluster.sets.get(&key) else {
                out.stderr = format!(
                    "Error from server (NotFound): statefulsets.apps \"{name}\" not found\n"
                );
                return;
            };
            let (message, done) = match view::rollout_status_line(set) {
                Ok(v) => v,
                Err(e) => {
                    out.stderr = format!("error: {e}\n");
                    return;
                }
            };
            let snapshot = format!(
                "{}{}",
                yaml::json_text(&to_json(&set.status)),
                set.metadata.generation.unwrap_or_default()
            );
            if last_status.as_deref() != Some(snapshot.as_str()) {
                out.stdout.push_str(&message);
                last_status = Some(snapshot);
            }
            if done {
                return;
            }
            let next = self
                .world
                .next_wake()
                .filter(|t| deadline.is_none_or(|d| *t <= d));
            match next {
                Some(t) => {
                    self.world.advance_to(t);
                }
                None => {
                    if let Some(d) = deadline {
                        self.world.advance_to(d);
                        out.stderr = "error: timed out waiting for the condition\n".into();
                    } else {
                        out.stderr = "error: the rollout is stuck: nothing in the cluster will change until a command changes it (a real kubectl would keep waiting)\n".into();
                    }
                    return;
                }
            }
        }
    }

    /// The playground's limit on simulated pods (MAX_PODS in all), for a set asking for
    /// `replicas`; `None` when within it.
    fn pod_limit_error(&self, set: &Key, replicas: i32) -> Option<String> {
        let others: u64 = self
            .world
            .cluster
            .sets
            .iter()
            .filter(|(k, _)| *k != set)
            .map(|(_, s)| s.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1).max(0) as u64)
            .sum();
        let wanted = replicas.max(0) as u64;
        (others + wanted > MAX_PODS).then(|| {
            format!(
                "error: the playground simulates at most {MAX_PODS} pods in all; spec.replicas: {replicas} of StatefulSet \"{}\" would make {}",
                set.1,
                others + wanted
            )
        })
    }

    /// `kubectl scale statefulset NAME --replicas=N`.
    fn scale(&mut self, out: &mut Output, name: &str, replicas: i32, ns: &str) {
        let key = (ns.to_string(), name.to_string());
        if !self.world.cluster.sets.contains_key(&key) {
            out.stderr =
                format!("Error from server (NotFound): statefulsets.apps \"{name}\" not found\n");
            return;
        }
        if let Some(msg) = self.pod_limit_error(&key, replicas) {
            out.stderr = format!("{msg}\n");
            return;
        }
        let Some(set) = self.world.cluster.sets.get_mut(&key) else {
            return;
        };
        let spec = set.spec.get_or_insert_with(Default::default);
        if spec.replicas != Some(replicas) {
            spec.replicas = Some(replicas);
            set.metadata.generation = Some(set.metadata.generation.unwrap_or(1) + 1);
        }
        out.stdout = format!("statefulset.apps/{name} scaled\n");
        self.world.advance_to(self.now());
    }

    /// `kubectl wait --for=condition=Ready pod/NAME`: advances the clock until the pod is
    /// Ready or the timeout passes.
    fn wait_ready(&mut self, out: &mut Output, pod: &str, timeout: Duration, ns: &str) {
        let key = (ns.to_string(), pod.to_string());
        if !self.world.cluster.pods.contains_key(&key) {
            out.stderr = format!("Error from server (NotFound): pods \"{pod}\" not found\n");
            return;
        }
        let deadline = self.now().plus_millis(timeout.0);
        loop {
            if self
                .world
                .cluster
                .pods
                .get(&key)
                .is_some_and(crate::sim::is_ready)
            {
                out.stdout = format!("pod/{pod} condition met\n");
                return;
            }
            let next = self.world.next_wake().filter(|t| *t <= deadline);
            match next {
                Some(t) => {
                    self.world.advance_to(t);
                }
                None => {
                    self.world.advance_to(deadline);
                    if self
                        .world
                        .cluster
                        .pods
                        .get(&key)
                        .is_some_and(crate::sim::is_ready)
                    {
                        out.stdout = format!("pod/{pod} condition met\n");
                    } else {
                        out.stderr =
                            format!("error: timed out waiting for the condition on pods/{pod}\n");
                    }
                    return;
                }
            }
        }
    }

    fn describe(&self, out: &mut Output, resource: Resource, name: &str, ns: &str) {
        let c = &self.world.cluster;
        match resource {
            Resource::StatefulSets => match c.sets.get(&(ns.to_string(), name.to_string())) {
                Some(set) => out.stdout = view::describe_statefulset(c, set),
                None if name.is_empty() => {
                    let mut texts = Vec::new();
                    for set in c.sets.iter().filter(|(k, _)| k.0 == ns).map(|(_, s)| s) {
                        texts.push(view::describe_statefulset(c, set));
                    }
                    out.stdout = texts.join("\n\n");
                }
                None => {
                    out.stderr = format!(
                        "Error from server (NotFound): statefulsets.apps \"{name}\" not found\n"
                    )
                }
            },
            Resource::Pods => match c.pods.get(&(ns.to_string(), name.to_string())) {
                Some(pod) => out.stdout = view::describe_pod(c, pod),
                None => {
                    out.stderr =
                        format!("Error from server (NotFound): pods \"{name}\" not found\n")
                }
            },
            Resource::Services => match c.services.get(&(ns.to_string(), name.to_string())) {
                Some(svc) => out.stdout = view::describe_service(c, svc),
                None => {
                    out.stderr =
                        format!("Error from server (NotFound): services \"{name}\" not found\n")
                }
            },
            Resource::PersistentVolumeClaims => {
                match c.claims.get(&(ns.to_string(), name.to_string())) {
                    Some(claim) => out.stdout = view::describe_pvc(c, claim),
                    None => {
                        out.stderr = format!(
                            "Error from server (NotFound): persistentvolumeclaims \"{name}\" not found\n"
                        )
                    }
                }
            }
            _ => {
                out.stderr = "error: the playground describes statefulsets, pods, services and persistentvolumeclaims\n".into();
            }
        }
    }

    /// `kubectl run`: a client pod; with `-i` CMD runs in it (a shell opens the `/ #`
    /// prompt for the following lines); with `--rm` it is deleted when CMD ends.
    #[allow(clippy::too_many_arguments)]
    fn run_client(
        &mut self,
        out: &mut Output,
        name: &str,
        image: &str,
        ns: &str,
        interactive: bool,
        rm: bool,
        command: &[String],
    ) {
        let key = (ns.to_string(), name.to_string());
        if !self.world.cluster.namespaces.contains_key(ns) {
            out.stderr = format!("Error from server (NotFound): namespaces \"{ns}\" not found\n");
            out.exit_code = 1;
            return;
        }
        if self.clients.contains_key(&key) || self.world.cluster.pods.contains_key(&key) {
            out.stderr =
                format!("Error from server (AlreadyExists): pods \"{name}\" already exists\n");
            out.exit_code = 1;
            return;
        }
        let c = &mut self.world.cluster;
        let node = c.schedule();
        let ip = c.allocate_pod_ip(node);
        let pod = ClientPod::new(name, ns, image, Some(&ip));
        if !interactive {
            out.stdout = format!("pod/{name} created\n");
            self.clients.insert(key, pod);
            return;
        }
        let prog = command.first().map(|c| c.rsplit('/').next().unwrap_or(c));
        if matches!(prog, None | Some("sh" | "ash" | "bash")) {
            self.shell = Some((pod, rm));
            return;
        }
        let r = match self.in_pod(|env| crate::tools::run_in_pod(env, &pod, command)) {
            Ok(r) => r,
            Err(crate::tools::NotRun::NotFound(cmd)) => crate::tools::ToolOutput {
                stdout: String::new(),
                stderr: format!("exec {cmd} failed: No such file or directory\n"),
                exit_code: 127,
            },
        };
        (out.stdout, out.stderr, out.exit_code) = (r.stdout, r.stderr, r.exit_code);
        if rm {
            self.world.cluster.used_pod_ips.remove(&ip);
            out.stdout
                .push_str(&format!("pod \"{name}\" deleted from {ns} namespace\n"));
        } else {
            self.clients.insert(key, pod);
        }
        if out.exit_code != 0 {
            out.stderr
                .push_str(&format!("pod {ns}/{name} terminated (Error)\n"));
        }
    }

    /// Runs `f` with what commands in a pod reach: DNS, the clock, the files, the pods.
    fn in_pod<R>(&mut self, f: impl FnOnce(&mut crate::tools::PodEnv<'_>) -> R) -> R {
        let cluster = &self.world.cluster;
        let clients = &self.clients;
        let view = crate::dns::DnsView::new(cluster);
        let peer = |ip: &str| serving_pod(cluster, clients, ip);
        let mut env = crate::tools::PodEnv {
            view: &view,
            now: cluster.now,
            disks: &mut self.disks,
            peer: &peer,
        };
        f(&mut env)
    }

    /// `kubectl exec POD -- CMD`.
    fn exec(&mut self, out: &mut Output, pod: &str, ns: &str, command: &[String]) {
        let Some(target) = exec_target(&self.world.cluster, &self.clients, ns, pod) else {
            out.stderr = format!("Error from server (NotFound): pods \"{pod}\" not found\n");
            out.exit_code = 1;
            return;
        };
        match self.in_pod(|env| crate::tools::run_in_pod(env, &target, command)) {
            Ok(r) => {
                (out.stdout, out.stderr, out.exit_code) = (r.stdout, r.stderr, r.exit_code);
                if r.exit_code != 0 {
                    out.stderr.push_str(&format!(
                        "command terminated with exit code {}\n",
                        r.exit_code
                    ));
                }
            }
            Err(crate::tools::NotRun::NotFound(cmd)) => {
                out.stderr = format!(
                    "error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: \"{cmd}\": executable file not found in $PATH: unknown\n"
                );
                out.exit_code = 1;
            }
        }
    }

    /// A line typed at the `/ # ` prompt of a client pod's shell.
    fn run_in_shell(&mut self, line: &str) -> Output {
        let mut out = Output {
            command: line.trim().to_string(),
            time: self.now().seconds(),
            prompt: Some("/ # ".into()),
            ..Default::default()
        };
        let Some((pod, rm)) = self.shell.clone() else {
            return out;
        };
        if line.trim() == "exit" || line.trim().starts_with("exit ") {
            self.shell = None;
            let key = (pod.namespace.clone(), pod.name.clone());
            if rm {
                if let Some(h) = &pod.hosts {
                    self.world.cluster.used_pod_ips.remove(&h.ip);
                }
                out.stdout = format!(
                    "pod \"{}\" deleted from {} namespace\n",
                    pod.name, pod.namespace
                );
            } else {
                self.clients.insert(key, pod);
            }
            return out;
        }
        let r = self.in_pod(|env| crate::tools::run_at_prompt(env, &pod, line.trim()));
        (out.stdout, out.stderr, out.exit_code) = (r.stdout, r.stderr, r.exit_code);
        out
    }

    /// Applies a manifest text. Returns stdout, stderr and the editor's diagnostics.
    fn apply_text(&mut self, text: &str, source: &str) -> (String, String, Vec<Diagnostic>) {
        let mut stdout = String::new();
        let mut stderr = String::new();
        let (docs, mut diagnostics) = yaml::parse_documents(text);
        // kubectl stops at the first document it cannot parse; the ones before it apply.
        let first_broken = diagnostics.first().map(|d| d.document);
        let usable: Vec<Document> = docs
            .iter()
            .filter(|d| first_broken.is_none_or(|b| d.index < b))
            .cloned()
            .collect();
        let (decoded, problems) = api::decode_documents(&usable, source);
        // Objects are applied one after the other, as kubectl does: a Namespace earlier in
        // the text exists for the objects after it.
        enum Outcome {
            Stored(Applied),
            Invalid(Vec<FieldError>),
            Refused(String),
        }
        let mut checked: Vec<(usize, api::Kind, String, Outcome)> = Vec::new();
        // For an update that fails: the patch kubectl sent and the object's namespace.
        let mut patches: Vec<(usize, String, String)> = Vec::new();
        for d in decoded {
            let doc = &docs[d.document];
            let (mut object, errors, other) = self.prepare(d.object, doc);
            let (kind, name) = (object.kind(), object.name().to_string());
            // kubectl apply keeps what it applied in an annotation.
            let namespaced = kind.namespaced();
            let ns = object
                .metadata_mut()
                .namespace
                .clone()
                .unwrap_or_else(|| "default".into());
            let config = doc
                .value
                .as_ref()
                .map(|v| yaml::applied_configuration(v, namespaced.then_some(ns.as_str())));
            let applied = config.as_ref().map(|c| {
                let mut text = yaml::go_json_text(c);
                text.push('\n');
                text
            });
            let outcome = match other {
                Some(msg) => Outcome::Refused(msg),
                None if !errors.is_empty() => {
                    if let (Some(live), Some(config), Some(applied)) =
                        (self.live_json(kind, &ns, &name), config, &applied)
                    {
                        patches.push((d.document, apply_patch(&live, config, applied), ns));
                    }
                    Outcome::Invalid(errors)
                }
                None => {
                    if let Some(applied) = applied {
                        object
                            .metadata_mut()
                            .annotations
                            .get_or_insert_with(Default::default)
                            .insert(yaml::LAST_APPLIED.into(), applied);
                    }
                    Outcome::Stored(self.store_object(object))
                }
            };
            checked.push((d.document, kind, name, outcome));
        }
        let failing = checked
            .iter()
            .filter(|c| matches!(c.3, Outcome::Invalid(_)))
            .count();
        let problem_docs: Vec<(usize, String)> = problems
            .iter()
            .map(|p| (p.diagnostic.document, p.stderr.clone()))
            .collect();
        // Output in document order: objects and problems interleaved.
        let mut items: Vec<(usize, String, bool)> = Vec::new();
        for (document, kind, name, outcome) in checked {
            let doc = &docs[document];
            match outcome {
                Outcome::Refused(msg) => {
                    let at = if msg.contains("spec.replicas") {
                        vec![Seg::Key("spec".into()), Seg::Key("replicas".into())]
                    } else {
                        Vec::new()
                    };
                    diagnostics.push(doc.diagnostic_at(&at, msg.clone()));
                    items.push((document, msg, true));
                }
                Outcome::Invalid(errors) => {
                    for e in &errors {
                        diagnostics
                            .push(doc.diagnostic_at(&written_path(doc, &e.path), e.render()));
                    }
                    let text = if failing == 1 {
                        validation::render_invalid(kind.name(), &name, &errors)
                    } else {
                        let mut rendered: Vec<String> = Vec::new();
                        for e in &errors {
                            let r = e.render();
                            if !rendered.contains(&r) {
                                rendered.push(r);
                            }
                        }
                        let group = match kind {
                            api::Kind::StatefulSet => ".apps",
                            api::Kind::StorageClass => ".storage.k8s.io",
                            _ => "",
                        };
                        let body = if rendered.len() == 1 {
                            rendered[0].clone()
                        } else {
                            format!("[{}]", rendered.join(", "))
                        };
                        let invalid =
                            format!("{}{group} \"{name}\" is invalid: {body}", kind.name());
                        match patches.iter().find(|p| p.0 == document) {
                            // kubectl's `AddSourceToErr` around the patcher's own.
                            Some((_, patch, ns)) => format!(
                                "Error from server (Invalid): error when applying patch:\n{patch}\nto:\n{}\nName: \"{name}\", Namespace: \"{}\"\nfor: \"{source}\": error when patching \"{source}\": {invalid}",
                                kind.mapping(),
                                if kind.namespaced() { ns.as_str() } else { "" }
                            ),
                            None => format!(
                                "Error from server (Invalid): error when creating \"{source}\": {invalid}"
                            ),
                        }
                    };
                    items.push((document, text, true));
                }
                Outcome::Stored(result) => {
                    let verb = match result {
                        Applied::Created => "created",
                        Applied::Configured => "configured",
                        Applied::Unchanged => "unchanged",
                    };
                    items.push((
                        document,
                        format!("{}/{name} {verb}", kind.resource_ref()),
                        false,
                    ));
                }
            }
        }
        for (doc, text) in problem_docs {
            items.push((doc, text, true));
        }
        for p in &problems {
            diagnostics.push(p.diagnostic.clone());
        }
        crate::order::by_u64(&mut items, |(doc, _, _)| *doc as u64);
        for (_, text, is_err) in items {
            let target = if is_err { &mut stderr } else { &mut stdout };
            target.push_str(&text);
            target.push('\n');
        }
        if let Some(b) = first_broken {
            let d = diagnostics.iter().find(|d| d.document == b).cloned();
            if let Some(d) = d {
                stderr.push_str(&format!(
                    "error: error parsing {source}: error converting YAML to JSON: {}\n",
                    crate::yaml::kubectl_parse_error(&d)
                ));
            }
        }
        if docs.iter().all(|d| d.value.is_none()) && diagnostics.is_empty() {
            stderr.push_str("error: no objects passed to apply\n");
            diagnostics.push(Diagnostic {
                document: 0,
                line: 1,
                column: 1,
                message: "there are no objects to apply: the text is empty (kubectl: error: no objects passed to apply)".into(),
            });
        }
        crate::order::by_u64(&mut diagnostics, |d| {
            ((d.line as u64) << 32) | d.column as u64
        });
        (stdout, stderr, diagnostics)
    }

    /// Defaults and validates one object against the current state (create or update).
    /// Returns the defaulted object, its field errors, and any other refusal.
    fn prepare(&self, object: Object, doc: &Document) -> (Object, Vec<FieldError>, Option<String>) {
        let c = &self.world.cluster;
        match object {
            Object::Namespace(ns) => {
                let errors = validation::validate_namespace(&ns);
                (Object::Namespace(ns), errors, None)
            }
            Object::Service(mut svc) => {
                defaults::default_service(&mut svc);
                let key = key_of(&svc.metadata);
                if !c.namespaces.contains_key(&key.0) {
                    let msg = format!("Error from server (NotFound): error when creating \"STDIN\": namespaces \"{}\" not found", key.0);
                    return (Object::Service(svc), vec![], Some(msg));
                }
                let mut errors = validation::validate_service(&svc);
                if let Some(old) = c.services.get(&key) {
                    errors.extend(service_update_errors(old, &svc));
                }
                (Object::Service(svc), errors, None)
            }
            Object::StatefulSet(mut set) => {
                defaults::default_statefulset(&mut set);
                let key = key_of(&set.metadata);
                if !c.namespaces.contains_key(&key.0) {
                    let msg = format!("Error from server (NotFound): error when creating \"STDIN\": namespaces \"{}\" not found", key.0);
                    return (Object::StatefulSet(set), vec![], Some(msg));
                }
                let mut errors = validation::validate_statefulset(&set);
                let has_selector = doc
                    .value
                    .as_ref()
                    .and_then(|v| v.get("spec"))
                    .and_then(|s| s.get("selector"))
                    .is_some_and(|s| !s.is_null());
                if !has_selector {
                    let at = errors.iter().position(|e| {
                        e.path == [Seg::Key("spec".into()), Seg::Key("selector".into())]
                    });
                    errors.retain(|e| {
                        e.path != [Seg::Key("spec".into()), Seg::Key("selector".into())]
                            && !(e.kind == ErrorType::Invalid
                                && validation::render_path(&e.path)
                                    == "spec.template.metadata.labels")
                    });
                    let at = at.unwrap_or(errors.len()).min(errors.len());
                    for (i, e) in validation::missing_selector_errors(&set)
                        .into_iter()
                        .enumerate()
                    {
                        errors.insert(at + i, e);
                    }
                }
                if let Some(old) = c.sets.get(&key) {
                    errors.extend(statefulset_update_errors(old, &set));
                }
                let replicas = set.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
                if errors.is_empty() {
                    if let Some(msg) = self.pod_limit_error(&key, replicas) {
                        return (Object::StatefulSet(set), vec![], Some(msg));
                    }
                }
                (Object::StatefulSet(set), errors, None)
            }
            Object::PersistentVolumeClaim(mut claim) => {
                let key = key_of(&claim.metadata);
                let old = c.claims.get(&key);
                if let (Some(old), Some(spec)) =
                    (old.and_then(|o| o.spec.as_ref()), claim.spec.as_mut())
                {
                    // What the server filled in (the volume it bound, the admission's class)
                    // stays when the new text leaves it out, as apply's patch leaves it.
                    if spec.volume_name.is_none() {
                        spec.volume_name = old.volume_name.clone();
                    }
                    if spec.storage_class_name.is_none() {
                        spec.storage_class_name = old.storage_class_name.clone();
                    }
                }
                defaults::default_claim(&mut claim, c.default_storage_class());
                if !c.namespaces.contains_key(&key.0) {
                    let msg = format!("Error from server (NotFound): error when creating \"STDIN\": namespaces \"{}\" not found", key.0);
                    return (Object::PersistentVolumeClaim(claim), vec![], Some(msg));
                }
                let mut errors = validation::validate_claim(&claim);
                if let Some(old) = old {
                    errors.extend(validation::validate_claim_update(old, &claim));
                    if errors.is_empty() {
                        if let Some(msg) = self.claim_resize_refusal(old, &claim) {
                            return (Object::PersistentVolumeClaim(claim), vec![], Some(msg));
                        }
                    }
                }
                (Object::PersistentVolumeClaim(claim), errors, None)
            }
            Object::Pod(mut pod) => {
                defaults::default_pod(&mut pod);
                let key = key_of(&pod.metadata);
                if !c.namespaces.contains_key(&key.0) {
                    let msg = format!("Error from server (NotFound): error when creating \"STDIN\": namespaces \"{}\" not found", key.0);
                    return (Object::Pod(pod), vec![], Some(msg));
                }
                let mut errors = validation::validate_pod(&pod);
                match c.pods.get(&key) {
                    Some(old) => {
                        // The scheduler's choice and what admission added stay, as
                        // apply's patch leaves them.
                        if let (Some(o), Some(n)) = (old.spec.as_ref(), pod.spec.as_mut()) {
                            n.node_name.clone_from(&o.node_name);
                            let suffix = defaults::token_suffix_of(o).unwrap_or("").to_string();
                            defaults::admit_pod(n, &suffix);
                        }
                        errors.extend(validation::validate_pod_update(old, &pod));
                    }
                    None if errors.is_empty() && c.pods.len() as u64 >= MAX_PODS => {
                        let msg = format!("error: the playground simulates at most {MAX_PODS} pods in all; pod \"{}\" would make {}", key.1, MAX_PODS + 1);
                        return (Object::Pod(pod), vec![], Some(msg));
                    }
                    None => {}
                }
                (Object::Pod(pod), errors, None)
            }
            Object::StorageClass(mut class) => {
                // Cluster-scoped: a namespace in the text is dropped, as the server drops it.
                class.metadata.namespace = None;
                defaults::default_storage_class(&mut class);
                let mut errors = validation::validate_storage_class(&class);
                let key = (String::new(), object_name(&class.metadata));
                if let Some(old) = c.storage_classes.get(&key) {
                    errors.extend(validation::validate_storage_class_update(old, &class));
                }
                (Object::StorageClass(class), errors, None)
            }
        }
    }

    /// The PersistentVolumeClaimResize admission plugin: a bound claim may grow only when its
    /// class allows volume expansion (kind's `standard` does not).
    fn claim_resize_refusal(
        &self,
        old: &k8s_openapi::api::core::v1::PersistentVolumeClaim,
        new: &k8s_openapi::api::core::v1::PersistentVolumeClaim,
    ) -> Option<String> {
        let size = |c: &k8s_openapi::api::core::v1::PersistentVolumeClaim| {
            validation::claim_storage(c.spec.as_ref())
                .and_then(validation::quantity_value)
                .unwrap_or(0.0)
        };
        if size(new) <= size(old) {
            return None;
        }
        let class = self.world.cluster.storage_class(
            old.spec
                .as_ref()
                .and_then(|s| s.storage_class_name.as_deref()),
        );
        if class.is_some_and(|c| c.allow_volume_expansion == Some(true)) {
            return None;
        }
        let name = new.metadata.name.as_deref().unwrap_or("");
        Some(format!("Error from server (Forbidden): error when applying patch to \"STDIN\": persistentvolumeclaims \"{name}\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize"))
    }

    /// The stored object an apply of `kind` `ns`/`name` would update, as JSON.
    fn live_json(&self, kind: api::Kind, ns: &str, name: &str) -> Option<serde_json::Value> {
        let c = &self.world.cluster;
        let key = (ns.to_string(), name.to_string());
        match kind {
            api::Kind::Service => c.services.get(&key).map(to_json),
            api::Kind::StatefulSet => c.sets.get(&key).map(to_json),
            api::Kind::PersistentVolumeClaim => c.claims.get(&key).map(to_json),
            api::Kind::Pod => c.pods.get(&key).map(to_json),
            api::Kind::StorageClass => c
                .storage_classes
                .get(&(String::new(), name.to_string()))
                .map(to_json),
            api::Kind::Namespace => c
                .namespaces
                .get(name)
                .map(|r| crate::derived::namespace_object(name, r)),
            api::Kind::Event => None,
        }
    }

    fn store_object(&mut self, object: Object) -> Applied {
        let c = &mut self.world.cluster;
        match object {
            Object::Namespace(ns) => {
                let name = ns.metadata.name.clone().unwrap_or_default();
                let labels = ns.metadata.labels.clone().unwrap_or_default();
                let annotations = ns.metadata.annotations.clone().unwrap_or_default();
                if let Some(old) = c.namespaces.get(&name) {
                    if old.labels == labels && old.annotations == annotations {
                        return Applied::Unchanged;
                    }
                    let created = old.created;
                    let record = crate::store::NamespaceRecord {
                        labels,
                        annotations,
                        resource_version: c.next_resource_version(),
                        created,
                    };
                    c.namespaces.insert(name, record);
                    return Applied::Configured;
                }
                let record = crate::store::NamespaceRecord {
                    created: c.now,
                    resource_version: c.next_resource_version(),
                    labels,
                    annotations,
                };
                c.namespaces.insert(name, record);
                Applied::Created
            }
            Object::Service(mut svc) => {
                let key = key_of(&svc.metadata);
                if let Some(old) = c.services.get(&key).cloned() {
                    // Fields the server fills keep their values across an apply.
                    let spec = svc.spec.get_or_insert_with(Default::default);
                    let no_old_spec = Default::default();
                    let old_spec = old.spec.as_ref().unwrap_or(&no_old_spec);
                    if spec.cluster_ip.is_none() {
                        spec.cluster_ip = old_spec.cluster_ip.clone();
                        spec.cluster_ips = old_spec.cluster_ips.clone();
                    }
                    spec.ip_families = old_spec.ip_families.clone();
                    spec.ip_family_policy = old_spec.ip_family_policy.clone();
                    if same(&old.spec, &svc.spec)
                        && old.metadata.labels == svc.metadata.labels
                        && old.metadata.annotations == svc.metadata.annotations
                    {
                        return Applied::Unchanged;
                    }
                    let mut meta = old.metadata.clone();
                    meta.labels = svc.metadata.labels.clone();
                    meta.annotations = svc.metadata.annotations.clone();
                    meta.resource_version = Some(c.next_resource_version());
                    svc.metadata = meta;
                    svc.status = old.status.clone();
                    c.services.insert(key, *svc);
                    return Applied::Configured;
                }
                let spec = svc.spec.get_or_insert_with(Default::default);
                let external = spec.type_.as_deref() == Some("ExternalName");
                if !external {
                    if spec.cluster_ip.is_none() {
                        let ip = c.allocate_service_ip();
                        spec.cluster_ip = Some(ip.clone());
                        spec.cluster_ips = Some(vec![ip]);
                    }
                    spec.ip_families = Some(vec!["IPv4".into()]);
                    spec.ip_family_policy = Some("SingleStack".into());
                }
                c.stamp_new(&mut svc.metadata);
                svc.status = Some(crate::store::service_status());
                c.services.insert(key, *svc);
                Applied::Created
            }
            Object::StatefulSet(mut set) => {
                let key: Key = key_of(&set.metadata);
                if let Some(old) = c.sets.get(&key) {
                    let spec_same = same(&old.spec, &set.spec);
                    if spec_same
                        && old.metadata.labels == set.metadata.labels
                        && old.metadata.annotations == set.metadata.annotations
                    {
                        return Applied::Unchanged;
                    }
                    let mut meta = old.metadata.clone();
                    let old_status = old.status.clone();
                    if !spec_same {
                        meta.generation = Some(meta.generation.unwrap_or(1) + 1);
                    }
                    meta.labels = set.metadata.labels.clone();
                    meta.annotations = set.metadata.annotations.clone();
                    meta.resource_version = Some(c.next_resource_version());
                    set.metadata = meta;
                    set.status = old_status;
                    c.sets.insert(key, *set);
                    return Applied::Configured;
                }
                c.stamp_new(&mut set.metadata);
                set.metadata.generation = Some(1);
                c.sets.insert(key, *set);
                Applied::Created
            }
            Object::PersistentVolumeClaim(mut claim) => {
                let key: Key = key_of(&claim.metadata);
                if let Some(mut old) = c.claims.remove(&key) {
                    let unchanged = same(&old.spec, &claim.spec)
                        && old.metadata.labels == claim.metadata.labels
                        && old.metadata.annotations == claim.metadata.annotations;
                    if !unchanged {
                        old.metadata.labels = claim.metadata.labels.take();
                        old.metadata.annotations = claim.metadata.annotations.take();
                        old.metadata.resource_version = Some(c.next_resource_version());
                        old.spec = claim.spec.take();
                    }
                    c.claims.insert(key, old);
                    return if unchanged {
                        Applied::Unchanged
                    } else {
                        Applied::Configured
                    };
                }
                c.stamp_new(&mut claim.metadata);
                claim.metadata.finalizers = Some(vec!["kubernetes.io/pvc-protection".into()]);
                claim.status = Some(k8s_openapi::api::core::v1::PersistentVolumeClaimStatus {
                    phase: Some("Pending".into()),
                    ..Default::default()
                });
                c.claims.insert(key.clone(), *claim);
                self.world.bind_if_immediate(&key);
                Applied::Created
            }
            Object::Pod(mut pod) => {
                let key = key_of(&pod.metadata);
                if let Some(mut old) = c.pods.remove(&key) {
                    let spec_same = same(&old.spec, &pod.spec);
                    let unchanged = spec_same
                        && old.metadata.labels == pod.metadata.labels
                        && old.metadata.annotations == pod.metadata.annotations;
                    if !unchanged {
                        old.metadata.labels = pod.metadata.labels.take();
                        old.metadata.annotations = pod.metadata.annotations.take();
                        old.metadata.resource_version = Some(c.next_resource_version());
                        // Only images may differ (validated): they are taken as written.
                        if let (Some(o), Some(n)) = (old.spec.as_mut(), pod.spec.as_mut()) {
                            for (oc, nc) in o.containers.iter_mut().zip(&mut n.containers) {
                                oc.image = nc.image.take();
                            }
                        }
                    }
                    c.pods.insert(key, old);
                    return if unchanged {
                        Applied::Unchanged
                    } else {
                        Applied::Configured
                    };
                }
                c.stamp_new(&mut pod.metadata);
                let uid = pod.metadata.uid.clone().unwrap_or_default();
                if let Some(spec) = pod.spec.as_mut() {
                    defaults::admit_pod(spec, &crate::sim::token_suffix(&uid));
                }
                pod.status = Some(k8s_openapi::api::core::v1::PodStatus {
                    phase: Some("Pending".into()),
                    qos_class: Some("BestEffort".into()),
                    ..Default::default()
                });
                let uid = pod.metadata.uid.clone().unwrap_or_default();
                c.pods.insert(key.clone(), *pod);
                self.world.start_pod(&key, &uid);
                Applied::Created
            }
            Object::StorageClass(mut class) => {
                let key = (String::new(), object_name(&class.metadata));
                if let Some(mut old) = c.storage_classes.remove(&key) {
                    let unchanged = old.metadata.labels == class.metadata.labels
                        && old.metadata.annotations == class.metadata.annotations
                        && old.allow_volume_expansion == class.allow_volume_expansion
                        && same(&old.mount_options, &class.mount_options);
                    if !unchanged {
                        old.metadata.labels = class.metadata.labels.take();
                        old.metadata.annotations = class.metadata.annotations.take();
                        old.metadata.resource_version = Some(c.next_resource_version());
                        old.allow_volume_expansion = class.allow_volume_expansion;
                        old.mount_options = class.mount_options.take();
                    }
                    c.storage_classes.insert(key, old);
                    return if unchanged {
                        Applied::Unchanged
                    } else {
                        Applied::Configured
                    };
                }
                c.stamp_new(&mut class.metadata);
                c.storage_classes.insert(key.clone(), *class);
                self.world.storage_class_created(&key.1);
                Applied::Created
            }
        }
    }

    /// The page's view of the cluster now.
    pub fn page_view(&self, applied: Output, diagnostics: Vec<Diagnostic>) -> PageView {
        let c = &self.world.cluster;
        let ns = "default";
        let conf = ResolvConf::cluster_first(ns);
        let dns_view = crate::dns::DnsView::new(c);
        let lookups: Vec<Output> = c
            .pods
            .iter()
            .filter(|((pns, _), _)| pns == ns)
            .filter_map(|(_, pod)| {
                let spec = pod.spec.as_ref()?;
                let name = format!("{}.{}", spec.hostname.as_ref()?, spec.subdomain.as_ref()?);
                let r = crate::tools::nslookup_busybox128(&dns_view, &conf, &name);
                Some(Output {
                    command: format!("nslookup {name}"),
                    stdout: r.stdout,
                    stderr: r.stderr,
                    exit_code: r.exit_code,
                    time: c.now.seconds(),
                    ..Default::default()
                })
            })
            .take(crate::page::MAX_PAGE_LOOKUPS)
            .collect();
        PageView {
            diagnostics,
            notes: Vec::new(),
            applied,
            clock: format!(
                "{} (+{})",
                c.now.rfc3339(),
                view::human_duration(c.now.seconds() as i64)
            ),
            services: view::services_table(c, ns, false),
            statefulsets: view::statefulsets_table(c, ns, false),
            pods: view::pods_table(c, ns, true),
            identities: view::identities_table(c, ns),
            events: view::statefulset_events_table(c, ns),
            lookups,
            claims: view::claims_table(c, ns, false),
            endpoints: view::endpoints_table(c, ns),
            dns: view::dns_records_table(c, &dns_view, ns),
            time_ms: c.now.0,
            next_change_ms: self.world.next_wake().map(|t| t.0),
            topology: view::topology(c, &dns_view, ns),
            pod_details: Vec::new(),
        }
    }
}

fn ensure_newline(mut s: String) -> String {
    if !s.is_empty() && !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// Where in the text a field error belongs: its own path, or the field the user wrote that
/// the API server turned into it (`clusterIP` becomes `clusterIPs[0]`).
fn written_path(doc: &Document, path: &[Seg]) -> Vec<Seg> {
    let cluster_ips = [Seg::Key("spec".into()), Seg::Key("clusterIPs".into())];
    let has = |key: &str| {
        doc.value
            .as_ref()
            .and_then(|v| v.get("spec"))
            .and_then(|s| s.get(key))
            .is_some()
    };
    if path.starts_with(&cluster_ips) && !has("clusterIPs") && has("clusterIP") {
        return vec![Seg::Key("spec".into()), Seg::Key("clusterIP".into())];
    }
    path.to_vec()
}

/// RFC 7386 merge patch; with `by_name`, lists of objects that all have a `name` merge
/// element by element (strategic merge patch's rule for containers, ports, volumes).
fn merge_patch(target: &mut serde_json::Value, patch: &serde_json::Value, by_name: bool) {
    use serde_json::Value;
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge_patch(t.entry(k.clone()).or_insert(Value::Null), v, by_name);
                }
            }
        }
        (Value::Array(t), Value::Array(p))
            if by_name
                && p.iter().all(|e| e.get("name").is_some())
                && t.iter().all(|e| e.get("name").is_some()) =>
        {
            for item in p {
                match t.iter_mut().find(|e| e["name"] == item["name"]) {
                    Some(existing) => merge_patch(existing, item, by_name),
                    None => t.push(item.clone()),
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

/// The plural kubectl uses in NotFound errors (`statefulsets.apps "web" not found`).
fn resource_plural(r: Resource) -> &'static str {
    match r {
        Resource::Pods => "pods",
        Resource::StatefulSets => "statefulsets.apps",
        Resource::Services => "services",
        Resource::Endpoints => "endpoints",
        Resource::EndpointSlices => "endpointslices.discovery.k8s.io",
        Resource::PersistentVolumeClaims => "persistentvolumeclaims",
        Resource::PersistentVolumes => "persistentvolumes",
        Resource::Events => "events",
        Resource::Namespaces => "namespaces",
        Resource::StorageClasses => "storageclasses.storage.k8s.io",
        Resource::ControllerRevisions => "controllerrevisions.apps",
    }
}

/// The objects of `ns` in name order with their labels, and their JSON when `json` (for
/// `-o json|yaml`) — only for the objects named, when names are given.
fn listed<T>(
    map: &crate::store::ObjMap<T>,
    ns: &str,
    json: bool,
    names: &[String],
    labels: bool,
) -> Vec<(String, BTreeMap<String, String>, serde_json::Value)>
where
    T: Serialize
        + k8s_openapi::Metadata<Ty = k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>
        + 'static,
{
    map.range((ns.to_string(), String::new())..)
        .take_while(|(k, _)| k.0 == ns)
        .map(|(k, o)| {
            (
                k.1.clone(),
                // Labels only for a selector to match (a clone per object otherwise).
                match &o.metadata().labels {
                    Some(l) if labels => l.clone(),
                    _ => BTreeMap::new(),
                },
                json_if(json && (names.is_empty() || names.contains(&k.1)), o),
            )
        })
        .collect()
}

fn json_if<T: Serialize>(json: bool, v: &T) -> serde_json::Value {
    if json {
        to_json(v)
    } else {
        serde_json::Value::Null
    }
}

/// One requirement of a label selector (`-l`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum LabelReq {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

/// Parses kubectl's label selector syntax: `app=nginx,tier!=web,env in (a,b),!canary`.
fn parse_selector(text: &str) -> Result<Vec<LabelReq>, String> {
    let mut reqs = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for ch in text.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    parts.push(cur);
    for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let bad = || format!("unable to parse requirement: found '{part}', expected: identifier");
        let list = |rest: &str| -> Result<Vec<String>, String> {
            let inner = rest
                .trim()
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .ok_or_else(bad)?;
            Ok(inner.split(',').map(|v| v.trim().to_string()).collect())
        };
        let req = if let Some((k, v)) = part.split_once("!=") {
            LabelReq::NotEquals(k.trim().into(), v.trim().into())
        } else if let Some((k, v)) = part.split_once("==") {
            LabelReq::Equals(k.trim().into(), v.trim().into())
        } else if let Some((k, v)) = part.split_once('=') {
            LabelReq::Equals(k.trim().into(), v.trim().into())
        } else if let Some((k, rest)) = part.split_once(" notin ") {
            LabelReq::NotIn(k.trim().into(), list(rest)?)
        } else if let Some((k, rest)) = part.split_once(" in ") {
            LabelReq::In(k.trim().into(), list(rest)?)
        } else if let Some(k) = part.strip_prefix('!') {
            LabelReq::NotExists(k.trim().into())
        } else if !part.contains(' ') {
            LabelReq::Exists(part.into())
        } else {
            return Err(bad());
        };
        reqs.push(req);
    }
    Ok(reqs)
}

fn selector_selects(reqs: &[LabelReq], labels: &BTreeMap<String, String>) -> bool {
    reqs.iter().all(|r| match r {
        LabelReq::Equals(k, v) => labels.get(k) == Some(v),
        LabelReq::NotEquals(k, v) => labels.get(k) != Some(v),
        LabelReq::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
        LabelReq::NotIn(k, vs) => labels.get(k).is_none_or(|v| !vs.contains(v)),
        LabelReq::Exists(k) => labels.contains_key(k),
        LabelReq::NotExists(k) => !labels.contains_key(k),
    })
}

/// kubectl's `List` of the objects a get printed.
fn kubectl_list(items: Vec<serde_json::Value>) -> serde_json::Value {
    yaml::json_object(vec![
        ("apiVersion", "v1".into()),
        ("items", serde_json::Value::Array(items)),
        ("kind", "List".into()),
        (
            "metadata",
            yaml::json_object(vec![("resourceVersion", "".into())]),
        ),
    ])
}

/// The patch `kubectl apply` sends to update `live` to `config` (its JSON with the new
/// last-applied annotation `applied`), given the configuration `live` was last applied with.
fn apply_patch(live: &serde_json::Value, mut config: serde_json::Value, applied: &str) -> String {
    let original = live["metadata"]["annotations"][yaml::LAST_APPLIED]
        .as_str()
        .and_then(|text| yaml::patch_json(text).ok())
        .unwrap_or(serde_json::Value::Null);
    if let Some(a) = config
        .get_mut("metadata")
        .and_then(|m| m.get_mut("annotations"))
        .and_then(|a| a.as_object_mut())
    {
        a.insert(yaml::LAST_APPLIED.into(), applied.into());
    }
    yaml::go_json_text(&crate::patch::three_way(&original, &config, live))
}

/// Whether two API values are equal, compared through their JSON: API types are not
/// compared with `==` in the engine, which keeps their `PartialEq` out of the wasm bundle.
fn same<T: Serialize>(a: &T, b: &T) -> bool {
    to_json(a) == to_json(b)
}

fn to_json<T: Serialize>(v: &T) -> serde_json::Value {
    crate::yaml::json_value(v)
}

/// kubectl prints JSON with four-space indentation. The compact text is re-indented as
/// serde_json's `PrettyFormatter` would write it (strings are copied as they are), so no
/// second serializer is in the bundle.
fn to_kubectl_json(v: &serde_json::Value) -> String {
    let compact = yaml::json_text(v);
    let mut out = String::with_capacity(compact.len() * 2);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("    ");
        }
    };
    let mut depth = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if let Some(close) = chars.next_if(|n| matches!(n, '}' | ']')) {
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth -= 1;
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out.push('\n');
    out
}

/// The Service update rules of spec 6.14: the ClusterIP may not change.
fn service_update_errors(old: &Service, new: &Service) -> Vec<FieldError> {
    let old_ips = old
        .spec
        .as_ref()
        .and_then(|s| s.cluster_ips.clone())
        .unwrap_or_default();
    let new_ips = new.spec.as_ref().and_then(|s| s.cluster_ips.clone());
    match new_ips {
        Some(ips) if !ips.is_empty() && ips != old_ips => vec![FieldError {
            path: vec![
                Seg::Key("spec".into()),
                Seg::Key("clusterIPs".into()),
                Seg::Index(0),
            ],
            kind: ErrorType::Invalid,
            value: Some(yaml::json_text(&serde_json::Value::from(ips.clone()))),
            detail: "may not change once set".into(),
        }],
        _ => vec![],
    }
}

/// `ValidateStatefulSetUpdate` (spec 6.10): only some spec fields may change.
fn statefulset_update_errors(old: &StatefulSet, new: &StatefulSet) -> Vec<FieldError> {
    let (Some(o), Some(n)) = (&old.spec, &new.spec) else {
        return vec![];
    };
    // Compared through JSON, without the fields that may change.
    let mutable = [
        "replicas",
        "ordinals",
        "template",
        "updateStrategy",
        "revisionHistoryLimit",
        "persistentVolumeClaimRetentionPolicy",
        "minReadySeconds",
    ];
    let strip = |spec: &k8s_openapi::api::apps::v1::StatefulSetSpec| {
        let mut v = to_json(spec);
        if let Some(m) = v.as_object_mut() {
            m.retain(|k, _| !mutable.contains(&k.as_str()));
        }
        v
    };
    let (o, n) = (strip(o), strip(n));
    if o == n {
        return vec![];
    }
    vec![FieldError {
        path: vec![Seg::Key("spec".into())],
        kind: ErrorType::Forbidden,
        value: None,
        detail: "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden".into(),
    }]
}

fn object_name(meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) -> String {
    meta.name.clone().unwrap_or_default()
}

/// A transcript: `$ COMMAND`, then stdout and stderr, for each output.
pub fn transcript(outputs: &[Output]) -> String {
    let mut s = String::new();
    for o in outputs {
        s.push_str(o.prompt.as_deref().unwrap_or("$ "));
        s.push_str(&o.command);
        s.push('\n');
        s.push_str(&o.stdout);
        s.push_str(&o.stderr);
    }
    s
}

/// The pod `kubectl exec` runs in: a client pod, or a cluster pod with its image's tools,
/// its hostname and its filesystem (its volume mounts; a claim's files are kept with the
/// claim, so the next pod of the same name finds them).
fn exec_target(
    cluster: &crate::store::Cluster,
    clients: &crate::store::ObjMap<ClientPod>,
    ns: &str,
    name: &str,
) -> Option<ClientPod> {
    let key = (ns.to_string(), name.to_string());
    if let Some(c) = clients.get(&key) {
        return Some(c.clone());
    }
    let pod = cluster.pods.get(&key)?;
    let spec = pod.spec.as_ref()?;
    let container = spec.containers.first();
    let image = container.and_then(|c| c.image.clone()).unwrap_or_default();
    let ip = pod.status.as_ref().and_then(|s| s.pod_ip.clone());
    let mut client = ClientPod::new(name, ns, &image, None);
    client.hosts = ip.map(|ip| {
        let hostname = spec.hostname.clone().unwrap_or_else(|| name.to_string());
        crate::dns::hosts_entry(&ip, &hostname, spec.subdomain.as_deref(), ns)
    });
    if let Some(h) = &spec.hostname {
        client.name = h.clone();
    }
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    client.fs.layer = format!("pod:{uid}");
    let volumes = spec.volumes.as_deref().unwrap_or_default();
    for m in container
        .and_then(|c| c.volume_mounts.as_deref())
        .unwrap_or_default()
    {
        let Some(v) = volumes.iter().find(|v| v.name == m.name) else {
            continue;
        };
        let (volume, read_only) = if let Some(pvc) = &v.persistent_volume_claim {
            // Keyed by the claim's uid: the same while the claim lives, bound or not, and
            // new for a claim made again after a delete (whose data is gone).
            let claim = cluster
                .claims
                .get(&(ns.to_string(), pvc.claim_name.clone()));
            let volume = match claim.and_then(|c| c.metadata.uid.as_deref()) {
                Some(claim_uid) => format!("claim:{claim_uid}"),
                None => format!("pod:{uid}:{}", v.name),
            };
            (volume, pvc.read_only == Some(true))
        } else {
            let fixed = v.config_map.is_some()
                || v.secret.is_some()
                || v.projected.is_some()
                || v.downward_api.is_some();
            (format!("pod:{uid}:{}", v.name), fixed)
        };
        client.fs.mounts.push(crate::files::Mount {
            path: crate::files::normalize(&m.mount_path),
            volume,
            read_only: read_only || m.read_only == Some(true),
        });
    }
    Some(client)
}

/// The pod at `ip` that a connection reaches: a running cluster pod, not terminating.
fn serving_pod(
    cluster: &crate::store::Cluster,
    clients: &crate::store::ObjMap<ClientPod>,
    ip: &str,
) -> Option<ClientPod> {
    let pod = cluster.pods.values().find(|p| {
        p.metadata.deletion_timestamp.is_none()
            && p.status.as_ref().is_some_and(|s| {
                s.pod_ip.as_deref() == Some(ip) && s.phase.as_deref() == Some("Running")
            })
    })?;
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    exec_target(cluster, clients, ns, pod.metadata.name.as_deref()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubectl_json_is_serde_jsons_pretty_text() {
        let v = serde_json::json!({
            "a": {}, "b": [], "c": [1, -2, 1.5, true, null, "x"], "d": {"e": [{}, [[]], {"f": "g"}]},
            "s": "quote \" backslash \\ braces {[,:]} tab\t newline\n \u{1} é",
            "{k:,}": "\\"
        });
        let mut buf = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
        v.serialize(&mut ser).unwrap();
        let want = String::from_utf8(buf).unwrap() + "\n";
        assert_eq!(to_kubectl_json(&v), want);
        for scalar in [
            serde_json::json!("x"),
            serde_json::json!(3),
            serde_json::json!({}),
        ] {
            assert_eq!(to_kubectl_json(&scalar), format!("{scalar}\n"));
        }
    }
}
