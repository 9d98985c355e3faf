// insurance-quote journeys for every kind of cover (myself; with extra applicants; children
// only) against the real server; every answer checked against contract.json and every price
// against the pricing rule applied to config.json's parameters.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as format from "../src/format.js";
import { followup, quoteId } from "../src/handler.js";
import { APP_SECRET, Journey, config, contract, exchange, startServer, testKeys } from "./helpers.js";

const p = config.params;
const t = config.text;
const { fill, money, round2 } = format;
const m = (n) => money(n, config.currency, config.locale);
let s;

before(async () => {
  s = await startServer({ PRIVATE_KEY: testKeys().privatePem, APP_SECRET });
});
after(() => s.stop());

const allNo = () => Object.fromEntries(p.health_questions.map((q) => [`health_${q.id}`, "no"]));
const allYes = () => Object.fromEntries(p.health_questions.map((q) => [`health_${q.id}`, "yes"]));
const hasExtraField = contract.screens.find((x) => x.id === "SUMMARY").data.extra_applicants !== undefined;

/** The pricing rule, written out independently of the handler. */
function expectedPrice(cover, extras, mainHealth, plan, addonIds, excess, freq) {
  const load = (h) => 1 + p.health_questions.reduce((sum, q) => sum + (h[`health_${q.id}`] === "yes" ? q.loading : 0), 0) / 100;
  let monthly = cover.kind === "children" ? 0 : plan.monthly_price * load(mainHealth);
  for (const x of extras) monthly += plan.monthly_price * (p.relationships.find((r) => r.id === x.relation).price_factor / 100) * load(x);
  for (const a of p.addons) if (addonIds.includes(a.id)) monthly += a.monthly_price;
  monthly *= 1 - excess.premium_discount / 100;
  return round2(monthly * freq.months * (1 - freq.discount_percent / 100));
}

async function journey(cover, extraCount, { mainHealth = allNo(), planIndex = 0, addonIds = [], token } = {}) {
  const j = new Journey(s.url, token || `tok-${cover.id}-${extraCount}-${planIndex}`);
  assert.equal((await j.init()).screen, "APPLICANTS");
  j.navigate("COVER");
  j.navigate("DETAILS");
  const level = p.cover_levels.at(-1);
  const excess = p.excess_options.at(-1);
  const withExtras = ["self_plus", "family", "children"].includes(cover.kind);
  const details = { intent: "details", cover: cover.id, cover_level: level.id, excess: String(Math.trunc(excess.amount)), full_name: "Ana Souza", address: "Rua A, 1", postal_code: "01310-100", dob: "1985-03-02", email: "ana@example.com" };
  if (withExtras) details.extra_count = String(extraCount);
  let r = await j.exchange(details);
  const extras = [];
  const total = cover.kind === "children" ? Math.max(1, extraCount) : withExtras ? extraCount : 0;
  if (cover.kind !== "children") {
    assert.equal(r.screen, "HEALTH");
    r = await j.exchange({ intent: "health", cover: cover.id, ...mainHealth });
  }
  for (let i = 1; i <= total; i++) {
    assert.equal(r.screen, "EXTRA_APPLICANT");
    assert.deepEqual(r.data, { applicant_heading: fill(t.extra_heading, { n: i, total }), applicant_index: i });
    const rel = p.relationships[i % p.relationships.length];
    const person = { relation: rel.id, dob: `201${i}-01-0${i}`, ...(i % 2 ? allYes() : allNo()) };
    extras.push(person);
    r = await j.exchange({ intent: "extra_applicant", applicant_index: i, cover: cover.id, extra_count: String(extraCount), ...person });
  }
  assert.equal(r.screen, "PLANS");
  assert.deepEqual(r.data.plans.map((x) => x.id), p.plans.map((x) => x.id));
  const plan = p.plans[planIndex];
  r = await j.exchange({ intent: "plan", plan: plan.id });
  assert.equal(r.screen, "PLAN_DETAIL");
  assert.equal(r.data.plan_name, plan.name);
  assert.equal(r.data.starting_price, fill(t.starting_price, { price: m(plan.monthly_price) }));
  r = await j.exchange({ intent: "customise", plan: plan.id, addons: addonIds });
  assert.equal(r.screen, "QUOTE");
  for (const [i, freq] of p.payment_frequencies.entries()) {
    const price = expectedPrice(cover, extras, mainHealth, plan, addonIds, excess, freq);
    assert.equal(r.data.frequencies[i].description, fill(t.frequency_price, { price: m(price) }), `${cover.id} ${freq.id}`);
  }
  const freq = p.payment_frequencies.at(-1);
  const sum = await j.exchange({ intent: "quote", plan: plan.id, addons: addonIds, frequency: freq.id });
  assert.equal(sum.screen, "SUMMARY");
  const people = (cover.kind === "children" ? 0 : 1) + total;
  const expected = {
    quote_id: quoteId(j.token),
    summary_plan: plan.name,
    summary_cover_level: level.title,
    summary_people: people === 1 ? cover.title : fill(t.people_count, { cover: cover.title, n: people }),
    summary_excess: excess.amount === 0 ? t.no_excess : m(excess.amount),
    summary_frequency: freq.title,
    summary_price: fill(t.frequency_price, { price: m(expectedPrice(cover, extras, mainHealth, plan, addonIds, excess, freq)) }),
  };
  if (hasExtraField) expected.extra_applicants = extras.map((x) => ({ ...x }));
  assert.deepEqual(sum.data, expected);
  return sum;
}

