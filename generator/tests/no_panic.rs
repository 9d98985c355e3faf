//! The linter must return on any input: mangled bytes of real files, arbitrary JSON, JSON nested
//! past the depth limit, huge strings, and Flow-shaped documents with wrong JSON types in every
//! position. The binary must exit with 0, 1 or 2 on such files.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use flowgen::lint::{self, Options};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{json, Map, Value};

/// Seeds for byte mutations: the rule fixtures, plus the shared corpus when it is there. Files
/// over 256 KB are left out to keep a debug run short.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let shared = std::env::var_os("FLOWGEN_SHARED").map(PathBuf::from).unwrap_or_else(|| manifest.join("../../shared"));
        let mut dirs: Vec<PathBuf> = vec![shared.join("corpus"), shared.join("meta-templates"), shared.join("meta-templates/stripped")];
        if let Ok(entries) = std::fs::read_dir(manifest.join("fixtures/rules")) {
            dirs.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
        }
        let mut out = Vec::new();
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
            paths.sort();
            for p in paths {
                if let Ok(bytes) = std::fs::read(&p) {
                    if bytes.len() <= 256 * 1024 {
                        out.push(bytes);
                    }
                }
            }
        }
        if out.is_empty() {
            out.push(br#"{"version":"7.3","screens":[{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[]}}]}"#.to_vec());
        }
        out
    })
}

/// Runs the linter in both modes; reaching the end means it did not panic.
fn lint_all_ways(text: &str) {
    let _ = lint::check(text, &Options::default());
    let _ = lint::check(
        text,
        &Options {
            for_publish: true,
            ..Options::default()
        },
    );
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Insert { at: usize, bytes: Vec<u8> },
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize, to: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop_oneof![
        Just(b"${".to_vec()),
        Just(b"`".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"{".to_vec()),
        Just(b"}".to_vec()),
        Just(b"[".to_vec()),
        Just(b"]".to_vec()),
        Just(b",".to_vec()),
        Just(b":".to_vec()),
        Just(b"\\u00".to_vec()),
        Just("é✓😀".as_bytes().to_vec()),
        Just(b"null".to_vec()),
        Just(b"1e999".to_vec()),
        proptest::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (any::<usize>(), interesting).prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<usize>(), 1usize..64).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 1usize..256, any::<usize>())
            .prop_map(|(at, len, to)| Mutation::Duplicate { at, len, to }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len();
    if n == 0 {
        if let Mutation::Insert { bytes: b, .. } = m {
            bytes.extend_from_slice(b);
        }
        return;
    }
    match m {
        Mutation::Flip { at, byte } => bytes[at % n] = *byte,
        Mutation::Insert { at, bytes: b } => {
            let at = at % (n + 1);
            bytes.splice(at..at, b.iter().copied());
        }
        Mutation::Delete { at, len } => {
            let at = at % n;
            let end = (at + len).min(n);
            bytes.drain(at..end);
        }
        Mutation::Duplicate { at, len, to } => {
            let at = at % n;
            let end = (at + len).min(n);
            let chunk = bytes[at..end].to_vec();
            let to = to % (n + 1);
            bytes.splice(to..to, chunk);
        }
    }
}

