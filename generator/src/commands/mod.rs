//! One handler per subcommand. Each returns the exit status or an [`Error`](crate::error::Error).

pub mod check_endpoint;
pub mod completions;
pub mod keygen;
pub mod list;
pub mod new;
pub mod params;
pub mod preview;
pub mod publish;
pub mod rules;
pub mod schema;
pub mod update;
pub mod validate;

use crate::cli::Command;
use crate::error::Result;

pub fn dispatch(command: Command) -> Result<u8> {
    match command {
        Command::Validate(args) => validate::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::New(args) => new::run(&args),
        Command::Update(args) => update::run(&args),
        Command::List(args) => list::run(&args),
        Command::Params(args) => params::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Keygen(args) => keygen::run(&args),
        Command::CheckEndpoint(args) => check_endpoint::run(&args),
        Command::Preview(args) => preview::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Publish(args) => publish::run(&args),
    }
}

/// An endpoint's public key (`--public-key public.pem`), for the commands that talk to an endpoint.
pub(crate) fn read_public_key(
    path: &std::path::Path,
) -> Result<openssl::pkey::PKey<openssl::pkey::Public>> {
    let pem =
        std::fs::read(path).map_err(|e| crate::error::Error::io(path.display().to_string(), e))?;
    crate::endpoint::protocol::public_key(&pem).map_err(|e| {
        crate::error::Error::usage(format!(
            "{}: not a PEM public key ({e}); use the public.pem from `flowgen keygen`",
            path.display()
        ))
    })
}

/// The Meta app secret from the environment variable `--app-secret-env` names (never a flag).
pub(crate) fn app_secret_from_env(var: Option<&str>) -> Result<Option<Vec<u8>>> {
    let Some(var) = var else { return Ok(None) };
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Ok(Some(v.into_bytes())),
        _ => Err(crate::error::Error::usage(format!(
            "--app-secret-env {var}: the environment variable {var} is not set (export the Meta app secret there)"
        ))),
    }
}
