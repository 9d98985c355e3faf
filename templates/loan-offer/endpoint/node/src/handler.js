// loan-offer business logic: the offer with a live EMI, the summary, the reference; and the
// follow-up after the Flow completes. Stateless: every answer arrives in the screens' payloads.
// All numbers and texts come from config.json (the parameters flowgen asked for).

import { createHash } from "node:crypto";

export const hasDataEndpoint = true;

const str = (v) => (v === undefined || v === null ? "" : String(v));

function offerData(ctx, amount, tenure) {
  const { params: p, text: t, format: f, currency, locale } = ctx;
  return {
    amounts: p.loan_amounts.map((a) => ({ id: String(a), title: f.money(a, currency, locale) })),
    tenures: p.tenures_months.map((n) => ({ id: String(n), title: f.fill(t.tenure_option, { n }) })),
    selected_amount: String(amount),
    selected_tenure: String(tenure),
    emi: f.money(f.emi(amount, p.annual_rate, tenure), currency, locale),
    rate: rateText(ctx),
    fee: f.money(p.processing_fee, currency, locale),
  };
}

function rateText({ params: p, text: t, format: f, locale }) {
  return f.fill(t.rate_value, { rate: f.number(p.annual_rate, 2, locale) });
}

function defaults({ params: p }) {
  const amount = p.loan_amounts.includes(p.default_amount) ? p.default_amount : p.loan_amounts[0];
  const tenure = p.tenures_months.includes(p.default_tenure) ? p.default_tenure : p.tenures_months[0];
  return [amount, tenure];
}

/**
 * The amount and tenure a payload chose: an absent (or "") field takes its default, an unknown
 * id gives null.
 */
function selection(ctx, data) {
  const { params: p } = ctx;
  const [da, dn] = defaults(ctx);
  const amount = str(data.amount) === "" ? da : p.loan_amounts.find((a) => String(a) === str(data.amount));
  const tenure = str(data.tenure) === "" ? dn : p.tenures_months.find((n) => String(n) === str(data.tenure));
  return amount === undefined || tenure === undefined ? null : [amount, tenure];
}

function ageOn(dob, today) {
  let age = today.getUTCFullYear() - dob.getUTCFullYear();
  const m = today.getUTCMonth() - dob.getUTCMonth();
  if (m < 0 || (m === 0 && today.getUTCDate() < dob.getUTCDate())) age--;
  return age;
}

function realDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(str(text));
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] ? d : null;
}

function identityOk({ params: p }, data) {
  const check = p.identity_check;
  if (check === "dob" || check === "dob_and_id_digits") {
    const dob = realDate(data.dob);
    if (!dob || ageOn(dob, new Date()) < 18) return false;
  }
  if (check === "id_digits" || check === "dob_and_id_digits") {
    const digits = str(data.id_digits);
    if (digits.length !== p.id_digits_count) return false;
    if (!(p.id_digits_numeric ? /^[0-9]+$/ : /^[A-Za-z0-9]+$/).test(digits)) return false;
  }
  return true;
}

// The shapes flow.json's TextInput patterns ask for. Flow JSON before 6.2 carries no pattern,
// so the endpoint checks them too (the same screen answers with an error_message).
const UPI_ID = /^[A-Za-z0-9._-]{2,256}@[A-Za-z][A-Za-z0-9]{1,63}$/;

/** True when the disbursement account has the shape its input asks for. */
function accountOk({ params: p }, data) {
  const method = p.disbursement_methods.find((m) => m.id === str(data.disbursement_method));
  if (!method) return true; // an unknown method is answered as not understood
  if (method.kind === "upi") return UPI_ID.test(str(data.upi_id));
  if (method.kind === "bank_account" && p.bank_code_pattern) {
    try {
      return new RegExp(p.bank_code_pattern).test(str(data.bank_code));
    } catch {
      return true;
    }
  }
  return true;
}

/** The reference shown on DONE: the same for every retry of the same flow token. */
export function reference(flowToken) {
  return "LN-" + createHash("sha256").update(flowToken).digest("hex").slice(0, 8).toUpperCase();
}

function summary(ctx, data, amount, tenure) {
  const { params: p, text: t, format: f, currency, locale } = ctx;
  const method = p.disbursement_methods.find((m) => m.id === str(data.disbursement_method));
  const repayment = p.repayment_methods.find((m) => m.id === str(data.repayment_method));
  if (!method || !repayment) return null;
  const account = { upi: data.upi_id, bank_account: data.account_number, wallet: data.wallet_number }[method.kind];
  const e = f.emi(amount, p.annual_rate, tenure);
  return {
    amount: f.money(amount, currency, locale),
    tenure: f.fill(t.tenure_option, { n: tenure }),
    rate: rateText(ctx),
    emi: f.money(e, currency, locale),
    fee: f.money(p.processing_fee, currency, locale),
    total_payable: f.money(f.round2(e * tenure + p.processing_fee), currency, locale),
    disbursement: f.fill(t.disbursement_masked, { method: method.title, last4: str(account).slice(-4) }),
    repayment: repayment.title,
  };
}

/** Answers INIT, BACK and data_exchange. */
export function handle(req, ctx) {
  const { data } = req;
  const retry = (screen, extra = {}) => ({ screen, data: { ...extra, error_message: ctx.text.request_not_understood } });
  if (req.action === "INIT" || req.action === "BACK") return { screen: "OFFER", data: offerData(ctx, ...defaults(ctx)) };
  const chosen = selection(ctx, data);
  switch (data.intent) {
    case "preview":
      return chosen ? { screen: "OFFER", data: offerData(ctx, ...chosen) } : retry("OFFER", offerData(ctx, ...defaults(ctx)));
    case "accept_terms":
      return chosen ? { screen: "DISBURSEMENT", data: {} } : retry("OFFER", offerData(ctx, ...defaults(ctx)));
    case "review": {
      const here = req.screen || "IDENTITY";
      if (!chosen) return retry(here);
      if (!identityOk(ctx, data) || !accountOk(ctx, data)) return { screen: here, data: { error_message: ctx.text.identity_mismatch } };
      const s = summary(ctx, data, ...chosen);
      return s ? { screen: "SUMMARY", data: s } : retry(here);
    }
    case "submit":
      return { screen: "DONE", data: { reference: reference(req.flow_token) } };
    default:
      return null;
  }
}

/** Default data of a screen, for a clean answer to a request that could not be served. */
export function screenData(screen, ctx) {
  return screen === "OFFER" ? offerData(ctx, ...defaults(ctx)) : null;
}

/** The text sent after the Flow completes (`response` = the completion payload). */
export function followup(response, ctx) {
  const { params: p, text: t, format: f, currency, locale } = ctx;
  const amount = p.loan_amounts.find((a) => String(a) === str(response.amount));
  const tenure = p.tenures_months.find((n) => String(n) === str(response.tenure));
  return f.fill(t.followup, {
    brand: p.brand,
    reference: str(response.reference),
    amount: amount === undefined ? str(response.amount) : f.money(amount, currency, locale),
    tenure: tenure === undefined ? str(response.tenure) : f.fill(t.tenure_option, { n: tenure }),
    emi: str(response.emi),
  });
}
