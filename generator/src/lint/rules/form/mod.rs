//! Rules about Form, If and Switch containers.

use crate::lint::Rule;

mod common;
mod error_messages;
mod footer_form_pre4;
mod if_footer;
mod if_nesting;
mod if_then;
mod init_values;
mod inline_init;
mod max_one;
mod native_init;
mod nonempty;
mod outside;
mod required_pre4;
mod switch_cases;
mod switch_footer;
mod switch_value;

pub static RULES: &[&Rule] = &[
    &required_pre4::RULE,
    &outside::RULE,
    &max_one::RULE,
    &nonempty::RULE,
    &inline_init::RULE,
    &init_values::RULE,
    &error_messages::RULE,
    &native_init::RULE,
    &footer_form_pre4::RULE,
    &if_then::RULE,
    &if_footer::RULE,
    &if_nesting::RULE,
    &switch_value::RULE,
    &switch_cases::RULE,
    &switch_footer::RULE,
];
