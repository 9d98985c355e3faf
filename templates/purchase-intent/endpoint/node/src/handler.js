// purchase-intent has no data endpoint (the Flow navigates and completes on the device), so this
// stub serves only the WhatsApp webhook: the thank-you follow-up after the sign-up completes.

export const hasDataEndpoint = false;

/** Never called: `POST /` answers 404 for this use case. */
export function handle() {
  return null;
}

/** The text sent after the Flow completes. */
export function followup(response, ctx) {
  const name = typeof response.name === "string" ? response.name.trim() : "";
  return ctx.format.fill(ctx.text.followup, { brand: ctx.params.brand, name });
}
