//! The spanned JSON parser (`flow/json.rs`) against serde_json: on every input both accept or
//! both reject, and what they accept is the same value. Inputs: the shared corpus and Meta's
//! templates, every fixture, and fuzz — JSON values serde_json writes, byte mutations of the
//! real files, and token soup built to hit the corners (escapes, surrogates, numbers, nesting).
//!
//! "The same value": equal strings, booleans and nulls, arrays item by item, objects as
//! serde_json sees them (the last of duplicate keys wins, at the first key's place). Numbers are
//! f64 in the spanned parser: its value must be exactly the correctly rounded one (Rust's
//! `str::parse::<f64>` of the number's source text), and serde_json's may be a few units in the
//! last place off: without its `float_roundtrip` feature serde_json does not always round
//! correctly (fuzzing found 2 ULP near 1e-283), and turning that feature on for the tests would
//! also slow the serde_json baseline of `benches/validate.rs`. Integers beyond 2^53 compare by
//! their nearest f64.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use flowgen::flow::json::{self, Node, Value};
use proptest::prelude::*;
use proptest::test_runner::Config;

fn shared_dir() -> PathBuf {
    std::env::var_os("FLOWGEN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// Every `*.json` below `dir` (recursively), sorted.
fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// The real files and fixtures, read once.
fn files() -> &'static [(PathBuf, Vec<u8>)] {
    static FILES: OnceLock<Vec<(PathBuf, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let shared = shared_dir();
        let mut paths = Vec::new();
        json_files(&shared.join("corpus"), &mut paths);
        json_files(&shared.join("meta-templates"), &mut paths);
        json_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &mut paths,
        );
        paths
            .into_iter()
            .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
            .collect()
    })
}

/// Seeds for mutation: the files up to 64 KB (the big template would make each case slow).
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut out: Vec<Vec<u8>> = files()
            .iter()
            .filter(|(_, b)| b.len() <= 64 * 1024)
            .map(|(_, b)| b.clone())
            .collect();
        out.push(br#"{"a":[1,-0.5e3,"\u00e9\ud83d\ude00",true,null,{}]}"#.to_vec());
        out
    })
}

/// Distance in units in the last place between two finite f64 of the same sign.
fn ulps(a: f64, b: f64) -> u64 {
    if a == b {
        return 0;
    }
    if a.is_sign_negative() != b.is_sign_negative() {
        return u64::MAX;
    }
    a.to_bits().abs_diff(b.to_bits())
}

/// How far serde_json's value of a number may be from the correctly rounded one.
const SERDE_ULPS: u64 = 4;

/// Where `ours` and `theirs` differ (a pointer and what differs), or None. `text` is the source.
fn diff(text: &str, ours: &Node, theirs: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value as S;
    match (&ours.value, theirs) {
        (Value::Null, S::Null) => None,
        (Value::Bool(a), S::Bool(b)) if a == b => None,
        (Value::String(a), S::String(b)) if a == b => None,
        (Value::Number(a), S::Number(b)) => {
            let source = text.get(ours.start as usize..ours.end as usize)?;
            let exact: f64 = source.parse().ok()?;
            if a.value.to_bits() != exact.to_bits() {
                return Some(format!(
                    "{at}: {source} parsed as {} instead of {exact}",
                    a.value
                ));
            }
            let b = b.as_f64()?;
            (ulps(a.value, b) > SERDE_ULPS).then(|| format!("{at}: number {} vs {b}", a.value))
        }
        (Value::Array(a), S::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("{at}: {} items vs {}", a.len(), b.len()));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| diff(text, x, y, &format!("{at}/{i}")))
        }
        (Value::Object(members), S::Object(map)) => {
            // serde_json: the last duplicate wins, kept at the first occurrence's place.
            let mut keys: Vec<&str> = Vec::new();
            for m in members {
                if !keys.contains(&m.key.as_ref()) {
                    keys.push(&m.key);
                }
            }
            let theirs: Vec<&str> = map.keys().map(String::as_str).collect();
            if keys != theirs {
                return Some(format!("{at}: keys {keys:?} vs {theirs:?}"));
            }
            keys.iter().find_map(|k| {
                let last = members.iter().rev().find(|m| m.key == *k)?;
                diff(text, &last.value, &map[*k], &format!("{at}/{k}"))
            })
        }
        _ => Some(format!("{at}: {} vs {theirs}", ours.type_name())),
    }
}

/// The two parsers agree on `bytes`; the error message says how they do not.
fn agree(bytes: &[u8]) -> Result<(), String> {
    let theirs = serde_json::from_slice::<serde_json::Value>(bytes);
    let text = std::str::from_utf8(bytes).unwrap_or_default();
    let ours = match std::str::from_utf8(bytes) {
        Ok(text) => json::parse(text).map_err(|e| e.message),
        // The linter reads files as UTF-8 text; invalid UTF-8 never reaches the parser.
        Err(e) => Err(format!("not UTF-8: {e}")),
    };
    let show = || String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned();
    match (ours, theirs) {
        (Ok(doc), Ok(value)) => match diff(text, &doc.root, &value, "") {
            None => Ok(()),
            Some(d) => Err(format!("different values at {d}\ninput: {:?}", show())),
        },
        (Err(_), Err(_)) => Ok(()),
        (Ok(_), Err(e)) => Err(format!(
            "spanned parser accepts, serde_json rejects ({e})\ninput: {:?}",
            show()
        )),
        (Err(e), Ok(_)) => Err(format!(
            "spanned parser rejects ({e}), serde_json accepts\ninput: {:?}",
            show()
        )),
    }
}

