//! Command-line definitions (clap derive) and nothing else: handlers live in `commands/`.

use std::path::PathBuf;
use std::sync::LazyLock;

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};

use crate::flow::Version;

/// Exit codes, shown under `--help` (the README says the same).
const EXIT_CODES: &str = "Exit status: 0 ok (only warnings, or nothing found), 1 a check failed (validate: an error \
finding, a syntax error included, or a warning with --deny-warnings), 2 usage error or unreadable input (a missing \
file, an unknown option, rule id or use case, a directory without Flow JSON files).";

#[derive(Debug, Parser)]
#[command(
    name = "flowgen",
    version,
    about = "Scaffold, validate and regenerate WhatsApp Flows (Flow JSON + endpoint stubs)",
    after_help = EXIT_CODES
)]
pub struct Cli {
    /// When to colour output: auto = on a terminal unless NO_COLOR is set (CLICOLOR_FORCE forces it)
    #[arg(long, global = true, value_enum, ignore_case = true, default_value_t = ColorWhen::Auto, value_name = "WHEN", display_order = 900)]
    pub color: ColorWhen,
    #[command(subcommand)]
    pub command: Command,
}

/// Output of the commands that report something: text for people, or one JSON document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Output of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// Code frames and a summary line
    Human,
    /// One JSON object (shape in the README)
    Json,
    /// GitHub Actions annotations (::error file=…,line=…::…)
    Github,
    /// SARIF 2.1.0, for code scanning
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl From<ColorWhen> for anstream::ColorChoice {
    fn from(c: ColorWhen) -> Self {
        match c {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
    }
}

/// The endpoint stub language of `new --endpoint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Endpoint {
    Node,
    Python,
    Rust,
    None,
}

impl Endpoint {
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::Node => "node",
            Endpoint::Python => "python",
            Endpoint::Rust => "rust",
            Endpoint::None => "none",
        }
    }
}

/// The endpoint Data API version of `new --data-api`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataApi {
    #[value(name = "3.0")]
    V3_0,
    #[value(name = "4.0")]
    V4_0,
}

impl DataApi {
    pub fn as_str(self) -> &'static str {
        match self {
            DataApi::V3_0 => "3.0",
            DataApi::V4_0 => "4.0",
        }
    }
}

/// A known Flow JSON version, for `--flow-version` (help lists them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowVersion(pub Version);

impl ValueEnum for FlowVersion {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: LazyLock<Vec<FlowVersion>> = LazyLock::new(|| {
            crate::flow::version::KNOWN
                .iter()
                .map(|&v| FlowVersion(v))
                .collect()
        });
        &ALL
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.to_string()))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Flow JSON files, or every Flow JSON file below a directory, offline
    Validate(ValidateArgs),
    /// List the lint rules, or explain one
    Rules(RulesArgs),
    /// Scaffold a Flow and its endpoint from a use-case template
    New(NewArgs),
    /// Regenerate a project after a template or parameter change, keeping the owner's edits
    Update(UpdateArgs),
    /// List the use cases
    List(ListArgs),
    /// Show a use case's parameters, types and defaults
    Params(ParamsArgs),
    /// Print a JSON Schema (e.g. of a use case's preset files)
    Schema(SchemaArgs),
    /// Write an RSA-2048 key pair for the Flow's endpoint encryption
    Keygen(KeygenArgs),
    /// Test a data endpoint against its Flow the way WhatsApp calls it (exit 0 ok, 1 a check failed, 2 usage or unreachable)
    CheckEndpoint(CheckEndpointArgs),
    /// Draw a Flow as one self-contained HTML page (every screen, routing graph, diagnostics,
    /// click-through); --serve plays it against a running endpoint
    Preview(PreviewArgs),
    /// Print a shell completion script
    ///
    /// e.g. `flowgen completions bash > ~/.local/share/bash-completion/completions/flowgen`,
    /// `flowgen completions zsh > ~/.zfunc/_flowgen`,
    /// `flowgen completions fish > ~/.config/fish/completions/flowgen.fish`
    Completions(CompletionsArgs),
    /// Put the Flow on WhatsApp (Graph API): lint, create or adopt, upload when changed, check, publish
    Publish(PublishArgs),
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "A directory is searched for Flow JSON files: *.json files whose top-level object has a \
`screens` key or a known Flow JSON `version` (\"7.3\", not a package's \"1.0\"), except package manifests \
(package.json, package-lock.json, composer.json, manifest.json, tsconfig.json, jsconfig.json) and the endpoint \
stubs' contract.json and config.json; node_modules, target, .flowgen, .git, .venv, venv and __pycache__ are \
skipped. A file named explicitly is always checked.

