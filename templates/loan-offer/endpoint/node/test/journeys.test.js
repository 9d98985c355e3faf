// loan-offer journeys through every branch, against the real server; each answer is checked
// against contract.json, and the figures against the parameters in config.json.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { emi, fill, money, number, round2 } from "../src/format.js";
import { reference } from "../src/handler.js";
import { APP_SECRET, Journey, config, startServer, testKeys } from "./helpers.js";

const p = config.params;
const t = config.text;
const cur = config.currency;
const loc = config.locale;
let s;

before(async () => {
  s = await startServer({ PRIVATE_KEY: testKeys().privatePem, APP_SECRET });
});
after(() => s.stop());

const id = (a) => String(Math.trunc(a));
const adult = "1980-05-17";
const digits = (p.id_digits_numeric ? "1234567890" : "A1B2C3D4E5F6").repeat(3).slice(0, p.id_digits_count);

/** The review payload as the Flow sends it (every answer so far). */
function review(amount, tenure, method, extra = {}) {
  return { intent: "review", amount: id(amount), tenure: String(tenure), disbursement_method: method.id, upi_id: "name@bank", account_number: "001234567890", bank_code: "ABCD0123456", wallet_number: "9876543210", repayment_method: p.repayment_methods[0].id, dob: adult, id_digits: digits, ...extra };
}

async function toReview(j, amount, tenure) {
  await j.init();
  await j.exchange({ intent: "preview", amount: id(amount), tenure: String(tenure) });
  await j.exchange({ intent: "accept_terms", amount: id(amount), tenure: String(tenure) });
  assert.equal(j.screen, "DISBURSEMENT");
  j.navigate("REPAYMENT");
  if (p.identity_check !== "none") j.navigate("IDENTITY");
}

test("INIT shows the default offer with its EMI", async () => {
  const j = new Journey(s.url);
  const r = await j.init();
  const amount = p.loan_amounts.includes(p.default_amount) ? p.default_amount : p.loan_amounts[0];
  const tenure = p.tenures_months.includes(p.default_tenure) ? p.default_tenure : p.tenures_months[0];
  assert.equal(r.screen, "OFFER");
  assert.equal(r.data.selected_amount, id(amount));
  assert.equal(r.data.selected_tenure, String(tenure));
  assert.equal(r.data.emi, money(emi(amount, p.annual_rate, tenure), cur, loc));
  assert.equal(r.data.rate, fill(t.rate_value, { rate: number(p.annual_rate, 2, loc) }));
  assert.equal(r.data.fee, money(p.processing_fee, cur, loc));
  assert.equal(r.data.amounts.length, p.loan_amounts.length);
});

test("every amount × tenure preview recomputes the EMI", async () => {
  const j = new Journey(s.url);
  await j.init();
  for (const a of p.loan_amounts) {
    for (const n of p.tenures_months) {
      const r = await j.exchange({ intent: "preview", amount: id(a), tenure: String(n) });
      assert.equal(r.data.emi, money(emi(a, p.annual_rate, n), cur, loc));
      assert.equal(r.data.selected_amount, id(a));
    }
  }
  const bad = await j.exchange({ intent: "preview", amount: "1", tenure: "7777" });
  assert.equal(bad.screen, "OFFER");
  assert.equal(bad.data.error_message, t.request_not_understood);
});

for (const method of p.disbursement_methods) {
  test(`journey with disbursement via ${method.id} to DONE`, async () => {
    const j = new Journey(s.url, `token-${method.id}`);
    const amount = p.loan_amounts.at(-1);
    const tenure = p.tenures_months[0];
    await toReview(j, amount, tenure);
    const r = await j.exchange(review(amount, tenure, method));
    assert.equal(r.screen, "SUMMARY");
    const e = emi(amount, p.annual_rate, tenure);
    const last4 = { upi: "bank", bank_account: "7890", wallet: "3210" }[method.kind];
    assert.deepEqual(r.data, {
      amount: money(amount, cur, loc),
      tenure: fill(t.tenure_option, { n: tenure }),
      rate: fill(t.rate_value, { rate: number(p.annual_rate, 2, loc) }),
      emi: money(e, cur, loc),
      fee: money(p.processing_fee, cur, loc),
      total_payable: money(round2(e * tenure + p.processing_fee), cur, loc),
      disbursement: fill(t.disbursement_masked, { method: method.title, last4 }),
      repayment: p.repayment_methods[0].title,
    });
    const done = await j.exchange({ ...review(amount, tenure, method), intent: "submit" });
    assert.equal(done.screen, "DONE");
    assert.equal(done.data.reference, reference(`token-${method.id}`));
    const again = await new Journey(s.url, `token-${method.id}`).send("data_exchange", { intent: "submit" }, "SUMMARY");
    assert.equal(again.data.reference, done.data.reference, "a retry gets the same reference");
  });
}

for (const repayment of p.repayment_methods) {
  test(`repayment by ${repayment.id} shows in the summary`, async () => {
    const j = new Journey(s.url);
    await toReview(j, p.loan_amounts[0], p.tenures_months[0]);
    const r = await j.exchange(review(p.loan_amounts[0], p.tenures_months[0], p.disbursement_methods[0], { repayment_method: repayment.id }));
    assert.equal(r.data.repayment, repayment.title);
  });
}

test("identity check refuses minors, impossible dates and wrong digits", { skip: p.identity_check === "none" && "identity_check is none" }, async () => {
  const asksDob = p.identity_check.includes("dob");
  const asksId = p.identity_check.includes("id_digits");
  const cases = [];
  const year = new Date().getUTCFullYear();
  if (asksDob) cases.push({ dob: `${year - 10}-01-01` }, { dob: "1990-02-30" }, { dob: "" }, { dob: "17/05/1980" });
  if (asksId) cases.push({ id_digits: digits.slice(1) }, { id_digits: digits + "9" }, { id_digits: "" });
  if (asksId && p.id_digits_numeric) cases.push({ id_digits: "x".repeat(p.id_digits_count) });
  for (const extra of cases) {
    const j = new Journey(s.url);
    await toReview(j, p.loan_amounts[0], p.tenures_months[0]);
    const r = await j.exchange(review(p.loan_amounts[0], p.tenures_months[0], p.disbursement_methods[0], extra));
    assert.equal(r.screen, "IDENTITY", JSON.stringify(extra));
    assert.equal(r.data.error_message, t.identity_mismatch);
  }
});

test("unknown disbursement or repayment id → same screen with an error", async () => {
  const j = new Journey(s.url);
  await toReview(j, p.loan_amounts[0], p.tenures_months[0]);
  const r = await j.exchange(review(p.loan_amounts[0], p.tenures_months[0], { id: "nope" }));
  assert.equal(r.screen, j.screen);
  assert.equal(r.data.error_message, t.request_not_understood);
});

test("BACK returns to the offer", async () => {
  const j = new Journey(s.url);
  await j.init();
  const r = await j.send("BACK", {}, "OFFER");
  assert.equal(r.screen, "OFFER");
});

test("the follow-up text recaps the loan", async () => {
  const { followup } = await import("../src/handler.js");
  const format = await import("../src/format.js");
  const ctx = { params: p, text: t, format, currency: cur, locale: loc };
  const a = p.loan_amounts[0];
  const n = p.tenures_months[0];
  const text = followup({ reference: "LN-1", amount: id(a), tenure: String(n), emi: "X" }, ctx);
  assert.equal(text, fill(t.followup, { brand: p.brand, reference: "LN-1", amount: money(a, cur, loc), tenure: fill(t.tenure_option, { n }), emi: "X" }));
});
