//! The page's view model: one call turns the editor text into everything the page shows.
//!
//! The web crate only draws a [`PageView`]; every cell, age and DNS answer in it is computed
//! here, through the same [`Session`] and command language the CLI uses.

use serde::Serialize;

use crate::link::{self, LinkError, Shared};
use crate::session::{Output, Scenario, ScenarioTimings, Session};
use crate::view::Table;
use crate::yaml::Diagnostic;

/// Everything the page shows for one editor text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct PageView {
    /// Problems in the text, each with its document and 1-based line and column. When this
    /// is not empty the page keeps showing its last good result, marked as stale.
    pub diagnostics: Vec<Diagnostic>,
    /// Notes for the learner on text kubectl takes without a word (a key given twice, whose
    /// first value kubectl drops). They do not stop the result.
    pub notes: Vec<Diagnostic>,
    /// What `kubectl apply -f -` printed for the text.
    pub applied: Output,
    /// The simulated time the views are taken at, e.g. `2026-01-01T00:00:30Z (+30s)`.
    pub clock: String,
    /// `kubectl get svc`.
    pub services: Table,
    /// `kubectl get statefulset`.
    pub statefulsets: Table,
    /// `kubectl get pods -o wide`.
    pub pods: Table,
    /// Each pod's stable identity: hostname, subdomain, DNS name and claims.
    pub identities: Table,
    /// The events of every StatefulSet, as `kubectl describe statefulset` lists them.
    pub events: Table,
    /// `nslookup <pod>.<service>` from a busybox 1.28 client pod, one per StatefulSet pod.
    pub lookups: Vec<Output>,
    /// `kubectl get pvc`.
    pub claims: Table,
    /// `kubectl get endpoints`.
    pub endpoints: Table,
    /// The DNS records every Service publishes (CoreDNS's view).
    pub dns: Table,
    /// Simulated milliseconds since the start.
    pub time_ms: u64,
    /// When the cluster will next change by itself (a pod starting or stopping), if ever.
    pub next_change_ms: Option<u64>,
    /// The cluster drawn as a picture: Services, StatefulSets and their pods.
    pub topology: Topology,
    /// Per pod: what selecting it shows.
    pub pod_details: Vec<PodDetail>,
}

