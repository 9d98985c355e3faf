//! Rules about dynamic references (`${data.x}`, `${form.x}`, `${screen.S.…}`) and backtick expressions.

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[];
