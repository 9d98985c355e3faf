//! Preset files: a YAML mapping from parameter name to value. Values are checked by the one
//! validator *while* the YAML is read, so a failure carries the line:col of the offending key or
//! value (serde_yaml attaches the position of the innermost node being read to a custom error).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::validate::{self, Scalar};
use super::{Kind, Manifest, Param, Values};

/// Why a preset was refused, with the 1-based position in the file when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The header keys of `.flowgen/answers.yaml` (besides `answers:`, the mapping of values), so a
/// project's answers file is accepted as a preset: the header is skipped (`use_case` must match).
pub const ANSWERS_HEADER: &[&str] = &[
    "use_case",
    "template_version",
    "flowgen_version",
    "locale",
    "flow_version",
    "data_api_version",
    "endpoint",
];

/// Reads and validates a preset against a manifest. Values come back in manifest order.
/// A project's `.flowgen/answers.yaml` is a preset too (see [`ANSWERS_HEADER`]).
pub fn load(text: &str, manifest: &Manifest) -> Result<Values, PresetError> {
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(Map::new());
    }
    let ctx = Ctx {
        manifest,
        message: RefCell::new(None),
    };
    let de = serde_yaml::Deserializer::from_str(text);
    match (Top { ctx: &ctx }).deserialize(de) {
        Ok(v) => Ok(v),
        Err(e) => {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            let message = match ctx.message.into_inner() {
                Some(m) => m,
                None => {
                    let text = e.to_string();
                    match text.rfind(" at line ") {
                        Some(i) => text[..i].to_owned(),
                        None => text,
                    }
                }
            };
            Err(PresetError {
                line,
                column,
                message,
            })
        }
    }
}

struct Ctx<'m> {
    manifest: &'m Manifest,
    message: RefCell<Option<String>>,
}

impl Ctx<'_> {
    fn fail<E: de::Error>(&self, message: String) -> E {
        let mut slot = self.message.borrow_mut();
        if slot.is_none() {
            *slot = Some(message.clone());
        }
        E::custom(message)
    }
}

struct Top<'c, 'm> {
    ctx: &'c Ctx<'m>,
}

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = Values;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Values, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = Values;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping from parameter names to values")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Values, A::Error> {
        let ctx = self.ctx;
        let seen = RefCell::new(BTreeSet::new());
        let mut found = Map::new();
        let check = |name: &str| -> Result<(), String> {
            if ctx.manifest.param(name).is_some() || is_answers_key(name) {
                return Ok(());
            }
            let mut msg = format!(
                "unknown parameter `{name}` for use case {}",
                ctx.manifest.id
            );
            match ctx.manifest.suggest(name) {
                Some(s) => msg += &format!("; did you mean `{s}`?"),
                None => {
                    let all: Vec<&str> = ctx
                        .manifest
                        .parameters
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect();
                    msg += &format!(" (parameters: {})", all.join(", "));
                }
            }
            Err(msg)
        };
        while let Some(name) = map.next_key_seed(Key {
            ctx,
            seen: &seen,
            check: &check,
        })? {
            if ctx.manifest.param(&name).is_none() {
                answers_key(ctx, &name, &mut map, &mut found)?;
                continue;
            }
            let p = ctx.manifest.param(&name).expect("checked by Key");
            let v = map.next_value_seed(Val {
                ctx,
                p,
                path: name.clone(),
            })?;
            found.insert(name, v);
        }
        // Manifest order, for stable answers files.
        let mut ordered = Map::new();
        for p in &ctx.manifest.parameters {
            if let Some(v) = found.remove(&p.name) {
                ordered.insert(p.name.clone(), v);
            }
        }
        Ok(ordered)
    }
}

fn is_answers_key(name: &str) -> bool {
    name == "answers" || ANSWERS_HEADER.contains(&name)
}

