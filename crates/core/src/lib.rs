//! The StatefulSet Playground engine.
//!
//! Data flows one way (see ARCHITECTURE.md):
//! text → [`yaml`] documents → [`api`] objects → [`defaults`] → [`validation`] →
//! [`store`] cluster state → [`sim`] on the simulated [`clock`] → [`dns`] answers and
//! [`view`] tables → [`command`] language → [`session`] facade.
//!
//! Nothing here reads a clock, does I/O or touches the DOM; the same input gives
//! byte-identical output.

pub mod api;
pub mod clock;
pub mod command;
pub mod defaults;
pub mod derived;
pub mod dns;
pub mod files;
pub mod gallery;
pub mod link;
pub mod order;
pub mod page;
pub mod patch;
pub mod render;
pub mod session;
pub mod shell;
pub mod sim;
pub mod store;
pub mod tools;
pub mod validation;
pub mod view;
pub mod yaml;

pub use page::{evaluate, PageView, SEED_MANIFESTS};
pub use session::{Output, Session};
pub use view::Table;
pub use yaml::Diagnostic;
