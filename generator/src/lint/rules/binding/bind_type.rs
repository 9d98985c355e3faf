use crate::flow::binding::{self, Target};
use crate::flow::expression::Ty;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{article, each_site, property_type, target_type, Place};

pub static RULE: Rule = Rule {
    id: "FJ-BIND-TYPE",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "a bound data field's type fits the property",
    explain:
        "When a whole property value is a single `${data.…}` (or `${screen.ID.data.…}`) reference, \
the declared `type` of that field must fit the property: booleans for `visible`, `required` and \
`enabled`; numbers for `min-chars`, `max-chars`, `min-selected-items`, `width`, …; arrays for \
`data-source`, `list-items`, `images`, `unavailable-dates` and `include-days`; strings (not \
booleans, arrays or objects) for labels, titles, descriptions, helper texts and captions — the \
value types of the component catalogue, as FJ-COMP-PROP-TYPE checks them for literal values. \
The Builder reports \"Expected '…' to be of type '…'\". Properties whose type depends on the \
component's configuration are not checked.",
    help: "bind a field of the right type, or change the field's \"type\" in the data model",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx, &mut |site| {
        if !site.whole || site.place != Place::Property || !binding::is_single_ref(site.text) {
            return;
        }
        let Some(component) = site.component else {
            return;
        };
        let Some(want) = property_type(component.kind, site.prop) else {
            return;
        };
        let Some(r) = ctx.refs_at(site).first() else {
            return;
        };
        if !matches!(r.target, Target::Data(_) | Target::ScreenData(..)) {
            return;
        }
        let got = target_type(ctx.flow, site.screen, &r.target);
        let wrong = match want {
            Ty::String => matches!(got, Ty::Boolean | Ty::Array | Ty::Object),
            _ => !got.fits(want),
        };
        if wrong {
            sink.report(
                site.node,
                format!(
                    "'{}' is {} {} field, but '{}' of {} expects {} {}",
                    r.text,
                    article(got),
                    got.name(),
                    site.prop,
                    component.kind.unwrap_or("this component"),
                    article(want),
                    want.name()
                ),
            );
        }
    });
}
