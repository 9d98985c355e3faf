//! "Did you mean": the known name closest to a mistyped one, used by every message that refuses
//! an unknown use case, parameter, choice, locale or rule id. A leaf module: it imports nothing.

/// The candidate closest to `word` when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&w, &c.to_lowercase());
        let lev = strsim::levenshtein(&w, &c.to_lowercase());
        let close = score >= 0.85 || lev <= (w.chars().count().max(3) / 3);
        if close && best.map_or(true, |(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}
