// Compiled on demand by core.js (see there): console formatting, error description, the
// JSON scan, schema-hint proxies, async settling and the deterministic clock. One
// expression: a function of core's shared `state` (and the JSON functions core took before
// user code ran) that returns the helpers.
(function (state, stringify, parse) {
  "use strict";
  const G = globalThis;
  const I = { is: Object.is, get: Reflect.get, set: Reflect.set, construct: Reflect.construct, imul: Math.imul };
  const defineProperty = Object.defineProperty;
  const ownKeys = Object.keys;
  const isArray = Array.isArray;
  const toStr = String;
  const ErrorCtor = Error;
  const MAX_LINES = 200, MAX_LINE = 8192, MAX_BYTES = 65536;
  const IDENT = /^[A-Za-z_$][\w$]*$/;
  const INDEX = /^\d+$/;

  const quote = (s) => "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n") + "'";

  // A node-like rendering (util.inspect's common cases), so console output reads as in V8.
  function inspect(v, depth, seen) {
    switch (typeof v) {
      case "string": return depth === 0 ? v : quote(v);
      case "number": return I.is(v, -0) ? "-0" : toStr(v);
      case "bigint": return toStr(v) + "n";
      case "undefined": return "undefined";
      case "boolean": return toStr(v);
      case "symbol": return v.toString();
      case "function": return "[Function: " + (v.name || "(anonymous)") + "]";
    }
    if (v === null) return "null";
    if (seen.indexOf(v) !== -1) return "[Circular *1]";
    if (v instanceof ErrorCtor) return v.stack ? toStr(v.name) + ": " + toStr(v.message) + "\n" + toStr(v.stack).replace(/\n$/, "") : toStr(v);
    if (v instanceof Date) return isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
    if (v instanceof RegExp) return toStr(v);
    if (depth > 2) return isArray(v) ? "[Array]" : "[Object]";
    seen.push(v);
    let parts;
    if (isArray(v)) {
      parts = v.slice(0, 100).map((x) => inspect(x, depth + 1, seen));
      if (v.length > 100) parts.push("... " + (v.length - 100) + " more items");
    } else {
      parts = ownKeys(v).slice(0, 100).map((k) => (IDENT.test(k) ? k : quote(k)) + ": " + inspect(v[k], depth + 1, seen));
    }
    seen.pop();
    if (!parts.length) return isArray(v) ? "[]" : "{}";
    return isArray(v) ? "[ " + parts.join(", ") + " ]" : "{ " + parts.join(", ") + " }";
  }

  function log(level, args) {
    if (state.logs.length >= MAX_LINES || state.bytes >= MAX_BYTES) { state.dropped++; return; }
    let text;
    try { text = args.map((a) => inspect(a, 0, [])).join(" "); }
    catch (e) { text = "[console argument could not be shown: " + (e && e.message) + "]"; }
    if (text.length > MAX_LINE) text = text.slice(0, MAX_LINE) + "… [line cut at " + MAX_LINE + " characters]";
    state.bytes += text.length;
    state.logs.push([level, text]);
  }

  // Inside the limited call: a hostile toString or getter is bounded by the time limit.
  function describe(kind, e, extra) {
    const out = { kind: kind, name: "", message: "", stack: "", thrown: "error" };
    if (e === null || e === undefined || (typeof e !== "object" && typeof e !== "function")) {
      out.thrown = e === null ? "null" : typeof e;
      out.message = typeof e === "symbol" ? e.toString() : inspect(e, 1, []);
    } else if (e instanceof ErrorCtor || (typeof e.stack === "string" && "message" in e)) {
      out.name = toStr(e.name);
      out.message = toStr(e.message);
      out.stack = typeof e.stack === "string" ? e.stack : "";
    } else {
      out.thrown = "object";
      out.message = inspect(e, 1, []);
    }
    if (extra) for (const k in extra) out[k] = extra[k];
    return out;
  }

  // Breadth-first, bounded: the first path where V8's JSON.stringify throws (BigInt, a
  // cycle), and with `wantDropped` the paths it silently drops (undefined, functions).
  function scan(root, base, wantDropped) {
    const dropped = [];
    const queue = [[root, base, []]];
    let budget = 20000;
    while (queue.length && budget-- > 0) {
      const [v, path, ancestors] = queue.shift();
      if (v === null || typeof v !== "object" || typeof v.toJSON === "function") continue;
      const chain = ancestors.concat([v]);
      const arr = isArray(v);
      for (const k of arr ? v.keys() : ownKeys(v)) {
        const x = v[k];
        const p = arr ? path + "[" + k + "]" : path + "." + k;
        const t = typeof x;
        if (t === "bigint") return { path: p.replace(/^\./, ""), dropped };
        if (x !== null && t === "object" && chain.indexOf(x) !== -1) return { path: p.replace(/^\./, ""), dropped };
        if (wantDropped && (t === "undefined" || t === "function" || t === "symbol") && dropped.length < 20) dropped.push([p, t]);
        if (x !== null && t === "object") queue.push([x, p, chain]);
      }
    }
    return { path: "", dropped };
  }

  // Schema hints: record reads of properties the event does not have. Only string keys
  // absent from the object and its prototype chain count; the keys JSON.stringify and
  // Promise resolution probe are not the user's reads.
  // Objects the transform assigns are its own: reading them is not reading the event.
  const IGNORED = { then: 1, toJSON: 1 };
  const proxies = new WeakMap();
  const assigned = new WeakSet();
  function watch(obj, path) {
    path = path || "";
    const cached = proxies.get(obj);
    if (cached) return cached;
    const p = new Proxy(obj, {
      get(target, key, receiver) {
        const value = I.get(target, key, receiver);
        if (typeof key !== "string") return value;
        const where = path + (isArray(target) && INDEX.test(key) ? "[]" : key);
        if (state.recording && value === undefined && !(key in target) && !IGNORED[key] && !state.seen[where]) {
          state.seen[where] = 1;
          if (state.reads.length < 200) state.reads.push(where);
        }
        return value !== null && typeof value === "object" && !assigned.has(value) ? watch(value, where + ".") : value;
      },
      set(target, key, value) {
        if (value !== null && typeof value === "object") assigned.add(value);
        return I.set(target, key, value);
      },
    });
    proxies.set(obj, p);
    return p;
  }

  // `--now` freezes the clock and a seed fixes Math.random, for reproducible snapshots.
  function determinism() {
    const cfg = state.cfg;
    if (cfg.now !== null) {
      const RealDate = Date;
      const now = cfg.now;
      const FakeDate = function Date(...args) {
        if (new.target === undefined) return new RealDate(now).toString();
        return I.construct(RealDate, args.length ? args : [now], new.target);
      };
      defineProperty(FakeDate, "prototype", { value: RealDate.prototype });
      defineProperty(RealDate.prototype, "constructor", { value: FakeDate, writable: true, configurable: true });
      for (const k of ["parse", "UTC"]) defineProperty(FakeDate, k, { value: RealDate[k], writable: true, configurable: true });
      defineProperty(FakeDate, "now", { value: () => now, writable: true, configurable: true });
      defineProperty(G, "Date", { value: FakeDate, writable: true, configurable: true });
    }
    if (cfg.seed !== null) {
      let s = cfg.seed >>> 0;
      defineProperty(Math, "random", {
        value: function random() { // mulberry32
          s = (s + 0x6d2b79f5) >>> 0;
          let t = s;
          t = I.imul(t ^ (t >>> 15), t | 1);
          t ^= t + I.imul(t ^ (t >>> 7), t | 61);
          return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        },
        writable: true, configurable: true,
      });
    }
  }

  // The webhook arrives already stringified (that is where serialisation errors surface),
  // so it is spliced in rather than encoded twice; join() because the Python binding cannot
  // read the rope strings `+` makes.
  function reply(obj, webhookJson) {
    obj.console = state.logs;
    obj.dropped = state.dropped;
    obj.reads = state.reads;
    const s = stringify(obj);
    return webhookJson === undefined ? s : [s.slice(0, -1), ',"webhook":', webhookJson, "}"].join("");
  }
  const fail = (kind, e, extra) => reply({ ok: false, error: describe(kind, e, extra) });

  function finish(ret) {
    state.recording = false;
    if (ret === null || typeof ret !== "object") {
      return fail("invalid_return", undefined, { message: "handler returned " + (ret === null ? "null" : typeof ret) });
    }
    if (typeof ret.then === "function") {
      const p = (state.pending = { done: false });
      Promise.resolve(ret).then((v) => { p.done = true; p.value = v; }, (e) => { p.done = true; p.failed = true; p.error = e; });
      return reply({ ok: true, pending: true });
    }
    const payload = ret.payload;
    const tp = typeof payload;
    if (tp === "undefined" || tp === "function" || tp === "symbol") {
      return fail("unserializable", undefined, { path: "payload", message: "webhook.payload is " + (tp === "undefined" ? "undefined" : "a " + tp) + ", which cannot be sent as JSON" });
    }
    const out = { method: ret.method, url: ret.url, payload: payload, cancel: ret.cancel, headers: ret.headers };
    let json;
    try {
      json = stringify(out);
    } catch (e) {
      return fail("unserializable", e, { path: scan(out, "", false).path });
    }
    const dropped = state.cfg.hints ? scan(payload, "payload", true).dropped : [];
    return reply({ ok: true, undefinedPaths: dropped, returnedSame: ret === state.current }, json);
  }

  // The driver: call the handler (through hint proxies when they are on) and serialise.
  function start(input, fn) {
    if (fn === undefined) {
      return fail("missing_handler", undefined, { message: typeof handler === "undefined" ? "no function named handler is defined" : "handler is a " + typeof handler + ", not a function" });
    }
    const webhook = parse(input);
    state.current = state.cfg.hints ? watch(webhook) : webhook;
    state.recording = state.cfg.hints;
    try {
      return finish(fn(state.current)); // the handler call (classify.py cuts stacks here)
    } catch (e) {
      state.recording = false;
      return fail("exception", e);
    }
  }

  // Called (as __dodo()) by the worker between rounds of pending jobs for async handlers.
  function settle() {
    const p = state.pending;
    if (!p.done) return "pending";
    if (p.failed) return fail("exception", p.error);
    try {
      return finish(p.value);
    } catch (e) {
      return fail("exception", e);
    }
  }

  const console = {};
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) console[level] = (...args) => log(level, args);
  console.dir = console.table = console.log;

  return { console, fail, finish, start, settle, determinism };
})