#[test]
fn real_files_and_fixtures_parse_the_same() {
    let files = files();
    assert!(
        files.len() > 100,
        "expected the fixtures (and the corpus) to be found, got {} files",
        files.len()
    );
    let problems: Vec<String> = files
        .iter()
        .filter_map(|(p, b)| agree(b).err().map(|e| format!("{}: {e}", p.display())))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn corners() {
    let deep = |n: usize, open: &str, close: &str| format!("{}{}", open.repeat(n), close.repeat(n));
    let mut cases: Vec<String> = [
        "",
        " ",
        "0",
        "-0",
        "-0.0",
        "1e5",
        "1E+5",
        "1e-400",
        "1e400",
        "-1e400",
        "123456789012345678901234567890",
        "9007199254740993",
        "-1.0521218523493281e-283",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775809",
        "0.1",
        "2.2250738585072011e-308",
        "4.9e-324",
        "1.7976931348623157e308",
        "01",
        "1.",
        ".5",
        "+1",
        "-",
        "1e",
        "1e+",
        "0x10",
        "Infinity",
        "NaN",
        "true",
        "tru",
        "nul",
        "null ",
        "[]",
        "[1,]",
        "[,1]",
        "{}",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{\"a\":1 \"b\":2}",
        "{1:2}",
        "{\"a\":1,\"a\":2}",
        "\"\\u0000\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "\"\\ud800x\"",
        "\"\\uD83D\\uDE00\"",
        "\"\\u00zz\"",
        "\"\\x41\"",
        "\"\\/\"",
        "\"a\tb\"",
        "\"a\u{7f}b\"",
        "\"\u{1f}\"",
        "\"é✓😀\"",
        "\u{feff}{}",
        "{} x",
        "[1] [2]",
        "\"unterminated",
        "\"\\",
        "[\"\\u12\"]",
        " \t\r\n[1]\n",
        "\u{a0}[1]",
        "[1]\u{0c}",
        "[true false]",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for n in [126, 127, 128, 129, 200] {
        cases.push(deep(n, "[", "]"));
        cases.push(format!("{}1{}", "{\"k\":".repeat(n), "}".repeat(n)));
    }
    let problems: Vec<String> = cases
        .iter()
        .filter_map(|c| agree(c.as_bytes()).err())
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

fn any_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value as S;
    let leaf = prop_oneof![
        Just(S::Null),
        any::<bool>().prop_map(S::Bool),
        any::<i64>().prop_map(S::from),
        any::<u64>().prop_map(S::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(S::from),
        any::<String>().prop_map(S::String),
        "[\\\\\"\u{0}-\u{1f}\u{d7ff}\u{e000}\u{10ffff}a-z${}`]{0,12}".prop_map(S::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(S::Array),
            proptest::collection::vec(("[a-z\"\\\\]{0,4}", inner), 0..6)
                .prop_map(|kv| S::Object(kv.into_iter().collect())),
        ]
    })
}

/// Pieces that make up near-JSON: the grammar's tokens and its corner cases.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "{", "}", "[", "]", ",", ":", "\"", "\"a\"", "\"k\":", " ", "\n", "\t", "\r", "\u{c}",
            "\\", "\\\"", "\\n", "\\u", "\\u00e9", "\\ud83d", "\\ude00", "\\ud800", "\\uDFFF",
            "\\x", "0", "-", "1", "9", ".", "e", "E", "+", "-0", "01", "1.5", "1e308", "1e309",
            "true", "false", "null", "tru", "é", "😀", "\u{0}", "\u{1f}", "\u{7f}", "\u{feff}",
            "\u{2028}",
        ])
        .prop_map(str::to_owned),
        "[0-9]{1,25}",
        "-?[0-9]{1,20}\\.[0-9]{1,20}([eE][+-]?[0-9]{1,3})?",
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Set(a, b)),
        (any::<usize>(), token()).prop_map(|(a, t)| Mutation::Insert(a, t.into_bytes())),
        (any::<usize>(), 1usize..8).prop_map(|(a, n)| Mutation::Delete(a, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len().max(1);
    match m {
        Mutation::Set(at, b) => {
            if !bytes.is_empty() {
                bytes[at % len] = *b;
            }
        }
        Mutation::Insert(at, piece) => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, piece.iter().copied());
        }
        Mutation::Delete(at, n) => {
            let at = at % len;
            let end = (at + n).min(bytes.len());
            if at < end {
                bytes.drain(at..end);
            }
        }
    }
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn json_serde_writes(value in any_json(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap_or_default()
        } else {
            value.to_string()
        };
        prop_assert!(agree(text.as_bytes()).is_ok(), "{}", agree(text.as_bytes()).unwrap_err());
    }

    #[test]
    fn mutated_real_files(seed in any::<prop::sample::Index>(), ops in proptest::collection::vec(mutation(), 1..6)) {
        let seeds = seeds();
        let mut bytes = seeds[seed.index(seeds.len())].clone();
        for op in &ops {
            apply(&mut bytes, op);
        }
        let verdict = agree(&bytes);
        prop_assert!(verdict.is_ok(), "{}", verdict.unwrap_err());
    }

    #[test]
    fn token_soup(tokens in proptest::collection::vec(token(), 0..24)) {
        let text = tokens.concat();
        let verdict = agree(text.as_bytes());
        prop_assert!(verdict.is_ok(), "{}", verdict.unwrap_err());
    }
}
