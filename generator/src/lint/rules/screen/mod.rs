//! Rules about screens: keys, ids, titles, layout, terminal and success flags, sensitive fields.

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[];
