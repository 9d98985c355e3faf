//! Small per-component facts and helpers shared by the rules of this group.

use crate::flow::binding::{self, Target};
use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::{Component, Flow, Screen};
use crate::lint::Context;

/// Components whose `data-source` is a list of option items.
pub const SELECTION: &[&str] = &[
    "CheckboxGroup",
    "RadioButtonsGroup",
    "Dropdown",
    "ChipsSelector",
];

/// The media upload components.
pub const PICKERS: &[&str] = &["PhotoPicker", "DocumentPicker"];

/// One kilobyte as used by Meta's image limits.
pub const KB: usize = 1024;

/// True when a string is dynamic: it holds a `${…}` reference or is a backtick expression.
pub fn is_dynamic(s: &str) -> bool {
    binding::has_ref(s) || binding::is_expression(s)
}

/// The value of `node` when it is a string that is not dynamic.
pub fn static_str<'a>(node: &'a Node<'a>) -> Option<&'a str> {
    node.as_str().filter(|s| !is_dynamic(s))
}

/// True when `node` is a string holding a binding or an expression (a dynamic value).
pub fn is_dynamic_node(node: &Node) -> bool {
    node.as_str().is_some_and(is_dynamic)
}

/// The items of `key` when it is written as a literal array.
pub fn items<'a>(c: &Component<'a>, key: &str) -> &'a [Node<'a>] {
    c.node.get(key).and_then(Node::as_array).unwrap_or(&[])
}

/// True when the checked version is known and older than `major.minor`.
pub fn before(ctx: &Context, major: u8, minor: u8) -> bool {
    ctx.version().is_some_and(|ver| ver < v(major, minor))
}

/// The version as written in messages ("unknown" when missing).
pub fn version_label(ctx: &Context) -> String {
    ctx.version()
        .map(|v| v.to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// True for `YYYY-MM-DD` (digits only, the Builder's `^\d{4}-\d{2}-\d{2}$`).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Decoded size of a base64 string, estimated from its length (no decoding).
pub fn estimated_bytes(encoded: &str) -> usize {
    encoded.len().saturating_mul(3) / 4
}

/// `n` bytes as kilobytes with one decimal, for messages.
pub fn kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / KB as f64)
}

/// True for a byte of the standard base64 alphabet (without `=`). Branch-free so that the
/// chunked scan below vectorizes.
#[inline(always)]
fn is_b64(b: u8) -> bool {
    let lower = b | 0x20;
    (lower.wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10) | (b == b'+') | (b == b'/')
}

/// Why `s` is not raw base64, or None when it is. White space (line breaks of wrapped base64) is
/// tolerated. Fast: whole 64-byte chunks of alphabet bytes are accepted without branching, so a
/// 200 KB image takes a few microseconds.
pub fn base64_problem(s: &str) -> Option<String> {
    if s.starts_with("data:") {
        return Some("starts with a `data:` URI prefix".into());
    }
    if s.starts_with("http://") || s.starts_with("https://") {
        return Some("is a URL; images must be embedded as base64".into());
    }
    let bytes = s.as_bytes();
    let mut count = 0usize;
    let mut padding = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        if padding == 0 {
            if let Some(chunk) = bytes.get(i..i + 64) {
                if chunk.iter().fold(true, |ok, &b| ok & is_b64(b)) {
                    count += 64;
                    i += 64;
                    continue;
                }
            }
        }
        let b = bytes.get(i).copied().unwrap_or(0);
        if is_b64(b) {
            if padding > 0 {
                return Some(format!("has data after the '=' padding at character {i}"));
            }
            count += 1;
        } else if b == b'=' {
            padding += 1;
            count += 1;
            if padding > 2 {
                return Some("has more than two '=' padding characters".into());
            }
        } else if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            let ch = s.get(i..).and_then(|t| t.chars().next()).unwrap_or('?');
            return Some(format!(
                "contains {ch:?} at character {i}, which is not a base64 character"
            ));
        }
        i += 1;
    }
    if count == 0 {
        return Some("is empty".into());
    }
    if (padding > 0 && count % 4 != 0) || count % 4 == 1 {
        return Some(format!(
            "has a length of {count} characters, which no base64 encoding has"
        ));
    }
    None
}

