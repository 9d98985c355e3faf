//! Command-line definitions (clap derive) and nothing else: handlers live in `commands/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "flowgen",
    version,
    about = "Scaffold, validate and regenerate WhatsApp Flows (Flow JSON + endpoint stubs)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Flow JSON files offline (exit 0 ok, 1 errors found, 2 unreadable input)
    Validate(ValidateArgs),
    /// List the lint rules, or explain one
    Rules(RulesArgs),
    /// Scaffold a Flow and its endpoint from a use-case template
    New(NewArgs),
    /// List the use cases
    List,
    /// Show a use case's parameters, types and defaults
    Params(ParamsArgs),
    /// Print a JSON Schema (e.g. of a use case's preset files)
    Schema(SchemaArgs),
    /// Write an RSA-2048 key pair for the Flow's endpoint encryption
    Keygen(KeygenArgs),
    /// Test a data endpoint against its Flow the way WhatsApp calls it (exit 0 ok, 1 a check failed, 2 usage or unreachable)
    CheckEndpoint(CheckEndpointArgs),
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files to check; `-` reads standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Check against this Flow JSON version instead of the file's `version`
    #[arg(long, value_name = "V")]
    pub flow_version: Option<String>,
    /// Right before an upload: rules that only block publishing become errors
    #[arg(long)]
    pub for_publish: bool,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// A rule id to explain (e.g. FJ-ROUTE-SELF-LOOP)
    pub id: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Use case: loan-offer, insurance-quote, purchase-intent, personalised-offer (see `flowgen list`)
    pub use_case: String,
    /// Target directory (default: the use case id)
    pub dir: Option<PathBuf>,
    /// YAML file of parameter values
    #[arg(long, value_name = "FILE.yaml")]
    pub preset: Option<PathBuf>,
    /// Set one parameter, e.g. --set brand="Acme Bank" (lists as YAML/JSON); repeatable
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Never prompt: use defaults, the preset and --set only
    #[arg(long)]
    pub no_input: bool,
    /// Message catalog locale (en_US, pt_BR, es)
    #[arg(long)]
    pub locale: Option<String>,
    /// Flow JSON version to generate
    #[arg(long, value_name = "V")]
    pub flow_version: Option<String>,
    /// Endpoint Data API version
    #[arg(long, value_name = "3.0|4.0")]
    pub data_api: Option<String>,
    /// Endpoint stub language
    #[arg(long, value_name = "node|python|rust|none")]
    pub endpoint: Option<String>,
    /// Use templates from this folder instead of the built-in ones
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Write into a non-empty directory
    #[arg(long)]
    pub force: bool,
    /// Print the files that would be written, write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct ParamsArgs {
    pub use_case: String,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// What to describe: `preset` (of a use case) or `journey` (check-endpoint's journey files)
    pub what: String,
    /// The use case whose preset schema to print
    pub use_case: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct KeygenArgs {
    /// Directory to write private.pem and public.pem into
    #[arg(long, default_value = ".")]
    pub out: PathBuf,
    /// Environment variable holding the passphrase that encrypts the private key
    #[arg(long, value_name = "VAR", default_value = "PASSPHRASE")]
    pub passphrase_env: String,
    /// Replace existing private.pem / public.pem
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckEndpointArgs {
    /// The Flow JSON the endpoint serves
    #[arg(long, value_name = "flow.json")]
    pub flow: PathBuf,
    /// The endpoint's URL (every request goes there and nowhere else)
    #[arg(long, value_name = "URL")]
    pub url: String,
    /// The endpoint's public key (PEM), as registered with WhatsApp
    #[arg(long, value_name = "public.pem")]
    pub public_key: PathBuf,
    /// Environment variable holding the Meta app secret that signs requests (never a flag)
    #[arg(long, value_name = "VAR")]
    pub app_secret_env: Option<String>,
    /// A journey file to replay (repeatable; format: `flowgen schema journey`)
    #[arg(long = "journey", value_name = "FILE.yaml")]
    pub journeys: Vec<PathBuf>,
    /// Follow every data_exchange and BACK from INIT (the default when no journey is given)
    #[arg(long)]
    pub explore: bool,
    /// Send a wrong and a missing signature, another key, a flipped ciphertext byte
    #[arg(long)]
    pub probe_security: bool,
    /// Data API version of the requests (default: the Flow's data_api_version)
    #[arg(long, value_name = "3.0|4.0")]
    pub data_api: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Give up on one request after this long
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub timeout_ms: u64,
    /// At most this many requests while exploring
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub max_requests: usize,
}
