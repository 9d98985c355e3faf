//! `flowgen check-endpoint`: read the Flow, the key, the app secret (from an environment variable
//! only) and the journeys, run [`check`](crate::endpoint::check), print one line per step or one
//! JSON object. Exit 0 when every check passed, 1 when one failed, 2 for usage errors or an
//! endpoint that cannot be reached.

use std::time::Duration;

use crate::cli::{CheckEndpointArgs, Format};
use crate::endpoint::{check, journey};
use crate::error::{Error, Result, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::generate;

pub fn run(args: &CheckEndpointArgs) -> Result<u8> {
    let flow_path = args.flow.display().to_string();
    let text = std::fs::read_to_string(&args.flow).map_err(|e| Error::io(&flow_path, e))?;
    // The Flow must lint without errors (warnings are fine: an endpoint can be checked before
    // the Flow is ready to publish). The contract comes from the checked Flow.
    let checked = generate::check(text, &flow_path, false).map_err(|e| match e {
        Error::Failed(findings) => Error::usage(format!(
            "{findings}\nfix the Flow first (flowgen validate {flow_path})"
        )),
        other => other,
    })?;
    let contract = checked.contract();
    if !contract.screens.iter().any(|s| s.exchanges) {
        return Err(Error::usage(format!(
            "{flow_path}: no screen of this Flow calls an endpoint (no data_exchange action)"
        )));
    }
    let flow = checked.document.root.to_serde();

    let url = args.url.trim();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(Error::usage(format!(
            "--url {url:?}: give the endpoint's full http:// or https:// URL"
        )));
    }
    let public_key = super::read_public_key(&args.public_key)?;
    let app_secret = super::app_secret_from_env(args.app_secret_env.as_deref())?;
    let data_api = match args.data_api.as_deref() {
        Some(v @ ("3.0" | "4.0")) => v.to_owned(),
        Some(other) => {
            return Err(Error::usage(format!(
                "--data-api {other:?}: use 3.0 or 4.0"
            )))
        }
        None => contract
            .data_api_version
            .clone()
            .unwrap_or_else(|| "3.0".into()),
    };
    let mut journeys = Vec::new();
    for path in &args.journeys {
        let p = path.display().to_string();
        let j = journey::load(&p)?;
        journeys.push((p, j));
    }
    if args.timeout_ms == 0 || args.max_requests == 0 {
        return Err(Error::usage(
            "--timeout-ms and --max-requests must be at least 1",
        ));
    }
    let opts = check::Options {
        url: url.to_owned(),
        public_key,
        app_secret,
        data_api,
        explore: args.explore || journeys.is_empty(),
        journeys,
        probe_security: args.probe_security,
        timeout: Duration::from_millis(args.timeout_ms),
        max_requests: args.max_requests,
    };
    let report = check::run(&opts, &contract, &flow);
    match args.format {
        Format::Json => crate::say!(
            "{}",
            serde_json::to_string(&report).map_err(|e| Error::usage(e.to_string()))?
        ),
        Format::Human => crate::say_raw!("{}", check::human(&report)),
    }
    Ok(if report.unreachable.is_some() {
        EXIT_USAGE
    } else if report.ok {
        EXIT_OK
    } else {
        EXIT_FAILED
    })
}