/// The image format a base64 string starts with, from its first bytes.
pub fn image_format(encoded: &str) -> Option<&'static str> {
    const SIGNATURES: &[(&str, &str)] = &[
        ("/9j/", "JPEG"),
        ("iVBORw0KGgo", "PNG"),
        ("R0lGOD", "GIF"),
        ("UklGR", "WEBP"),
        ("Qk", "BMP"),
        ("PHN2Zy", "SVG"),
        ("PD94bW", "SVG/XML"),
    ];
    SIGNATURES
        .iter()
        .find(|(sig, _)| encoded.starts_with(sig))
        .map(|(_, f)| *f)
}

/// The picker (PhotoPicker/DocumentPicker) a reference points at, with the screen it sits on.
/// `screen` is the index of the screen the reference is written on.
pub fn picker_of<'f, 'a>(
    flow: &'f Flow<'a>,
    screen: usize,
    target: &Target,
) -> Option<&'f Component<'a>> {
    let (on, name) = match target {
        Target::Form(name) => (flow.screens.get(screen)?, *name),
        Target::ScreenForm(id, name) => (flow.screen(id)?, *name),
        _ => return None,
    };
    on.components
        .iter()
        .find(|c| c.name == Some(name) && c.kind.is_some_and(|k| PICKERS.contains(&k)))
}

/// Every component whose type is one of `kinds`, with its screen, in document order.
pub fn each_of<'f, 'a>(
    flow: &'f Flow<'a>,
    kinds: &'f [&'f str],
) -> impl Iterator<Item = (&'f Screen<'a>, &'f Component<'a>)> + 'f {
    flow.screens.iter().flat_map(move |s| {
        s.components
            .iter()
            .filter(move |c| c.kind.is_some_and(|k| kinds.contains(&k)))
            .map(move |c| (s, c))
    })
}

/// The date components.
pub const DATE_PICKERS: &[&str] = &["DatePicker", "CalendarPicker"];

/// Every date value a DatePicker/CalendarPicker writes literally: (property, node). Covers
/// `min-date`, `max-date`, each `unavailable-dates` entry and `init-value` (a string, or the
/// `start-date`/`end-date` of a range CalendarPicker).
pub fn date_values<'a>(c: &Component<'a>) -> Vec<(&'static str, &'a Node<'a>)> {
    let mut out = Vec::new();
    for key in ["min-date", "max-date"] {
        if let Some(n) = c.node.get(key) {
            out.push((key, n));
        }
    }
    for n in items(c, "unavailable-dates") {
        out.push(("unavailable-dates", n));
    }
    if let Some(init) = c.node.get("init-value") {
        if init.as_str().is_some() {
            out.push(("init-value", init));
        } else {
            for key in ["start-date", "end-date"] {
                if let Some(n) = init.get(key) {
                    out.push(("init-value", n));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_checks() {
        assert_eq!(base64_problem("iVBORw0KGgo="), None);
        assert_eq!(base64_problem("QUJD\nREVG"), None);
        assert_eq!(base64_problem("QUI"), None);
        assert!(base64_problem("data:image/png;base64,QUJD").is_some());
        assert!(base64_problem("https://x.test/a.png").is_some());
        assert!(base64_problem("QUJ=D").is_some());
        assert!(base64_problem("QUJDR").is_some());
        assert!(base64_problem("QQ===").is_some());
        assert!(base64_problem("").is_some());
        assert!(base64_problem("QU é").is_some());
    }

    #[test]
    fn dates_and_formats() {
        assert!(is_date("2025-01-31"));
        assert!(!is_date("2025/01/31"));
        assert!(!is_date("2025-1-31"));
        assert!(!is_date("２０２５-01-31"));
        assert_eq!(image_format("/9j/4AAQ"), Some("JPEG"));
        assert_eq!(image_format("R0lGODlh"), Some("GIF"));
        assert_eq!(estimated_bytes("QUJD"), 3);
    }
}
