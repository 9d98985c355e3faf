//! `flowgen completions SHELL`: a completion script for bash, zsh, fish, PowerShell or elvish,
//! generated from the clap definitions so it always knows every subcommand, flag and allowed value.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::{Result, EXIT_OK};

pub fn run(args: &CompletionsArgs) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "flowgen", &mut script);
    crate::say_raw!("{}", String::from_utf8_lossy(&script));
    Ok(EXIT_OK)
}
