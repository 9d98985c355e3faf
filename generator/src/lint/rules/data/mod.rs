//! Rules about screen data models (`data`): field shapes, types, examples.

use crate::lint::Rule;

mod array_items;
mod common;
mod example_top_only;
mod example_valid;
mod field_name;
mod field_shape;
mod list_item_schema;
mod required_key;
mod type_values;

pub static RULES: &[&Rule] = &[
    &field_shape::RULE,
    &type_values::RULE,
    &array_items::RULE,
    &example_top_only::RULE,
    &example_valid::RULE,
    &required_key::RULE,
    &field_name::RULE,
    &list_item_schema::RULE,
];
