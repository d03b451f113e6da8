//! kubectl-shaped views (being written).
use serde::Serialize;

/// A table as kubectl prints it: column headers, rows of cells, and the exact text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The table as kubectl prints it (tabwriter-aligned), or kubectl's empty message.
    pub text: String,
}
