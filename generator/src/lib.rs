//! flowgen: scaffold, validate and regenerate WhatsApp Flows.
//!
//! The pipeline, one module per step: `catalog` (use cases) → `params` (declared, validated) →
//! `render` (Tera) → [`flow`] (typed model) → [`lint`] (rules) → `contract` → `endpoint` (stubs)
//! → `project` (stage, write, update). [`generate`] runs those steps in that order; no module
//! imports one that comes after it. [`commands`] holds one handler per subcommand; [`cli`] only
//! declares arguments; [`suggest`] is the shared "did you mean".

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod contract;
pub mod endpoint;
pub mod error;
pub mod flow;
pub mod generate;
pub mod http;
pub mod lint;
pub mod params;
pub mod preview;
pub mod project;
pub mod publish;
pub mod render;
pub mod suggest;

use std::ffi::OsString;

/// `println!` that never panics: a closed stdout (e.g. `flowgen rules | head`) is not an error.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `print!` that never panics (see [`say!`]).
#[macro_export]
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

use clap::Parser;

/// Runs the command line and returns the process exit status. Never panics on user input.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                error::EXIT_USAGE
            } else {
                error::EXIT_OK
            };
        }
    };
    anstream::ColorChoice::write_global(cli.color.into());
    match commands::dispatch(cli.command) {
        Ok(code) => code,
        Err(e) => {
            if !matches!(e, error::Error::Failed(ref m) if m.is_empty()) {
                error::eprint(&e.to_string());
            }
            e.exit_code()
        }
    }
}
