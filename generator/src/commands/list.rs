//! `flowgen list`: the use cases, one line each, or with `--format json` one object:
//! `{"use_cases":[{"id","title","aliases","template_version","default_locale","locales",
//! "flow_versions":{"min","max"},"data_endpoint","endpoint_languages"}],
//! "broken":[{"folder","reason"}]}`.

use serde_json::json;

use crate::catalog::{self, Catalog};
use crate::cli::{Format, ListArgs};
use crate::error::{Result, EXIT_OK};

pub fn run(args: &ListArgs) -> Result<u8> {
    let catalog = Catalog::load(None)?;
    match args.format {
        Format::Human => crate::say_raw!("{}", catalog::list_lines(&catalog)),
        Format::Json => crate::say!("{}", to_json(&catalog)),
    }
    Ok(EXIT_OK)
}

fn to_json(catalog: &Catalog) -> serde_json::Value {
    let use_cases: Vec<_> = catalog
        .use_cases
        .iter()
        .map(|uc| {
            let m = &uc.manifest;
            let (min, max) = m.version_range();
            json!({
                "id": m.id,
                "title": m.title,
                "aliases": m.aliases,
                "template_version": m.template_version,
                "default_locale": m.default_locale,
                "locales": uc.locales(),
                "flow_versions": { "min": min.to_string(), "max": max.to_string() },
                "data_endpoint": m.endpoint,
                "endpoint_languages": uc.endpoint_languages(),
            })
        })
        .collect();
    let broken: Vec<_> = catalog
        .broken
        .iter()
        .map(|(folder, reason)| json!({ "folder": folder, "reason": reason }))
        .collect();
    json!({ "use_cases": use_cases, "broken": broken })
}
