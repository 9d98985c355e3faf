//! Rules about Form, If and Switch containers.

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[];
