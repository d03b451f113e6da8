//! The page's view model: one call turns the editor text into everything the page shows.
//!
//! The web crate only draws a [`PageView`]; every cell, age and DNS answer in it is computed
//! here, through the same [`Session`] and command language the CLI uses.

use serde::Serialize;

use crate::session::{Output, Session};
use crate::view::Table;
use crate::yaml::Diagnostic;

/// Everything the page shows for one editor text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageView {
    /// Problems in the text, each with its document and 1-based line and column. When this
    /// is not empty the page keeps showing its last good result, marked as stale.
    pub diagnostics: Vec<Diagnostic>,
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
    let mut session = Session::new();
    let (applied, diagnostics) = session.apply_manifests(manifests);
    session.settle(SETTLE_SECONDS, MAX_SETTLE_SECONDS);
    session.page_view(applied, diagnostics)
}

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
