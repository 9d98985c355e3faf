//! Rules about dynamic references (`${data.x}`, `${form.x}`, `${screen.S.…}`) and backtick expressions.

use crate::lint::Rule;

mod bind_type;
mod common;
mod data_declared;
mod expr_grammar;
mod expr_in_actions;
mod expr_not_name_type;
mod expr_result_type;
mod expr_version;
mod form_exists;
mod form_in_props;
mod global_field;
mod global_not_self;
mod global_screen;
mod global_version;
mod if_condition;
mod mix_literal;
mod no_mix;
mod string_nonblank;
mod syntax;
mod text_nonblank;

pub static RULES: &[&Rule] = &[
    &syntax::RULE,
    &form_in_props::RULE,
    &global_version::RULE,
    &data_declared::RULE,
    &form_exists::RULE,
    &global_screen::RULE,
    &global_not_self::RULE,
    &global_field::RULE,
    &bind_type::RULE,
    &no_mix::RULE,
    &mix_literal::RULE,
    &expr_version::RULE,
    &expr_not_name_type::RULE,
    &expr_grammar::RULE,
    &expr_result_type::RULE,
    &expr_in_actions::RULE,
    &string_nonblank::RULE,
    &text_nonblank::RULE,
    &if_condition::RULE,
];
