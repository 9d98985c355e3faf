// The follow-up message after the Flow completes (the journeys are replayed by
// `flowgen check-endpoint --journey ../../journeys/*.yaml` against the running server).

import assert from "node:assert/strict";
import { test } from "node:test";
import * as format from "../src/format.js";
import { followup } from "../src/handler.js";
import { config } from "./helpers.js";

const p = config.params;
const t = config.text;
const { fill, money } = format;

test("the follow-up text recaps the loan", () => {
  const ctx = { params: p, text: t, format, currency: config.currency, locale: config.locale };
  const a = p.loan_amounts[0];
  const n = p.tenures_months[0];
  const text = followup({ reference: "LN-1", amount: String(a), tenure: String(n), emi: "X" }, ctx);
  assert.equal(text, fill(t.followup, { brand: p.brand, reference: "LN-1", amount: money(a, config.currency, config.locale), tenure: fill(t.tenure_option, { n }), emi: "X" }));
});
