//! Every rule, in one list. A rule id is never removed or reused: a retired rule keeps its entry.

use super::rule::Rule;
use super::rules;

/// The rule groups, in the order their rules run and are listed.
const GROUPS: &[&[&Rule]] = &[
    rules::document::RULES,
    rules::screen::RULES,
    rules::data::RULES,
    rules::binding::RULES,
    rules::component::RULES,
    rules::specific::RULES,
    rules::form::RULES,
    rules::action::RULES,
    rules::routing::RULES,
];

/// Every rule, in listing order.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    GROUPS.iter().flat_map(|g| g.iter().copied())
}

/// The rule with this id (case-insensitive).
pub fn find(id: &str) -> Option<&'static Rule> {
    all().find(|r| r.id.eq_ignore_ascii_case(id))
}

/// The closest rule id to a mistyped one, for "did you mean".
pub fn closest(id: &str) -> Option<&'static str> {
    let id = id.to_ascii_uppercase();
    all()
        .map(|r| (strsim::jaro_winkler(&id, r.id), r.id))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in all() {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(
                rule.id.starts_with("FJ-")
                    && rule
                        .id
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                rule.id
            );
            assert!(
                !rule.summary.is_empty() && !rule.explain.is_empty() && !rule.help.is_empty(),
                "{} lacks docs",
                rule.id
            );
        }
    }
}
