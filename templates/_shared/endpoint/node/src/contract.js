// Checks a response against contract.json: the target screen must be allowed by the routing
// model (or be the current screen), and its data must have exactly the keys the screen declares,
// with the declared types (`error_message` may be added). Used by the tests of every journey.

function typeOf(v) {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  return typeof v;
}

function checkValue(schema, value, path, problems) {
  const want = schema.type;
  if (want && typeOf(value) !== want) {
    problems.push(`${path}: expected ${want}, got ${typeOf(value)}`);
    return;
  }
  if (want === "array" && schema.items) {
    value.forEach((item, i) => checkValue(schema.items, item, `${path}/${i}`, problems));
  }
  if (want === "object" && schema.properties) {
    for (const [k, s] of Object.entries(schema.properties)) {
      if (k in value) checkValue(s, value[k], `${path}/${k}`, problems);
    }
  }
}

/** The problems with `response` as an answer to a request sent from `fromScreen` ([] = fine). */
export function checkResponse(contract, fromScreen, response) {
  const problems = [];
  const screens = new Map(contract.screens.map((s) => [s.id, s]));
  const target = screens.get(response.screen);
  if (!target) return [`screen ${JSON.stringify(response.screen)} is not in the Flow`];
  const from = screens.get(fromScreen);
  const allowed = from ? [from.id, ...from.next] : [contract.entry_screen];
  if (!allowed.includes(target.id)) {
    problems.push(`${fromScreen || "(start)"} -> ${target.id} is not in the routing model (allowed: ${allowed.join(", ")})`);
  }
  const data = response.data;
  if (typeOf(data) !== "object") return [...problems, "data is not an object"];
  for (const key of Object.keys(target.data)) {
    if (!(key in data)) problems.push(`data/${key} is missing`);
  }
  for (const [key, value] of Object.entries(data)) {
    if (key === "error_message") {
      if (typeof value !== "string") problems.push("data/error_message: expected string");
      continue;
    }
    const schema = target.data[key];
    if (!schema) problems.push(`data/${key} is not declared by ${target.id}`);
    else checkValue(schema, value, `data/${key}`, problems);
  }
  return problems;
}

const EMPTY = { number: 0, integer: 0, boolean: false, array: [], object: {} };

/** Data for `screen` with every declared key set to an empty value of its type. */
export function blankData(contract, screen) {
  const s = contract.screens.find((x) => x.id === screen);
  const out = {};
  for (const [k, schema] of Object.entries((s && s.data) || {})) {
    const empty = EMPTY[schema.type];
    out[k] = empty === undefined ? "" : structuredClone(empty);
  }
  return out;
}

/**
 * False when `screen` is a screen of the Flow whose data_exchange payloads (contract.json `sends`)
 * never carry `intent`: such a request did not come from that screen.
 */
export function screenSends(contract, screen, intent) {
  const s = contract.screens.find((x) => x.id === screen);
  if (!s || !Array.isArray(s.sends) || s.sends.length === 0) return true;
  return s.sends.some((p) => (p.intent ?? undefined) === (intent ?? undefined));
}
