//! What a rule is (id, severity, versions, docs, check function) and what it gets to work with.

use std::cell::OnceCell;

use crate::flow::json::{Document, Node};
use crate::flow::{Flow, Version, Versions};

use super::sites::{self, Site};
use super::{Options, Severity};
use crate::flow::binding::{self, Ref};
use crate::flow::expression::{self, Expr, ParseError};

/// What parsing a backtick expression gave.
pub type Parsed<'a> = Result<Expr<'a>, ParseError>;

/// How severe a rule's findings are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    /// Only publishing is refused (the Flow still works when sent): a warning when linting, an
    /// error with `--for-publish`.
    Publish,
    /// An error, except a warning in the versions listed (where Meta's Builder skips the check).
    ErrorExceptIn(&'static [Versions]),
}

/// One lint rule. Each lives in its own file under `lint/rules/<group>/` as `pub static RULE`.
pub struct Rule {
    /// Stable id, e.g. `FJ-ROUTE-SELF-LOOP`. Never reused for another meaning.
    pub id: &'static str,
    pub level: Level,
    /// The Flow JSON versions the rule applies to.
    pub versions: Versions,
    /// Run even when the document's version is missing or unknown.
    pub always: bool,
    /// One line for `flowgen rules`.
    pub summary: &'static str,
    /// The longer explanation for `flowgen rules ID`: what, why, how to fix. Its valid and invalid
    /// examples are the rule's fixtures (`generator/fixtures/rules/<ID>/`), printed after it.
    pub explain: &'static str,
    /// Default help line for findings.
    pub help: &'static str,
    pub check: fn(&Context, &mut Sink),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

impl Rule {
    /// The severity of a finding of this rule for `version`.
    pub fn severity(&self, version: Option<Version>, options: &Options) -> Severity {
        match self.level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Publish if options.for_publish => Severity::Error,
            Level::Publish => Severity::Warning,
            Level::ErrorExceptIn(ranges) => match version {
                Some(v) if ranges.iter().any(|r| r.contains(v)) => Severity::Warning,
                _ => Severity::Error,
            },
        }
    }

    /// How `flowgen rules` prints the level.
    pub fn level_label(&self) -> String {
        match self.level {
            Level::Error => "error".into(),
            Level::Warning => "warning".into(),
            Level::Publish => "warning (error with --for-publish)".into(),
            Level::ErrorExceptIn(r) => {
                let list: Vec<String> = r.iter().map(|r| r.to_string()).collect();
                format!("error (warning in {})", list.join(", "))
            }
        }
    }
}

/// Everything a rule may read.
pub struct Context<'a> {
    pub flow: &'a Flow<'a>,
    pub document: &'a Document<'a>,
    pub options: &'a Options,
    /// Size of the document in bytes.
    pub text_len: usize,
    /// The bindable strings, collected on first use and shared by the rules.
    pub(crate) sites: OnceCell<Vec<Site<'a, 'a>>>,
    /// The `${…}` references of each site, found on first use (index: [`Site::index`]).
    site_refs: OnceCell<Vec<Vec<Ref<'a>>>>,
    /// The parsed backtick expression of each site that is one, parsed on first use.
    site_expressions: OnceCell<Vec<Option<Parsed<'a>>>>,
}

impl<'a> Context<'a> {
    pub fn new(
        flow: &'a Flow<'a>,
        document: &'a Document<'a>,
        options: &'a Options,
        text_len: usize,
    ) -> Self {
        Context {
            flow,
            document,
            options,
            text_len,
            sites: OnceCell::new(),
            site_refs: OnceCell::new(),
            site_expressions: OnceCell::new(),
        }
    }
    /// Every bindable string of the Flow (titles, component properties, conditions, actions),
    /// walked once per lint run.
    pub fn sites(&self) -> &[Site<'a, 'a>] {
        self.sites.get_or_init(|| sites::collect(self.flow))
    }
    /// The `${…}` references in `site`'s text, in order: found once per lint run and shared
    /// by the binding rules (each of which used to search every string again).
    pub fn refs_at(&self, site: &Site<'a, 'a>) -> &[Ref<'a>] {
        let all = self.site_refs.get_or_init(|| {
            self.sites()
                .iter()
                .map(|s| {
                    if binding::has_ref(s.text) {
                        binding::refs(s.text)
                    } else {
                        Vec::new()
                    }
                })
                .collect()
        });
        all.get(site.index).map_or(&[], Vec::as_slice)
    }
    /// The parsed expression of `site` when its whole text is a backtick expression (6.0+):
    /// parsed once per lint run for the rules that read expressions.
    pub fn expression_at(&self, site: &Site<'a, 'a>) -> Option<&Parsed<'a>> {
        let all = self.site_expressions.get_or_init(|| {
            self.sites()
                .iter()
                .map(|s| expression::inner(s.text).map(expression::parse))
                .collect()
        });
        all.get(site.index)?.as_ref()
    }
    /// The version rules are checked against (None if missing/unknown).
    pub fn version(&self) -> Option<Version> {
        self.flow.version
    }
    /// True when the checked version is at least `major.minor`.
    pub fn at_least(&self, major: u8, minor: u8) -> bool {
        self.version()
            .is_some_and(|v| v >= crate::flow::version::v(major, minor))
    }
}