/// What the topology picture draws.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Topology {
    pub services: Vec<TopologyService>,
    pub sets: Vec<TopologySet>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopologyService {
    pub name: String,
    /// `None` for a headless Service, else its ClusterIP.
    pub cluster_ip: String,
    pub headless: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopologySet {
    pub name: String,
    /// The governing Service named by `serviceName`, and whether it exists.
    pub service: String,
    pub service_exists: bool,
    /// `2/3`.
    pub ready: String,
    pub pods: Vec<TopologyPod>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopologyPod {
    pub name: String,
    pub ordinal: u64,
    /// kubectl's STATUS cell (`Running`, `ContainerCreating`, `Terminating`, …).
    pub status: String,
    pub ready: bool,
    pub ip: String,
    pub node: String,
    /// `web-0.nginx.default.svc.cluster.local`, when the pod has a subdomain.
    pub dns_name: String,
    /// Whether that name resolves now (the pod is a ready endpoint of its Service).
    pub published: bool,
    pub claims: Vec<String>,
}

/// What selecting a pod shows, each from the same commands the console runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PodDetail {
    pub name: String,
    /// `kubectl describe pod NAME`.
    pub describe: Output,
    /// `kubectl get pod NAME -o yaml`.
    pub yaml: String,
    /// `kubectl exec NAME -- hostname`, `cat /etc/hosts`, `cat /etc/resolv.conf`.
    pub hostname: Output,
    pub hosts: Output,
    pub resolv_conf: Output,
}

/// How long the page lets the simulated cluster run after applying the text at least (the
/// seed's `kubectl get svc` ran 29 s after its apply).
pub const SETTLE_SECONDS: u64 = 30;
/// The page shows the nslookup of at most this many pods (the first in name order).
pub const MAX_PAGE_LOOKUPS: usize = 20;

/// The longest the page lets it run while pods are still starting or stopping.
pub const MAX_SETTLE_SECONDS: u64 = 3600;

/// Applies `manifests` to a fresh cluster, lets it run until it has settled (at least
/// [`SETTLE_SECONDS`], at most [`MAX_SETTLE_SECONDS`] of simulated time) and returns the views.
pub fn evaluate(manifests: &str) -> PageView {
    Playground::new(manifests).view()
}

/// [`evaluate`] as JSON text, for the page's one JavaScript entry point.
pub fn evaluate_json(manifests: &str) -> String {
    crate::yaml::json_text(&crate::yaml::json_value(&evaluate(manifests)))
}

/// The page's cluster: the editor's manifests, the console's commands with the time each
/// ran, and the simulated cluster they made. Time can go forward (step, run) and back (seek):
/// going back replays the manifests and commands from the start, which gives the same
/// cluster since the simulation is deterministic.
#[derive(Debug, Clone)]
pub struct Playground {
    manifests: String,
    /// The scenario's pod timings, when it came from a scenario that sets them.
    timings: Option<ScenarioTimings>,
    /// Console commands and the simulated millisecond each ran at.
    history: Vec<(u64, String)>,
    /// The simulated millisecond each command of `history` finished at.
    finished: Vec<u64>,
    session: Session,
    applied: Output,
    diagnostics: Vec<Diagnostic>,
}

impl Playground {
    /// Applies `manifests` to a fresh cluster and lets it settle (at least
    /// [`SETTLE_SECONDS`], at most [`MAX_SETTLE_SECONDS`]).
    pub fn new(manifests: &str) -> Playground {
        let mut p = Playground::at_start(manifests, None);
        p.session.settle(SETTLE_SECONDS, MAX_SETTLE_SECONDS);
        p
    }

    /// The cluster just after `manifests` were applied at time zero.
    fn at_start(manifests: &str, timings: Option<ScenarioTimings>) -> Playground {
        let mut session = Session::new();
        if let Some(t) = timings.as_ref().and_then(|t| t.resolve().ok()) {
            session.set_timings(t);
        }
        let (applied, diagnostics) = session.apply_manifests(manifests);
        Playground {
            manifests: manifests.to_string(),
            timings,
            history: Vec::new(),
            finished: Vec::new(),
            session,
            applied,
            diagnostics,
        }
    }

    /// The editor text changed: start over with it. Returns the problems in the text; when
    /// there are any, the cluster is left as it was (the page shows it as stale).
    pub fn set_manifests(&mut self, manifests: &str) -> Vec<Diagnostic> {
        let next = Playground::new(manifests);
        if next.diagnostics.is_empty() {
            *self = next;
            Vec::new()
        } else {
            next.diagnostics
        }
    }

    /// Runs a console line at the current simulated time.
    pub fn run(&mut self, line: &str) -> Output {
        let at = self.session.now().0;
        let out = self.session.run(line);
        if !line.trim().is_empty() {
            self.history.push((at, line.to_string()));
            self.finished.push(self.session.now().0);
        }
        out
    }

    /// The prompt the next console line is typed at (`/ # ` inside a pod's shell).
    pub fn prompt(&self) -> Option<String> {
        self.session.prompt()
    }

    /// Advances the clock by `ms` milliseconds.
    pub fn advance(&mut self, ms: u64) {
        let t = self.session.now().plus_millis(ms);
        self.session.advance_to(t);
    }

    /// Advances the clock to the next moment the cluster changes by itself, if any.
    pub fn step(&mut self) -> bool {
        match self.session.next_change() {
            Some(t) => {
                self.session.advance_to(t);
                true
            }
            None => false,
        }
    }

    /// Goes to simulated millisecond `ms`, back or forward: back replays from the start.
    pub fn seek(&mut self, ms: u64) {
        if ms < self.session.now().0 {
            let history = std::mem::take(&mut self.history);
            let mut fresh = Playground::at_start(&self.manifests, self.timings.take());
            for (at, line) in history.iter().filter(|(at, _)| *at <= ms) {
                fresh.session.advance_to(crate::clock::Instant(*at));
                fresh.run(line);
            }
            // Commands after `ms` are forgotten: the console's past is rewritten from here.
            *self = fresh;
        }
        self.session.advance_to(crate::clock::Instant(ms));
    }

    /// The console commands run so far, with the simulated millisecond of each.
    pub fn history(&self) -> &[(u64, String)] {
        &self.history
    }

    /// A scenario run as `stsplay run` runs it (manifests applied at time zero, then each
    /// command), with the clock then moved to `at_ms` if given. Without commands or a time,
    /// the cluster settles as it does for the editor ([`Playground::new`]).
    pub fn from_scenario(scenario: &Scenario, at_ms: Option<u64>) -> Playground {
        Playground::replay(scenario, at_ms).0
    }

    /// [`Playground::from_scenario`], with what each command printed.
    fn replay(scenario: &Scenario, at_ms: Option<u64>) -> (Playground, Vec<Output>) {
        let mut p = Playground::at_start(&scenario.manifests, scenario.timings.clone());
        let outputs = scenario.commands.iter().map(|line| p.run(line)).collect();
        match at_ms {
            Some(ms) => p.seek(ms),
            None if scenario.commands.is_empty() => {
                p.session.settle(SETTLE_SECONDS, MAX_SETTLE_SECONDS);
            }
            None => {}
        }
        (p, outputs)
    }

    /// Opens a share link ([`link`]): the playground of its scenario at its time, what its
    /// commands printed, and what the link carries (its scenario text and its options,
    /// such as `view=`).
    pub fn open_link(text: &str) -> Result<Opened, OpenError> {
        let shared = link::decode(text).map_err(OpenError::Link)?;
        Playground::open_shared(shared)
    }

    /// Opens a scenario file the user picked (its text): as a link carrying that text
    /// would open, with the same size limit.
    pub fn open_file(text: &str) -> Result<Opened, OpenError> {
        if text.len() > link::MAX_DECODED_BYTES {
            return Err(OpenError::Link(LinkError {
                message: format!(
                    "The file is too large: {} bytes, more than the {} KiB a scenario may have.",
                    text.len(),
                    link::MAX_DECODED_BYTES / 1024
                ),
            }));
        }
        Playground::open_shared(Shared {
            scenario: text.to_string(),
            options: Vec::new(),
        })
    }

    fn open_shared(shared: Shared) -> Result<Opened, OpenError> {
        let scenario = Scenario::parse(&shared.scenario).map_err(OpenError::Scenario)?;
        let at = shared
            .time_ms()
            .map_err(|message| OpenError::Link(LinkError { message }))?;
        let (playground, outputs) = Playground::replay(&scenario, at);
        Ok(Opened {
            playground,
            manifests: scenario.manifests,
            outputs,
            shared,
        })
    }

    /// This playground as a scenario file: its manifests, then its commands, with a
    /// `sleep` wherever the clock moved between them (the page's clock controls), so that
    /// `stsplay run` and [`Playground::from_scenario`] replay it at the same times.
    pub fn scenario_text(&self) -> String {
        let mut commands = Vec::new();
        let mut clock = 0;
        for ((at, line), done) in self.history.iter().zip(&self.finished) {
            if *at > clock {
                commands.push(format!("sleep {}", sleep_text(at - clock)));
            }
            commands.push(line.clone());
            clock = *done;
        }
        link::scenario_text(&self.manifests, self.timings.as_ref(), &commands)
    }

    /// The share link's fragment (without `#`) for this playground now: its scenario, the
    /// simulated time as `t=` and the caller's `options` (such as `view=dns`) after it.
    pub fn share_fragment(&self, options: &[(&str, &str)]) -> String {
        let t = link::seconds_text(self.session.now().0);
        let mut all = vec![("t", t.as_str())];
        all.extend_from_slice(options);
        link::fragment(&self.scenario_text(), &all)
    }

    /// Everything the page shows now.
    pub fn view(&mut self) -> PageView {
        let mut view = self
            .session
            .page_view(self.applied.clone(), self.diagnostics.clone());
        view.notes = crate::yaml::repeated_key_notes(&self.manifests);
        let names: Vec<String> = view.pods.rows.iter().map(|r| r[0].clone()).collect();
        view.pod_details = names
            .into_iter()
            .take(MAX_PAGE_LOOKUPS)
            .map(|name| PodDetail {
                describe: self.session.run(&format!("kubectl describe pod {name}")),
                yaml: self
                    .session
                    .run(&format!("kubectl get pod {name} -o yaml"))
                    .stdout,
                hostname: self
                    .session
                    .run(&format!("kubectl exec {name} -- hostname")),
                hosts: self
                    .session
                    .run(&format!("kubectl exec {name} -- cat /etc/hosts")),
                resolv_conf: self
                    .session
                    .run(&format!("kubectl exec {name} -- cat /etc/resolv.conf")),
                name,
            })
            .collect();
        view
    }
}

/// A share link opened by [`Playground::open_link`].
#[derive(Debug, Clone)]
pub struct Opened {
    pub playground: Playground,
    /// The manifests, for the editor.
    pub manifests: String,
    /// What each of the scenario's commands printed, for the console.
    pub outputs: Vec<Output>,
    pub shared: Shared,
}

/// Why a link did not open: the link itself, or the scenario file inside it (with its line
/// and column in that file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    Link(LinkError),
    Scenario(Diagnostic),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Link(e) => f.write_str(&e.message),
            OpenError::Scenario(d) => write!(
                f,
                "This is not a valid scenario file: line {}, column {}: {}",
                d.line, d.column, d.message
            ),
        }
    }
}

