//! The scenario gallery's index, `scenarios/gallery.yaml`: which scenario files are in the
//! gallery, in what order, which are the steps of the guided tour, and their Chinese words
//! (the English ones are the scenario files' own `title` and `description`).

use serde::Deserialize;

use crate::yaml::Diagnostic;

/// One scenario of the gallery.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Entry {
    /// A stable id: the anchor `gallery.html#<id>`. Never renamed once published.
    pub id: String,
    /// The scenario file, relative to the index.
    pub file: String,
    /// Its step in the guided tour of the seed, if it is one.
    #[serde(default)]
    pub tour: Option<u32>,
    pub zh: Words,
}

/// A title and a description in one language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Words {
    pub title: String,
    pub description: String,
}

/// Reads the index.
pub fn parse_index(text: &str) -> Result<Vec<Entry>, Diagnostic> {
    crate::yaml::from_str_positioned(text)
}
