use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-SWITCH-CASES",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "a Switch has non-empty `cases` with well-formed keys",
    explain: "A Switch's `cases` is an object mapping each possible value to an array of \
components. It must have at least one case (\"The 'cases' property of a Switch component cannot be \
empty.\"), every key must start with a letter and continue with letters, digits, `-` or `_`, and \
every case must be an array of components.",
    help: "give the Switch at least one case whose key starts with a letter and whose value is an array",
    check,
};

fn key_ok(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in screen.of_kind("Switch") {
            let Some(cases) = c.node.get("cases") else {
                sink.report(c.node, "Switch has no 'cases'");
                continue;
            };
            let Some(members) = cases.as_object() else {
                sink.report(
                    cases,
                    format!(
                        "Switch 'cases' must be an object, found {}",
                        cases.type_name()
                    ),
                );
                continue;
            };
            if members.is_empty() {
                sink.report(cases, "Switch 'cases' is empty");
            }
            for m in members {
                if !key_ok(&m.key) {
                    sink.report_help(
                        &m.value,
                        format!("Switch case key '{}' must start with a letter and hold only letters, digits, '-' and '_'", m.key),
                        "rename the case (and the value it matches), e.g. \"option_1\"",
                    );
                }
                if m.value.as_array().is_none() {
                    sink.report(
                        &m.value,
                        format!(
                            "Switch case '{}' must be an array of components, found {}",
                            m.key,
                            m.value.type_name()
                        ),
                    );
                }
            }
        }
    }
}
