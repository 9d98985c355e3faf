//! Constraints between parameters, declared as data in a manifest's `checks:` (like copier's
//! validators, but typed so each failure points at the value to fix). The one validator runs
//! them once every value is known, whatever the values came from (prompt, preset, `--set`,
//! defaults); nothing is ever adjusted to make a check pass.

use serde::Deserialize;
use serde_json::Value;

use super::validate::{display, number_text, Problem, Seg};
use super::{Kind, Manifest, Values};

/// One declared constraint.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// `param` is one of the items of the scalar list `of` (a default among its choices).
    Member { param: String, of: String },
    /// `param` <= `than`; a `than` equal to `unless` means "no limit" and passes.
    AtMost {
        param: String,
        than: String,
        #[serde(default)]
        unless: Option<f64>,
    },
    /// `param` <= the number of items of the list `of`; `param` equal to `unless` passes.
    AtMostItems {
        param: String,
        of: String,
        #[serde(default)]
        unless: Option<f64>,
    },
    /// `param` >= `min`, or equal to `unless` (e.g. 0 = no limit).
    AtLeast {
        param: String,
        min: f64,
        #[serde(default)]
        unless: Option<f64>,
    },
    /// Every item's `field` of the list `param` names the `key` of an item of the list `to`.
    Refers {
        param: String,
        field: String,
        to: String,
        key: String,
    },
    /// A list of records with a `min` and a `max` field: min <= max, ordered by min, not
    /// overlapping; a max equal to `open` means "and above" and only the last range may have it.
    Ranges {
        param: String,
        min: String,
        max: String,
        #[serde(default)]
        open: Option<f64>,
    },
    /// Between `min` and `max` items of the list `param` have `field` equal to `value`.
    Count {
        param: String,
        field: String,
        value: String,
        #[serde(default)]
        min: Option<u64>,
        #[serde(default)]
        max: Option<u64>,
    },
}

impl Check {
    /// The parameters the check reads; the first is where a failure is reported.
    pub fn params(&self) -> Vec<&str> {
        match self {
            Check::Member { param, of } => vec![param, of],
            Check::AtMost { param, than, .. } => vec![param, than],
            Check::AtMostItems { param, of, .. } => vec![param, of],
            Check::AtLeast { param, .. } => vec![param],
            Check::Refers { param, to, .. } => vec![param, to],
            Check::Ranges { param, .. } | Check::Count { param, .. } => vec![param],
        }
    }

    /// Checks the declaration against the manifest's parameters.
    pub fn declared(&self, m: &Manifest) -> Result<(), String> {
        let kind = |name: &str| {
            m.param(name)
                .map(|p| p.kind)
                .ok_or_else(|| format!("`{name}` is not a declared parameter"))
        };
        let number = |name: &str| match kind(name)? {
            k if k.is_number() => Ok(()),
            _ => Err(format!("`{name}` must be a number parameter")),
        };
        let list = |name: &str| match kind(name)? {
            Kind::List => Ok(()),
            _ => Err(format!("`{name}` must be a list parameter")),
        };
        let field = |list_name: &str, f: &str| {
            let has = m
                .param(list_name)
                .and_then(|p| p.fields.as_ref())
                .is_some_and(|fs| fs.iter().any(|x| x.name == f));
            if has {
                Ok(())
            } else {
                Err(format!("`{list_name}` has no field `{f}`"))
            }
        };
        match self {
            Check::Member { param, of } => {
                kind(param)?;
                list(of)?;
                if m.param(of).is_some_and(|p| p.item.is_none()) {
                    return Err(format!("`{of}` must be a list of scalars"));
                }
                Ok(())
            }
            Check::AtMost { param, than, .. } => number(param).and(number(than)),
            Check::AtMostItems { param, of, .. } => number(param).and(list(of)),
            Check::AtLeast { param, .. } => number(param),
            Check::Refers {
                param,
                field: f,
                to,
                key,
            } => {
                list(param)?;
                list(to)?;
                field(param, f)?;
                field(to, key)
            }
            Check::Ranges {
                param, min, max, ..
            } => {
                list(param)?;
                field(param, min)?;
                field(param, max)
            }
            Check::Count {
                param, field: f, ..
            } => {
                list(param)?;
                field(param, f)
            }
        }
    }

