use crate::flow::components::{value_type, ValueType};
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::rules::util::is_blank;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_site, Place};
use super::text_nonblank::covers;

pub static RULE: Rule = Rule {
    id: "FJ-STRING-NONBLANK",
    level: Level::Error,
    versions: Versions::since(v(6, 0)),
    always: false,
    summary: "no blank string in any component property (6.0+)",
    explain: "From Flow JSON 6.0 every string property of a component — labels, helper texts, data-source \
ids and titles, captions, URLs, … — must hold visible text: `\"\"`, `\" \"` or `\"\\n\"` are rejected \
(\"should not be blank or an empty string.\"). Leave an optional property out instead of blanking it. \
Action payload values and Form init-values are free-form and not checked. Texts, names and labels are \
reported by FJ-TEXT-NONBLANK; a blank value where the property takes no text (a boolean, an array, an \
enumerated value, a date, an If condition, a Switch value) by the rule that checks that property \
(FJ-COMP-PROP-TYPE, FJ-COMP-ENUMS, FJ-DATE-FORMAT, FJ-IF-CONDITION, FJ-SWITCH-VALUE, …).",
    help: "remove the property, or give it a non-blank value",
    check,
};

/// True when a blank string at this property is this rule's finding: the property takes text
/// (or holds it inside, like the items of an option list). Elsewhere the property's own rule
/// reports the value (a blank is no boolean, no enum value, no date, no condition).
fn owns(kind: Option<&str>, prop: &str, whole: bool) -> bool {
    let Some(kind) = kind else { return false };
    if matches!(kind, "DatePicker" | "CalendarPicker")
        && matches!(
            prop,
            "min-date" | "max-date" | "unavailable-dates" | "init-value"
        )
    {
        return false; // FJ-DATE-FORMAT
    }
    match value_type(kind, prop) {
        Some(ValueType::Text | ValueType::TextOrLines | ValueType::TextOrObject) => true,
        Some(ValueType::Array | ValueType::Object) => !whole,
        // Unknown components and properties: FJ-COMP-TYPE / FJ-COMP-PROPS report them.
        _ => false,
    }
}

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx, &mut |site| {
        if !matches!(site.place, Place::Property | Place::Condition) || !is_blank(site.text) {
            return;
        }
        let Some(c) = site.component else { return };
        if covers(c.kind, site.prop) || !owns(c.kind, site.prop, site.whole) {
            return;
        }
        sink.report(
            site.node,
            format!(
                "'{}' of {} is blank",
                site.prop,
                c.kind.unwrap_or("this component")
            ),
        );
    });
}
