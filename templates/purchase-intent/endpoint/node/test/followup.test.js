// purchase-intent: the thank-you follow-up uses the name the customer gave.

import assert from "node:assert/strict";
import { test } from "node:test";
import * as format from "../src/format.js";
import { followup } from "../src/handler.js";
import { config } from "./helpers.js";

test("the follow-up thanks the customer by name", () => {
  const ctx = { params: config.params, text: config.text, format };
  const text = followup({ name: "  Maria  ", categories: [config.params.categories[0].id] }, ctx);
  assert.equal(text, format.fill(config.text.followup, { brand: config.params.brand, name: "Maria" }));
});
