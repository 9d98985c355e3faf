//! Rules about the routing model (given or generated from navigate actions).

use crate::lint::Rule;

mod back_edge;
mod branches;
mod common;
mod connected;
mod cover;
mod ends_at_terminal;
mod entry;
mod gen_branches;
mod gen_connected;
mod gen_entry;
mod ids;
mod navigate_covered;
mod self_loop;

pub static RULES: &[&Rule] = &[
    &ids::RULE,
    &cover::RULE,
    &self_loop::RULE,
    &back_edge::RULE,
    &branches::RULE,
    &entry::RULE,
    &connected::RULE,
    &navigate_covered::RULE,
    &ends_at_terminal::RULE,
    &gen_branches::RULE,
    &gen_entry::RULE,
    &gen_connected::RULE,
];
