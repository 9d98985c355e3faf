//! Three-way merges of one file: the base (the pristine file of the last generation), the owner's
//! current file ("yours") and the new render ("template v2").
//!
//! - JSON (and YAML) files merge by structure: objects by key, arrays of objects by their `id` or
//!   `name` (unnamed items by type and order), any other value as a whole. The owner's change to a
//!   component's `label` and the template's change to its `helper-text` are two different keys, so
//!   they merge although they sit on neighbouring lines (where a line merge conflicts).
//! - Where the structure cannot decide (both sides changed the same value differently), the text
//!   merge decides: the three documents are printed with every *decided* value filled in and only
//!   the undecided ones differing, then merged by lines. Non-overlapping edits inside the undecided
//!   value still merge; the rest become diff3 markers with the base section.
//! - Every other file merges by lines ([`text`], similar's `TextMerge`).
//!
//! Merged JSON is written the way the project writes it: 2-space pretty, keys in the order of the
//! new render (keys only the owner has follow, in the owner's order).

use serde_json::{Map, Value};
use similar::{ConflictStyle, TextMerge};

/// The labels of the three sides, as they appear on the conflict markers.
#[derive(Debug, Clone)]
pub struct Labels {
    pub yours: String,
    pub base: String,
    pub theirs: String,
}

impl Labels {
    /// `yours`, `template v<old> (base)`, `template v<new>`.
    pub fn versions(old: u64, new: u64) -> Labels {
        Labels {
            yours: "yours".into(),
            base: format!("template v{old} (base)"),
            theirs: format!("template v{new}"),
        }
    }
}

/// The result of merging one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    /// Conflict regions left as markers (0 = a clean merge).
    pub conflicts: usize,
}

/// The marker line that opens a conflict left by flowgen.
const OPEN_MARKER: &str = "<<<<<<< yours";

/// How many conflicts flowgen left in `text` that are still unresolved (marker lines).
pub fn open_conflicts(text: &str) -> usize {
    text.lines().filter(|l| *l == OPEN_MARKER).count()
}

/// Merges by lines; conflicts become diff3 markers (`<<<<<<<`, `|||||||` base, `=======`, `>>>>>>>`).
pub fn text(base: &str, yours: &str, theirs: &str, labels: &Labels) -> Merged {
    let mut merge = TextMerge::from_lines(base, yours, theirs);
    merge
        .conflict_style(ConflictStyle::Diff3)
        .labels(&labels.base, &labels.yours, &labels.theirs);
    Merged {
        text: merge.to_string(),
        conflicts: merge.conflict_count(),
    }
}

/// The file formats that merge by structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
    Text,
}

impl Format {
    pub fn of(path: &str) -> Format {
        if path.ends_with(".json") {
            Format::Json
        } else if path.ends_with(".yaml") || path.ends_with(".yml") {
            Format::Yaml
        } else {
            Format::Text
        }
    }
}

/// Merges one file by its format (see the module docs). A side that does not parse (say, the owner
/// left it half-edited) sends the whole file to the text merge.
pub fn file(path: &str, base: &str, yours: &str, theirs: &str, labels: &Labels) -> Merged {
    match Format::of(path) {
        Format::Json => match parse3(base, yours, theirs, |t| serde_json::from_str(t).ok()) {
            Some((b, y, t)) => structured(&b, &y, &t, labels, print_json),
            None => text(base, yours, theirs, labels),
        },
        Format::Yaml => {
            // YAML is hand-written: keep the owner's comments and layout whenever lines merge.
            let by_lines = text(base, yours, theirs, labels);
            if by_lines.conflicts == 0 {
                return by_lines;
            }
            match parse3(base, yours, theirs, |t| serde_yaml::from_str(t).ok()) {
                Some((b, y, t)) => {
                    let merged = structured(&b, &y, &t, labels, print_yaml);
                    if merged.conflicts == 0 {
                        merged
                    } else {
                        by_lines
                    }
                }
                None => by_lines,
            }
        }
        Format::Text => text(base, yours, theirs, labels),
    }
}

fn parse3(
    base: &str,
    yours: &str,
    theirs: &str,
    parse: impl Fn(&str) -> Option<Value>,
) -> Option<(Value, Value, Value)> {
    Some((parse(base)?, parse(yours)?, parse(theirs)?))
}

