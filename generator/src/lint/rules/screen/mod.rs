//! Rules about screens: keys, ids, titles, layout, terminal and success flags, sensitive fields.

use crate::lint::Rule;

mod common;
mod components_count;
mod entry_first;
mod id_pattern;
mod id_reserved;
mod id_unique;
mod keys;
mod layout;
mod refresh_on_back;
mod sensitive_refs;
mod sensitive_version;
mod success_one_true;
mod success_terminal_only;
mod terminal_exists;
mod terminal_footer;
mod terminal_footer_action;
mod title;
mod title_nonblank;

pub static RULES: &[&Rule] = &[
    &keys::RULE,
    &id_pattern::RULE,
    &id_unique::RULE,
    &id_reserved::RULE,
    &title::RULE,
    &title_nonblank::RULE,
    &layout::RULE,
    &terminal_exists::RULE,
    &terminal_footer::RULE,
    &terminal_footer_action::RULE,
    &success_terminal_only::RULE,
    &success_one_true::RULE,
    &refresh_on_back::RULE,
    &sensitive_version::RULE,
    &sensitive_refs::RULE,
    &components_count::DOC,
    &components_count::MAX,
    &entry_first::RULE,
];
