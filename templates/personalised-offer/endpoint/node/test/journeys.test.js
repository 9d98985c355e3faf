// personalised-offer journeys for every product group against the real server: preferences,
// the shortlist filter (brand, budget, the relaxations), the product detail; every answer
// checked against contract.json, the figures against config.json.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as format from "../src/format.js";
import { followup, shortlist } from "../src/handler.js";
import { APP_SECRET, Journey, config, exchange, startServer, testKeys } from "./helpers.js";

const p = config.params;
const t = config.text;
const { money, fill } = format;
const m = (n) => money(n, config.currency, config.locale);
let s;

before(async () => {
  s = await startServer({ PRIVATE_KEY: testKeys().privatePem, APP_SECRET });
});
after(() => s.stop());

for (const group of p.product_groups) {
  test(`journey for product group ${group.id}`, async () => {
    const j = new Journey(s.url);
    assert.equal((await j.init()).screen, "GROUP");
    const prefs = await j.exchange({ intent: "group", product_group: group.id });
    const products = p.catalogue.filter((c) => c.group === group.id);
    const purposes = p.purposes.filter((u) => u.group === group.id);
    assert.equal(prefs.screen, "PREFERENCES");
    assert.equal(prefs.data.heading, fill(t.preferences_heading, { group: group.title }));
    assert.equal(prefs.data.has_purposes, purposes.length > 0);
    assert.deepEqual(prefs.data.budgets.map((b) => b.id), p.budget_ranges.map((r) => r.id));
    const brandIds = [...new Set(products.map((c) => c.brand))];
    if (brandIds.length) assert.deepEqual(prefs.data.brands.map((b) => b.id).sort(), brandIds.sort());

    const answer = { intent: "preferences", product_group: group.id, brands: [], budget: p.budget_ranges[0].id, purposes: purposes.slice(0, 1).map((u) => u.id) };
    if (!products.length) {
      const r = await j.exchange(answer);
      assert.equal(r.screen, "PREFERENCES");
      assert.equal(r.data.error_message, t.no_products);
      return;
    }
    const list = await j.exchange(answer);
    assert.equal(list.screen, "SHORTLIST");
    const expected = shortlist(p, group.id, [], p.budget_ranges[0]);
    assert.equal(list.data.shortlist_label, fill(t.shortlist_label, { n: expected.length }));
    assert.deepEqual(list.data.products, expected.map((c) => ({ id: c.id, title: c.name, description: `${m(c.price)} · ${c.properties}` })));
    const pick = expected[0];
    const detail = await j.exchange({ intent: "product", product: pick.id });
    assert.deepEqual(detail, { screen: "DETAIL", data: { product_name: pick.name, price: m(pick.price), properties: pick.properties, details: pick.details } });
    j.navigate("CLOSING");
  });
}

test("the shortlist filters by brand and budget, in catalogue order, and relaxes when nothing matches", () => {
  const cat = [
    { id: "a", group: "g", brand: "x", price: 100 },
    { id: "b", group: "g", brand: "y", price: 300 },
    { id: "c", group: "g", brand: "x", price: 500 },
    { id: "d", group: "h", brand: "x", price: 200 },
  ];
  const params = { catalogue: cat, shortlist_size: 2 };
  const ids = (l) => l.map((c) => c.id);
  assert.deepEqual(ids(shortlist(params, "g", ["x"], { min: 0, max: 400 })), ["a"]);
  assert.deepEqual(ids(shortlist(params, "g", [], { min: 200, max: 0 })), ["b", "c"]);
  assert.deepEqual(ids(shortlist({ ...params, shortlist_size: 1 }, "g", [], undefined)), ["a"]);
  assert.deepEqual(ids(shortlist(params, "g", ["y"], { min: 1000, max: 0 })), ["b"], "budget dropped first");
  assert.deepEqual(ids(shortlist(params, "g", ["z"], { min: 1000, max: 0 })), ["a", "b"], "then the brand");
  assert.deepEqual(ids(shortlist(params, "none", [], undefined)), []);
});

test("every brand and budget choice gives a valid shortlist", async () => {
  const group = p.product_groups.find((g) => p.catalogue.some((c) => c.group === g.id));
  for (const brand of p.brands) {
    for (const budget of p.budget_ranges) {
      const j = new Journey(s.url);
      await j.init();
      await j.exchange({ intent: "group", product_group: group.id });
      const r = await j.exchange({ intent: "preferences", product_group: group.id, brands: [brand.id], budget: budget.id, purposes: [] });
      const expected = shortlist(p, group.id, [brand.id], budget).map((c) => c.id);
      assert.deepEqual(r.data.products.map((x) => x.id), expected);
      assert.ok(r.data.products.length <= p.shortlist_size);
    }
  }
});

test("unknown ids get an error on the same screen", async () => {
  const j = new Journey(s.url);
  await j.init();
  const g = await j.exchange({ intent: "group", product_group: "nope" });
  assert.equal(g.screen, "GROUP");
  assert.equal(g.data.error_message, t.request_not_understood);
  await j.exchange({ intent: "group", product_group: p.product_groups[0].id });
  const b = await j.exchange({ intent: "preferences", product_group: p.product_groups[0].id, brands: ["nope"], budget: p.budget_ranges[0].id });
  assert.equal(b.screen, "PREFERENCES");
  assert.ok(b.data.error_message);
  const r = await exchange(s.url, { data: { intent: "product", product: "nope" }, flow_token: "t", screen: "SHORTLIST", action: "data_exchange", version: config.data_api_version });
  assert.equal(r.response.screen, "SHORTLIST");
  assert.equal(r.response.data.error_message, t.request_not_understood);
});

test("the follow-up tells how to complete the purchase", () => {
  const c = p.catalogue[0];
  const ctx = { params: p, text: t, format, currency: config.currency, locale: config.locale };
  const text = followup({ product: c.id, product_name: c.name, price: m(c.price), completion_method: p.completion_method }, ctx);
  assert.equal(text, fill(t[`followup_${p.completion_method}`], { brand: p.brand, product: c.name, price: m(c.price), hours: p.hold_hours }));
});
