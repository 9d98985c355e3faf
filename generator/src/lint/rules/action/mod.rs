//! Rules about actions: where each may appear, their shape, navigate targets and payloads.

use crate::lint::Rule;

mod allowed;
mod common;
mod complete_terminal;
mod navigate_next;
mod navigate_next_type;
mod navigate_not_self;
mod navigate_payload_complete;
mod navigate_payload_declared;
mod navigate_payload_types;
mod navigate_target;
mod open_url;
mod payload_bindings;
mod select_shape;
mod update_data_keys;
mod update_data_self;

pub static RULES: &[&Rule] = &[
    &allowed::RULE,
    &select_shape::RULE,
    &navigate_next::RULE,
    &navigate_next_type::RULE,
    &navigate_target::RULE,
    &navigate_not_self::RULE,
    &navigate_payload_declared::RULE,
    &navigate_payload_complete::RULE,
    &navigate_payload_types::RULE,
    &complete_terminal::RULE,
    &payload_bindings::RULE,
    &open_url::RULE,
    &update_data_keys::RULE,
    &update_data_self::RULE,
];
