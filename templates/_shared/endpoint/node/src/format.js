// Money, numbers and message text, formatted exactly as flowgen formats them in flow.json
// (generator/src/render.rs), so a value the endpoint sends reads the same as the Flow's examples.

/** Rounds half away from zero to 2 decimals (as Rust's `(x * 100.0).round() / 100.0`). */
export function round2(x) {
  const r = Math.round(Math.abs(x) * 100) / 100;
  return x < 0 ? -r : r;
}

/** Fixed `decimals` digits, integer part grouped in 3s (Indian: 3 then 2s). */
export function group(n, decimals, thousands, decimal, indian = false) {
  const text = Math.abs(n).toFixed(decimals);
  const [int, frac] = text.split(".");
  const groups = [];
  let end = int.length;
  let size = 3;
  while (end > 0) {
    const start = Math.max(0, end - size);
    groups.unshift(int.slice(start, end));
    end = start;
    if (indian) size = 2;
  }
  const negative = n < 0 && /[1-9]/.test(text);
  return (negative ? "-" : "") + groups.join(thousands) + (frac !== undefined ? decimal + frac : "");
}

/** Thousands and decimal separators of a locale such as `pt_BR`. */
export function separators(locale) {
  const lang = String(locale).split(/[_-]/)[0];
  if (["pt", "es", "de", "it", "id", "nl", "tr"].includes(lang)) return [".", ","];
  if (lang === "fr") return ["\u202f", ","];
  return [",", "."];
}

/** Money in a currency for a locale: INR with Indian grouping and no paise when whole. */
export function money(n, currency, locale) {
  const [t, d] = separators(locale);
  const english = t === ",";
  switch (currency) {
    case "INR":
      return "₹" + group(n, Number.isInteger(n) ? 0 : 2, ",", ".", true);
    case "BRL":
      return "R$ " + group(n, 2, ".", ",");
    case "MXN":
      return "$" + group(n, 2, ",", ".");
    case "USD":
      return english ? "$" + group(n, 2, t, d) : "US$ " + group(n, 2, t, d);
    case "EUR":
      return english ? "€" + group(n, 2, t, d) : group(n, 2, t, d) + " €";
    case "GBP":
      return "£" + group(n, 2, t, d);
    default:
      return `${currency} ` + group(n, 2, t, d);
  }
}

/** A plain number with the locale's separators. */
export function number(n, decimals, locale) {
  const [t, d] = separators(locale);
  return group(n, decimals, t, d);
}

/** Replaces each `{name}` in a message with its value. */
export function fill(text, values) {
  let out = String(text);
  for (const [k, v] of Object.entries(values)) out = out.split(`{${k}}`).join(String(v));
  return out;
}

/** Annuity instalment P·r·(1+r)^n/((1+r)^n−1), r = annual% / 1200, rounded to 2 decimals. */
export function emi(principal, annualRatePercent, months) {
  const r = annualRatePercent / 1200;
  if (r === 0) return round2(principal / months);
  const f = Math.pow(1 + r, months);
  return round2((principal * r * f) / (f - 1));
}
