//! `flowgen params <use-case>`: the declared parameters (human table or `--format json`).
//!
//! JSON shape: `{"use_case", "title", "template_version", "parameters": [{"name", "type",
//! "required", "default", "prompt", "help", "constraints"}]}`.

use serde_json::{json, Value};

use crate::catalog::Catalog;
use crate::cli::{Format, ParamsArgs};
use crate::error::{Result, EXIT_OK};
use crate::params::{validate, Param};

pub fn run(args: &ParamsArgs) -> Result<u8> {
    let uc = &Catalog::open(None, &args.use_case)?;
    let m = &uc.manifest;
    match args.format {
        Format::Json => {
            let params: Vec<Value> = m.parameters.iter().map(param_json).collect();
            let out = json!({ "use_case": m.id, "title": m.title, "template_version": m.template_version, "parameters": params });
            crate::say!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Human => {
            let rows: Vec<[String; 4]> = m
                .parameters
                .iter()
                .map(|p| {
                    let default = default_of(p).map_or("(required)".to_owned(), |v| {
                        shorten(&validate::display(&v), 40)
                    });
                    [
                        p.name.clone(),
                        p.kind.name().to_owned(),
                        default,
                        format!("{}{}", p.prompt, suffix(&p.constraints())),
                    ]
                })
                .collect();
            let head = [
                "NAME".to_owned(),
                "TYPE".to_owned(),
                "DEFAULT".to_owned(),
                "PROMPT / CONSTRAINTS".to_owned(),
            ];
            let widths: Vec<usize> = (0..3)
                .map(|i| {
                    rows.iter()
                        .chain(std::iter::once(&head))
                        .map(|r| r[i].chars().count())
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let mut out = format!(
                "{} — {} (template v{})\n",
                m.id, m.title, m.template_version
            );
            for r in std::iter::once(&head).chain(rows.iter()) {
                let mut line = String::new();
                for (i, w) in widths.iter().enumerate() {
                    line += &r[i];
                    line += &" ".repeat(w - r[i].chars().count() + 2);
                }
                line += &r[3];
                out += line.trim_end();
                out.push('\n');
            }
            crate::say_raw!("{out}");
        }
    }
    Ok(EXIT_OK)
}

fn suffix(c: &str) -> String {
    if c.is_empty() {
        String::new()
    } else {
        format!(" [{c}]")
    }
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(n - 1).collect();
    out.push('…');
    out
}

fn default_of(p: &Param) -> Option<Value> {
    p.default
        .as_ref()
        .and_then(|d| validate::from_yaml(p, d).ok())
}

fn param_json(p: &Param) -> Value {
    json!({
        "name": p.name,
        "type": p.kind.name(),
        "required": p.is_required(),
        "default": default_of(p),
        "prompt": p.prompt,
        "help": p.help,
        "constraints": p.constraints(),
    })
}