    /// The problems of `values` (parameters the check reads but `values` lacks: no problem).
    pub fn run(&self, values: &Values) -> Vec<Problem> {
        let mut out = Vec::new();
        let num = |name: &str| values.get(name).and_then(Value::as_f64);
        let at = |name: &str| vec![Seg::Key(name.to_owned())];
        match self {
            Check::Member { param, of } => {
                if let (Some(v), Some(Value::Array(items))) = (values.get(param), values.get(of)) {
                    let same = |a: &Value| match (a.as_f64(), v.as_f64()) {
                        (Some(x), Some(y)) => x == y,
                        _ => a == v,
                    };
                    if !items.iter().any(same) {
                        let mut shown: Vec<String> = items.iter().take(6).map(display).collect();
                        if items.len() > 6 {
                            shown.push(format!("… {} in all", items.len()));
                        }
                        out.push(Problem::new(
                            &at(param),
                            format!(
                                "{} is not one of `{of}` ({}); pick one of them or add it to `{of}`",
                                display(v),
                                shown.join(", ")
                            ),
                        ));
                    }
                }
            }
            Check::AtMost {
                param,
                than,
                unless,
            } => {
                if let (Some(a), Some(b)) = (num(param), num(than)) {
                    if Some(b) != *unless && a > b {
                        out.push(Problem::new(
                            &at(param),
                            format!(
                                "{} is more than `{than}` ({}); lower it or raise `{than}`",
                                number_text(a),
                                number_text(b)
                            ),
                        ));
                    }
                }
            }
            Check::AtMostItems { param, of, unless } => {
                if let (Some(a), Some(Value::Array(items))) = (num(param), values.get(of)) {
                    if Some(a) != *unless && a > items.len() as f64 {
                        out.push(Problem::new(
                            &at(param),
                            format!(
                                "{} is more than the {} items of `{of}`; lower it or add items",
                                number_text(a),
                                items.len()
                            ),
                        ));
                    }
                }
            }
            Check::AtLeast { param, min, unless } => {
                if let Some(a) = num(param) {
                    if Some(a) != *unless && a < *min {
                        let or = unless.map_or(String::new(), |u| {
                            format!(" (or {} for none)", number_text(u))
                        });
                        out.push(Problem::new(
                            &at(param),
                            format!(
                                "{} is under {}{or}: WhatsApp refuses a smaller value",
                                number_text(a),
                                number_text(*min)
                            ),
                        ));
                    }
                }
            }
            Check::Refers {
                param,
                field,
                to,
                key,
            } => {
                if let (Some(Value::Array(items)), Some(Value::Array(targets))) =
                    (values.get(param), values.get(to))
                {
                    let known: Vec<&Value> = targets.iter().filter_map(|t| t.get(key)).collect();
                    let names: Vec<String> = known.iter().map(|v| display(v)).collect();
                    for (i, item) in items.iter().enumerate() {
                        let Some(v) = item.get(field) else { continue };
                        if !known.contains(&v) {
                            let mut msg = format!(
                                "{:?} is not the `{key}` of any `{to}` item ({})",
                                display(v),
                                names.join(", ")
                            );
                            if let Some(c) = crate::suggest::closest(
                                &display(v),
                                names.iter().map(String::as_str),
                            ) {
                                msg += &format!("; did you mean {c:?}?");
                            }
                            out.push(Problem::new(
                                &[
                                    Seg::Key(param.clone()),
                                    Seg::Index(i),
                                    Seg::Key(field.clone()),
                                ],
                                msg,
                            ));
                        }
                    }
                }
            }
            Check::Ranges {
                param,
                min,
                max,
                open,
            } => {
                if let Some(Value::Array(items)) = values.get(param) {
                    ranges(param, min, max, *open, items, &mut out);
                }
            }
            Check::Count {
                param,
                field,
                value,
                min,
                max,
            } => {
                if let Some(Value::Array(items)) = values.get(param) {
                    let n = items
                        .iter()
                        .filter(|i| i.get(field).and_then(Value::as_str) == Some(value))
                        .count() as u64;
                    let bad = min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m);
                    if bad {
                        let want = match (min, max) {
                            (Some(a), Some(b)) if a == b => format!("exactly {a}"),
                            (Some(a), Some(b)) => format!("{a} to {b}"),
                            (Some(a), None) => format!("at least {a}"),
                            (None, Some(b)) => format!("at most {b}"),
                            (None, None) => String::new(),
                        };
                        out.push(Problem::new(
                            &at(param),
                            format!("{n} items have `{field}: {value}`; {want} must"),
                        ));
                    }
                }
            }
        }
        out
    }
}

