//! Rules about the document as a whole: JSON shape, size, root keys, `version`, `data_api_version`.

use crate::lint::Rule;

mod duplicate_key;
mod json_object;
mod size;
mod version_present;

pub static RULES: &[&Rule] = &[&json_object::RULE, &duplicate_key::RULE, &size::RULE, &version_present::RULE];
