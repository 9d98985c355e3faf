//! Rules about the routing model (given or generated from navigate actions).

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[];
