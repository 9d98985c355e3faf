//! The generation pipeline, explicit and in one direction. Each step is a function of its own, so
//! a caller can stop after any of them; [`Pipeline::run`] runs them all, in this order:
//!
//! 1. [`render`](crate::render): `flow.json.tera` → flow.json text (not yet checked);
//! 2. [`check`]: the full linter at publish level; errors stop the pipeline, warnings are kept;
//! 3. [`Contract::from_flow`]: what the endpoint must honour, from the *checked* Flow;
//! 4. [`stub::render`]: the endpoint stub's files, given the contract (never the flow.json text);
//! 5. the README, given the contract, the journeys that hold for any parameters
//!    ([`journey::project_files`]), and the project's [`Plan`]: every file, sorted by path.
//!
//! `new` writes the plan; `update` merges it with the owner's files; `preview`, `check-endpoint`
//! and `publish` start from a [`CheckedFlow`] and its contract.

use crate::catalog::UseCase;
use crate::contract::Contract;
use crate::endpoint::{journey, stub};
use crate::error::{Error, Result};
use crate::flow::json::Document;
use crate::flow::Flow;
use crate::lint::{self, Diagnostic, Severity};
use crate::render::{Inputs, Renderer};

/// A Flow that passed the linter (no errors): its text, the parsed document and the warnings.
#[derive(Debug, Clone)]
pub struct CheckedFlow {
    pub text: String,
    /// Owns its strings (the parse borrows them from `text` only while it is checked).
    pub document: Document<'static>,
    pub warnings: Vec<Diagnostic>,
}

impl CheckedFlow {
    /// The typed view of the document.
    pub fn flow(&self) -> Flow<'_> {
        Flow::new(&self.document.root, None)
    }

    /// What an endpoint must honour for this Flow.
    pub fn contract(&self) -> Contract {
        Contract::from_flow(&self.flow())
    }
}

/// Step 2: lints `text` (the file `label`, as findings name it) with every rule; `for_publish` turns the
/// rules that only block publishing into errors. Any error fails with the rendered findings.
pub fn check(text: String, label: &str, for_publish: bool) -> Result<CheckedFlow> {
    let options = lint::Options {
        flow_version: None,
        for_publish,
    };
    let document = match lint::parse(&text) {
        Ok(d) => d,
        Err(d) => return Err(failed(label, &text, &[d])),
    };
    let diagnostics = lint::check_document(&text, &document, &options);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(failed(label, &text, &diagnostics));
    }
    let document = document.into_owned();
    Ok(CheckedFlow {
        text,
        document,
        warnings: diagnostics,
    })
}

fn failed(label: &str, text: &str, diagnostics: &[Diagnostic]) -> Error {
    let mut msg = format!("{label} failed validation; nothing was written\n");
    for d in diagnostics {
        msg += &lint::report::human(label, text, d);
        msg.push('\n');
    }
    Error::Failed(msg.trim_end().to_owned())
}

/// The files of a generated project (relative path → text), sorted by path. The project step
/// adds `.flowgen/answers.yaml` and the pristine base beside them.
pub type Plan = Vec<(String, String)>;

/// The project's `.gitignore`: the key folder its README's `flowgen keygen --out keys` writes,
/// any PEM file, and the stubs' build and install output.
pub const GITIGNORE: &str = "# Written by flowgen. Private keys never belong in version control.\nkeys/\n*.pem\n.env\n\n# Endpoint stub build and install output\nnode_modules/\ntarget/\n.venv/\n__pycache__/\n";

/// Everything one run of the pipeline produced.
#[derive(Debug)]
pub struct Generation {
    pub flow: CheckedFlow,
    pub contract: Contract,
    pub plan: Plan,
}

/// A use case's templates compiled once; [`Pipeline::run`] generates any number of projects.
pub struct Pipeline<'u> {
    renderer: Renderer<'u>,
}

impl<'u> Pipeline<'u> {
    pub fn new(uc: &'u UseCase) -> Result<Pipeline<'u>> {
        Ok(Pipeline {
            renderer: Renderer::new(uc)?,
        })
    }

    /// Runs steps 1–5. `inputs.endpoint` must be a language `stub::pick_language` accepted.
    pub fn run(&self, inputs: &Inputs<'_>) -> Result<Generation> {
        let uc = self.renderer.use_case();
        let messages = self.renderer.messages(inputs.locale)?;
        let text = self.renderer.flow_json(inputs, &messages)?;
        let flow = check(text, "flow.json", true).map_err(|e| match e {
            Error::Failed(m) => Error::Failed(format!("the generated {m}")),
            other => other,
        })?;
        let contract = flow.contract();
        let mut plan: Plan = vec![("flow.json".to_owned(), flow.text.clone())];
        if inputs.endpoint != "none" {
            plan.extend(stub::render(uc, inputs, &messages, &contract)?);
        }
        if let Some(readme) = self.renderer.readme(inputs, &messages, &contract)? {
            plan.push(("README.md".to_owned(), readme));
        }
        if uc.manifest.endpoint {
            plan.extend(journey::project_files(uc)?);
        }
        plan.push((
            "preview.html".to_owned(),
            preview_page(&flow.document, &flow.warnings),
        ));
        plan.push((".gitignore".to_owned(), GITIGNORE.to_owned()));
        plan.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Generation {
            flow,
            contract,
            plan,
        })
    }
}

/// Every screen of a Flow as one self-contained page (`flowgen preview`), with its findings;
/// `update` draws it again from the merged flow.json.
pub fn preview_page(document: &Document, findings: &[Diagnostic]) -> String {
    let options = crate::preview::Options {
        file_name: "flow.json".to_owned(),
        ..Default::default()
    };
    crate::preview::draw(document, findings, &options).html
}

/// Runs the whole pipeline once (see [`Pipeline`]).
pub fn generate(uc: &UseCase, inputs: &Inputs<'_>) -> Result<Generation> {
    Pipeline::new(uc)?.run(inputs)
}
