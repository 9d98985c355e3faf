//! Meta's `validation_errors`, kept whole: the code and message, the line:column in the uploaded
//! flow.json, and each `pointers[].path` (Meta writes `screens[0].layout.children[1]`) turned into
//! an RFC 6901 pointer (`/screens/0/layout/children/1`), set beside flowgen's own finding for the
//! same spot when the local lint has one.

use serde::Serialize;
use serde_json::Value;

use crate::flow::json::{self, LineIndex, Node};
use crate::lint::Diagnostic;

/// One of Meta's findings, located in the uploaded text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetaFinding {
    /// Meta's code, e.g. `INVALID_PROPERTY_VALUE`.
    pub code: String,
    /// Meta's `error_type`, e.g. `JSON_SCHEMA_ERROR`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub error_type: String,
    pub message: String,
    /// 1-based; 0 when neither Meta nor the pointer gives a position.
    pub line: usize,
    pub column: usize,
    /// RFC 6901 pointers, one per `pointers[]` item (or from `$root/…` in the message).
    pub pointers: Vec<String>,
    /// flowgen's own rule that reports the same spot, if any: `RULE-ID (severity): message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flowgen: Option<String>,
}

/// Reads the `validation_errors` array of an answer (absent or empty: no findings).
pub fn findings(answer: &Value, text: &str, local: &[Diagnostic]) -> Vec<MetaFinding> {
    let Some(items) = answer.get("validation_errors").and_then(Value::as_array) else {
        return Vec::new();
    };
    let document = json::parse(text).ok();
    let index = LineIndex::new(text);
    items
        .iter()
        .map(|item| {
            let s = |k: &str| {
                item.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let n = |v: &Value, k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0) as usize;
            let message = s("message");
            let mut pointers: Vec<String> = item
                .get("pointers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| p.get("path").and_then(Value::as_str))
                .map(meta_path_to_pointer)
                .collect();
            if pointers.is_empty() {
                pointers.extend(pointer_in_message(&message));
            }
            let (mut line, mut column) = (n(item, "line_start"), n(item, "column_start"));
            if line == 0 {
                if let Some(p) = item
                    .get("pointers")
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
                {
                    (line, column) = (n(p, "line_start"), n(p, "column_start"));
                }
            }
            if line == 0 {
                if let (Some(doc), Some(p)) = (&document, pointers.first()) {
                    if let Some(node) = locate(&doc.root, p) {
                        (line, column) = index.line_col(node.start);
                    }
                }
            }
            let flowgen = same_spot(local, &pointers, line)
                .map(|d| format!("{} ({}): {}", d.rule, d.severity, d.message));
            MetaFinding {
                code: s("error"),
                error_type: s("error_type"),
                message,
                line,
                column,
                pointers,
                flowgen,
            }
        })
        .collect()
}

/// `screens[0].layout.children[1].type` → `/screens/0/layout/children/1/type`; also accepts
/// `["key.with.dots"]`, a leading `$root`/`$`, and a path that already is a pointer.
pub fn meta_path_to_pointer(path: &str) -> String {
    let path = path.trim();
    if path.starts_with('/') || path.is_empty() {
        return path.to_owned();
    }
    if let Some(rest) = path.strip_prefix("$root/") {
        return format!("/{rest}");
    }
    let path = path
        .strip_prefix("$root")
        .or_else(|| path.strip_prefix('$'))
        .unwrap_or(path);
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !current.is_empty() {
                    segments.push(std::mem::take(&mut current));
                }
            }
            '[' => {
                if !current.is_empty() {
                    segments.push(std::mem::take(&mut current));
                }
                let quoted = matches!(chars.peek(), Some('"') | Some('\''));
                let quote = if quoted { chars.next() } else { None };
                let mut inner = String::new();
                while let Some(&c) = chars.peek() {
                    if (quote.is_some() && Some(c) == quote) || (quote.is_none() && c == ']') {
                        break;
                    }
                    inner.push(c);
                    chars.next();
                }
                if quote.is_some() {
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    chars.next();
                }
                segments.push(inner);
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    segments
        .iter()
        .map(|s| format!("/{}", json::escape_pointer(s)))
        .collect()
}

/// The `$root/screens/0/...` a schema message embeds, as a pointer.
fn pointer_in_message(message: &str) -> Option<String> {
    let at = message.find("$root")?;
    let rest = &message[at + "$root".len()..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '\'' || c == '"')
        .unwrap_or(rest.len());
    let p = rest[..end].trim_end_matches('.');
    Some(if p.is_empty() {
        String::new()
    } else {
        p.to_owned()
    })
}

/// The node an RFC 6901 pointer names.
pub fn locate<'a>(root: &'a Node<'a>, pointer: &str) -> Option<&'a Node<'a>> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut node = root;
    for raw in pointer.strip_prefix('/')?.split('/') {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        node = match &node.value {
            json::Value::Object(_) => node.get(&seg)?,
            json::Value::Array(items) => items.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// flowgen's finding for the same spot: the same pointer, else the deepest one that contains or
/// lies inside Meta's, else one on the same line.
fn same_spot<'a>(
    local: &'a [Diagnostic],
    pointers: &[String],
    line: usize,
) -> Option<&'a Diagnostic> {
    let related = |a: &str, b: &str| {
        a == b || b.starts_with(&format!("{a}/")) || a.starts_with(&format!("{b}/"))
    };
    for p in pointers {
        if let Some(d) = local.iter().find(|d| &d.pointer == p) {
            return Some(d);
        }
    }
    let best = local
        .iter()
        .filter(|d| !d.pointer.is_empty() && pointers.iter().any(|p| related(&d.pointer, p)))
        .max_by_key(|d| d.pointer.len());
    best.or_else(|| local.iter().find(|d| line > 0 && d.line == line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Severity;

    proptest::proptest! {
        #[test]
        fn never_panics_on_what_meta_sends(path in ".{0,40}", message in ".{0,60}",
                                           line in 0u64..1_000_000, column in 0u64..1000) {
            let _ = meta_path_to_pointer(&path);
            let text = "{\n  \"version\": \"7.3\"\n}\n";
            let answer = serde_json::json!({"validation_errors": [
                {"error": "X", "message": message, "line_start": line, "column_start": column,
                 "pointers": [{"path": path}]}, "not an object", null]});
            let f = findings(&answer, text, &[]);
            proptest::prop_assert_eq!(f.len(), 3);
        }
    }

    #[test]
    fn meta_paths_become_pointers() {
        for (meta, pointer) in [
            (
                "screens[0].layout.children[0].type",
                "/screens/0/layout/children/0/type",
            ),
            ("screens[2].data", "/screens/2/data"),
            ("$root/screens/0/id", "/screens/0/id"),
            ("routing_model[\"A/B\"]", "/routing_model/A~1B"),
            ("version", "/version"),
            ("/already/a/pointer", "/already/a/pointer"),
            ("", ""),
        ] {
            assert_eq!(meta_path_to_pointer(meta), pointer, "{meta}");
        }
    }

    #[test]
    fn reads_findings_with_positions_pointers_and_the_local_rule() {
        let text = "{\n  \"version\": \"7.3\",\n  \"screens\": [\n    {\"id\": \"A\"}\n  ]\n}\n";
        let answer = serde_json::json!({"success": true, "validation_errors": [
            {"error": "INVALID_PROPERTY_VALUE", "error_type": "FLOW_JSON_ERROR",
             "message": "Invalid value", "line_start": 4, "line_end": 4, "column_start": 6,
             "column_end": 14, "pointers": [{"line_start": 4, "line_end": 4, "column_start": 6,
             "column_end": 14, "path": "screens[0].id"}]},
            {"error": "INVALID_PROPERTY", "message": "Property missing at $root/screens/0 here"}
        ]});
        let local = vec![Diagnostic {
            rule: "FJ-SCREEN-ID",
            severity: Severity::Warning,
            pointer: "/screens/0/id".into(),
            line: 4,
            column: 13,
            message: "bad id".into(),
            help: String::new(),
            end_column: 13,
            span: 0..0,
            related: Vec::new(),
        }];
        let f = findings(&answer, text, &local);
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].line, f[0].column), (4, 6));
        assert_eq!(f[0].pointers, ["/screens/0/id"]);
        assert_eq!(
            f[0].flowgen.as_deref(),
            Some("FJ-SCREEN-ID (warning): bad id")
        );
        // No position from Meta: the pointer locates it in the text.
        assert_eq!(f[1].pointers, ["/screens/0"]);
        assert_eq!((f[1].line, f[1].column), (4, 5));
        assert!(
            f[1].flowgen.is_some(),
            "the local finding lies inside /screens/0"
        );
        assert!(findings(&serde_json::json!({"success": true}), text, &[]).is_empty());
    }
}
