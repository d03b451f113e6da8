//! YAML documents with positions (being written).
use serde::Serialize;

/// A problem in the editor text, pinned to a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// 0-based index of the YAML document (`---`-separated) the problem is in.
    pub document: usize,
    pub line: usize,
    pub column: usize,
    pub message: String,
}