fn ranges(
    param: &str,
    min: &str,
    max: &str,
    open: Option<f64>,
    items: &[Value],
    out: &mut Vec<Problem>,
) {
    let path = |i: usize, f: &str| {
        vec![
            Seg::Key(param.to_owned()),
            Seg::Index(i),
            Seg::Key(f.to_owned()),
        ]
    };
    let mut prev: Option<(usize, f64, Option<f64>)> = None;
    for (i, r) in items.iter().enumerate() {
        let (Some(lo), Some(hi)) = (
            r.get(min).and_then(Value::as_f64),
            r.get(max).and_then(Value::as_f64),
        ) else {
            continue;
        };
        let hi = (Some(hi) != open).then_some(hi);
        if let Some(h) = hi {
            if lo > h {
                out.push(Problem::new(
                    &path(i, max),
                    format!(
                        "{max} {} is under {min} {}",
                        number_text(h),
                        number_text(lo)
                    ),
                ));
            }
        }
        if let Some((j, plo, phi)) = prev {
            match phi {
                None => out.push(Problem::new(
                    &path(j, max),
                    format!(
                        "only the last range can be open-ended ({max} {}); range {j} is followed by range {i}",
                        number_text(open.unwrap_or(0.0))
                    ),
                )),
                Some(_) if lo < plo => out.push(Problem::new(
                    &path(i, min),
                    format!(
                        "ranges must be in ascending order: {min} {} comes after range {j} starting at {}",
                        number_text(lo),
                        number_text(plo)
                    ),
                )),
                Some(ph) if lo < ph => out.push(Problem::new(
                    &path(i, min),
                    format!(
                        "overlaps range {j} (up to {}): start at {} or above",
                        number_text(ph),
                        number_text(ph)
                    ),
                )),
                Some(_) => {}
            }
        }
        prev = Some((i, lo, hi));
    }
}

/// A failed check: the problem, and every parameter the check read (to locate it in the source
/// the user actually wrote when the first one is only a default).
#[derive(Debug, Clone)]
pub struct Failure {
    pub problem: Problem,
    pub involved: Vec<String>,
}

/// Every declared check over `values`.
pub fn run(m: &Manifest, values: &Values) -> Vec<Problem> {
    failures(m, values, |_| true)
        .into_iter()
        .map(|f| f.problem)
        .collect()
}

/// The failures of the checks `select` keeps (e.g. only those reading a parameter just asked).
pub fn failures(m: &Manifest, values: &Values, select: impl Fn(&Check) -> bool) -> Vec<Failure> {
    let mut out = Vec::new();
    for c in m.checks.iter().filter(|c| select(c)) {
        let involved: Vec<String> = c.params().into_iter().map(str::to_owned).collect();
        for problem in c.run(values) {
            out.push(Failure {
                problem,
                involved: involved.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn values(v: Value) -> Values {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn ranges_ordered_non_overlapping_open_last() {
        let c = Check::Ranges {
            param: "b".into(),
            min: "min".into(),
            max: "max".into(),
            open: Some(0.0),
        };
        let ok = values(
            json!({"b": [{"min": 0, "max": 300}, {"min": 300, "max": 600}, {"min": 600, "max": 0}]}),
        );
        assert!(c.run(&ok).is_empty());
        let bad = values(
            json!({"b": [{"min": 500, "max": 300}, {"min": 200, "max": 0}, {"min": 250, "max": 400}]}),
        );
        let p: Vec<String> = c.run(&bad).iter().map(|p| p.to_string()).collect();
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].starts_with("`b[0].max`"), "{p:?}");
        assert!(
            p[1].starts_with("`b[1].min`: ranges must be in ascending order"),
            "{p:?}"
        );
        assert!(p[2].starts_with("`b[1].max`: only the last"), "{p:?}");
    }

    #[test]
    fn at_most_member_refers() {
        let v = values(
            json!({"lo": 5, "hi": 2, "d": 100.7, "l": [100.2, 100.7], "g": [{"id": "a"}], "r": [{"group": "a"}, {"group": "b"}]}),
        );
        assert_eq!(
            Check::AtMost {
                param: "lo".into(),
                than: "hi".into(),
                unless: Some(0.0)
            }
            .run(&v)
            .len(),
            1
        );
        assert!(Check::Member {
            param: "d".into(),
            of: "l".into()
        }
        .run(&v)
        .is_empty());
        let r = Check::Refers {
            param: "r".into(),
            field: "group".into(),
            to: "g".into(),
            key: "id".into(),
        }
        .run(&v);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].path_text(), "r[1].group");
    }
}
