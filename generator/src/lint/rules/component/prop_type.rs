use crate::flow::binding;
use crate::flow::components::{value_type, ValueType};
use crate::flow::json::{Node, Value};
use crate::flow::Versions;
use crate::lint::rules::util::short;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{available, fmt_num};

pub static RULE: Rule = Rule {
    id: "FJ-COMP-PROP-TYPE",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "component property values have the JSON type the catalogue gives them",
    explain: "Every component property takes one kind of value (spec §4): texts, labels, names \
and captions are strings; `visible`, `required`, `enabled` and `strikethrough` booleans; \
`min-chars`, `max-chars`, `min-selected-items`, `width`, `height`, … numbers; `data-source`, \
`list-items`, `images`, `unavailable-dates` are arrays; a Form's `init-values` and \
`error-messages` objects. The Builder refuses any other JSON type (`\"required\": \"true\"`, \
`\"label\": 5`). Where the spec allows dynamic data, a whole `${data.…}` / `${form.…}` / \
`${screen.…}` reference or a backtick expression (6.0+) may stand for a non-string value; its \
type is then checked by FJ-BIND-TYPE and FJ-EXPR-RESULT-TYPE. A text that mixes literals with a \
reference is a string, so it cannot be a boolean, number or array. The pickers' numeric limits \
and `markdown` take literal values only (a binding there is a warning: the Builder refuses it, \
the docs show one). Enumerated values, actions and If/Switch structure have their own rules.",
    help: "write the value with the JSON type the property takes",
    check,
};

/// The CalendarPicker properties that are objects in range mode (FJ-CALENDAR-RANGE-SHAPE).
const RANGE_SHAPED: &[&str] = &[
    "label",
    "helper-text",
    "required",
    "init-value",
    "error-message",
];

fn check(ctx: &Context, sink: &mut Sink) {
    let mixed_is_text = ctx.at_least(6, 0);
    let lines_allowed = !ctx
        .version()
        .is_some_and(|v| v < crate::flow::version::v(5, 1));
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            let Some((spec, _)) = available(ctx, c) else {
                continue;
            };
            let mode = c.node.get("mode").map(|m| m.as_str());
            for m in c.node.as_object().unwrap_or(&[]) {
                // Unknown properties are FJ-COMP-PROPS's.
                let Some(want) = value_type(spec.kind, &m.key) else {
                    continue;
                };
                if spec.kind == "CalendarPicker" && RANGE_SHAPED.contains(&m.key.as_ref()) {
                    // Range mode (or a mode that is not a literal) and objects in single mode
                    // are FJ-CALENDAR-RANGE-SHAPE's.
                    let single = matches!(mode, None | Some(Some("single")));
                    if !single || m.value.is_object() {
                        continue;
                    }
                }
                let problem = match want {
                    ValueType::TextOrLines if !lines_allowed && m.value.as_array().is_some() => {
                        None // an array `text` before 5.1 is FJ-TEXT-MARKDOWN's
                    }
                    _ => problem(want, &m.value, mixed_is_text),
                };
                let Some(problem) = problem else { continue };
                let at = problem.at.unwrap_or(&m.value);
                let message = format!("'{}' of {} {}", m.key, c.label(), problem.message);
                match (problem.warning, problem.help) {
                    (true, help) => {
                        sink.warn(at, message, help.unwrap_or_else(|| RULE.help.into()))
                    }
                    (false, Some(help)) => sink.report_help(at, message, help),
                    (false, None) => sink.report(at, message),
                }
            }
        }
    }
}

/// What is wrong with one value.
struct Problem<'a> {
    message: String,
    help: Option<String>,
    /// Where to point when not at the property's value (an array item).
    at: Option<&'a Node<'a>>,
    /// Only a warning (a binding where the Builder takes literals only).
    warning: bool,
}

fn found(message: String, help: Option<String>) -> Option<Problem<'static>> {
    Some(Problem {
        message,
        help,
        at: None,
        warning: false,
    })
}

/// The expected type in words, with its article.
fn wanted(want: ValueType) -> &'static str {
    match want {
        ValueType::Text => "a string",
        ValueType::TextOrLines => "a string or an array of strings",
        ValueType::TextOrObject => "a string or an object",
        ValueType::Boolean | ValueType::StaticBoolean => "a boolean",
        ValueType::Number | ValueType::StaticNumber => "a number",
        ValueType::Integer => "a whole number",
        ValueType::Array => "an array",
        ValueType::Components => "an array of components",
        ValueType::Object => "an object",
        ValueType::CheckedBy(_) => "a value",
    }
}

