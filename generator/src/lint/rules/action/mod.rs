//! Rules about actions: where each may appear, their shape, navigate targets and payloads.

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[];
