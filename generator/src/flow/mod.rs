//! The Flow JSON model: a position-keeping JSON tree ([`json`]), Flow JSON versions ([`version`]),
//! the component catalogue ([`components`]), dynamic references ([`binding`]), the text of an input
//! file ([`source`]) and a typed view of a
//! whole Flow ([`model`]) that the lint rules, the endpoint contract and the preview all read.
//!
//! Why a typed *view* instead of `#[derive(Deserialize)]` structs: serde structs forget where a value
//! came from and stop at the first unknown key or wrong type. The linter must point at line:column
//! and report every problem, so the model borrows from the spanned tree and never fails to build:
//! whatever is missing or mistyped shows up as `None` and is reported by a rule.

pub mod binding;
pub mod components;
pub mod expression;
pub mod json;
pub mod model;
pub mod source;
pub mod version;

pub use model::{Action, ActionSite, Component, Container, Flow, Screen};
pub use version::{Version, Versions};
