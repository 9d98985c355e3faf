use crate::flow::binding::{self, Target};
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_site, named, Place};

pub static RULE: Rule = Rule {
    id: "FJ-BIND-FORM-EXISTS",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`${form.x}` names a non-Form component on the same screen",
    explain: "`${form.x}` reads the value of the input named `x` on the current screen. The Builder rejects \
a name that no component on the screen carries (\"Missing Form component …\") and the name of a Form \
itself (\"Value of 'Form' component cannot be used in form binding.\"). To read an input of another \
screen use `${screen.ID.form.x}` (4.0+). Action payloads are checked by FJ-PAYLOAD-BINDINGS.",
    help: "use the `name` of an input on this screen",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx, &mut |site| {
        if matches!(site.place, Place::Payload(_)) || !binding::has_ref(site.text) {
            return;
        }
        for r in ctx.refs_at(site) {
            let Target::Form(name) = r.target else {
                continue;
            };
            let screen = site.screen.id.unwrap_or("?");
            match named(site.screen, name) {
                None => sink.report(
                    site.node,
                    format!(
                        "'{}': no component named '{name}' on screen '{screen}'",
                        r.text
                    ),
                ),
                Some(c) if c.kind == Some("Form") => sink.report_help(
                    site.node,
                    format!("'{}' names the Form itself; a Form has no value", r.text),
                    "reference one of the inputs inside the Form",
                ),
                Some(_) => {}
            }
        }
    });
}
