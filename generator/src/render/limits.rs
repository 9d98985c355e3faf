//! Bounds on a template's nesting, checked before Tera sees it. Tera parses and renders
//! recursively, so a template that nests brackets or blocks thousands deep, or chains thousands of
//! operators in one tag, would overflow the stack and abort the process. A template from
//! `--templates DIR` is input like any other: it gets an error with its line and column instead.
//!
//! The check is one pass over the text, so it costs far less than the parse it protects (it also
//! lets flowgen use a pest that does not probe the stack on every rule; see generator/Cargo.toml).

/// Deepest nesting of `(`/`[`/`{` inside one tag.
pub const MAX_BRACKET_DEPTH: usize = 32;
/// Deepest nesting of `{% if %}`, `{% for %}`, `{% macro %}`, `{% block %}`, `{% filter %}`.
pub const MAX_BLOCK_DEPTH: usize = 32;
/// Most operators (`+ - * / % ~ | == != < > and or not in is`, and `,`) in one tag.
pub const MAX_OPERATORS: usize = 256;

/// Checks `text` against the limits; the error (`line:column: what to change`) says where.
pub fn check(text: &str) -> Result<(), String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut blocks = 0usize;
    while let Some(off) = memchr::memchr(b'{', &bytes[i..]) {
        let start = i + off;
        let close: &[u8] = match bytes.get(start + 1) {
            Some(b'{') => b"}}",
            Some(b'%') => b"%}",
            Some(b'#') => b"#}",
            _ => {
                i = start + 1;
                continue;
            }
        };
        let body_start = start + 2;
        let Some(end) = find_close(bytes, body_start, close) else {
            // An unclosed tag is Tera's to report; nothing deeper to bound.
            return Ok(());
        };
        let body = &text[body_start..end];
        i = end + 2;
        if close == b"#}" {
            continue;
        }
        tag(body).map_err(|why| at(text, start, &why))?;
        if close == b"%}" {
            let word = body
                .trim_start_matches(['-', ' ', '\t', '\r', '\n'])
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .next()
                .unwrap_or("");
            match word {
                "raw" => {
                    // Skip to `endraw`: its content is text, whatever it looks like.
                    let Some(rel) = text[i..].find("endraw") else {
                        return Ok(());
                    };
                    i += rel + "endraw".len();
                }
                "if" | "for" | "macro" | "block" | "filter" => {
                    blocks += 1;
                    if blocks > MAX_BLOCK_DEPTH {
                        return Err(at(
                            text,
                            start,
                            &format!(
                                "blocks nest more than {MAX_BLOCK_DEPTH} deep here; \
                                 move the inner part into a macro or flatten the conditions"
                            ),
                        ));
                    }
                }
                "endif" | "endfor" | "endmacro" | "endblock" | "endfilter" => {
                    blocks = blocks.saturating_sub(1);
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// The end of a tag body: the first `close` outside a string literal.
fn find_close(bytes: &[u8], from: usize, close: &[u8]) -> Option<usize> {
    let mut quote = None;
    let mut j = from;
    while j + 1 < bytes.len() {
        let b = bytes[j];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if close != b"#}" && matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None if b == close[0] && bytes[j + 1] == close[1] => return Some(j),
            None => {}
        }
        j += 1;
    }
    None
}

/// Bracket depth and operator count of one tag body.
fn tag(body: &str) -> Result<(), String> {
    let mut depth = 0usize;
    let mut operators = 0usize;
    let mut quote = None;
    let mut word = String::new();
    let count_word = |word: &mut String, operators: &mut usize| {
        if matches!(word.as_str(), "and" | "or" | "not" | "in" | "is") {
            *operators += 1;
        }
        word.clear();
    };
    for c in body.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        count_word(&mut word, &mut operators);
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_BRACKET_DEPTH {
                    return Err(format!(
                        "brackets nest more than {MAX_BRACKET_DEPTH} deep in this tag; \
                         split the expression with `set`"
                    ));
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '+' | '-' | '*' | '/' | '%' | '~' | '|' | '=' | '!' | '<' | '>' | ',' => {
                operators += 1;
            }
            _ => {}
        }
    }
    count_word(&mut word, &mut operators);
    if operators > MAX_OPERATORS {
        return Err(format!(
            "more than {MAX_OPERATORS} operators in this tag; split the expression with `set`"
        ));
    }
    Ok(())
}

/// `L:C: why` for the byte offset `pos` (the caller puts the file name in front).
fn at(text: &str, pos: usize, why: &str) -> String {
    let before = &text[..pos];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{line}:{column}: {why}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_templates_pass() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../templates");
        let mut seen = 0;
        let mut stack = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                let skipped = ["node_modules", "target", ".venv"];
                if p.is_dir() && !skipped.iter().any(|s| p.ends_with(s)) {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "tera") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    check(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                    seen += 1;
                }
            }
        }
        assert!(seen >= 8, "found {seen} templates");
    }

    /// The worst template the limits let through still compiles and renders with Tera, on a test
    /// thread's 2 MiB stack in a debug build.
    #[test]
    fn the_worst_accepted_template_compiles_and_renders() {
        let expr = format!(
            "{}1{}",
            "(".repeat(MAX_BRACKET_DEPTH),
            ")".repeat(MAX_BRACKET_DEPTH)
        );
        let chain = format!("{expr}{}", " + 1".repeat(MAX_OPERATORS));
        let text = format!(
            "{}{{{{ {chain} }}}}{}",
            "{% if a %}".repeat(MAX_BLOCK_DEPTH),
            "{% endif %}".repeat(MAX_BLOCK_DEPTH)
        );
        check(&text).unwrap();
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", &text).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("a", &true);
        assert_eq!(
            tera.render("t", &ctx).unwrap(),
            (MAX_OPERATORS + 1).to_string()
        );
    }

    #[test]
    fn deep_brackets_are_refused_with_a_position() {
        let n = MAX_BRACKET_DEPTH;
        let ok = format!("{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n));
        check(&ok).unwrap();
        let deep = format!(
            "x\n  {{{{ {}1{} }}}}",
            "(".repeat(10_000),
            ")".repeat(10_000)
        );
        let e = check(&deep).unwrap_err();
        assert!(
            e.starts_with(&format!("2:3: brackets nest more than {n}")),
            "{e}"
        );
    }

    #[test]
    fn deep_blocks_are_refused() {
        let n = MAX_BLOCK_DEPTH + 1;
        let deep = format!("{}x{}", "{% if a %}".repeat(n), "{% endif %}".repeat(n));
        let e = check(&deep).unwrap_err();
        assert!(
            e.contains(&format!("blocks nest more than {MAX_BLOCK_DEPTH}")),
            "{e}"
        );
        let siblings = "{% if a %}x{% endif %}".repeat(10_000);
        check(&siblings).unwrap();
    }

    #[test]
    fn long_operator_chains_are_refused() {
        for op in [" + 1", " and a", " | upper", " ~ a"] {
            let long = format!("{{{{ 1{} }}}}", op.repeat(10_000));
            let e = check(&long).unwrap_err();
            assert!(e.contains("operators in this tag"), "{op}: {e}");
        }
    }

    #[test]
    fn strings_comments_and_raw_are_not_counted() {
        let s = format!("{{{{ \"{}\" | json }}}}", "(((+".repeat(5_000));
        check(&s).unwrap();
        let c = format!("{{# {} #}}", "{% if %}(".repeat(5_000));
        check(&c).unwrap();
        let r = format!("{{% raw %}}{}{{% endraw %}}", "{% if a %}".repeat(500));
        check(&r).unwrap();
    }
}
