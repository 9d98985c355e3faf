//! Rules about screen data models (`data`): field shapes, types, examples.

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[];
