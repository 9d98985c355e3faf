// personalised-offer business logic: preferences for the chosen product group, a shortlist
// filtered from the catalogue by brand and budget, the product detail; and the follow-up that
// tells the customer how to complete the purchase. Stateless; parameters from config.json.

export const hasDataEndpoint = true;

const str = (v) => (v === undefined || v === null ? "" : String(v));
const ids = (v) => (Array.isArray(v) ? v.map(str) : v === undefined || v === null || v === "" ? [] : [str(v)]);

function budgetTitle({ text: t, format: f, currency, locale }, r) {
  const m = (n) => f.money(n, currency, locale);
  if (r.max > 0 && r.min === 0) return f.fill(t.budget_upto, { max: m(r.max) });
  if (r.max > 0) return f.fill(t.budget_range, { min: m(r.min), max: m(r.max) });
  return f.fill(t.budget_open, { min: m(r.min) });
}

/** PREFERENCES data for a product group. */
function preferences(ctx, group) {
  const { params: p, text: t, format: f } = ctx;
  const inGroup = p.catalogue.filter((c) => c.group === group.id);
  const brandIds = new Set(inGroup.map((c) => c.brand));
  const brands = p.brands.filter((b) => brandIds.has(b.id));
  const purposes = p.purposes.filter((u) => u.group === group.id);
  return {
    heading: f.fill(t.preferences_heading, { group: group.title }),
    brands: (brands.length ? brands : p.brands).map((b) => ({ id: b.id, title: b.title })),
    budgets: p.budget_ranges.map((r) => ({ id: r.id, title: budgetTitle(ctx, r) })),
    // A hidden CheckboxGroup still needs a data source: keep one option when the group has none.
    purposes: (purposes.length ? purposes : p.purposes.slice(0, 1)).map((u) => ({ id: u.id, title: u.title })),
    has_purposes: purposes.length > 0,
    cta_label: t.cta_label,
  };
}

/** Products of the group matching the brands and budget, relaxing budget then brand when none do. */
export function shortlist(params, groupId, brandIds, budget) {
  const inGroup = params.catalogue.filter((c) => c.group === groupId);
  const byBrand = (list) => (brandIds.length ? list.filter((c) => brandIds.includes(c.brand)) : list);
  const byBudget = (list) => (budget ? list.filter((c) => budget.min <= c.price && (budget.max === 0 || c.price <= budget.max)) : list);
  for (const pick of [byBudget(byBrand(inGroup)), byBrand(inGroup), inGroup]) {
    if (pick.length) return pick.slice(0, params.shortlist_size);
  }
  return [];
}

/** Answers INIT, BACK and data_exchange. */
export function handle(req, ctx) {
  const { params: p, text: t, format: f, currency, locale } = ctx;
  const { data } = req;
  const retry = (screen, extra = {}, message = t.request_not_understood) => ({ screen, data: { ...extra, error_message: message } });
  if (req.action === "INIT" || req.action === "BACK") return { screen: "GROUP", data: {} };
  const group = p.product_groups.find((g) => g.id === str(data.product_group));
  switch (data.intent) {
    case "group":
      return group ? { screen: "PREFERENCES", data: preferences(ctx, group) } : retry("GROUP");
    case "preferences": {
      if (!group) return retry(req.screen || "PREFERENCES", preferences(ctx, p.product_groups[0]));
      const prefs = preferences(ctx, group);
      const budget = p.budget_ranges.find((r) => r.id === str(data.budget));
      const brandIds = ids(data.brands);
      if ((data.budget && !budget) || brandIds.some((b) => !p.brands.some((x) => x.id === b))) return retry("PREFERENCES", prefs);
      const picks = shortlist(p, group.id, brandIds, budget);
      if (!picks.length) return retry("PREFERENCES", prefs, t.no_products);
      return {
        screen: "SHORTLIST",
        data: {
          shortlist_label: f.fill(t.shortlist_label, { n: picks.length }),
          products: picks.map((c) => ({ id: c.id, title: c.name, description: `${f.money(c.price, currency, locale)} · ${c.properties}` })),
        },
      };
    }
    case "product": {
      const c = p.catalogue.find((x) => x.id === str(data.product));
      if (!c) return retry(req.screen || "SHORTLIST");
      return { screen: "DETAIL", data: { product_name: c.name, price: f.money(c.price, currency, locale), properties: c.properties, details: c.details } };
    }
    default:
      return null;
  }
}

/** Default data of a screen, for a clean answer to a request that could not be served. */
export function screenData(screen, ctx) {
  return screen === "PREFERENCES" ? preferences(ctx, ctx.params.product_groups[0]) : null;
}

/** The text sent after the Flow completes: how to complete the purchase. */
export function followup(response, ctx) {
  const { params: p, text: t, format: f, currency, locale } = ctx;
  const method = ["payment_link", "store_pickup", "call_back"].includes(response.completion_method) ? response.completion_method : p.completion_method;
  const c = p.catalogue.find((x) => x.id === str(response.product));
  return f.fill(t[`followup_${method}`], {
    brand: p.brand,
    product: c ? c.name : str(response.product_name),
    price: c ? f.money(c.price, currency, locale) : str(response.price),
    hours: p.hold_hours,
  });
}
