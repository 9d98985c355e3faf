use crate::flow::binding;
use crate::flow::components::{value_type, ValueType};
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::rules::util::short;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_site, Place};

pub static RULE: Rule = Rule {
    id: "FJ-BIND-MIX-LITERAL",
    level: Level::Warning,
    versions: Versions::since(v(6, 0)),
    always: false,
    summary: "text mixing literals with `${…}` outside backticks is shown as written (6.0+)",
    explain: "WhatsApp replaces a `${…}` reference only when it is the whole value or part of a \
backtick expression. A text such as `\"Network: ${data.network}\"` is valid Flow JSON, but the \
user sees it literally, braces and all. From 6.0 write it as a nested expression that \
concatenates the literal with the reference: `` \"`'Network: ' ${data.network}`\" `` (literals in \
single quotes, members separated by spaces). The Builder accepts the mixed form, so this is a \
warning. Before 6.0 mixing is refused outright (FJ-BIND-NO-MIX); in a boolean, number or array \
property a mixed text is a type error (FJ-COMP-PROP-TYPE); RichText has FJ-RICHTEXT-STATIC.",
    help: "wrap the text in a backtick expression: `'literal ' ${data.field}`",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx, &mut |site| {
        if !matches!(site.place, Place::Property | Place::Title)
            || !binding::has_ref(site.text)
            || binding::is_single_ref(site.text)
            || binding::is_expression(site.text)
        {
            return;
        }
        if let Some(c) = site.component {
            let Some(kind) = c.kind else { return };
            if kind == "RichText" {
                return; // FJ-RICHTEXT-STATIC
            }
            // Displayed text only: strings, and the strings inside option lists and list items.
            match value_type(kind, site.prop) {
                Some(ValueType::Text | ValueType::TextOrLines | ValueType::TextOrObject) => {}
                Some(ValueType::Array) if !site.whole => {}
                _ => return,
            }
        }
        let help = match as_expression(site.text) {
            Some(expr) => format!(
                "write it as a backtick expression: {}",
                serde_json::to_string(&expr).unwrap_or(expr)
            ),
            None => RULE.help.to_owned(),
        };
        sink.report_help(
            site.node,
            format!(
                "\"{}\" mixes text with a reference outside backticks: WhatsApp shows it as written, braces included",
                short(site.text)
            ),
            help,
        );
    });
}

/// The backtick expression that displays `text` with its references replaced, or None when a
/// reference in it is malformed (FJ-BIND-SYNTAX reports that).
fn as_expression(text: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut at = 0;
    for r in binding::refs(text) {
        if r.target == binding::Target::Invalid {
            return None;
        }
        if r.start > at {
            parts.push(quote(&text[at..r.start]));
        }
        parts.push(r.text.to_owned());
        at = r.start + r.text.len();
    }
    if at < text.len() {
        parts.push(quote(&text[at..]));
    }
    Some(format!("`{}`", parts.join(" ")))
}

/// A literal as an expression string: single quotes, with `\`, `'` and backticks escaped.
fn quote(literal: &str) -> String {
    let mut out = String::with_capacity(literal.len() + 2);
    out.push('\'');
    for ch in literal.chars() {
        if matches!(ch, '\\' | '\'' | '`') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::expression;

    #[test]
    fn suggestions_parse_as_expressions() {
        for (text, want) in [
            ("Network: ${data.network}", "`'Network: ' ${data.network}`"),
            ("${data.a} and ${form.b}", "`${data.a} ' and ' ${form.b}`"),
            ("${data.a}${data.b}", "`${data.a} ${data.b}`"),
            ("it's `${data.x}` now", r"`'it\'s \`' ${data.x} '\` now'`"),
        ] {
            let expr = as_expression(text).unwrap();
            assert_eq!(expr, want);
            let inner = expression::inner(&expr).unwrap();
            assert!(expression::parse(inner).is_ok(), "{expr} does not parse");
        }
        assert_eq!(as_expression("Hi ${oops}"), None);
    }
}
