//! `flowgen preview`: a checked Flow drawn as one self-contained HTML page.
//!
//! The page shows every screen as a phone card in WhatsApp's style (If/Switch branches side by
//! side), the routing graph as SVG ([`graph`]), the linter's findings beside their screen, and an
//! interactive player that runs the Flow in the browser (bindings, nested expressions, validation,
//! actions). Everything is inline and a Content-Security-Policy forbids outside requests, so the
//! file works from `file://` and from a CI artifact. [`serve`] adds a loopback server that reloads
//! the page when the file changes and relays endpoint requests with the real protocol.
//!
//! The Flow reaches the page only as JSON data (see [`page::embed_json`]); the page's script
//! shows every Flow string with `textContent`, never as markup.

pub mod graph;
pub mod page;
pub mod serve;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::contract::Contract;
use crate::flow::json::Document;
use crate::flow::Flow;
use crate::lint::{self, Diagnostic, Severity};

/// What the page is built from, besides the Flow text.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Shown in the page title and header (the Flow file's name).
    pub file_name: String,
    /// `--data`: screen id → data values, used instead of the `__example__` values.
    pub data: Option<Map<String, Value>>,
    /// Set when the page is served by `--serve` (it may then call back to its server).
    pub serve: Option<ServeInfo>,
}

/// What a served page knows about its server.
#[derive(Debug, Clone, Serialize)]
pub struct ServeInfo {
    /// The Flow file's fingerprint when the page was built; `/version` answers the current one.
    pub version: String,
    /// True when `--endpoint` was given: INIT, data_exchange and BACK go to `/exchange`.
    pub endpoint: bool,
}

/// A built page and what the linter found.
#[derive(Debug)]
pub struct Page {
    pub html: String,
    pub screens: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// Everything the page's script reads, embedded as one JSON document.
#[derive(Serialize)]
struct Boot<'a> {
    file: &'a str,
    flow: Value,
    /// Screen id → allowed next screens (routing model, else navigate targets).
    routes: Map<String, Value>,
    entry: Option<String>,
    diagnostics: Vec<PageDiagnostic<'a>>,
    data: &'a Map<String, Value>,
    serve: Option<&'a ServeInfo>,
}

#[derive(Serialize)]
struct PageDiagnostic<'a> {
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
    /// Index of the screen the finding concerns (from its pointer), if any.
    screen: Option<usize>,
}

/// Lints `text` and builds its page. A text that is not JSON is refused with the linter's
/// diagnostic; a Flow with lint errors is still drawn, with its findings shown.
// The error is `lint::parse`'s one finding about a text that is not JSON (see there).
#[allow(clippy::result_large_err)]
pub fn build(text: &str, options: &Options) -> Result<Page, Diagnostic> {
    let document = lint::parse(text)?;
    let diagnostics = lint::check_document(text, &document, &lint::Options::default());
    Ok(draw(&document, &diagnostics, options))
}

/// The page of an already parsed and linted document (`flowgen new` passes its checked Flow).
pub fn draw(document: &Document, diagnostics: &[Diagnostic], options: &Options) -> Page {
    let flow = Flow::new(&document.root, None);
    let contract = Contract::from_flow(&flow);
    let routes: Map<String, Value> = contract
        .screens
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                s.next.iter().cloned().map(Value::from).collect(),
            )
        })
        .collect();
    let empty = Map::new();
    let boot = Boot {
        file: &options.file_name,
        flow: document.root.to_serde(),
        routes,
        entry: contract.entry_screen.clone(),
        diagnostics: diagnostics
            .iter()
            .map(|d| PageDiagnostic {
                diagnostic: d,
                screen: screen_of(&d.pointer),
            })
            .collect(),
        data: options.data.as_ref().unwrap_or(&empty),
        serve: options.serve.as_ref(),
    };
    let boot_json = serde_json::to_string(&boot).unwrap_or_else(|_| "{}".into());
    let svg = graph::svg(&flow, &contract);
    let html = page::html(
        &options.file_name,
        &svg,
        &boot_json,
        options.serve.is_some(),
    );
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    Page {
        html,
        screens: flow.screens.len(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
    }
}

/// Hands a file path or URL to the desktop's opener (`--open`); a failure is only a note.
pub fn open_in_browser(target: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let started = std::process::Command::new(opener)
        .arg(target)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match started {
        // Reap the opener in the background; it exits as soon as it has handed over.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("note: could not start {opener} ({e}); open {target} yourself"),
    }
}

/// `/screens/3/layout/...` → 3.
fn screen_of(pointer: &str) -> Option<usize> {
    pointer
        .strip_prefix("/screens/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_index_from_pointer() {
        assert_eq!(screen_of("/screens/3/layout/children/0"), Some(3));
        assert_eq!(screen_of("/screens/12"), Some(12));
        assert_eq!(screen_of("/routing_model"), None);
    }

    #[test]
    fn flow_strings_never_reach_the_markup() {
        let text = r#"{"version":"7.3","screens":[{"id":"A","title":"</script><script>alert(1)</script>","terminal":true,
          "layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"<img src=x onerror=alert(2)>"},
          {"type":"Footer","label":"<!-- x","on-click-action":{"name":"complete","payload":{}}}]}}]}"#;
        let page = build(
            text,
            &Options {
                file_name: "<b>evil</b>.json".into(),
                ..Options::default()
            },
        )
        .unwrap();
        assert!(!page.html.contains("<script>alert"), "{}", page.html);
        assert!(!page.html.contains("<img src=x"));
        assert!(!page.html.contains("<!-- x"));
        assert!(!page.html.contains("<b>evil"));
        assert_eq!(page.html.matches("<script").count(), 2);
    }

    #[test]
    fn not_json_is_refused() {
        assert!(build("{", &Options::default()).is_err());
    }
}