/// 2-space pretty JSON with a final newline, as `render` writes flow.json.
pub fn print_json(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

fn print_yaml(v: &Value) -> String {
    serde_yaml::to_string(v).unwrap_or_default()
}

fn structured(
    base: &Value,
    yours: &Value,
    theirs: &Value,
    labels: &Labels,
    print: fn(&Value) -> String,
) -> Merged {
    match merge_value(Some(base), Some(yours), Some(theirs)) {
        Node::Decided(v) => Merged {
            text: v.map(|v| print(&v)).unwrap_or_default(),
            conflicts: 0,
        },
        Node::Undecided(sides) => {
            // The three documents agree everywhere but at the undecided values: lines decide those.
            let [b, y, t] = sides.map(|v| v.map(|v| print(&v)).unwrap_or_default());
            text(&b, &y, &t, labels)
        }
    }
}

/// One value of the merge: decided (None = absent), or still open with the three sides' documents.
enum Node {
    Decided(Option<Value>),
    /// The base, yours and theirs versions of this value, each with everything below it that the
    /// structure decided filled in.
    Undecided([Option<Value>; 3]),
}

fn merge_value(base: Option<&Value>, yours: Option<&Value>, theirs: Option<&Value>) -> Node {
    if yours == theirs || theirs == base {
        return Node::Decided(yours.cloned());
    }
    if yours == base {
        return Node::Decided(theirs.cloned());
    }
    match (base, yours, theirs) {
        (b, Some(Value::Object(y)), Some(Value::Object(t)))
            if matches!(b, None | Some(Value::Object(_))) =>
        {
            let empty = Map::new();
            let b = match b {
                Some(Value::Object(b)) => b,
                _ => &empty,
            };
            merge_object(b, y, t)
        }
        (Some(Value::Array(b)), Some(Value::Array(y)), Some(Value::Array(t))) => {
            match (keyed(b), keyed(y), keyed(t)) {
                (Some(kb), Some(ky), Some(kt)) => merge_keyed_array(&kb, &ky, &kt),
                _ => undecided(base, yours, theirs),
            }
        }
        _ => undecided(base, yours, theirs),
    }
}

fn undecided(base: Option<&Value>, yours: Option<&Value>, theirs: Option<&Value>) -> Node {
    Node::Undecided([base.cloned(), yours.cloned(), theirs.cloned()])
}

/// Key order: the new render's, then keys only the owner has, in the owner's order.
fn merge_object(b: &Map<String, Value>, y: &Map<String, Value>, t: &Map<String, Value>) -> Node {
    let mut keys: Vec<&String> = t.keys().collect();
    keys.extend(y.keys().filter(|k| !t.contains_key(*k)));
    keys.extend(
        b.keys()
            .filter(|k| !t.contains_key(*k) && !y.contains_key(*k)),
    );
    let mut out: [Map<String, Value>; 3] = Default::default();
    let mut open = false;
    for k in keys {
        match merge_value(b.get(k), y.get(k), t.get(k)) {
            Node::Decided(v) => {
                if let Some(v) = v {
                    for side in &mut out {
                        side.insert(k.clone(), v.clone());
                    }
                }
            }
            Node::Undecided(sides) => {
                open = true;
                for (side, v) in out.iter_mut().zip(sides) {
                    if let Some(v) = v {
                        side.insert(k.clone(), v);
                    }
                }
            }
        }
    }
    finish(open, out.map(Value::Object))
}

/// The merged container: still open (the three sides' versions) or decided (yours = all three).
fn finish(open: bool, [b, y, t]: [Value; 3]) -> Node {
    if open {
        Node::Undecided([Some(b), Some(y), Some(t)])
    } else {
        Node::Decided(Some(y))
    }
}

/// An array of objects by item key: its `id`, else its `name` (Flow components), else its `type`
/// and how many unnamed items of that type come before it (a TextBody has no name). None when
/// an item is not an object or two items share a key: the array then merges as one value.
fn keyed(items: &[Value]) -> Option<Vec<(String, &Value)>> {
    let mut seen = std::collections::BTreeSet::new();
    let mut unnamed: std::collections::BTreeMap<&str, usize> = Default::default();
    items
        .iter()
        .map(|v| {
            let o = v.as_object()?;
            let text = |k: &str| o.get(k).and_then(Value::as_str);
            let key = if let Some(id) = text("id") {
                format!("id={id}")
            } else if let Some(name) = text("name") {
                format!("name={name}")
            } else {
                let ty = text("type").unwrap_or("");
                let n = unnamed.entry(ty).or_default();
                *n += 1;
                format!("\u{0}{ty}#{n}")
            };
            seen.insert(key.clone()).then_some((key, v))
        })
        .collect()
}

/// Items merge by key. Order: the new render's, unless only the owner reordered (then the owner's);
/// an item one side added goes after the item it follows on that side.
fn merge_keyed_array(
    b: &[(String, &Value)],
    y: &[(String, &Value)],
    t: &[(String, &Value)],
) -> Node {
    // Whether a side kept the base's relative order of the items it still has.
    let kept_order = |side: &[(String, &Value)]| {
        let has = |k: &String, s: &[(String, &Value)]| s.iter().any(|(x, _)| x == k);
        let in_side: Vec<&String> = side.iter().map(|(k, _)| k).filter(|k| has(k, b)).collect();
        let in_base: Vec<&String> = b.iter().map(|(k, _)| k).filter(|k| has(k, side)).collect();
        in_side == in_base
    };
    let (lead, other) = if kept_order(t) && !kept_order(y) {
        (y, t)
    } else {
        (t, y)
    };
    let mut keys: Vec<String> = lead.iter().map(|(k, _)| k.clone()).collect();
    for (i, (k, _)) in other.iter().enumerate() {
        if keys.contains(k) {
            continue;
        }
        let after = other[..i]
            .iter()
            .rev()
            .find_map(|(p, _)| keys.iter().position(|x| x == p));
        keys.insert(after.map_or(0, |a| a + 1), k.clone());
    }
    for (k, _) in b {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    let get = |side: &[(String, &Value)], k: &str| -> Option<Value> {
        side.iter()
            .find(|(sk, _)| sk == k)
            .map(|(_, v)| (*v).clone())
    };
    let mut out: [Vec<Value>; 3] = Default::default();
    let mut open = false;
    for k in &keys {
        let (vb, vy, vt) = (get(b, k), get(y, k), get(t, k));
        match merge_value(vb.as_ref(), vy.as_ref(), vt.as_ref()) {
            Node::Decided(v) => {
                if let Some(v) = v {
                    for side in &mut out {
                        side.push(v.clone());
                    }
                }
            }
            Node::Undecided(sides) => {
                open = true;
                for (side, v) in out.iter_mut().zip(sides) {
                    side.extend(v);
                }
            }
        }
    }
    finish(open, out.map(Value::Array))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Small JSON documents shaped like Flow JSON: objects, arrays of components with and without
    /// `id`/`name`, strings.
    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            "[a-c]{0,2}".prop_map(Value::from),
            (0i64..3).prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop::sample::select(vec!["id", "name", "type", "label", "x"]),
                    inner,
                    0..4
                )
                .prop_map(|m| Value::Object(
                    m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
                )),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn merging_any_three_documents_never_panics(b in json(), y in json(), t in json()) {
            // (A clean line-merge fallback is not guaranteed to be JSON: the linter checks the
            // merged flow.json before anything is written.)
            let _ = file("f.json", &print_json(&b), &print_json(&y), &print_json(&t), &labels());
            // Each side's own change is a clean merge that yields that side.
            prop_assert_eq!(
                file("f.json", &print_json(&b), &print_json(&b), &print_json(&t), &labels()).text,
                print_json(&t)
            );
        }
    }

    fn labels() -> Labels {
        Labels::versions(1, 2)
    }

    const BASE: &str = r#"{
  "screens": [
    {
      "id": "OFFER",
      "layout": {
        "children": [
          {
            "type": "TextInput",
            "name": "amount",
            "label": "Amount",
            "helper-text": "In rupees"
          }
        ]
      }
    }
  ]
}
"#;

    #[test]
    fn neighbouring_properties_of_one_component_merge() {
        let yours = BASE.replace("\"Amount\"", "\"Loan amount\"");
        let theirs = BASE.replace("\"In rupees\"", "\"In INR\"");
        // A line merge conflicts here (the two edits are on adjacent lines) ...
        assert_eq!(text(BASE, &yours, &theirs, &labels()).conflicts, 1);
        // ... the structured merge does not.
        let m = file("flow.json", BASE, &yours, &theirs, &labels());
        assert_eq!(m.conflicts, 0, "{}", m.text);
        assert_eq!(
            m.text,
            BASE.replace("\"Amount\"", "\"Loan amount\"")
                .replace("\"In rupees\"", "\"In INR\"")
        );
    }

    #[test]
    fn the_same_value_changed_both_ways_is_a_diff3_conflict() {
        let yours = BASE.replace("\"Amount\"", "\"Loan amount\"");
        let theirs = BASE.replace("\"Amount\"", "\"How much?\"");
        let m = file("flow.json", BASE, &yours, &theirs, &labels());
        assert_eq!(m.conflicts, 1);
        assert!(m.text.contains("<<<<<<< yours\n"), "{}", m.text);
        assert!(m.text.contains("||||||| template v1 (base)\n"));
        assert!(m.text.contains("\"label\": \"Amount\","));
        assert!(m.text.contains(">>>>>>> template v2\n"));
    }

    #[test]
    fn items_added_on_both_sides_keep_both_in_place() {
        let b = r#"{"a":[{"id":"x"},{"id":"y"}]}"#;
        let y = r#"{"a":[{"id":"x"},{"id":"mine"},{"id":"y"}]}"#;
        let t = r#"{"a":[{"id":"x"},{"id":"y"},{"id":"new"}]}"#;
        let m = file("f.json", b, y, t, &labels());
        assert_eq!(m.conflicts, 0);
        let v: Value = serde_json::from_str(&m.text).unwrap();
        let ids: Vec<&str> = v["a"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["x", "mine", "y", "new"]);
    }

    #[test]
    fn unnamed_components_match_by_type_and_order() {
        let b = r#"{"children":[{"type":"TextBody","text":"a"},{"type":"TextInput","name":"n","label":"L"}]}"#;
        let y = r#"{"children":[{"type":"TextBody","text":"mine"},{"type":"TextInput","name":"n","label":"L"}]}"#;
        let t = r#"{"children":[{"type":"TextBody","text":"a"},{"type":"TextInput","name":"n","label":"L","helper-text":"h"}]}"#;
        let m = file("f.json", b, y, t, &labels());
        assert_eq!(m.conflicts, 0, "{}", m.text);
        assert!(m.text.contains("\"mine\"") && m.text.contains("\"helper-text\": \"h\""));
    }

    #[test]
    fn key_order_follows_the_template_and_owner_keys_follow() {
        let b = r#"{"a":1,"b":2}"#;
        let y = r#"{"b":2,"a":1,"mine":true}"#;
        let t = r#"{"a":1,"new":0,"b":3}"#;
        let m = file("f.json", b, y, t, &labels());
        assert_eq!(
            m.text,
            "{\n  \"a\": 1,\n  \"new\": 0,\n  \"b\": 3,\n  \"mine\": true\n}\n"
        );
    }

    #[test]
    fn deleting_what_the_other_side_changed_conflicts() {
        let b = r#"{"a":{"k":1},"z":0}"#;
        let y = r#"{"z":0}"#;
        let t = r#"{"a":{"k":2},"z":0}"#;
        assert_eq!(file("f.json", b, y, t, &labels()).conflicts, 1);
    }

    #[test]
    fn yaml_keeps_the_owners_comments_and_merges_adjacent_keys_by_structure() {
        let b = "a: 1\nb: 2\n";
        let commented = "# mine\na: 1\nb: 2\n";
        let m = file("x.yaml", b, commented, "a: 1\nb: 3\n", &labels());
        assert_eq!(m.text, "# mine\na: 1\nb: 3\n");
        let m = file("x.yml", b, "a: 10\nb: 2\n", "a: 1\nb: 3\n", &labels());
        assert_eq!((m.text.as_str(), m.conflicts), ("a: 10\nb: 3\n", 0));
    }

    #[test]
    fn unparsable_json_falls_back_to_lines() {
        let m = file(
            "f.json",
            "{\n\"a\": 1\n}\n",
            "{\n\"a\": 1\n",
            "{\n\"a\": 2\n}\n",
            &labels(),
        );
        assert_eq!(m.conflicts, 1);
    }

    #[test]
    fn text_files_merge_by_lines_with_labels() {
        let m = text("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n", &labels());
        assert_eq!(
            m,
            Merged {
                text: "A\nb\nC\n".into(),
                conflicts: 0
            }
        );
        let m = text("a\n", "b\n", "c\n", &labels());
        assert_eq!(
            m.text,
            "<<<<<<< yours\nb\n||||||| template v1 (base)\na\n=======\nc\n>>>>>>> template v2\n"
        );
    }
}