/// Strings that exercise bindings, expressions and unicode.
fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,24}",
        Just(String::new()),
        Just(" \n\t".to_string()),
        Just("${".to_string()),
        Just("${data.".to_string()),
        Just("${data.x}".to_string()),
        Just("${form.name}".to_string()),
        Just("${screen.A.data.x}".to_string()),
        Just("${screen..}".to_string()),
        Just("`".to_string()),
        Just("``".to_string()),
        Just("`${data.a} == 'x' && !(${form.b} > 2)`".to_string()),
        Just("`'unterminated`".to_string()),
        Just("${data.a}${data.b}`".to_string()),
        Just("((((${data.a})))".to_string()),
        Just("data:image/png;base64,AAAA".to_string()),
        Just("é✓😀\u{200b}\u{feff}".to_string()),
        Just("SUCCESS".to_string()),
        Just("2024-13-45".to_string()),
        "[A-Z_]{1,8}",
        "(\\$\\{|`|'|\\\\|[a-z.]|\\}|\\(|\\)|==|&&|\\|\\| ){0,20}",
    ]
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        tricky_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((tricky_string(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Usually `good`, sometimes any JSON value at all (wrong types in every position).
fn or_junk<S: Strategy<Value = Value> + 'static>(good: S) -> BoxedStrategy<Value> {
    prop_oneof![4 => good, 1 => any_json()].boxed()
}

fn pick(names: &'static [&'static str]) -> BoxedStrategy<Value> {
    or_junk(proptest::sample::select(names).prop_map(|s| Value::String(s.to_string())))
}

const IDS: &[&str] = &["START", "DETAILS", "DONE", "SUCCESS", "A", "step_1", ""];
const TYPES: &[&str] = &[
    "TextHeading",
    "TextSubheading",
    "TextBody",
    "TextCaption",
    "RichText",
    "TextInput",
    "TextArea",
    "CheckboxGroup",
    "RadioButtonsGroup",
    "Dropdown",
    "ChipsSelector",
    "DatePicker",
    "CalendarPicker",
    "OptIn",
    "EmbeddedLink",
    "Footer",
    "Image",
    "ImageCarousel",
    "PhotoPicker",
    "DocumentPicker",
    "NavigationList",
    "If",
    "Switch",
    "Form",
    "Nope",
];
const ACTIONS: &[&str] = &[
    "navigate",
    "data_exchange",
    "complete",
    "update_data",
    "open_url",
    "nope",
];
const VERSIONS: &[&str] = &[
    "2.1", "3.0", "3.1", "4.0", "5.0", "5.1", "6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2",
    "7.3", "9.9", "7",
];

fn object(members: Vec<(&'static str, Option<Value>)>) -> Value {
    let mut map = Map::new();
    for (k, v) in members {
        if let Some(v) = v {
            map.insert(k.to_string(), v);
        }
    }
    Value::Object(map)
}

fn action() -> BoxedStrategy<Value> {
    let next = or_junk(
        (pick(&["screen", "plugin"]), pick(IDS)).prop_map(|(t, n)| json!({"type": t, "name": n})),
    );
    let payload = or_junk(
        proptest::collection::vec(
            (
                tricky_string(),
                or_junk(tricky_string().prop_map(Value::String)),
            ),
            0..4,
        )
        .prop_map(|kv| Value::Object(kv.into_iter().collect())),
    );
    let url = or_junk(tricky_string().prop_map(Value::String));
    or_junk(
        (
            pick(ACTIONS),
            proptest::option::of(next),
            proptest::option::of(payload),
            proptest::option::of(url),
        )
            .prop_map(|(name, next, payload, url)| {
                object(vec![
                    ("name", Some(name)),
                    ("next", next),
                    ("payload", payload),
                    ("url", url),
                ])
            }),
    )
}

fn item() -> BoxedStrategy<Value> {
    or_junk(
        (
            pick(IDS),
            or_junk(tricky_string().prop_map(Value::String)),
            proptest::option::of(action()),
            proptest::option::of(any_json()),
        )
            .prop_map(|(id, title, on_select, main)| {
                object(vec![
                    ("id", Some(id)),
                    ("title", Some(title)),
                    ("on-select-action", on_select),
                    ("main-content", main),
                ])
            }),
    )
}

fn component() -> BoxedStrategy<Value> {
    let leaf = (
        pick(TYPES),
        proptest::option::of(or_junk(tricky_string().prop_map(Value::String))),
        proptest::option::of(or_junk(tricky_string().prop_map(Value::String))),
        proptest::option::of(action()),
        proptest::option::of(action()),
        proptest::option::of(or_junk(
            proptest::collection::vec(item(), 0..4).prop_map(Value::Array),
        )),
        proptest::option::of(any_json()),
    )
        .prop_map(|(kind, name, text, click, select, source, extra)| {
            object(vec![
                ("type", Some(kind)),
                ("name", name.clone()),
                ("text", text.clone()),
                ("label", text),
                ("on-click-action", click),
                ("on-select-action", select),
                ("data-source", source.clone()),
                ("list-items", source),
                ("init-values", extra.clone()),
                ("condition", extra.clone()),
                ("value", extra),
            ])
        });
    leaf.boxed()
        .prop_recursive(3, 24, 4, |inner| {
            let list = or_junk(proptest::collection::vec(inner, 0..4).prop_map(Value::Array));
            (
                pick(&["Form", "If", "Switch"]),
                list.clone(),
                proptest::option::of(list.clone()),
                proptest::option::of(any_json()),
            )
                .prop_map(|(kind, a, b, cond)| {
                    let cases = b.clone().map(|b| json!({"a": a.clone(), "b-1": b}));
                    object(vec![
                        ("type", Some(kind)),
                        ("name", Some(json!("form"))),
                        ("children", Some(a.clone())),
                        ("then", Some(a)),
                        ("else", b),
                        ("cases", cases),
                        ("condition", cond.clone()),
                        ("value", cond),
                    ])
                })
                .boxed()
        })
        .boxed()
}

fn screen() -> BoxedStrategy<Value> {
    let layout = or_junk(
        (
            pick(&["SingleColumnLayout", "Other"]),
            or_junk(proptest::collection::vec(component(), 0..5).prop_map(Value::Array)),
        )
            .prop_map(|(t, c)| json!({"type": t, "children": c})),
    );
    let data = or_junk(
        proptest::collection::vec(
            (
                pick(&["x", "items", "required", "a-b"])
                    .prop_map(|v| v.as_str().unwrap_or("k").to_string()),
                any_json(),
            ),
            0..3,
        )
        .prop_map(|kv| Value::Object(kv.into_iter().collect())),
    );
    or_junk(
        (
            pick(IDS),
            proptest::option::of(or_junk(tricky_string().prop_map(Value::String))),
            proptest::option::of(or_junk(any::<bool>().prop_map(Value::Bool))),
            proptest::option::of(any_json()),
            proptest::option::of(data),
            layout,
        )
            .prop_map(|(id, title, terminal, extra, data, layout)| {
                object(vec![
                    ("id", Some(id)),
                    ("title", title),
                    ("terminal", terminal),
                    ("success", extra.clone()),
                    ("refresh_on_back", extra.clone()),
                    ("sensitive", extra),
                    ("data", data),
                    ("layout", Some(layout)),
                ])
            }),
    )
}

/// A document shaped like a Flow whose every position may hold a wrong JSON type.
fn flow_skeleton() -> impl Strategy<Value = Value> {
    let routing = or_junk(
        proptest::collection::vec(
            (
                pick(IDS).prop_map(|v| v.as_str().unwrap_or("K").to_string()),
                or_junk(proptest::collection::vec(pick(IDS), 0..12).prop_map(Value::Array)),
            ),
            0..5,
        )
        .prop_map(|kv| Value::Object(kv.into_iter().collect())),
    );
    (
        proptest::option::of(pick(VERSIONS)),
        proptest::option::of(pick(&["3.0", "4.0", "2.0"])),
        proptest::option::of(routing),
        proptest::option::of(or_junk(
            proptest::collection::vec(screen(), 0..5).prop_map(Value::Array),
        )),
        proptest::option::of(any_json()),
    )
        .prop_map(|(version, dapi, routing, screens, extra)| {
            object(vec![
                ("version", version),
                ("data_api_version", dapi),
                ("routing_model", routing),
                ("screens", screens),
                ("meta", extra),
            ])
        })
}

/// `depth` nested arrays/objects around `inner`, placed at a component's `text`.
fn deep_document(depth: usize, objects: bool, inner: &str) -> String {
    let mut s = String::from(
        r#"{"version":"7.3","screens":[{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"#,
    );
    for _ in 0..depth {
        s.push_str(if objects { r#"{"k":"# } else { "[" });
    }
    s.push_str(inner);
    for _ in 0..depth {
        s.push(if objects { '}' } else { ']' });
    }
    s.push_str("}]}}]}");
    s
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn mutated_real_files(seed in any::<prop::sample::Index>(), ops in proptest::collection::vec(mutation(), 1..8)) {
        let seeds = seeds();
        let mut bytes = seeds[seed.index(seeds.len())].clone();
        for op in &ops {
            apply(&mut bytes, op);
        }
        lint_all_ways(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_json(value in any_json()) {
        lint_all_ways(&value.to_string());
    }

    #[test]
    fn flow_shaped_junk(value in flow_skeleton()) {
        lint_all_ways(&value.to_string());
        lint_all_ways(&serde_json::to_string_pretty(&value).unwrap_or_default());
    }

    #[test]
    fn deep_nesting(depth in 0usize..400, objects in any::<bool>(), inner in tricky_string()) {
        let inner = serde_json::to_string(&inner).unwrap_or_default();
        lint_all_ways(&deep_document(depth, objects, &inner));
    }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn huge_strings(piece in tricky_string(), repeat in 1usize..200_000, at in 0usize..4) {
        let big = serde_json::to_string(&piece.repeat(repeat.min(2_000_000 / piece.len().max(1)))).unwrap_or_default();
        let doc = match at {
            0 => format!(r#"{{"version":{big},"screens":[]}}"#),
            1 => format!(r#"{{"version":"7.3","screens":[{{"id":{big},"title":{big},"layout":{{"type":"SingleColumnLayout","children":[]}}}}]}}"#),
            2 => format!(r#"{{"version":"7.3","routing_model":{{{big}:[{big}]}},"screens":[{{"id":"A","terminal":true,"layout":{{"type":"SingleColumnLayout","children":[{{"type":"Image","src":{big}}},{{"type":"TextBody","text":{big}}}]}}}}]}}"#),
            _ => big,
        };
        lint_all_ways(&doc);
    }
}

/// The binary maps every outcome to 0 (clean), 1 (errors) or 2 (unreadable input).
#[test]
fn cli_exit_codes_are_0_1_or_2() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let dir = std::env::temp_dir().join(format!("flowgen-no-panic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut files: Vec<PathBuf> = Vec::new();
    let mut write = |name: String, text: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write temp file");
        files.push(path);
    };
    write("not-json.json".into(), b"{ this is not json");
    write("empty.json".into(), b"");
    write(
        "deep.json".into(),
        deep_document(300, false, "1").as_bytes(),
    );
    write("binary.json".into(), &[0xff, 0xfe, 0x00, 0x7b]);
    let mut runner = TestRunner::deterministic();
    for i in 0..6 {
        let Ok(tree) = flow_skeleton().new_tree(&mut runner) else {
            continue;
        };
        write(
            format!("skeleton-{i}.json"),
            tree.current().to_string().as_bytes(),
        );
    }
    let seeds = seeds();
    for i in 0..4 {
        let (Ok(seed), Ok(ops)) = (
            any::<prop::sample::Index>().new_tree(&mut runner),
            proptest::collection::vec(mutation(), 1..6).new_tree(&mut runner),
        ) else {
            continue;
        };
        let mut bytes = seeds[seed.current().index(seeds.len())].clone();
        for op in &ops.current() {
            apply(&mut bytes, op);
        }
        write(format!("mutated-{i}.json"), &bytes);
    }
    let bin = env!("CARGO_BIN_EXE_flowgen");
    let mut seen = Vec::new();
    for file in &files {
        for extra in [&[][..], &["--format", "json"][..], &["--for-publish"][..]] {
            let out = Command::new(bin)
                .arg("validate")
                .args(extra)
                .arg(file)
                .output()
                .expect("run flowgen");
            let code = out.status.code();
            assert!(
                matches!(code, Some(0..=1)),
                "{} {extra:?}: exit status {:?}\nstderr: {}",
                file.display(),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            seen.push(code);
        }
    }
    // All files at once, and a file that does not exist (an input problem: 2).
    let out = Command::new(bin)
        .arg("validate")
        .args(&files)
        .output()
        .expect("run flowgen");
    assert!(
        matches!(out.status.code(), Some(0..=1)),
        "all files: {:?}",
        out.status
    );
    let out = Command::new(bin)
        .arg("validate")
        .arg(dir.join("missing.json"))
        .output()
        .expect("run flowgen");
    assert_eq!(
        out.status.code(),
        Some(2),
        "a missing file is an input problem"
    );
    // Every file exists: a file that is not JSON (or not UTF-8) is a finding (1), never 2.
    assert!(
        !seen.contains(&Some(2)) && seen.contains(&Some(1)),
        "exit statuses seen: {seen:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
