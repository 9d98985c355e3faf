//! Dynamic references inside Flow JSON strings: `${data.x.y}`, `${form.name}`,
//! `${screen.ID.data.x}`, `${screen.ID.form.name}`, and whole-value backtick expressions (6.0+).

/// What a `${…}` reference points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'s> {
    /// `${data.a.b}`: a path in the current screen's data model.
    Data(Vec<&'s str>),
    /// `${form.name}`: an input on the current screen.
    Form(&'s str),
    /// `${screen.ID.data.a.b}`.
    ScreenData(&'s str, Vec<&'s str>),
    /// `${screen.ID.form.name}`.
    ScreenForm(&'s str, &'s str),
    /// Anything else inside `${…}` (reported by FJ-BIND-SYNTAX).
    Invalid,
}

/// One `${…}` occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref<'s> {
    /// Byte offset of `$` inside the string.
    pub start: usize,
    /// The whole `${…}` text.
    pub text: &'s str,
    pub target: Target<'s>,
}

/// True when the whole value is a backtick expression (6.0+).
pub fn is_expression(s: &str) -> bool {
    s.len() >= 2 && s.starts_with('`') && s.ends_with('`')
}

/// True when the whole value is exactly one `${…}` reference.
pub fn is_single_ref(s: &str) -> bool {
    s.starts_with("${")
        && s.ends_with('}')
        && memchr::memchr(b'}', &s.as_bytes()[2..]) == Some(s.len() - 3)
}

/// True when the string contains a `${` at all (cheap pre-check).
pub fn has_ref(s: &str) -> bool {
    find_open(s.as_bytes(), 0).is_some()
}

/// The offset of the first `${` at or after `from`. A `$` scan with memchr: unlike
/// `memmem::find`, it builds no searcher, which dominated on the many short strings of a Flow.
fn find_open(bytes: &[u8], mut from: usize) -> Option<usize> {
    while let Some(i) = memchr::memchr(b'$', bytes.get(from..)?) {
        let at = from + i;
        if bytes.get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Every `${…}` in `s`, in order. An unterminated `${` yields an `Invalid` ref to the end.
pub fn refs(s: &str) -> Vec<Ref<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = find_open(s.as_bytes(), from) {
        let end = memchr::memchr(b'}', &s.as_bytes()[start..])
            .map(|j| start + j + 1)
            .unwrap_or(s.len());
        let text = &s[start..end];
        let inner = text.strip_prefix("${").and_then(|t| t.strip_suffix('}'));
        out.push(Ref {
            start,
            text,
            target: inner.map(parse_target).unwrap_or(Target::Invalid),
        });
        from = end;
    }
    out
}

fn is_segment(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn parse_target(inner: &str) -> Target<'_> {
    // Walks the segments without collecting them first: this runs for every `${…}` of a Flow.
    // A byte test rather than `split('.')`: the char searcher's memchr set-up costs more than
    // these short segments.
    let dot = |c: char| c == '.';
    if !inner.split(dot).all(is_segment) {
        return Target::Invalid;
    }
    let mut parts = inner.split(dot);
    match (parts.next(), parts.next()) {
        (Some("data"), Some(first)) => Target::Data(std::iter::once(first).chain(parts).collect()),
        (Some("form"), Some(name)) if parts.next().is_none() => Target::Form(name),
        (Some("screen"), Some(id)) if is_screen_id(id) => match parts.next() {
            Some("data") => {
                let path: Vec<&str> = parts.collect();
                if path.is_empty() {
                    Target::Invalid
                } else {
                    Target::ScreenData(id, path)
                }
            }
            Some("form") => match (parts.next(), parts.next()) {
                (Some(name), None) => Target::ScreenForm(id, name),
                _ => Target::Invalid,
            },
            _ => Target::Invalid,
        },
        _ => Target::Invalid,
    }
}

fn is_screen_id(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_form() {
        let r = refs(
            "Hi ${data.user.name}, ${form.age} ${screen.A_B.data.x} ${screen.A.form.y} ${oops}",
        );
        let targets: Vec<_> = r.iter().map(|r| r.target.clone()).collect();
        assert_eq!(
            targets,
            vec![
                Target::Data(vec!["user", "name"]),
                Target::Form("age"),
                Target::ScreenData("A_B", vec!["x"]),
                Target::ScreenForm("A", "y"),
                Target::Invalid
            ]
        );
        assert_eq!(r[0].start, 3);
        assert!(is_single_ref("${data.x}"));
        assert!(!is_single_ref("${data.x} ${data.y}"));
        assert!(matches!(
            refs("${screen.X.name}")[0].target,
            Target::Invalid
        ));
        assert!(matches!(refs("${data.x")[0].target, Target::Invalid));
    }
}
