//! The facade (being written).
use serde::Serialize;

use crate::page::PageView;
use crate::yaml::Diagnostic;

/// What one command printed, kept apart as the real tools keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Output {
    pub command: String,
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
    /// Simulated seconds since the start when the command ran.
    pub time: u64,
}

#[derive(Debug, Default)]
pub struct Session {}

impl Session {
    pub fn new() -> Self {
        Session {}
    }
    pub fn apply_manifests(&mut self, _text: &str) -> (Output, Vec<Diagnostic>) {
        (Output::default(), Vec::new())
    }
    pub fn advance_seconds(&mut self, _s: u64) {}
    pub fn page_view(&self, applied: Output, diagnostics: Vec<Diagnostic>) -> PageView {
        PageView {
            diagnostics,
            applied,
            clock: String::new(),
            services: Default::default(),
            statefulsets: Default::default(),
            pods: Default::default(),
            identities: Default::default(),
            events: Default::default(),
            lookups: Vec::new(),
        }
    }
}