/// A key of the answers file's header: `answers:` holds the values, `use_case` must be this one,
/// the rest is what `flowgen update` replays and is skipped here.
fn answers_key<'de, A: MapAccess<'de>>(
    ctx: &Ctx<'_>,
    name: &str,
    map: &mut A,
    found: &mut Values,
) -> Result<(), A::Error> {
    match name {
        "answers" => found.extend(map.next_value_seed(Top { ctx })?),
        "use_case" => {
            let uc: String = map.next_value()?;
            if uc != ctx.manifest.id {
                return Err(ctx.fail(format!(
                    "these answers are for use case {uc}, not {}",
                    ctx.manifest.id
                )));
            }
        }
        _ => {
            map.next_value::<de::IgnoredAny>()?;
        }
    }
    Ok(())
}

struct Key<'a, 'c, 'm> {
    ctx: &'c Ctx<'m>,
    seen: &'a RefCell<BTreeSet<String>>,
    check: &'a dyn Fn(&str) -> Result<(), String>,
}

impl<'de> DeserializeSeed<'de> for Key<'_, '_, '_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_, '_, '_> {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a parameter name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        (self.check)(v).map_err(|m| self.ctx.fail(m))?;
        if !self.seen.borrow_mut().insert(v.to_owned()) {
            return Err(self.ctx.fail(format!("`{v}` is given twice")));
        }
        Ok(v.to_owned())
    }
}

struct Val<'c, 'm, 'p> {
    ctx: &'c Ctx<'m>,
    p: &'p Param,
    path: String,
}

impl<'de> DeserializeSeed<'de> for Val<'_, '_, '_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Val<'_, '_, '_> {
    fn check<E: de::Error>(&self, s: Scalar<'_>) -> Result<Value, E> {
        if self.p.kind == Kind::List {
            return Err(self.ctx.fail(format!("`{}`: expected a list", self.path)));
        }
        validate::scalar(self.p, s).map_err(|m| self.ctx.fail(format!("`{}`: {m}", self.path)))
    }
}

impl<'de> Visitor<'de> for Val<'_, '_, '_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a {} for `{}`", self.p.kind.name(), self.path)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.check(Scalar::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.check(Scalar::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        match i64::try_from(v) {
            Ok(i) => self.check(Scalar::Int(i)),
            Err(_) => self.check(Scalar::Float(v as f64)),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.check(Scalar::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.check(Scalar::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.check(Scalar::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.check(Scalar::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let ctx = self.ctx;
        if self.p.kind != Kind::List {
            return Err(ctx.fail(format!(
                "`{}`: expected {}, found a list",
                self.path,
                self.p.kind.name()
            )));
        }
        let mut items = Vec::new();
        loop {
            let path = format!("{}[{}]", self.path, items.len());
            let next = if self.p.fields.is_some() {
                seq.next_element_seed(Record {
                    ctx,
                    p: self.p,
                    path,
                })?
            } else {
                let item = self.p.item.as_deref().expect("prepared list has item");
                seq.next_element_seed(Val { ctx, p: item, path })?
            };
            match next {
                Some(v) => items.push(v),
                None => break,
            }
        }
        validate::finish_list(self.p, items).map_err(|m| ctx.fail(format!("`{}`: {m}", self.path)))
    }
    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<Value, A::Error> {
        Err(self.ctx.fail(format!(
            "`{}`: expected {}, found a mapping",
            self.path,
            self.p.kind.name()
        )))
    }
}

struct Record<'c, 'm, 'p> {
    ctx: &'c Ctx<'m>,
    p: &'p Param,
    path: String,
}

impl<'de> DeserializeSeed<'de> for Record<'_, '_, '_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Record<'_, '_, '_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a record (a mapping of fields) for `{}`", self.path)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let ctx = self.ctx;
        let p = self.p;
        let path = &self.path;
        let seen = RefCell::new(BTreeSet::new());
        let check = |k: &str| {
            validate::record_field(p, k)
                .map(|_| ())
                .map_err(|m| format!("`{path}`: {m}"))
        };
        let mut given = Map::new();
        while let Some(k) = map.next_key_seed(Key {
            ctx,
            seen: &seen,
            check: &check,
        })? {
            let f = validate::record_field(p, &k).expect("checked by Key");
            let v = map.next_value_seed(Val {
                ctx,
                p: f,
                path: format!("{path}.{k}"),
            })?;
            given.insert(k, v);
        }
        validate::finish_record(p, given).map_err(|m| ctx.fail(format!("`{path}`: {m}")))
    }
}
