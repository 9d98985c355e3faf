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
reported by FJ-TEXT-NONBLANK.",
    help: "remove the property, or give it a non-blank value",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx.flow, &mut |site| {
        if !matches!(site.place, Place::Property | Place::Condition) || !is_blank(site.text) {
            return;
        }
        let Some(c) = site.component else { return };
        if covers(c.kind, site.prop) {
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
