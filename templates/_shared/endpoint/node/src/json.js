// Safe JSON parsing for untrusted bodies: a depth limit before parsing, no exceptions out.

/** The deepest nesting of arrays/objects in JSON text, stopping early past `limit`. */
export function nestingDepth(text, limit = 64) {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Parses JSON text; returns undefined when it is not JSON or nests deeper than `limit`. */
export function parseJson(text, limit = 64) {
  if (nestingDepth(text, limit) > limit) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True for a plain JSON object. */
export function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
