//! `flowgen schema preset <use-case>` / `flowgen schema journey`: the JSON Schema (draft 2020-12)
//! of a use case's presets, or of check-endpoint's journey files.

use crate::catalog::Catalog;
use crate::cli::SchemaArgs;
use crate::endpoint::journey;
use crate::error::{Error, Result, EXIT_OK};
use crate::params::schema;

pub fn run(args: &SchemaArgs) -> Result<u8> {
    let s =
        match (args.what.as_str(), args.use_case.as_deref()) {
            ("preset", Some(use_case)) => {
                let uc = &Catalog::open(None, use_case)?;
                schema::preset_for(&uc.manifest, &uc.locales(), &uc.endpoint_languages())
            }
            ("preset", None) => {
                return Err(Error::usage(
                    "schema preset: name the use case (flowgen schema preset <use-case>)",
                ))
            }
            ("journey", None) => journey::schema(),
            ("journey", Some(_)) => return Err(Error::usage(
                "schema journey: journeys are the same for every use case (flowgen schema journey)",
            )),
            (other, _) => {
                return Err(Error::usage(format!(
                "schema {other:?}: use `preset` (flowgen schema preset <use-case>) or `journey`"
            )))
            }
        };
    crate::say!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
    Ok(EXIT_OK)
}
