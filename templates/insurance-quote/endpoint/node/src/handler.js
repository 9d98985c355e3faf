// insurance-quote business logic: who is covered, health answers per applicant, plans, add-ons,
// a price per payment frequency computed from the parameters, and the quote summary; and the
// follow-up recap. The applicants' answers are kept per flow token (req.session, saved in the
// store by the app; TTL STATE_TTL_SECONDS, 3 days), never the name, address or e-mail.

import { createHash } from "node:crypto";
import { round2 } from "./format.js";

export const hasDataEndpoint = true;
/** The app loads this request's per-token state before `handle` and saves it after. */
export const keepsState = true;

const WITH_EXTRAS = ["self_plus", "family", "children"];
const str = (v) => (v === undefined || v === null ? "" : String(v));
const ids = (v) => (Array.isArray(v) ? v.map(str) : v === undefined || v === null || v === "" ? [] : [str(v)]);

/** The quote id shown on the summary: the same for every retry of the same flow token. */
export function quoteId(flowToken) {
  return "Q-" + createHash("sha256").update(flowToken).digest("hex").slice(0, 8).toUpperCase();
}

function healthAnswers(p, data) {
  const out = {};
  for (const q of p.health_questions) {
    const v = str(data[`health_${q.id}`]);
    if (v !== "yes" && v !== "no") return null;
    out[q.id] = v;
  }
  return out;
}

/** Monthly price of one person: plan price × relationship factor × (1 + health loadings). */
function personMonthly(p, plan, factor, answers) {
  const loading = p.health_questions.reduce((sum, q) => sum + (answers[q.id] === "yes" ? q.loading : 0), 0);
  return plan.monthly_price * (factor / 100) * (1 + loading / 100);
}

/** The price of one payment at frequency `f` for the stored choices. */
export function perPayment(p, state, plan, addonIds, f) {
  const cover = p.cover_options.find((c) => c.id === state.cover);
  let monthly = 0;
  if (cover.kind !== "children") monthly += personMonthly(p, plan, 100, state.main || {});
  for (const person of state.extras || []) {
    const rel = p.relationships.find((r) => r.id === person.relation);
    monthly += personMonthly(p, plan, rel ? rel.price_factor : 100, person.health);
  }
  for (const a of p.addons.filter((x) => addonIds.includes(x.id))) monthly += a.monthly_price;
  const excess = p.excess_options.find((e) => String(e.amount) === state.excess);
  const discounted = monthly * (1 - (excess ? excess.premium_discount : 0) / 100);
  return round2(discounted * f.months * (1 - f.discount_percent / 100));
}

function extraHeading(ctx, n, total) {
  return ctx.format.fill(ctx.text.extra_heading, { n, total });
}

function plansData({ params: p }) {
  return { plans: p.plans.map((x) => ({ id: x.id, title: x.name, description: x.tagline })) };
}

function planDetail(ctx, plan) {
  const { params: p, text: t, format: f, currency, locale } = ctx;
  return {
    plan_name: plan.name,
    starting_price: f.fill(t.starting_price, { price: f.money(plan.monthly_price, currency, locale) }),
    features: plan.features,
    addons: p.addons.map((a) => ({ id: a.id, title: a.title, description: f.fill(t.addon_price, { price: f.money(a.monthly_price, currency, locale) }) })),
  };
}

function frequencies(ctx, state, plan, addonIds) {
  const { params: p, text: t, format: f, currency, locale } = ctx;
  return p.payment_frequencies.map((x) => ({ id: x.id, title: x.title, description: f.fill(t.frequency_price, { price: f.money(perPayment(p, state, plan, addonIds, x), currency, locale) }) }));
}

/** Whether the cover kind adds applicants, and how many (children alone: at least one). */
function extraCount(p, cover, raw) {
  if (!WITH_EXTRAS.includes(cover.kind)) return 0;
  const n = /^\d+$/.test(str(raw)) ? Number(raw) : 0;
  const max = p.max_additional_applicants ?? 10;
  return Math.min(cover.kind === "children" ? Math.max(1, n) : n, max);
}

