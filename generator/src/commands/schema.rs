//! `flowgen schema preset <use-case>`: the JSON Schema (draft 2020-12) of the use case's presets.

use crate::catalog::Catalog;
use crate::cli::SchemaArgs;
use crate::error::{Error, Result, EXIT_OK};
use crate::params::schema;

pub fn run(args: &SchemaArgs) -> Result<u8> {
    if args.what != "preset" {
        return Err(Error::usage(format!(
            "schema {:?}: the only schema is `preset` (flowgen schema preset <use-case>)",
            args.what
        )));
    }
    let uc = &Catalog::open(None, &args.use_case)?;
    let s = schema::preset_for(&uc.manifest, &uc.locales(), &uc.endpoint_languages());
    crate::say!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
    Ok(EXIT_OK)
}
