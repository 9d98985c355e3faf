//! Rules about components: known types, properties, required keys, enums, limits, placement.

use crate::lint::Rule;

mod common;
mod comp_type;
mod container;
mod enums;
mod footer_captions;
mod min_max;
mod name_unique;
mod option_max;
mod option_min;
mod per_screen_max;
mod prop_type;
mod props;
mod ranges;
mod required;
mod text_limits;

pub static RULES: &[&Rule] = &[
    &comp_type::RULE,
    &props::RULE,
    &prop_type::RULE,
    &required::RULE,
    &enums::RULE,
    &name_unique::RULE,
    &per_screen_max::RULE,
    &container::RULE,
    &text_limits::RULE,
    &option_min::RULE,
    &option_max::RULE,
    &min_max::RULE,
    &ranges::RULE,
    &footer_captions::RULE,
];
