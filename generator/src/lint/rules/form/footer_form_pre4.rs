use crate::flow::binding::{has_ref, refs, Target};
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::rules::util::each_string;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-FOOTER-FORM-PRE4",
    level: Level::Error,
    versions: Versions::before(v(4, 0)),
    always: false,
    summary: "before 4.0, a Footer outside the Form does not read `${form.…}`",
    explain: "Before Flow JSON 4.0 form values are only visible inside the Form that holds the \
inputs. On a screen with a Form, a Footer placed outside it cannot send `${form.…}` values; \
WhatsApp reports \"Footer placed outside Form component\". A screen without a Form is not \
concerned (its Footer may read form values; inputs outside a Form are FJ-FORM-REQUIRED-PRE4's \
finding). Move the Footer into the Form.",
    help: "move the Footer into the Form whose values it sends",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        // Meta's rule: a Footer may read form values inside the Form, or when there is no Form.
        if screen.of_kind("Form").next().is_none() {
            continue;
        }
        for footer in screen.of_kind("Footer").filter(|f| !f.in_form) {
            each_string(footer.node, &mut |node, s| {
                if !has_ref(s) {
                    return;
                }
                for r in refs(s) {
                    if let Target::Form(name) = r.target {
                        sink.report(
                            node,
                            format!("Footer outside the Form reads '${{form.{name}}}'"),
                        );
                    }
                }
            });
        }
    }
}
