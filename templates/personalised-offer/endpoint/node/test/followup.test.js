// The follow-up message after the Flow completes (the journeys are replayed by
// `flowgen check-endpoint --journey ../../journeys/*.yaml` against the running server).

import assert from "node:assert/strict";
import { test } from "node:test";
import * as format from "../src/format.js";
import { followup } from "../src/handler.js";
import { config } from "./helpers.js";

const p = config.params;
const t = config.text;
const m = (n) => format.money(n, config.currency, config.locale);

test("the follow-up tells how to complete the purchase", () => {
  const c = p.catalogue[0];
  const ctx = { params: p, text: t, format, currency: config.currency, locale: config.locale };
  const text = followup({ product: c.id, product_name: c.name, price: m(c.price), completion_method: p.completion_method }, ctx);
  assert.equal(text, format.fill(t[`followup_${p.completion_method}`], { brand: p.brand, product: c.name, price: m(c.price), hours: p.hold_hours }));
});
