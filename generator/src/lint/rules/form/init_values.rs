use crate::flow::binding::{has_ref, is_expression};
use crate::flow::components::is_input;
use crate::flow::json::{Node, Value};
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::descends_from;

pub static RULE: Rule = Rule {
    id: "FJ-FORM-INIT-VALUES",
    level: Level::Error,
    versions: Versions::since(v(7, 0)),
    always: false,
    summary: "Form `init-values` keys name inputs of the Form and have the input's type (7.0+)",
    explain:
        "A Form's `init-values` object pre-fills its inputs, keyed by input `name`. From Flow \
JSON 7.0 WhatsApp checks it: every key must be the name of an input inside that Form, and the \
value must have the input's type — an array of ids for CheckboxGroup and ChipsSelector, a boolean \
for OptIn, a `{start-date, end-date}` object for a CalendarPicker in range mode, and a string for \
everything else. A binding (`${data.…}`) as the value is not checked here.",
    help: "use the name of an input inside this Form, with a value of the input's type",
    check,
};

/// The JSON type an initial value of `kind` has.
fn expected(kind: &str, node: &Node) -> &'static str {
    match kind {
        "CheckboxGroup" | "ChipsSelector" => "array",
        "OptIn" => "boolean",
        "CalendarPicker" if node.get("mode").and_then(Node::as_str) == Some("range") => "object",
        _ => "string",
    }
}

fn json_type(node: &Node) -> &'static str {
    match node.value {
        Value::Number(_) => "number",
        _ => node.type_name(),
    }
}

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for (fi, form) in screen.components.iter().enumerate() {
            if form.kind != Some("Form") {
                continue;
            }
            let Some(members) = form.node.get("init-values").and_then(Node::as_object) else {
                continue;
            };
            let form_name = form.name.unwrap_or("…");
            for m in members {
                let input = screen.components.iter().enumerate().find(|(ci, c)| {
                    c.name == Some(m.key.as_ref())
                        && c.kind.is_some_and(is_input)
                        && descends_from(screen, *ci, fi)
                });
                let Some((_, input)) = input else {
                    sink.report(
                        &m.value,
                        format!("init-values key '{}' is not the name of an input in Form '{form_name}'", m.key),
                    );
                    continue;
                };
                let kind = input.kind.unwrap_or_default();
                if matches!(kind, "PhotoPicker" | "DocumentPicker") {
                    continue; // FJ-FORM-NATIVE-INIT
                }
                if let Some(s) = m.value.as_str() {
                    if has_ref(s) || is_expression(s) {
                        continue;
                    }
                }
                let want = expected(kind, input.node);
                let got = json_type(&m.value);
                if want != got {
                    sink.report_help(
                        &m.value,
                        format!(
                            "init-values '{}' must be {} {want} for {kind} '{}', found {got}",
                            m.key,
                            article(want),
                            m.key
                        ),
                        format!("give '{}' {} {want} value", m.key, article(want)),
                    );
                }
            }
        }
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
