// The follow-up message after the Flow completes (the journeys are replayed by
// `flowgen check-endpoint --journey ../../journeys/*.yaml` against the running server).

import assert from "node:assert/strict";
import { test } from "node:test";
import * as format from "../src/format.js";
import { followup } from "../src/handler.js";
import { config } from "./helpers.js";

const p = config.params;
const t = config.text;

test("the follow-up recaps the quote", () => {
  const ctx = { params: p, text: t, format, currency: config.currency, locale: config.locale };
  const text = followup({ quote_id: "Q-1", plan: p.plans[0].id, price: "X" }, ctx);
  assert.equal(text, format.fill(t.followup, { brand: p.brand, quote_id: "Q-1", plan: p.plans[0].name, price: "X" }));
});
