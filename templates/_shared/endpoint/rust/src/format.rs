//! Number, money and text formatting. Gives byte-identical strings to flowgen's own renderer,
//! so the texts the endpoint sends match the ones baked into the Flow JSON.

use serde_json::Value;

/// Rounds half away from zero to 2 decimals.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Thousands and decimal separators of a locale, chosen by its language prefix.
pub fn separators(locale: &str) -> (&'static str, &'static str) {
    let lang = locale.split(['_', '-']).next().unwrap_or("en");
    match lang {
        "pt" | "es" | "de" | "it" | "id" | "nl" | "tr" => (".", ","),
        "fr" => ("\u{202f}", ","),
        _ => (",", "."),
    }
}

/// `decimals` fixed digits of |n|, the integer part grouped in 3s (indian: 3 then 2s).
pub fn group(n: f64, decimals: usize, thousands: &str, decimal: &str, indian: bool) -> String {
    let text = format!("{:.*}", decimals, n.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let digits = int.as_bytes();
    let mut groups: Vec<&str> = Vec::new();
    let mut end = digits.len();
    let mut size = 3;
    while end > 0 {
        let start = end.saturating_sub(size);
        groups.push(&int[start..end]);
        end = start;
        if indian {
            size = 2;
        }
    }
    groups.reverse();
    let mut out = String::new();
    if n < 0.0 && text.bytes().any(|c| c.is_ascii_digit() && c != b'0') {
        out.push('-');
    }
    out += &groups.join(thousands);
    if let Some(f) = frac {
        out += decimal;
        out += f;
    }
    out
}

/// Money in a currency for a locale (INR: Indian grouping, no paise when whole).
pub fn money(n: f64, currency: &str, locale: &str) -> String {
    let (t, d) = separators(locale);
    let english = t == ",";
    match currency {
        "INR" => {
            let dec = if n.fract() == 0.0 { 0 } else { 2 };
            format!("₹{}", group(n, dec, ",", ".", true))
        }
        "BRL" => format!("R$ {}", group(n, 2, ".", ",", false)),
        "MXN" => format!("${}", group(n, 2, ",", ".", false)),
        "USD" if english => format!("${}", group(n, 2, t, d, false)),
        "USD" => format!("US$ {}", group(n, 2, t, d, false)),
        "EUR" if english => format!("€{}", group(n, 2, t, d, false)),
        "EUR" => format!("{} €", group(n, 2, t, d, false)),
        "GBP" => format!("£{}", group(n, 2, t, d, false)),
        other => format!("{other} {}", group(n, 2, t, d, false)),
    }
}

/// A plain number with `decimals` fixed digits, grouped for the locale.
pub fn number(n: f64, decimals: usize, locale: &str) -> String {
    let (t, d) = separators(locale);
    group(n, decimals, t, d, false)
}

/// Replaces each `{key}` in `text` by its value.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_owned();
    for (k, v) in values {
        let pattern = format!("{{{k}}}");
        if out.contains(&pattern) {
            out = out.replace(&pattern, v);
        }
    }
    out
}

/// Monthly instalment of an annuity loan, rounded to 2 decimals.
pub fn emi(principal: f64, annual_rate_percent: f64, months: f64) -> f64 {
    let r = annual_rate_percent / 1200.0;
    let raw = if r == 0.0 {
        principal / months
    } else {
        let f = (1.0 + r).powf(months);
        principal * r * f / (f - 1.0)
    };
    round2(raw)
}

/// `PREFIX-XXXXXXXX`: the first 8 hex digits (upper case) of SHA-256(flow_token).
pub fn stable_id(prefix: &str, flow_token: &str) -> String {
    let digest = openssl::sha::sha256(flow_token.as_bytes());
    let hex: String = digest[..4].iter().map(|b| format!("{b:02X}")).collect();
    format!("{prefix}-{hex}")
}

/// The option id of an amount, as the Flow writes it: `720000` for 720000.0, `100.2` for 100.2.
pub fn amount_id(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A JSON number or numeric string as f64.
pub fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
