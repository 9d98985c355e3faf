//! Preset files: a YAML mapping from parameter name to value, plus the project structure keys
//! `.flowgen/answers.yaml` records (`locale`, `flow_version`, `data_api`, `endpoint`), so a preset
//! alone reproduces a project. Values are checked by the one validator, which reports every
//! problem at once; each one is then located in the file (line:col of the offending key or value)
//! by walking the YAML again to that path (serde_yaml attaches the position of the node being read
//! to an error raised there).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Map;

use super::validate::{self, Problem, Seg};
use super::{Manifest, Values, STRUCTURE_KEYS};

/// Why a preset was refused, with the 1-based position in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A preset as read: structure keys (as text), parameter values in manifest order, and every
/// problem found (values with problems are left out).
#[derive(Debug, Default)]
pub struct Preset {
    pub structure: Map<String, serde_json::Value>,
    pub values: Values,
    pub problems: Vec<PresetError>,
    /// Parameters whose value was refused.
    pub refused: std::collections::BTreeSet<String>,
}

/// Reads and validates a preset against a manifest.
pub fn load(text: &str, manifest: &Manifest) -> Preset {
    let mut out = Preset::default();
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return out;
    }
    let doc: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            let text = e.to_string();
            let message = match text.rfind(" at line ") {
                Some(i) => text[..i].to_owned(),
                None => text,
            };
            out.problems.push(PresetError {
                line,
                column,
                message,
            });
            return out;
        }
    };
    let serde_yaml::Value::Mapping(map) = doc else {
        out.problems.push(PresetError {
            line: 1,
            column: 1,
            message: "a preset is a mapping from parameter names to values".into(),
        });
        return out;
    };
    let mut problems = Vec::new();
    let mut found = Map::new();
    for (k, v) in &map {
        let Some(name) = k.as_str() else {
            problems.push(Problem {
                at_key: true,
                ..Problem::new(&[], "parameter names are strings")
            });
            continue;
        };
        let mut path = vec![Seg::Key(name.to_owned())];
        let structure = if name == "data_api_version" {
            Some("data_api")
        } else {
            STRUCTURE_KEYS.iter().copied().find(|s| *s == name)
        };
        if let Some(key) = structure {
            match structure_text(v) {
                Some(t) => {
                    out.structure.insert(key.to_owned(), t.into());
                }
                None => problems.push(Problem::new(
                    &path,
                    "expected a string, e.g. pt_BR, \"7.3\", \"3.0\" or node",
                )),
            }
            continue;
        }
        let Some(p) = manifest.param(name) else {
            problems.push(Problem {
                at_key: true,
                ..Problem::new(&path, unknown(manifest, name))
            });
            continue;
        };
        match validate::check(p, v, &mut path, &mut problems) {
            Some(v) => {
                found.insert(name.to_owned(), v);
            }
            None => {
                out.refused.insert(name.to_owned());
            }
        }
    }
    for p in &manifest.parameters {
        if let Some(v) = found.remove(&p.name) {
            out.values.insert(p.name.clone(), v);
        }
    }
    out.problems = problems.iter().map(|p| located(text, p)).collect();
    out
}

/// Positions a problem in the preset text.
pub fn located(text: &str, p: &Problem) -> PresetError {
    let (line, column) = locate(text, &p.path, p.at_key).unwrap_or((1, 1));
    PresetError {
        line,
        column,
        message: p.to_string(),
    }
}

/// A structure value as text: strings as they are, numbers as a version (`7.3`, `6.0`).
fn structure_text(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => {
            let f = n.as_f64()?;
            Some(if f.fract() == 0.0 {
                format!("{f:.1}")
            } else {
                format!("{f}")
            })
        }
        _ => None,
    }
}

/// The message for a key that is neither a parameter nor a structure key.
pub fn unknown(m: &Manifest, name: &str) -> String {
    let mut msg = format!("unknown parameter `{name}` for use case {}", m.id);
    let names = m
        .parameters
        .iter()
        .map(|p| p.name.as_str())
        .chain(STRUCTURE_KEYS.iter().copied());
    match crate::suggest::closest(name, names) {
        Some(s) => msg += &format!("; did you mean `{s}`?"),
        None => {
            let all: Vec<&str> = m.parameters.iter().map(|p| p.name.as_str()).collect();
            msg += &format!(
                " (parameters: {}; structure: {})",
                all.join(", "),
                STRUCTURE_KEYS.join(", ")
            );
        }
    }
    msg
}

/// The 1-based line and column of the value at `path` (of its key when `at_key`), if present.
pub fn locate(text: &str, path: &[Seg], at_key: bool) -> Option<(usize, usize)> {
    let de = serde_yaml::Deserializer::from_str(text);
    match (Find { path, at_key }).deserialize(de) {
        Ok(()) => None,
        Err(e) => e.location().map(|l| (l.line(), l.column())),
    }
}

/// A seed that walks down `path`, skipping everything else, and fails at the node it names: the
/// error then carries that node's position.
struct Find<'a> {
    path: &'a [Seg],
    at_key: bool,
}

const FOUND: &str = "found";

impl<'de> DeserializeSeed<'de> for Find<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Find<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.here()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.here()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.here()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.here()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.here()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.here()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.here()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((Seg::Index(want), rest)) = self.path.split_first() else {
            return self.here();
        };
        for _ in 0..*want {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Find {
            path: rest,
            at_key: self.at_key,
        })?;
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((Seg::Key(want), rest)) = self.path.split_first() else {
            return self.here();
        };
        let key_here = rest.is_empty() && self.at_key;
        while let Some(k) = map.next_key_seed(KeyFind {
            want,
            fail: key_here,
        })? {
            if k {
                return map.next_value_seed(Find {
                    path: rest,
                    at_key: self.at_key,
                });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

impl Find<'_> {
    fn here<E: de::Error>(&self) -> Result<(), E> {
        if self.path.is_empty() {
            Err(E::custom(FOUND))
        } else {
            Ok(())
        }
    }
}

/// A map key: whether it is the one wanted; fails there when the key itself is the target.
struct KeyFind<'a> {
    want: &'a str,
    fail: bool,
}

impl<'de> DeserializeSeed<'de> for KeyFind<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyFind<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        let hit = v == self.want;
        if hit && self.fail {
            return Err(E::custom(FOUND));
        }
        Ok(hit)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_keys_values_and_items() {
        let text = "a: 1\nlist:\n  - { id: x, title: X }\n  - id: y\n    title: Y\n";
        let k = |s: &str| Seg::Key(s.into());
        assert_eq!(locate(text, &[k("a")], false), Some((1, 4)));
        assert_eq!(locate(text, &[k("a")], true), Some((1, 1)));
        assert_eq!(
            locate(text, &[k("list"), Seg::Index(1), k("title")], false),
            Some((5, 12))
        );
        assert_eq!(
            locate(text, &[k("list"), Seg::Index(0)], false),
            Some((3, 5))
        );
        assert_eq!(locate(text, &[k("nope")], false), None);
    }
}