for (const cover of p.cover_options) {
  const counts = cover.kind === "self" ? [0] : cover.kind === "children" ? [1, 2] : [1, 2];
  for (const n of counts) {
    test(`quote for cover ${cover.id} (${cover.kind}) with ${n} extra applicant(s)`, () => journey(cover, n));
  }
}

test("health risks and add-ons change the price; every plan quotes", async () => {
  const cover = p.cover_options[0];
  for (const [i] of p.plans.entries()) {
    await journey(cover, 0, { mainHealth: allYes(), planIndex: i, addonIds: p.addons.map((a) => a.id), token: `plan-${i}` });
  }
});

test("an expired session answers the same screen with a message", async () => {
  const r = await exchange(s.url, { data: { intent: "health", ...allNo() }, flow_token: "never-seen", screen: "HEALTH", action: "data_exchange", version: config.data_api_version });
  assert.equal(r.status, 200);
  assert.equal(r.response.screen, "HEALTH");
  assert.equal(r.response.data.error_message, t.session_expired);
});

test("unknown ids and missing answers are refused on the same screen", async () => {
  const j = new Journey(s.url, "bad-ids");
  await j.init();
  j.navigate("COVER");
  j.navigate("DETAILS");
  const bad = await j.exchange({ intent: "details", cover: "nope", cover_level: p.cover_levels[0].id, excess: "0" });
  assert.equal(bad.screen, "DETAILS");
  assert.ok(bad.data.error_message);
  const cover = p.cover_options.find((c) => c.kind !== "children");
  await j.exchange({ intent: "details", cover: cover.id, extra_count: "0", cover_level: p.cover_levels[0].id, excess: String(Math.trunc(p.excess_options[0].amount)) });
  const noHealth = await j.exchange({ intent: "health", cover: cover.id });
  assert.equal(noHealth.screen, "HEALTH");
  assert.ok(noHealth.data.error_message);
});

test("the follow-up recaps the quote", () => {
  const ctx = { params: p, text: t, format, currency: config.currency, locale: config.locale };
  const text = followup({ quote_id: "Q-1", plan: p.plans[0].id, price: "X" }, ctx);
  assert.equal(text, fill(t.followup, { brand: p.brand, quote_id: "Q-1", plan: p.plans[0].name, price: "X" }));
});
