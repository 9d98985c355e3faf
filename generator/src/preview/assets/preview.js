// flowgen preview: draws every screen of the embedded Flow and plays it.
// Every string that comes from the Flow is shown with textContent (never as markup).
"use strict";
(function () {
  const BOOT = JSON.parse(document.getElementById("flowgen-data").textContent);
  const FLOW = BOOT.flow && typeof BOOT.flow === "object" ? BOOT.flow : {};
  const SCREENS = (Array.isArray(FLOW.screens) ? FLOW.screens : []).filter(
    (s) => s && typeof s === "object" && typeof s.id === "string");
  const BY_ID = new Map(SCREENS.map((s) => [s.id, s]));
  const ROUTES = BOOT.routes || {};
  const SERVE = BOOT.serve || null;
  const HAS_ENDPOINT = !!(SERVE && SERVE.endpoint);
  const own = (o, k) => o != null && typeof o === "object" && Object.prototype.hasOwnProperty.call(o, k);

  // ---------------------------------------------------------------- DOM helpers
  function h(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function put(parent, ...kids) {
    for (const k of kids) if (k) parent.appendChild(k);
    return parent;
  }
  function pretty(v) {
    try { return JSON.stringify(v, null, 2); } catch (_) { return String(v); }
  }
  function clone(v) {
    return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
  }
  function bag(from) {
    const o = Object.create(null);
    if (from && typeof from === "object") for (const k of Object.keys(from)) o[k] = from[k];
    return o;
  }

  // ---------------------------------------------------------------- data
  function example(schema) {
    if (!schema || typeof schema !== "object") return undefined;
    if (own(schema, "__example__")) return clone(schema.__example__);
    if (schema.type === "object" && schema.properties && typeof schema.properties === "object") {
      const o = {};
      for (const k of Object.keys(schema.properties)) {
        const e = example(schema.properties[k]);
        if (e !== undefined) o[k] = e;
      }
      return o;
    }
    return undefined;
  }
  function screenExamples(s) {
    const out = Object.create(null);
    const d = s && s.data && typeof s.data === "object" ? s.data : {};
    for (const k of Object.keys(d)) {
      if (k === "required") continue;
      const e = example(d[k]);
      if (e !== undefined) out[k] = e;
    }
    const given = BOOT.data && own(BOOT.data, s.id) ? BOOT.data[s.id] : null;
    if (given && typeof given === "object") for (const k of Object.keys(given)) out[k] = clone(given[k]);
    return out;
  }

  // ---------------------------------------------------------------- bindings and expressions
  function lookup(path, scope) {
    const parts = path.split(".");
    let base;
    if (parts[0] === "data") { base = scope.data; parts.shift(); }
    else if (parts[0] === "form") { base = scope.form; parts.shift(); }
    else if (parts[0] === "screen" && parts.length >= 3) {
      const st = scope.screens && scope.screens[parts[1]];
      base = st && (parts[2] === "data" || parts[2] === "form") ? st[parts[2]] : undefined;
      parts.splice(0, 3);
    } else return undefined;
    for (const p of parts) {
      if (!own(base, p)) return undefined;
      base = base[p];
    }
    return base;
  }
  function refValue(path, scope) {
    const v = lookup(path, scope);
    if (v === undefined && scope.placeholders) return "\u2039" + path + "\u203a";
    return v;
  }
  function asText(v) {
    if (v === undefined || v === null) return "";
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  }

  function tokenize(src) {
    const out = [];
    let i = 0;
    while (i < src.length) {
      const c = src[i];
      if (/\s/.test(c)) { i++; continue; }
      if (c === "$" && src[i + 1] === "{") {
        const j = src.indexOf("}", i);
        if (j < 0) throw new Error("unclosed ${");
        out.push({ k: "ref", v: src.slice(i + 2, j).trim() });
        i = j + 1; continue;
      }
      if (c === "'") {
        let j = i + 1, s = "";
        while (j < src.length && src[j] !== "'") {
          if (src[j] === "\\" && j + 1 < src.length) { s += src[j + 1]; j += 2; } else s += src[j++];
        }
        if (j >= src.length) throw new Error("missing closing quote");
        out.push({ k: "lit", v: s });
        i = j + 1; continue;
      }
      const num = /^\d+(\.\d+)?/.exec(src.slice(i));
      if (num) { out.push({ k: "lit", v: Number(num[0]) }); i += num[0].length; continue; }
      const word = /^(true|false)\b/.exec(src.slice(i));
      if (word) { out.push({ k: "lit", v: word[0] === "true" }); i += word[0].length; continue; }
      const two = src.slice(i, i + 2);
      if (["==", "!=", "<=", ">=", "&&", "||"].includes(two)) { out.push({ k: "op", v: two }); i += 2; continue; }
      if ("<>+-*/%!()".includes(c)) { out.push({ k: "op", v: c }); i++; continue; }
      throw new Error("unexpected " + JSON.stringify(c));
    }
    return out;
  }
  function parseExpr(src) {
    const t = tokenize(src);
    let i = 0;
    const peek = () => t[i];
    const isOp = (...ops) => t[i] && t[i].k === "op" && ops.includes(t[i].v);
    function binary(next, ops) {
      return function () {
        let left = next();
        while (isOp(...ops)) { const op = t[i++].v; left = { op, a: left, b: next() }; }
        return left;
      };
    }
    function primary() {
      const tok = t[i++];
      if (!tok) throw new Error("missing operand");
      if (tok.k === "ref") return { ref: tok.v };
      if (tok.k === "lit") return { lit: tok.v };
      if (tok.v === "(") {
        const e = concat();
        if (!isOp(")")) throw new Error("missing closing parenthesis");
        i++; return e;
      }
      if (tok.v === "!" || tok.v === "-" || tok.v === "+") return { op: "u" + tok.v, a: primary() };
      throw new Error("unexpected " + tok.v);
    }
    const mul = binary(primary, ["*", "/", "%"]);
    const add = binary(mul, ["+", "-"]);
    const cmp = binary(add, ["<", "<=", ">", ">="]);
    const eq = binary(cmp, ["==", "!="]);
    const and = binary(eq, ["&&"]);
    const or = binary(and, ["||"]);
    function concat() {
      const parts = [or()];
      while (peek() && !isOp(")")) parts.push(or());
      return parts.length === 1 ? parts[0] : { concat: parts };
    }
    const e = concat();
    if (i < t.length) throw new Error("unexpected " + t[i].v);
    return e;
  }
  function same(a, b) {
    if (typeof a === "number" || typeof b === "number") {
      if (a === "" || b === "" || a == null || b == null) return a === b;
      return Number(a) === Number(b);
    }
    return asText(a) === asText(b);
  }
  function evalNode(n, scope) {
    if (own(n, "lit")) return n.lit;
    if (own(n, "ref")) return lookup(n.ref, scope);
    if (n.concat) return n.concat.map((p) => asText(evalNode(p, scope))).join("");
    const a = evalNode(n.a, scope);
    if (n.op === "u!") return !a;
    if (n.op === "u-") return -Number(a);
    if (n.op === "u+") return Number(a);
    if (n.op === "&&") return !!a && !!evalNode(n.b, scope);
    if (n.op === "||") return !!a || !!evalNode(n.b, scope);
    const b = evalNode(n.b, scope);
    switch (n.op) {
      case "==": return same(a, b);
      case "!=": return !same(a, b);
      case "<": return Number(a) < Number(b);
      case "<=": return Number(a) <= Number(b);
      case ">": return Number(a) > Number(b);
      case ">=": return Number(a) >= Number(b);
      case "+": return Number(a) + Number(b);
      case "-": return Number(a) - Number(b);
      case "*": return Number(a) * Number(b);
      case "/": return Number(b) === 0 || b == null ? 0 : Number(a) / Number(b);
      case "%": return Number(b) === 0 || b == null ? 0 : Number(a) % Number(b);
    }
    return undefined;
  }
  const PARSED = new Map();
  function evaluate(src, scope) {
    let tree = PARSED.get(src);
    if (tree === undefined) {
      try { tree = parseExpr(src); } catch (e) { tree = { bad: e.message }; }
      PARSED.set(src, tree);
    }
    if (tree.bad) { problem("expression " + src + ": " + tree.bad); return undefined; }
    return evalNode(tree, scope);
  }
  const SINGLE = /^\$\{([^{}]+)\}$/;
  const REFS = /\$\{([^{}]+)\}/g;
  function resolve(v, scope) {
    if (typeof v === "string") {
      const t = v.trim();
      if (t.length >= 2 && t[0] === "`" && t[t.length - 1] === "`") return evaluate(t.slice(1, -1), scope);
      const m = SINGLE.exec(t);
      if (m) return refValue(m[1].trim(), scope);
      if (v.indexOf("${") >= 0) return v.replace(REFS, (_, p) => asText(refValue(p.trim(), scope)));
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => resolve(x, scope));
    if (v && typeof v === "object") {
      const o = {};
      for (const k of Object.keys(v)) {
        const r = resolve(v[k], scope);
        if (r !== undefined) o[k] = r;
      }
      return o;
    }
    return v;
  }
  function condition(c, scope) {
    if (typeof c === "boolean") return c;
    if (typeof c !== "string") return false;
    const t = c.trim();
    const inner = t[0] === "`" && t[t.length - 1] === "`" ? t.slice(1, -1) : t;
    return !!evaluate(inner, scope);
  }
  function text(v, scope) {
    const r = resolve(v, scope);
    return Array.isArray(r) ? r.map(asText).join("\n") : asText(r);
  }

  // ---------------------------------------------------------------- problems and log
  const problems = [];
  function problem(msg) {
    if (problems.includes(msg)) return;
    problems.push(msg);
    const list = document.getElementById("problems");
    if (list) list.appendChild(h("li", "diag", msg));
  }

  // ---------------------------------------------------------------- markdown (RichText, TextBody markdown)
  function inline(parent, s) {
    const re = /(\*\*[^*]+\*\*|\*[^*]+\*|_[^_]+_|~~[^~]+~~|!?\[[^\]]*\]\([^)]*\))/g;
    let last = 0, m;
    while ((m = re.exec(s))) {
      if (m.index > last) parent.appendChild(document.createTextNode(s.slice(last, m.index)));
      const tok = m[0];
      if (tok.startsWith("**")) parent.appendChild(h("b", null, tok.slice(2, -2)));
      else if (tok.startsWith("~~")) parent.appendChild(h("s", null, tok.slice(2, -2)));
      else if (tok.startsWith("*") || tok.startsWith("_")) parent.appendChild(h("i", null, tok.slice(1, -1)));
      else {
        const lm = /^(!?)\[([^\]]*)\]\(([^)]*)\)$/.exec(tok);
        if (lm && lm[1] === "!") parent.appendChild(image(lm[3], lm[2], "wa-img"));
        else { const a = h("span", "link", lm ? lm[2] : tok); if (lm) a.title = lm[3]; parent.appendChild(a); }
      }
      last = m.index + tok.length;
    }
    if (last < s.length) parent.appendChild(document.createTextNode(s.slice(last)));
    return parent;
  }
  function markdown(src) {
    const box = h("div", "wa-rich");
    let list = null, table = null;
    for (const raw of src.split("\n")) {
      const line = raw.trimEnd();
      let m;
      if (/^\s*\|.*\|\s*$/.test(line)) {
        if (/^\s*\|[\s:|-]+\|\s*$/.test(line)) continue;
        if (!table) { table = h("table"); box.appendChild(table); }
        const tr = h("tr");
        for (const cell of line.trim().slice(1, -1).split("|")) tr.appendChild(inline(h("td"), cell.trim()));
        table.appendChild(tr);
        list = null; continue;
      }
      table = null;
      if ((m = /^(#{1,2})\s+(.*)$/.exec(line))) { list = null; box.appendChild(inline(h(m[1].length === 1 ? "h2" : "h3"), m[2])); continue; }
      if ((m = /^\s*[-*+]\s+(.*)$/.exec(line)) || (m = /^\s*\d+\.\s+(.*)$/.exec(line))) {
        const ordered = /^\s*\d+\./.test(line);
        if (!list || list.tagName !== (ordered ? "OL" : "UL")) { list = h(ordered ? "ol" : "ul"); box.appendChild(list); }
        list.appendChild(inline(h("li"), m[1])); continue;
      }
      list = null;
      if (line.trim() === "") continue;
      box.appendChild(inline(h("p"), line));
    }
    return box;
  }

  // ---------------------------------------------------------------- images
  function mimeOf(b64) {
    if (b64.startsWith("/9j/")) return "image/jpeg";
    if (b64.startsWith("R0lGOD")) return "image/gif";
    if (b64.startsWith("UklGR")) return "image/webp";
    return "image/png";
  }
  // Only well-formed Base64 whose first bytes are a PNG, JPEG, GIF or WebP signature becomes an
  // <img> (a data: URL, which the page's policy allows); anything else is a labelled placeholder.
  function decodable(b64) {
    if (b64.length < 16 || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return false;
    let head;
    try { head = atob(b64.slice(0, 16)); } catch (_) { return false; }
    return head.startsWith("\x89PNG") || head.startsWith("\xff\xd8\xff") || head.startsWith("GIF8") ||
      (head.startsWith("RIFF") && b64.length > 20 && atob(b64.slice(0, 20)).slice(8, 12) === "WEBP");
  }
  function image(src, alt, cls) {
    let s = typeof src === "string" ? src.replace(/\s+/g, "") : "";
    const prefixed = /^data:image\/(png|jpeg|gif|webp);base64,/.exec(s);
    if (prefixed) s = s.slice(prefixed[0].length);
    if (decodable(s)) {
      const img = h("img", cls);
      img.alt = asText(alt);
      img.src = "data:" + mimeOf(s) + ";base64," + s;
      return img;
    }
    return h("div", "img-missing", alt ? "Image: " + asText(alt) : "Image");
  }

  // ---------------------------------------------------------------- validation
  const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  function anchored(p) {
    try { return new RegExp(p.startsWith("^") ? p : "^(?:" + p + ")$"); } catch (_) { return null; }
  }
  function textProblem(c, v, scope) {
    const min = Number(resolve(c["min-chars"], scope)), max = Number(resolve(c["max-chars"], scope));
    const type = c["input-type"] || "text";
    if (type === "email" && !EMAIL.test(v)) return "Enter a valid email address";
    if (type === "number" && !/^-?\d+(\.\d+)?$/.test(v)) return "Enter a number";
    if (type === "phone" && !/^\+?[0-9][0-9 ()-]{3,}$/.test(v)) return "Enter a valid phone number";
    if (type === "passcode" && !/^\d+$/.test(v)) return "Enter digits only";
    if (min > 0 && v.length < min) return "Enter at least " + min + " characters";
    if (max > 0 && v.length > max) return "Enter at most " + max + " characters";
    const pattern = resolve(c.pattern, scope);
    if (typeof pattern === "string" && pattern) {
      const re = anchored(pattern);
      if (re && !re.test(v)) return "The format is not valid";
    }
    return null;
  }

  // ---------------------------------------------------------------- components
  // ctx: {live, scope, form, inputs[], footer, screenId, errors, rerender(), act(action, kind)}
  function required(c, ctx) { return resolve(c.required, ctx.scope) === true; }
  function enabled(c, ctx) { return resolve(c.enabled, ctx.scope) !== false; }
  function fieldBox(c, ctx, label) {
    const box = h("div", "field");
    if (label !== undefined) {
      const l = h("div", "wa-label" + (c["label-variant"] === "large" ? " large" : ""), text(label, ctx.scope));
      box.appendChild(l);
    }
    return box;
  }
  function check(ctx, c, ok, message, box) {
    ctx.inputs.push({ name: c.name, ok });
    const fromForm = ctx.errors && c.name && own(ctx.errors, c.name) ? asText(ctx.errors[c.name]) : "";
    const msg = message || fromForm;
    if (msg) { box.classList.add("invalid"); box.appendChild(h("p", "err", msg)); }
    else if (c["helper-text"] !== undefined) box.appendChild(h("p", "helper", text(c["helper-text"], ctx.scope)));
  }
  function keyed(e, ctx, c, suffix) {
    e.dataset.name = asText(c.name);
    e.dataset.key = ctx.screenId + "/" + asText(c.name) + (suffix || "");
    if (!ctx.live) e.tabIndex = -1;
    return e;
  }
  function changed(ctx, c, value, selected) {
    ctx.form[c.name] = value;
    if (ctx.live) {
      const action = selected === false && c["on-unselect-action"] ? c["on-unselect-action"] : c["on-select-action"];
      if (action) ctx.act(action, "select");
      ctx.rerender();
    }
  }
  function items(c, key, ctx) {
    const v = resolve(c[key], ctx.scope);
    return Array.isArray(v) ? v.filter((x) => x && typeof x === "object") : [];
  }

  const RENDER = {
    TextHeading: (c, ctx) => h("h2", "wa-h", text(c.text, ctx.scope)),
    TextSubheading: (c, ctx) => h("h3", "wa-sh", text(c.text, ctx.scope)),
    TextBody: (c, ctx) => {
      if (c.markdown === true) return markdown(text(c.text, ctx.scope));
      const w = c["font-weight"];
      const cls = "wa-body" + (w === "bold" ? " bold" : w === "italic" ? " italic" : w === "bold_italic" ? " bold italic" : "") +
        (c.strikethrough === true ? " strike" : "");
      return h("p", cls, text(c.text, ctx.scope));
    },
    TextCaption: (c, ctx) => {
      if (c.markdown === true) return markdown(text(c.text, ctx.scope));
      const w = c["font-weight"];
      return h("p", "wa-caption" + (w === "bold" ? " bold" : w === "italic" ? " italic" : "") + (c.strikethrough === true ? " strike" : ""), text(c.text, ctx.scope));
    },
    RichText: (c, ctx) => markdown(text(c.text, ctx.scope)),
    TextInput: (c, ctx) => textField(c, ctx, "input"),
    TextArea: (c, ctx) => textField(c, ctx, "textarea"),
    RadioButtonsGroup: (c, ctx) => choiceGroup(c, ctx, "radio"),
    CheckboxGroup: (c, ctx) => choiceGroup(c, ctx, "checkbox"),
    Dropdown: (c, ctx) => {
      const box = fieldBox(c, ctx, c.label);
      const sel = keyed(h("select", "wa-input"), ctx, c);
      const none = h("option", null, "Select an option");
      none.value = "";
      sel.appendChild(none);
      const value = ctx.form[c.name];
      for (const it of items(c, "data-source", ctx)) {
        const o = h("option", null, asText(it.title) + (it.description ? " \u2014 " + asText(it.description) : ""));
        o.value = asText(it.id);
        o.disabled = it.enabled === false;
        if (asText(value) === o.value && value !== undefined) o.selected = true;
        sel.appendChild(o);
      }
      sel.disabled = !enabled(c, ctx);
      sel.addEventListener("change", () => changed(ctx, c, sel.value === "" ? undefined : sel.value));
      box.appendChild(sel);
      check(ctx, c, !required(c, ctx) || (value !== undefined && value !== ""), null, box);
      return box;
    },
    ChipsSelector: (c, ctx) => {
      const box = fieldBox(c, ctx, c.label);
      if (c.description !== undefined) box.appendChild(h("p", "wa-desc", text(c.description, ctx.scope)));
      const chosen = Array.isArray(ctx.form[c.name]) ? ctx.form[c.name] : [];
      const max = Number(resolve(c["max-selected-items"], ctx.scope)) || 0;
      const min = Number(resolve(c["min-selected-items"], ctx.scope)) || 0;
      const row = h("div", "chips");
      for (const it of items(c, "data-source", ctx)) {
        const id = asText(it.id);
        const on = chosen.includes(id);
        const b = keyed(h("button", "chip" + (on ? " on" : ""), it.title), ctx, c, "=" + id);
        b.type = "button";
        b.dataset.value = id;
        b.disabled = it.enabled === false || !enabled(c, ctx);
        b.setAttribute("aria-pressed", on ? "true" : "false");
        b.addEventListener("click", () => {
          const next = on ? chosen.filter((x) => x !== id) : chosen.concat([id]);
          if (!on && max && next.length > max) return;
          changed(ctx, c, next, !on);
        });
        row.appendChild(b);
      }
      box.appendChild(row);
      const n = chosen.length;
      const msg = n > 0 && min && n < min ? "Select at least " + min : null;
      check(ctx, c, (!required(c, ctx) || n > 0) && (!min || n === 0 && !required(c, ctx) || n >= min) && (!max || n <= max), msg, box);
      return box;
    },
    DatePicker: (c, ctx) => {
      const box = fieldBox(c, ctx, c.label);
      const input = keyed(h("input", "wa-input"), ctx, c);
      input.type = "date";
      input.value = asText(ctx.form[c.name]);
      const min = dateOf(resolve(c["min-date"], ctx.scope)), max = dateOf(resolve(c["max-date"], ctx.scope));
      if (min) input.min = min;
      if (max) input.max = max;
      input.disabled = !enabled(c, ctx);
      input.addEventListener("change", () => changed(ctx, c, input.value || undefined));
      box.appendChild(input);
      const v = asText(ctx.form[c.name]);
      const off = resolve(c["unavailable-dates"], ctx.scope);
      let msg = null;
      if (v && ((min && v < min) || (max && v > max))) msg = "Pick a date in the allowed range";
      if (v && Array.isArray(off) && off.map(dateOf).includes(v)) msg = "This date is not available";
      check(ctx, c, !msg && (!required(c, ctx) || v !== ""), msg, box);
      return box;
    },
    CalendarPicker: (c, ctx) => {
      const range = c.mode === "range";
      const box = fieldBox(c, ctx, c.title !== undefined ? c.title : undefined);
      if (c.description !== undefined) box.appendChild(h("p", "wa-desc", text(c.description, ctx.scope)));
      const value = ctx.form[c.name];
      const label = resolve(c.label, ctx.scope);
      const parts = range ? ["start-date", "end-date"] : [null];
      let complete = true;
      for (const part of parts) {
        const lab = part ? (label && typeof label === "object" ? label[part] : part === "start-date" ? "Start date" : "End date") : label;
        if (lab !== undefined) box.appendChild(h("div", "wa-label", asText(lab)));
        const input = keyed(h("input", "wa-input"), ctx, c, part ? "." + part : "");
        input.type = "date";
        const cur = part ? (value && typeof value === "object" ? value[part] : undefined) : value;
        input.value = asText(cur);
        if (!cur) complete = false;
        input.addEventListener("change", () => {
          if (!part) return changed(ctx, c, input.value || undefined);
          const next = Object.assign({}, value && typeof value === "object" ? value : {});
          next[part] = input.value;
          changed(ctx, c, next);
        });
        box.appendChild(input);
      }
      check(ctx, c, !required(c, ctx) || complete, null, box);
      return box;
    },
    OptIn: (c, ctx) => {
      const box = h("div", "field");
      const row = h("label", "optin");
      const input = keyed(h("input"), ctx, c);
      input.type = "checkbox";
      input.checked = ctx.form[c.name] === true;
      input.addEventListener("change", () => changed(ctx, c, input.checked, input.checked));
      const words = h("span", null, text(c.label, ctx.scope));
      put(row, input, words);
      box.appendChild(row);
      if (c["on-click-action"]) {
        const more = h("button", "wa-link", "Read more");
        more.type = "button";
        more.addEventListener("click", (e) => { e.preventDefault(); if (ctx.live) ctx.act(c["on-click-action"], "click"); });
        box.appendChild(more);
      }
      check(ctx, c, !required(c, ctx) || input.checked, null, box);
      return box;
    },
    EmbeddedLink: (c, ctx) => {
      const b = h("button", "wa-link", text(c.text, ctx.scope));
      b.type = "button";
      b.addEventListener("click", () => { if (ctx.live) ctx.act(c["on-click-action"], "click"); });
      return b;
    },
    Image: (c, ctx) => {
      const img = image(resolve(c.src, ctx.scope), resolve(c["alt-text"], ctx.scope), "wa-img " + (c["scale-type"] === "cover" ? "cover" : "contain"));
      const w = Number(resolve(c.width, ctx.scope)), hh = Number(resolve(c.height, ctx.scope));
      if (img.tagName === "IMG") {
        if (w > 0) img.width = Math.min(w, 330);
        if (hh > 0) img.height = w > 330 ? Math.round(hh * 330 / w) : hh;
        if (!(w > 0) && hh > 0) img.style.height = hh + "px";
      }
      return img;
    },
    ImageCarousel: (c, ctx) => {
      const row = h("div", "carousel" + (c["aspect-ratio"] === "16:9" ? " wide" : ""));
      const imgs = resolve(c.images, ctx.scope);
      for (const it of Array.isArray(imgs) ? imgs : []) if (it && typeof it === "object") row.appendChild(image(it.src, it["alt-text"], ""));
      return row;
    },
    NavigationList: (c, ctx) => {
      const box = h("div", "field");
      if (c.label !== undefined) box.appendChild(h("div", "wa-label", text(c.label, ctx.scope)));
      if (c.description !== undefined) box.appendChild(h("p", "wa-desc", text(c.description, ctx.scope)));
      const list = h("div", "navlist" + (c["media-size"] === "large" ? " large" : ""));
      for (const it of items(c, "list-items", ctx)) {
        const b = h("button", "navitem");
        b.type = "button";
        b.dataset.name = asText(c.name);
        b.dataset.value = asText(it.id);
        if (!ctx.live) b.tabIndex = -1;
        if (it.start && it.start.image) b.appendChild(image(it.start.image, it.start["alt-text"], "thumb"));
        const mc = it["main-content"] || {};
        const txt = h("span", "txt");
        put(txt, h("span", "t", mc.title), mc.description ? h("span", "d", mc.description) : null, mc.metadata ? h("span", "m", mc.metadata) : null);
        if (Array.isArray(it.tags) && it.tags.length) { const tg = h("span", "tags"); for (const t of it.tags) tg.appendChild(h("span", null, t)); txt.appendChild(tg); }
        b.appendChild(txt);
        if (it.badge) b.appendChild(h("span", "bdg", it.badge));
        if (it.end && typeof it.end === "object") {
          const end = h("span", "end");
          put(end, it.end.title ? h("span", null, it.end.title) : null, it.end.description ? h("span", null, it.end.description) : null, it.end.metadata ? h("span", null, it.end.metadata) : null);
          b.appendChild(end);
        }
        b.appendChild(h("span", "chev", "\u203a"));
        b.disabled = it.enabled === false;
        b.addEventListener("click", () => { if (ctx.live) ctx.act(it["on-click-action"] || c["on-click-action"], "click"); });
        list.appendChild(b);
      }
      box.appendChild(list);
      return box;
    },
    PhotoPicker: (c, ctx) => picker(c, ctx, "photo"),
    DocumentPicker: (c, ctx) => picker(c, ctx, "document"),
    Footer: (c, ctx) => {
      if (ctx.live || ctx.depth === 0) { ctx.footer = c; return null; }
      return footer(c, ctx, false);
    },
  };

  function dateOf(v) {
    if (v === undefined || v === null || v === "") return "";
    const s = asText(v);
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
    if (/^\d{9,}$/.test(s)) return new Date(Number(s)).toISOString().slice(0, 10);
    return "";
  }

  function textField(c, ctx, tag) {
    const box = fieldBox(c, ctx, c.label);
    const input = keyed(h(tag, "wa-input"), ctx, c);
    const type = c["input-type"] || "text";
    if (tag === "input") {
      input.type = type === "password" || type === "passcode" ? "password" : type === "email" ? "email" : type === "phone" ? "tel" : "text";
      if (type === "number" || type === "passcode") input.inputMode = "numeric";
    }
    const max = Number(resolve(tag === "input" ? c["max-chars"] : c["max-length"], ctx.scope));
    if (max > 0) input.maxLength = max;
    const value = asText(ctx.form[c.name]);
    input.value = value;
    input.disabled = !enabled(c, ctx);
    input.addEventListener("input", () => { ctx.form[c.name] = input.value === "" ? undefined : input.value; if (ctx.live) ctx.rerender(); });
    box.appendChild(input);
    let msg = null;
    if (value !== "") msg = tag === "input" ? textProblem(c, value, ctx.scope) : (max > 0 && value.length > max ? "Too long" : null);
    check(ctx, c, !msg && (!required(c, ctx) || value !== ""), msg, box);
    return box;
  }

  function choiceGroup(c, ctx, kind) {
    const box = fieldBox(c, ctx, c.label);
    if (c.description !== undefined) box.appendChild(h("p", "wa-desc", text(c.description, ctx.scope)));
    const list = h("div", "choices" + (c["media-size"] === "large" ? " large" : ""));
    const value = ctx.form[c.name];
    const chosen = kind === "checkbox" ? (Array.isArray(value) ? value : []) : value;
    const max = Number(resolve(c["max-selected-items"], ctx.scope)) || 0;
    const min = Number(resolve(c["min-selected-items"], ctx.scope)) || 0;
    for (const it of items(c, "data-source", ctx)) {
      const id = asText(it.id);
      const row = h("label", "choice" + (it.enabled === false ? " disabled" : ""));
      if (it.image) row.appendChild(image(it.image, it["alt-text"], "thumb"));
      const txt = h("span", "txt");
      put(txt, h("span", "t", it.title), it.description ? h("span", "d", it.description) : null, it.metadata ? h("span", "m", it.metadata) : null);
      row.appendChild(txt);
      const input = keyed(h("input"), ctx, c, "=" + id);
      input.type = kind;
      input.name = ctx.screenId + "/" + asText(c.name) + (ctx.live ? "" : "/overview");
      input.value = id;
      input.checked = kind === "checkbox" ? chosen.includes(id) : asText(chosen) === id && chosen !== undefined;
      input.disabled = it.enabled === false || !enabled(c, ctx);
      input.addEventListener("change", () => {
        const itemAction = input.checked ? it["on-select-action"] : it["on-unselect-action"] || it["on-select-action"];
        if (kind === "radio") changed(ctx, c, id, true);
        else {
          const next = input.checked ? chosen.concat([id]) : chosen.filter((x) => x !== id);
          if (input.checked && max && next.length > max) { input.checked = false; return; }
          changed(ctx, c, next, input.checked);
        }
        if (itemAction && ctx.live) ctx.act(itemAction, "select");
      });
      row.appendChild(input);
      list.appendChild(row);
    }
    box.appendChild(list);
    let ok, msg = null;
    if (kind === "checkbox") {
      const n = chosen.length;
      ok = (!required(c, ctx) || n > 0) && (!min || n >= min || (n === 0 && !required(c, ctx))) && (!max || n <= max);
      if (n > 0 && min && n < min) msg = "Select at least " + min;
    } else ok = !required(c, ctx) || (chosen !== undefined && chosen !== "");
    check(ctx, c, ok, msg, box);
    return box;
  }

  function picker(c, ctx, kind) {
    const box = fieldBox(c, ctx, c.label);
    if (c.description !== undefined) box.appendChild(h("p", "wa-desc", text(c.description, ctx.scope)));
    const files = Array.isArray(ctx.form[c.name]) ? ctx.form[c.name] : [];
    const min = Number(resolve(c[kind === "photo" ? "min-uploaded-photos" : "min-uploaded-documents"], ctx.scope)) || 0;
    const max = Number(resolve(c[kind === "photo" ? "max-uploaded-photos" : "max-uploaded-documents"], ctx.scope)) || 30;
    const tile = h("div", "picker");
    tile.appendChild(h("span", null, kind === "photo" ? "\uD83D\uDCF7 Take photo or choose from gallery" : "\uD83D\uDCC4 Choose a document"));
    tile.appendChild(h("span", null, files.length ? files.map((f) => f.file_name).join(", ") : "(the preview attaches sample files only)"));
    const add = keyed(h("button", null, "Add a sample " + kind), ctx, c);
    add.type = "button";
    add.disabled = files.length >= max;
    add.addEventListener("click", () => {
      if (!ctx.live) return;
      const n = files.length + 1;
      changed(ctx, c, files.concat([{ file_name: kind === "photo" ? "photo-" + n + ".jpg" : "document-" + n + ".pdf", mime_type: kind === "photo" ? "image/jpeg" : "application/pdf" }]));
    });
    tile.appendChild(add);
    box.appendChild(tile);
    check(ctx, c, files.length >= min && files.length <= max, null, box);
    return box;
  }

  function footer(c, ctx, pinned) {
    const f = h("div", "wa-footer" + (pinned ? "" : " inline"));
    const caps = ["left-caption", "center-caption", "right-caption"];
    if (caps.some((k) => c[k] !== undefined)) {
      const row = h("div", "captions");
      put(row, h("span", "l", text(c["left-caption"], ctx.scope)), h("span", "c", text(c["center-caption"], ctx.scope)), h("span", "r", text(c["right-caption"], ctx.scope)));
      f.appendChild(row);
    }
    const b = h("button", "wa-btn", text(c.label, ctx.scope));
    b.type = "button";
    if (!ctx.live) b.tabIndex = -1;
    if (ctx.live) {
      b.disabled = !enabled(c, ctx) || ctx.inputs.some((i) => !i.ok);
      b.addEventListener("click", () => ctx.act(c["on-click-action"], "click"));
    }
    f.appendChild(b);
    const managed = h("p", "managed", "Managed by the business. ");
    managed.appendChild(h("span", null, "Learn more"));
    f.appendChild(managed);
    return f;
  }

  function renderList(list, ctx, parent) {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      if (!c || typeof c !== "object") continue;
      let into = parent;
      if (own(c, "visible") && c.visible !== true) {
        const vis = resolve(c.visible, ctx.scope);
        if (ctx.live && vis !== true && vis !== "true") continue;
        if (!ctx.live) {
          into = h("div", "maybe");
          into.appendChild(h("span", "cond", "visible: " + asText(c.visible)));
          parent.appendChild(into);
        }
      }
      const type = asText(c.type);
      if (type === "Form") {
        if (c["error-messages"] !== undefined) {
          const em = resolve(c["error-messages"], ctx.scope);
          if (em && typeof em === "object") ctx.errors = em;
        }
        renderList(c.children, ctx, into);
      } else if (type === "If") branches(c, ctx, into);
      else if (type === "Switch") branches(c, ctx, into);
      else if (RENDER[type]) {
        const e = RENDER[type](c, ctx);
        if (e) into.appendChild(e);
      } else into.appendChild(h("div", "wa-unsupported", "Not drawn by the preview: " + (type || "component without type")));
    }
  }

  function branches(c, ctx, parent) {
    const isIf = c.type === "If";
    if (ctx.live) {
      if (isIf) renderList(condition(c.condition, ctx.scope) ? c.then : c.else, ctx, parent);
      else {
        const key = asText(resolve(c.value, ctx.scope));
        const cases = c.cases && typeof c.cases === "object" ? c.cases : {};
        if (own(cases, key)) renderList(cases[key], ctx, parent);
      }
      return;
    }
    const row = h("div", "branches");
    const arms = isIf
      ? [["if " + asText(c.condition), c.then], ["else", Array.isArray(c.else) ? c.else : []]]
      : Object.keys(c.cases && typeof c.cases === "object" ? c.cases : {}).map((k) => [asText(c.value) + " == '" + k + "'", c.cases[k]]);
    for (const [label, list] of arms) {
      const col = h("div", "branch");
      col.appendChild(h("span", "cond", label));
      const sub = Object.assign({}, ctx, { depth: ctx.depth + 1 });
      renderList(list, sub, col);
      if (!Array.isArray(list) || list.length === 0) col.appendChild(h("p", "wa-caption", "(nothing shown)"));
      row.appendChild(col);
    }
    parent.appendChild(row);
  }

  // ---------------------------------------------------------------- a screen as a phone
  function business() {
    return "Business";
  }
  function phone(screen, ctx, opts) {
    const ph = h("div", "phone" + (ctx.live ? " live" : ""));
    const display = h("div", "display");
    const chat = h("div", "chat");
    put(chat, h("span", "avatar", "B"), h("span", null, business()));
    const sheet = h("div", "sheet");
    const bar = h("div", "bar");
    const nav = h("button", "nav", opts.back ? "\u2039" : "\u00d7");
    nav.type = "button";
    nav.title = opts.back ? "Back" : "Close";
    nav.className = opts.back ? "back" : "close";
    if (opts.onNav) nav.addEventListener("click", opts.onNav);
    if (!ctx.live) nav.tabIndex = -1;
    put(bar, nav, h("div", "title", text(screen.title, ctx.scope)), h("span", "menu", "\u22ee"));
    sheet.appendChild(bar);
    if (opts.banner) sheet.appendChild(h("div", "banner", opts.banner));
    const body = h("div", "body");
    if (opts.before) body.appendChild(opts.before);
    const layout = screen.layout && typeof screen.layout === "object" ? screen.layout : {};
    renderList(layout.children, ctx, body);
    sheet.appendChild(body);
    if (ctx.footer) sheet.appendChild(footer(ctx.footer, ctx, true));
    if (opts.overlay) sheet.appendChild(opts.overlay);
    put(display, chat, sheet);
    ph.appendChild(display);
    return ph;
  }
  function newCtx(live, scope, screenId, extra) {
    return Object.assign({ live, scope, form: scope.form, inputs: [], footer: null, screenId, errors: null, depth: 0, rerender() {}, act() {} }, extra || {});
  }

  // ---------------------------------------------------------------- overview
  function drawOverview() {
    const root = document.getElementById("overview");
    const byScreen = new Map();
    const flowNotes = [];
    for (const d of BOOT.diagnostics || []) {
      if (d.screen === null || d.screen === undefined) flowNotes.push(d);
      else { if (!byScreen.has(d.screen)) byScreen.set(d.screen, []); byScreen.get(d.screen).push(d); }
    }
    const notes = document.getElementById("flow-notes");
    if (flowNotes.length) { notes.appendChild(h("h3", null, "Findings about the whole Flow")); notes.appendChild(diagList(flowNotes)); }
    const all = Array.isArray(FLOW.screens) ? FLOW.screens : [];
    all.forEach((screen, index) => {
      if (!screen || typeof screen !== "object") return;
      const id = asText(screen.id);
      const card = h("article", "card");
      card.id = "screen-" + index;
      card.dataset.screen = id;
      const head = h("div", "card-head");
      head.appendChild(h("span", "sid", id));
      if (index === 0) head.appendChild(h("span", "badge", "entry"));
      if (screen.terminal === true) head.appendChild(h("span", "badge terminal", "terminal"));
      if (screen.refresh_on_back === true) head.appendChild(h("span", "badge", "refresh_on_back"));
      if (Array.isArray(screen.sensitive) && screen.sensitive.length) head.appendChild(h("span", "badge warn", "sensitive: " + screen.sensitive.join(", ")));
      const next = ROUTES[id];
      if (Array.isArray(next) && next.length) head.appendChild(h("span", "badge", "\u2192 " + next.join(", ")));
      card.appendChild(head);
      const entry = { data: screenExamples(screen), form: Object.create(null) };
      const scope = { data: entry.data, form: entry.form, screens: overviewScreens, placeholders: true };
      try { initForm(screen, entry, scope); } catch (_) { /* drawn without initial values */ }
      const ctx = newCtx(false, scope, id);
      let ph;
      try { ph = phone(screen, ctx, { back: index > 0 }); } catch (e) { ph = h("div", "diag error", "This screen could not be drawn: " + e.message); }
      ph.inert = true;
      card.appendChild(ph);
      const ds = byScreen.get(index);
      if (ds) card.appendChild(diagList(ds));
      root.appendChild(card);
      if (ds && ds.some((d) => d.severity === "error")) {
        const node = graphNode(id);
        if (node) node.classList.add("has-errors");
      }
    });
  }
  const overviewScreens = Object.create(null);
  for (const s of SCREENS) overviewScreens[s.id] = { data: screenExamples(s), form: Object.create(null) };

  function diagList(list) {
    const ul = h("ul", "diags");
    for (const d of list) {
      const li = h("li", "diag " + d.severity);
      put(li, h("span", "rule", d.rule + " "), h("span", null, d.message),
        h("span", "where", (d.line ? "line " + d.line + ":" + d.column + " \u00b7 " : "") + (d.pointer || "/")),
        d.help ? h("span", "help", d.help) : null);
      ul.appendChild(li);
    }
    return ul;
  }
  function graphNode(id) {
    for (const g of document.querySelectorAll("svg.routes g.node")) if (g.dataset.screen === id) return g;
    return null;
  }
  function wireGraph() {
    for (const g of document.querySelectorAll("svg.routes g.node")) {
      const go = () => {
        const card = Array.from(document.querySelectorAll("#overview .card")).find((c) => c.dataset.screen === g.dataset.screen);
        if (!card) return;
        card.scrollIntoView({ behavior: "smooth", block: "start" });
        card.classList.add("flash");
        setTimeout(() => card.classList.remove("flash"), 1600);
      };
      g.addEventListener("click", go);
      g.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") go(); });
    }
  }

  // ---------------------------------------------------------------- player
  const P = { stack: [], screens: Object.create(null), log: [], done: null, busy: false, token: "flowgen-preview" };
  let playerPhone, logList, stateBox, doneBox;

  function current() { return P.stack[P.stack.length - 1]; }
  function enter(id, data, how) {
    const screen = BY_ID.get(id);
    if (!screen) { record("error", "no screen " + id, null, true); return; }
    const entry = { id, data: bag(data), form: Object.create(null), banner: null, notice: null };
    const scope = { data: entry.data, form: entry.form, screens: P.screens };
    initForm(screen, entry, scope);
    P.screens[id] = { data: entry.data, form: entry.form };
    if (how === "replace") P.stack = [entry]; else P.stack.push(entry);
    if (entry.data.error_message) entry.banner = asText(entry.data.error_message);
    draw();
  }
  function initForm(screen, entry, scope) {
    const walk = (list) => {
      if (!Array.isArray(list)) return;
      for (const c of list) {
        if (!c || typeof c !== "object") continue;
        if (c.type === "Form") {
          const iv = resolve(c["init-values"], scope);
          if (iv && typeof iv === "object") for (const k of Object.keys(iv)) if (iv[k] !== undefined && iv[k] !== "") entry.form[k] = iv[k];
          walk(c.children);
        } else if (c.type === "If") { walk(c.then); walk(c.else); }
        else if (c.type === "Switch" && c.cases && typeof c.cases === "object") for (const k of Object.keys(c.cases)) walk(c.cases[k]);
        else if (typeof c.name === "string" && c["init-value"] !== undefined && entry.form[c.name] === undefined) {
          const v = resolve(c["init-value"], scope);
          if (v !== undefined && v !== "") entry.form[c.name] = v;
        }
      }
    };
    walk(screen.layout && screen.layout.children);
  }

  function draw() {
    const cur = current();
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
    const selStart = focused && document.activeElement.selectionStart;
    let ph;
    if (P.done) {
      ph = h("div", "phone live");
      const display = h("div", "display");
      const sheet = h("div", "sheet");
      const done = h("div", "done");
      put(done, h("div", "tick", "\u2713"), h("h2", "wa-h", "Flow completed"), h("p", "wa-caption", "WhatsApp closes the Flow and sends the response below to the business."));
      sheet.appendChild(done);
      display.appendChild(sheet);
      ph.appendChild(display);
    } else if (!cur) {
      ph = h("div", "phone live");
      const display = h("div", "display");
      const sheet = h("div", "sheet");
      sheet.appendChild(h("div", "done", P.busy ? "Asking the endpoint for the first screen\u2026" : "The Flow is closed."));
      display.appendChild(sheet);
      ph.appendChild(display);
    } else {
      const screen = BY_ID.get(cur.id);
      const scope = { data: cur.data, form: cur.form, screens: P.screens };
      const ctx = newCtx(true, scope, cur.id, { rerender: draw, act: (a, kind) => act(a, kind) });
      const before = cur.notice ? h("div", "notice", cur.notice) : null;
      const overlay = P.busy ? h("div", "overlay", "Waiting for the endpoint\u2026") : null;
      ph = phone(screen, ctx, { back: P.stack.length > 1, onNav: back, banner: cur.banner, before, overlay });
    }
    ph.id = "live-phone";
    playerPhone.replaceWith(ph);
    playerPhone = ph;
    if (focused) {
      const again = Array.from(ph.querySelectorAll("[data-key]")).find((e) => e.dataset.key === focused);
      if (again) {
        again.focus();
        if (typeof selStart === "number" && again.setSelectionRange && again.type !== "date") {
          try { again.setSelectionRange(selStart, selStart); } catch (_) { /* not a text field */ }
        }
      }
    }
    drawState();
  }
  function drawState() {
    stateBox.textContent = "";
    const cur = current();
    if (!cur) return;
    const d = h("details");
    d.appendChild(h("summary", null, "Screen " + cur.id + ": data and form values"));
    d.appendChild(h("pre", "json", pretty({ data: cur.data, form: cur.form, history: P.stack.map((e) => e.id) })));
    stateBox.appendChild(d);
  }

  function record(kind, headline, details, bad, flags) {
    const li = h("li", bad ? "bad" : "");
    li.dataset.kind = kind;
    li.appendChild(h("span", "head", headline));
    for (const f of flags || []) li.appendChild(h("span", "flag", "\u26a0 " + f));
    for (const [label, value] of details || []) {
      const d = h("details");
      d.open = kind !== "data_exchange" || label !== "request";
      d.appendChild(h("summary", null, label));
      d.appendChild(h("pre", "json", typeof value === "string" ? value : pretty(value)));
      li.appendChild(d);
    }
    logList.appendChild(li);
    li.scrollIntoView({ block: "nearest" });
  }

  function payloadOf(action, scope) {
    const p = resolve(action.payload || {}, scope);
    return p && typeof p === "object" && !Array.isArray(p) ? p : {};
  }
  function act(action, kind) {
    const cur = current();
    if (!cur || P.busy || !action || typeof action !== "object") return;
    const scope = { data: cur.data, form: cur.form, screens: P.screens };
    cur.notice = null;
    const name = action.name;
    if (name === "navigate") {
      const to = action.next && action.next.name;
      const payload = payloadOf(action, scope);
      record("navigate", "navigate " + cur.id + " \u2192 " + to, [["payload", payload]], !BY_ID.has(to));
      if (!BY_ID.has(to)) return;
      const data = screenExamples(BY_ID.get(to));
      Object.assign(data, payload);
      cur.banner = null;
      enter(to, data);
    } else if (name === "complete") {
      finish(Object.assign(payloadOf(action, scope), { flow_token: P.token }), "complete");
    } else if (name === "update_data") {
      const payload = payloadOf(action, scope);
      Object.assign(cur.data, payload);
      record("update_data", "update_data on " + cur.id, [["payload", payload]]);
      draw();
    } else if (name === "open_url") {
      const url = asText(resolve(action.url, scope));
      record("open_url", "open_url " + url, null);
      cur.notice = "WhatsApp would open " + url + " in the browser (the preview opens nothing).";
      draw();
    } else if (name === "data_exchange") {
      exchange(cur, payloadOf(action, scope), kind);
    } else record("error", "unknown action " + asText(name), null, true);
  }

  function exchange(cur, payload, kind) {
    if (!HAS_ENDPOINT) {
      const screen = BY_ID.get(cur.id);
      if (kind === "select") {
        record("data_exchange", "data_exchange from " + cur.id + " (no endpoint: screen kept)", [["payload", payload]]);
        return;
      }
      const next = (ROUTES[cur.id] || []).find((id) => BY_ID.has(id));
      if (next) {
        record("data_exchange", "data_exchange " + cur.id + " \u2192 " + next + " (no endpoint: next screen of the routing model, with its examples)", [["payload", payload]]);
        cur.banner = null;
        enter(next, screenExamples(BY_ID.get(next)));
      } else if (screen && screen.terminal === true) {
        record("data_exchange", "data_exchange on terminal " + cur.id + " (no endpoint: completes as SUCCESS would)", [["payload", payload]]);
        finish(Object.assign({}, payload, { flow_token: P.token }), "SUCCESS");
      } else record("data_exchange", "data_exchange from " + cur.id + ": the routing model allows no next screen", [["payload", payload]], true);
      return;
    }
    relay("data_exchange", cur.id, payload);
  }

  function relay(action, screen, data) {
    P.busy = true;
    draw();
    fetch("exchange", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ action, screen, data }) })
      .then((r) => r.json())
      .then((answer) => { P.busy = false; handleAnswer(action, screen, answer); })
      .catch((e) => { P.busy = false; record(action, action + ": the preview server did not answer (" + e.message + ")", null, true); draw(); });
  }

  function handleAnswer(action, from, answer) {
    if (answer.request && answer.request.flow_token) P.token = answer.request.flow_token;
    const status = answer.status === undefined ? "no answer" : "HTTP " + answer.status;
    const head = action + (from ? " from " + from : "") + " \u2192 " + status + (answer.latency_ms !== undefined ? " \u00b7 " + answer.latency_ms + " ms" : "");
    const details = [["request", answer.request], ["response", answer.response === undefined ? answer.error : answer.response]];
    if (answer.error) details.push(["error", answer.error]);
    const r = answer.response;
    const bad = !!answer.error || answer.status !== 200 || (answer.flags && answer.flags.length > 0);
    record("data_exchange", head, details, bad, answer.flags);
    if (!r || typeof r !== "object") { const cur = current(); if (cur) cur.banner = "The endpoint did not answer usefully: " + (answer.error || status); draw(); return; }
    if (r.error_msg) { const cur = current(); if (cur) cur.banner = asText(r.error_msg); draw(); return; }
    if (answer.refused) {
      const cur = current();
      if (cur) cur.banner = "WhatsApp would refuse this answer (invalid-screen-transition): " + (answer.flags || []).join("; ");
      draw();
      return;
    }
    const to = r.screen;
    const data = r.data && typeof r.data === "object" ? r.data : {};
    if (to === "SUCCESS") {
      const emr = data.extension_message_response;
      finish(emr && emr.params && typeof emr.params === "object" ? emr.params : {}, "SUCCESS");
      return;
    }
    if (!BY_ID.has(to)) { const cur = current(); if (cur) cur.banner = "The endpoint named a screen this Flow does not have: " + asText(to); draw(); return; }
    const cur = current();
    if (action === "INIT") { enter(to, data, "replace"); return; }
    if (action === "BACK") {
      P.stack.pop();
      const top = current();
      if (top && top.id === to) { Object.assign(top.data, data); top.banner = data.error_message ? asText(data.error_message) : null; draw(); }
      else enter(to, data);
      return;
    }
    if (cur && cur.id === to) {
      Object.assign(cur.data, data);
      cur.banner = data.error_message ? asText(data.error_message) : null;
      draw();
    } else {
      if (cur) cur.banner = null;
      enter(to, data);
    }
  }

  function back() {
    const cur = current();
    if (!cur || P.busy) return;
    const screen = BY_ID.get(cur.id);
    if (P.stack.length <= 1) { record("close", "closed the Flow on " + cur.id, null); P.stack = []; draw(); return; }
    if (HAS_ENDPOINT && screen && screen.refresh_on_back === true) { relay("BACK", cur.id, {}); return; }
    record("back", "back " + cur.id + " \u2192 " + P.stack[P.stack.length - 2].id, null);
    P.stack.pop();
    draw();
  }

  function finish(response, how) {
    P.done = response;
    const json = JSON.stringify(response);
    record("complete", how === "SUCCESS" ? "SUCCESS: the Flow completes" : "complete", [["response_json", response]]);
    doneBox.textContent = "";
    doneBox.appendChild(h("h3", null, "Completion: nfm_reply.response_json"));
    const exact = h("pre", "json", json);
    exact.id = "response-json";
    doneBox.appendChild(exact);
    const d = h("details");
    d.appendChild(h("summary", null, "formatted"));
    d.appendChild(h("pre", "json", pretty(response)));
    doneBox.appendChild(d);
    doneBox.hidden = false;
    draw();
  }

  function start() {
    P.stack = []; P.screens = Object.create(null); P.done = null; P.busy = false;
    logList.textContent = "";
    doneBox.hidden = true;
    const first = SCREENS[0];
    if (!first) { draw(); return; }
    if (HAS_ENDPOINT && FLOW.data_api_version !== undefined) {
      record("init", "INIT: asking the endpoint for the first screen", null);
      relay("INIT", "", {});
      return;
    }
    record("init", "opened at " + first.id + " with its example data", null);
    enter(first.id, screenExamples(first), "replace");
  }

  function drawPlayer() {
    const root = document.getElementById("player");
    playerPhone = h("div", "phone live");
    const side = h("div", "side");
    const tools = h("div", "panel");
    tools.appendChild(h("h3", null, "Interactive mode"));
    const row = h("div", "tools");
    const restart = h("button", null, "Restart");
    restart.type = "button";
    restart.id = "restart";
    restart.addEventListener("click", start);
    row.appendChild(restart);
    row.appendChild(h("span", null, HAS_ENDPOINT
      ? "INIT, data_exchange and BACK go to the endpoint through the preview server (encrypted)."
      : "No endpoint: data_exchange moves to the next screen the routing model allows, with that screen's __example__ data."));
    tools.appendChild(row);
    stateBox = h("div");
    tools.appendChild(stateBox);
    const logPanel = h("div", "panel");
    logPanel.appendChild(h("h3", null, "Actions"));
    logList = h("ul");
    logList.id = "log";
    logPanel.appendChild(logList);
    doneBox = h("div", "panel");
    doneBox.id = "completion";
    doneBox.hidden = true;
    const probs = h("div", "panel");
    probs.appendChild(h("h3", null, "Preview problems"));
    const pl = h("ul", "diags");
    pl.id = "problems";
    probs.appendChild(pl);
    put(side, tools, doneBox, logPanel);
    put(root, playerPhone, side);
    root.appendChild(probs);
    probs.hidden = true;
    new MutationObserver(() => { probs.hidden = pl.childElementCount === 0; }).observe(pl, { childList: true });
    for (const p of problems) pl.appendChild(h("li", "diag", p));
    start();
  }

  function summary() {
    const ds = BOOT.diagnostics || [];
    const e = ds.filter((d) => d.severity === "error").length, w = ds.length - e;
    const parts = [SCREENS.length + " screen" + (SCREENS.length === 1 ? "" : "s")];
    if (FLOW.version !== undefined) parts.push("Flow JSON " + asText(FLOW.version));
    if (FLOW.data_api_version !== undefined) parts.push("Data API " + asText(FLOW.data_api_version));
    parts.push(e + " error" + (e === 1 ? "" : "s") + ", " + w + " warning" + (w === 1 ? "" : "s"));
    document.getElementById("summary").textContent = parts.join(" \u00b7 ");
  }

  function watch() {
    if (!SERVE) return;
    setInterval(() => {
      fetch("version", { cache: "no-store" }).then((r) => r.text()).then((v) => {
        if (v && v !== SERVE.version) location.reload();
      }).catch(() => { /* the server is gone; keep the page */ });
    }, 1000);
  }

  summary();
  drawOverview();
  wireGraph();
  drawPlayer();
  watch();
})();
