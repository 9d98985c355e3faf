//! The rules, one file each, grouped by what they look at. Each group's `mod.rs` lists its rules.
//!
//! Writing a rule: add `lint/rules/<group>/<name>.rs` with `pub static RULE: Rule`, list it in the
//! group's `RULES`, and add `generator/fixtures/rules/<ID>/valid.json` and `invalid.json`; the test
//! in `lint/tests.rs` then checks both and snapshots the invalid one's diagnostics.

pub mod action;
pub mod binding;
pub mod component;
pub mod data;
pub mod document;
pub mod form;
pub mod routing;
pub mod screen;
pub mod specific;

/// Helpers several rules share.
pub mod util;