/// A finding before positions are resolved.
#[derive(Debug)]
pub struct Found {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub offset: u32,
    pub message: String,
    pub help: String,
    /// Secondary locations (offset, label), e.g. where a duplicated key was first defined.
    pub related: Vec<(u32, String)>,
}

/// At most this many findings of one rule per document (then one "stopped after" finding).
pub const MAX_FINDINGS_PER_RULE: usize = 200;
/// Messages longer than this are cut (ids and values from the document can be huge).
const MAX_MESSAGE_CHARS: usize = 400;

fn clip(message: String, max: usize) -> String {
    match message.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &message[..i]),
        None => message,
    }
}

/// Collects findings; `rule` is set by the linter before each rule runs.
#[derive(Default)]
pub struct Sink {
    pub(crate) rule: Option<&'static Rule>,
    pub(crate) found: Vec<Found>,
    version: Option<Version>,
    for_publish: bool,
}

impl Sink {
    pub(crate) fn new(version: Option<Version>, options: &Options) -> Sink {
        Sink {
            rule: None,
            found: Vec::new(),
            version,
            for_publish: options.for_publish,
        }
    }

    fn push(
        &mut self,
        at: &Node,
        severity: Option<Severity>,
        message: String,
        help: Option<String>,
    ) {
        let Some(rule) = self.rule else { return };
        // One rule may not flood the report (or memory) on a pathological document.
        let same = self
            .found
            .iter()
            .rev()
            .take_while(|f| std::ptr::eq(f.rule, rule))
            .count();
        if same >= MAX_FINDINGS_PER_RULE {
            if same == MAX_FINDINGS_PER_RULE {
                self.found.push(Found {
                    rule,
                    severity: rule.severity(self.version, &Options { flow_version: None, for_publish: self.for_publish }),
                    offset: at.start,
                    message: format!("{} stopped after {MAX_FINDINGS_PER_RULE} findings in this document; fix these and run again", rule.id),
                    help: rule.help.to_owned(),
                    related: Vec::new(),
                });
            }
            return;
        }
        let message = clip(message, MAX_MESSAGE_CHARS);
        let options = Options {
            flow_version: None,
            for_publish: self.for_publish,
        };
        let severity = severity.unwrap_or_else(|| rule.severity(self.version, &options));
        self.found.push(Found {
            rule,
            severity,
            offset: at.start,
            message,
            help: help.unwrap_or_else(|| rule.help.to_owned()),
            related: Vec::new(),
        });
    }

    /// Reports a finding at `at` with the rule's default severity and help.
    pub fn report(&mut self, at: &Node, message: impl Into<String>) {
        self.push(at, None, message.into(), None);
    }

    /// Reports a finding at `at` and a second place that explains it (`label` says what it is,
    /// e.g. "first defined here"), shown under the finding by the human format.
    pub fn report_related(
        &mut self,
        at: &Node,
        message: impl Into<String>,
        related_offset: u32,
        label: impl Into<String>,
    ) {
        let before = self.found.len();
        self.push(at, None, message.into(), None);
        if self.found.len() > before {
            if let Some(f) = self.found.last_mut() {
                f.related.push((related_offset, label.into()));
            }
        }
    }

    /// Reports with a help line specific to this finding.
    pub fn report_help(&mut self, at: &Node, message: impl Into<String>, help: impl Into<String>) {
        self.push(at, None, message.into(), Some(help.into()));
    }

    /// Reports as a warning whatever the rule's level (e.g. a position the Builder does not check).
    pub fn warn(&mut self, at: &Node, message: impl Into<String>, help: impl Into<String>) {
        self.push(
            at,
            Some(Severity::Warning),
            message.into(),
            Some(help.into()),
        );
    }
}