/** Answers INIT, BACK and data_exchange. */
export async function handle(req, ctx) {
  const { params: p, text: t, format: f, currency, locale } = ctx;
  const { data } = req;
  const here = req.screen;
  const retry = (screen, extra = {}, message = t.request_not_understood) => ({ screen, data: { ...extra, error_message: message } });
  if (req.action === "INIT" || req.action === "BACK") return { screen: "APPLICANTS", data: {} };
  const load = () => req.session.get();
  const save = (state) => req.session.set(state);
  const expired = (screen, extra = {}) => retry(screen, extra, t.session_expired);

  switch (data.intent) {
    case "details": {
      const cover = p.cover_options.find((c) => c.id === str(data.cover));
      const level = p.cover_levels.find((l) => l.id === str(data.cover_level));
      const excess = p.excess_options.find((e) => String(e.amount) === str(data.excess));
      if (!cover || !level || !excess) return retry(here || "DETAILS");
      const state = { cover: cover.id, extra_count: extraCount(p, cover, data.extra_count), cover_level: level.id, excess: String(excess.amount), main: null, extras: [] };
      save(state);
      if (cover.kind === "children") return { screen: "EXTRA_APPLICANT", data: { applicant_heading: extraHeading(ctx, 1, state.extra_count), applicant_index: 1 } };
      return { screen: "HEALTH", data: {} };
    }
    case "health": {
      const state = load();
      if (!state) return expired(here || "HEALTH");
      const answers = healthAnswers(p, data);
      if (!answers) return retry(here || "HEALTH");
      state.main = answers;
      save(state);
      if (state.extra_count > 0) return { screen: "EXTRA_APPLICANT", data: { applicant_heading: extraHeading(ctx, 1, state.extra_count), applicant_index: 1 } };
      return { screen: "PLANS", data: plansData(ctx) };
    }
    case "extra_applicant": {
      const state = load();
      const index = Number(data.applicant_index);
      const same = { applicant_heading: extraHeading(ctx, index || 1, state ? state.extra_count : 1), applicant_index: index || 1 };
      if (!state) return expired("EXTRA_APPLICANT", same);
      const rel = p.relationships.find((r) => r.id === str(data.relation));
      const health = healthAnswers(p, data);
      if (!Number.isInteger(index) || index < 1 || index > state.extra_count || !rel || !health) return retry("EXTRA_APPLICANT", same);
      state.extras = state.extras.slice(0, index - 1);
      state.extras[index - 1] = { relation: rel.id, dob: str(data.dob), health };
      save(state);
      if (index < state.extra_count) return { screen: "EXTRA_APPLICANT", data: { applicant_heading: extraHeading(ctx, index + 1, state.extra_count), applicant_index: index + 1 } };
      return { screen: "PLANS", data: plansData(ctx) };
    }
    case "plan": {
      const state = load();
      if (!state) return expired("PLANS", plansData(ctx));
      const plan = p.plans.find((x) => x.id === str(data.plan));
      if (!plan) return retry("PLANS", plansData(ctx));
      state.plan = plan.id;
      save(state);
      return { screen: "PLAN_DETAIL", data: planDetail(ctx, plan) };
    }
    case "customise": {
      const state = load();
      const plan = p.plans.find((x) => x.id === str(data.plan) || (state && x.id === state.plan));
      const detail = plan ? planDetail(ctx, plan) : {};
      if (!state) return expired("PLAN_DETAIL", detail);
      const addonIds = ids(data.addons);
      if (!plan || addonIds.some((a) => !p.addons.some((x) => x.id === a))) return retry("PLAN_DETAIL", detail);
      state.plan = plan.id;
      state.addons = addonIds;
      save(state);
      return { screen: "QUOTE", data: { frequencies: frequencies(ctx, state, plan, addonIds) } };
    }
    case "quote": {
      const state = load();
      if (!state) return expired("QUOTE");
      const plan = p.plans.find((x) => x.id === (str(data.plan) || state.plan));
      const addonIds = data.addons === undefined ? state.addons || [] : ids(data.addons);
      const freq = p.payment_frequencies.find((x) => x.id === str(data.frequency));
      if (!plan || !freq) return retry("QUOTE", plan ? { frequencies: frequencies(ctx, state, plan, addonIds) } : {});
      const cover = p.cover_options.find((c) => c.id === state.cover);
      const level = p.cover_levels.find((l) => l.id === state.cover_level);
      const excess = p.excess_options.find((e) => String(e.amount) === state.excess);
      const people = (cover.kind === "children" ? 0 : 1) + state.extras.length;
      const summary = {
        quote_id: quoteId(req.flow_token),
        summary_plan: plan.name,
        summary_cover_level: level.title,
        summary_people: people === 1 ? cover.title : f.fill(t.people_count, { cover: cover.title, n: people }),
        summary_excess: excess.amount === 0 ? t.no_excess : f.money(excess.amount, currency, locale),
        summary_frequency: freq.title,
        summary_price: f.fill(t.frequency_price, { price: f.money(perPayment(p, state, plan, addonIds, freq), currency, locale) }),
      };
      const declared = ctx.contract.screens.find((s) => s.id === "SUMMARY");
      if (declared && "extra_applicants" in declared.data) {
        summary.extra_applicants = state.extras.map((x) => {
          const row = { relation: x.relation, dob: x.dob };
          for (const q of p.health_questions) row[`health_${q.id}`] = x.health[q.id];
          return row;
        });
      }
      return { screen: "SUMMARY", data: summary };
    }
    default:
      return null;
  }
}

/** Default data of a screen, for a clean answer to a request that could not be served. */
export function screenData(screen, ctx) {
  if (screen === "PLANS") return plansData(ctx);
  if (screen === "EXTRA_APPLICANT") return { applicant_heading: extraHeading(ctx, 1, 1), applicant_index: 1 };
  return null;
}

/** The text sent after the Flow completes: a recap of the quote. */
export function followup(response, ctx) {
  const { params: p, text: t, format: f } = ctx;
  const plan = p.plans.find((x) => x.id === str(response.plan));
  return f.fill(t.followup, { brand: p.brand, quote_id: str(response.quote_id), plan: plan ? plan.name : str(response.plan), price: str(response.price) });
}
