//! Rules about components: known types, properties, required keys, enums, limits, placement.

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[];