Exit status: 0 no error findings (warnings are fine unless --deny-warnings), 1 at least one error finding (a file \
that is not JSON is one: FJ-DOC-JSON-OBJECT), 2 usage error or unreadable input (a path that does not exist or \
cannot be read, an unknown rule id, a directory holding no Flow JSON file); nothing is reported as a finding \
at 0:0."
)]
pub struct ValidateArgs {
    /// Files or directories to check; `-` reads standard input
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<String>,
    /// Output format
    #[arg(long, value_enum, ignore_case = true, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Check against this Flow JSON version instead of the file's `version`
    #[arg(long, value_enum, value_name = "V")]
    pub flow_version: Option<FlowVersion>,
    /// Right before an upload: rules that only block publishing become errors
    #[arg(long)]
    pub for_publish: bool,
    /// Only report these rules: ids or id prefixes such as FJ-ROUTE (repeatable, comma-separated)
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Never report these rules: ids or prefixes (repeatable, comma-separated; wins over --select)
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// A rule id to explain (e.g. FJ-ROUTE-SELF-LOOP)
    pub id: Option<String>,
    /// Output: text for people, or one JSON document for scripts
    #[arg(long, value_enum, ignore_case = true, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Output: text for people, or one JSON document for scripts
    #[arg(long, value_enum, ignore_case = true, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, ignore_case = true)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Use case: loan-offer, insurance-quote, purchase-intent, personalised-offer (see `flowgen list`)
    pub use_case: String,
    /// Target directory (default: the use case id)
    pub dir: Option<PathBuf>,
    /// YAML file of parameter values (and locale, flow_version, data_api, endpoint); `-` reads stdin
    #[arg(long, value_name = "FILE.yaml")]
    pub preset: Option<PathBuf>,
    /// Set one parameter, e.g. --set brand="Acme Bank" (lists as YAML/JSON); repeatable
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Never prompt: use defaults, the preset and --set only
    #[arg(long)]
    pub no_input: bool,
    /// Message catalog locale, e.g. en_US, pt_BR, es [default: the template's]
    #[arg(long)]
    pub locale: Option<String>,
    /// Flow JSON version to generate [default: the newest the template supports]
    #[arg(long, value_enum, value_name = "V")]
    pub flow_version: Option<FlowVersion>,
    /// Endpoint Data API version [default: 4.0 with Flow JSON 7.3, else 3.0]
    #[arg(long, value_enum)]
    pub data_api: Option<DataApi>,
    /// Endpoint stub language [default: none]
    #[arg(long, value_enum, ignore_case = true)]
    pub endpoint: Option<Endpoint>,
    /// Use templates from this folder instead of the built-in ones
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Write into a non-empty directory, overwriting the files flowgen generates there
    #[arg(long)]
    pub force: bool,
    /// Print the files that would be written, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Output: human, or json (the files written and the next steps)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct UpdateArgs {
    /// The project directory (holding .flowgen/answers.yaml)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Change one recorded answer, e.g. --set 'tenures_months=[6,12,24]'; repeatable
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// YAML file of parameter values that override the recorded answers
    #[arg(long, value_name = "FILE.yaml")]
    pub preset: Option<PathBuf>,
    /// Use templates from this folder instead of the built-in ones
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Print each file's outcome and a unified diff; write nothing
    #[arg(long, conflicts_with = "check")]
    pub dry_run: bool,
    /// Write nothing; exit 0 when the project is what an update would produce, 1 otherwise (CI)
    #[arg(long)]
    pub check: bool,
    /// Write the update even when the merged flow.json fails validation
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct ParamsArgs {
    pub use_case: String,
    /// Output: text for people, or one JSON document for scripts
    #[arg(long, value_enum, ignore_case = true, default_value_t = Format::Human)]
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
    /// Overwrite an existing private.pem / public.pem (the old key is lost)
    #[arg(long)]
    pub force: bool,
    /// Output: text for people, or one JSON document for scripts
    #[arg(long, value_enum, ignore_case = true, default_value_t = Format::Human)]
    pub format: Format,
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
    /// Output: one line per step for people, or one JSON object for CI
    #[arg(long, value_enum, ignore_case = true, default_value_t = Format::Human)]
    pub format: Format,
    /// Give up on one request after this long
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub timeout_ms: u64,
    /// At most this many requests while exploring
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub max_requests: usize,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The access token is read from WHATSAPP_TOKEN only (never a flag, never printed). \
GRAPH_API_URL and GRAPH_API_VERSION point at another Graph host or version; FLOW_TOKEN_SECRET makes \
--send-test carry a flow token the stubs accept; FLOWGEN_RETRY_BASE_MS sets the first back-off wait \
on Meta's rate limits (default 2000). State: .flowgen/published.yaml beside flow.json (commit it)."
)]
pub struct PublishArgs {
    /// A generated project folder (holding flow.json) or a Flow JSON file
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The WhatsApp Business Account the Flow lives in
    #[arg(long, value_name = "ID")]
    pub waba_id: String,
    /// Which recorded Flow to publish to (one entry per environment in .flowgen/published.yaml)
    #[arg(long, value_name = "NAME", default_value = "default")]
    pub env: String,
    /// The Flow's name in the WABA (default: brand and use case, plus [env] outside `default`)
    #[arg(long)]
    pub name: Option<String>,
    /// Flow category for a new Flow (repeatable; default per use case, e.g. LEAD_GENERATION)
    #[arg(long = "category", value_name = "CAT")]
    pub categories: Vec<String>,
    /// The endpoint Meta calls (https://); set on the Flow when it differs
    #[arg(long, value_name = "URL")]
    pub endpoint_uri: Option<String>,
    /// The phone number that sends the Flow: its key and health are checked
    #[arg(long, value_name = "ID")]
    pub phone_number_id: Option<String>,
    /// Register this business public key for --phone-number-id and read it back until VALID
    #[arg(long, value_name = "public.pem")]
    pub public_key: Option<PathBuf>,
    /// Publish the Flow (without it, it stays a draft and the preview URL is printed)
    #[arg(long)]
    pub publish: bool,
    /// Send the Flow to this test number as an interactive message (needs --phone-number-id)
    #[arg(long, value_name = "PHONE")]
    pub send_test: Option<String>,
    /// Print each call and why; send none that changes anything, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Output: progress for people, or one JSON document for scripts (shape in the README)
    #[arg(long, value_enum, ignore_case = true, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct PreviewArgs {
    /// The Flow JSON file to draw (or a project folder holding flow.json)
    #[arg(value_name = "FLOW.json")]
    pub flow: PathBuf,
    /// Where to write the page (default: preview.html beside flow.json, else FLOW.html; - for stdout)
    #[arg(long, value_name = "FILE.html", conflicts_with = "serve")]
    pub out: Option<PathBuf>,
    /// Screen data to show instead of the `__example__` values: {"SCREEN_ID": {"field": value}}
    #[arg(long, value_name = "FILE.json")]
    pub data: Option<PathBuf>,
    /// Open the page (or the --serve URL) in the default browser
    #[arg(long)]
    pub open: bool,
    /// Serve the page on 127.0.0.1 (reloads when the Flow file changes) instead of writing it
    #[arg(long)]
    pub serve: bool,
    /// Port for --serve (0 picks a free one)
    #[arg(long, value_name = "P", default_value_t = 0, requires = "serve")]
    pub port: u16,
    /// The data endpoint to relay INIT, data_exchange and BACK to (encrypted), with --serve
    #[arg(long, value_name = "URL", requires_all = ["serve", "public_key"])]
    pub endpoint: Option<String>,
    /// The endpoint's public key (PEM), to encrypt requests with
    #[arg(long, value_name = "public.pem", requires = "endpoint")]
    pub public_key: Option<PathBuf>,
    /// Environment variable holding the Meta app secret: requests are then signed
    /// (X-Hub-Signature-256, and flow_token_signature with Data API 4.0)
    #[arg(long, value_name = "VAR", requires = "endpoint")]
    pub app_secret_env: Option<String>,
}