/// `30s`, `1500ms`: a `sleep` argument for `ms` milliseconds.
fn sleep_text(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// What "New scenario" starts from: the smallest headless Service and StatefulSet, to be
/// renamed and grown (an empty text is not a scenario: kubectl answers it with `error: no
/// objects passed to apply`).
pub const NEW_MANIFESTS: &str = "\
# A new scenario: edit this YAML (documents separated by ---); the cluster follows.
apiVersion: v1
kind: Service
metadata:
  name: app
spec:
  clusterIP: None
  selector:
    app: app
  ports:
  - name: http
    port: 8080
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: app
spec:
  serviceName: app
  replicas: 1
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
      - name: app
        image: busybox:1.28
        command: [\"sleep\", \"infinity\"]
";

/// The seed's own example: the headless Service `nginx` and the StatefulSet `web` with two
/// replicas, exactly as the notes the project grew from write them. The page opens with it.
pub const SEED_MANIFESTS: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx # has to match .spec.template.metadata.labels
  serviceName: \"nginx\"
  replicas: 2 # by default is 1
  template:
    metadata:
      labels:
        app: nginx # has to match .spec.selector.matchLabels
    spec:
      containers:
      - name: nginx
        image: nginx:1.9.1
        ports:
        - containerPort: 80
          name: web
";