/// The value as shown in a message: `the string "true"`, `the number 5`, `null`, `an object`.
fn shown(node: &Node) -> String {
    match &node.value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {}", fmt_num(n.value)),
        Value::String(s) => format!("the string \"{}\"", short(s)),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// True when the JSON type of `node` is what `want` takes (a string for a non-text type is
/// handled by the caller).
fn fits(want: ValueType, node: &Node) -> bool {
    match (want, &node.value) {
        (ValueType::CheckedBy(_), _) => true,
        (ValueType::Text | ValueType::TextOrLines | ValueType::TextOrObject, Value::String(_)) => {
            true
        }
        (ValueType::TextOrLines, Value::Array(_)) => true,
        (ValueType::TextOrObject | ValueType::Object, Value::Object(_)) => true,
        (ValueType::Boolean | ValueType::StaticBoolean, Value::Bool(_)) => true,
        (ValueType::Number | ValueType::StaticNumber, Value::Number(_)) => true,
        (ValueType::Integer, Value::Number(n)) => n.value.fract() == 0.0,
        (ValueType::Array | ValueType::Components, Value::Array(_)) => true,
        _ => false,
    }
}

fn problem<'a>(want: ValueType, node: &'a Node<'a>, mixed_is_text: bool) -> Option<Problem<'a>> {
    if let (ValueType::TextOrLines, Some(lines)) = (want, node.as_array()) {
        let bad = lines.iter().find(|l| l.as_str().is_none())?;
        return Some(Problem {
            message: format!(
                "is an array of lines, and each line must be a string; this one is {}",
                shown(bad)
            ),
            help: Some("write every line as a string".into()),
            at: Some(bad),
            warning: false,
        });
    }
    if fits(want, node) {
        return None;
    }
    let Some(s) = node.as_str() else {
        // A non-string value of the wrong type.
        let help = match (want, &node.value) {
            (ValueType::Text, Value::Number(n)) => {
                Some(format!("write it as a string: \"{}\"", fmt_num(n.value)))
            }
            (ValueType::Text, Value::Bool(b)) => Some(format!("write it as a string: \"{b}\"")),
            (ValueType::Integer, Value::Number(_)) => Some("use a whole number".into()),
            _ => None,
        };
        return found(
            format!("must be {}, found {}", wanted(want), shown(node)),
            help,
        );
    };
    // A string where a boolean, number, array, object or component list belongs.
    let dynamic = binding::is_single_ref(s) || binding::is_expression(s);
    if dynamic {
        if want.bindable() {
            return None; // FJ-BIND-TYPE / FJ-EXPR-RESULT-TYPE check what it yields
        }
        return Some(Problem {
            message: format!(
                "takes a literal value, {}; the Builder accepts no binding or expression here",
                wanted(want)
            ),
            help: Some("write the value itself instead of the reference".into()),
            at: None,
            warning: want != ValueType::Components,
        });
    }
    if binding::has_ref(s) {
        if !mixed_is_text {
            return None; // text around a reference before 6.0 is FJ-BIND-NO-MIX's
        }
        return found(
            format!(
                "must be {}, but \"{}\" mixes text with a reference, which makes it a string",
                wanted(want),
                short(s)
            ),
            Some("use the reference alone (\"${data.field}\") or a backtick expression".into()),
        );
    }
    let trimmed = s.trim();
    let help = match want {
        ValueType::Boolean | ValueType::StaticBoolean if matches!(trimmed, "true" | "false") => {
            Some(format!("write {trimmed} without quotes"))
        }
        ValueType::Number | ValueType::StaticNumber | ValueType::Integer
            if trimmed.parse::<f64>().is_ok_and(f64::is_finite) =>
        {
            Some(format!("write {trimmed} without quotes"))
        }
        _ if want.bindable() => Some(format!(
            "write {} (or bind one: \"${{data.field}}\")",
            wanted(want)
        )),
        _ => None,
    };
    found(
        format!("must be {}, found {}", wanted(want), shown(node)),
        help,
    )
}
