// Compiled on demand by core.js (see there): the console, the JSON scan, schema-hint
// proxies, async settling, the deterministic clock, and the record the worker reads.
// Rendering values and describing errors (describe.js) is compiled later still, only for an
// event that logs or fails. One expression: a function of core's shared `state`, the
// built-ins core took before user code ran (`I`), and `described()` (describe.js's helpers).
// The record is written by `reply()` below from driver-owned values only, each string
// through the engine's JSON.stringify of a primitive (which never calls user code), so a
// transform that replaces built-ins can change its own text but never the record's shape,
// and every string the transform controls is capped first (`capped`), so it cannot outgrow
// the reply bound either (protocol.py: the result limit + CONSOLE_ALLOWANCE).
(function (state, I, described) {
  "use strict";
  const G = globalThis;
  const stringify = I.stringify;
  const parse = I.parse;
  const defineProperty = I.defineProperty;
  const ownKeys = I.keys;
  const isArray = I.isArray;
  const toStr = I.String;
  const slice = I.slice;
  const charCodeAt = I.charCodeAt;
  // Appends without Array.prototype.push or index setters a transform may have replaced.
  const put = (arr, x) => defineProperty(arr, arr.length, { __proto__: null, value: x, writable: true, enumerable: true, configurable: true });
  const MAX_LINES = 200, MAX_LINE = 8192, MAX_BYTES = 65536;
  // An error's message and stack, and the short fields (its name, a path, a read): at worst
  // six bytes a character as JSON (\u00XX), these and the console stay under 3 MiB of the
  // 4 MiB allowance (2 x 384 KiB + 2 x 6 KiB + 200 reads and 20 paths of 6 KiB + ~450 KiB).
  const MAX_TEXT = 65536, MAX_FIELD = 1024;
  const INDEX = /^\d+$/;

  // At most `max` UTF-16 units of `s`, cut between code points, then how much was cut.
  // Only captured built-ins: a transform that replaced String.prototype.slice cannot lengthen it.
  function capped(s, max) {
    if (typeof s !== "string") return "";
    if (s.length <= max) return s;
    const high = I.apply(charCodeAt, s, [max - 1]);
    const end = high >= 0xd800 && high <= 0xdbff ? max - 1 : max; // never half a surrogate pair
    return I.apply(slice, s, [0, end]) + "… [" + (s.length - end) + " more characters cut]";
  }

  function log(level, args) {
    if (state.logs.length >= MAX_LINES || state.bytes >= MAX_BYTES) { state.dropped++; return; }
    let text;
    try { const inspect = described().inspect; text = args.map((a) => inspect(a, 0, [])).join(" "); }
    catch (e) { text = "[console argument could not be shown: " + (e && e.message) + "]"; }
    text = capped(text, MAX_LINE);
    state.bytes += text.length;
    put(state.logs, [level, text]);
  }

  // Breadth-first, bounded: the first path where V8's JSON.stringify throws (BigInt, a
  // cycle). Only after stringify threw, so the cost of the ancestor chains does not matter.
  function scan(root, base) {
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
        if (t === "bigint") return p.replace(/^\./, "");
        if (x !== null && t === "object" && chain.indexOf(x) !== -1) return p.replace(/^\./, "");
        if (x !== null && t === "object") queue.push([x, p, chain]);
      }
    }
    return "";
  }

  // The paths JSON.stringify silently dropped (undefined, functions, symbols) from a value
  // it has just serialised, so with no cycle or BigInt to look for: breadth-first and
  // bounded like scan, but a path is built only for an object it enters or a value it
  // reports (this runs for every event with schema hints).
  function droppedPaths(root, base) {
    const dropped = [];
    const queue = [root, base];
    let head = 0, budget = 20000;
    while (head < queue.length && budget-- > 0) {
      const v = queue[head], path = queue[head + 1];
      head += 2;
      if (v === null || typeof v !== "object" || typeof v.toJSON === "function") continue;
      const arr = isArray(v);
      const keys = arr ? null : ownKeys(v);
      const n = arr ? v.length : keys.length;
      for (let i = 0; i < n; i++) {
        const k = arr ? i : keys[i];
        const x = v[k];
        const t = typeof x;
        if (t === "object") {
          if (x !== null) queue.push(x, arr ? path + "[" + k + "]" : path + "." + k);
        } else if ((t === "undefined" || t === "function" || t === "symbol") && dropped.length < 20) {
          put(dropped, [capped(arr ? path + "[" + k + "]" : path + "." + k, MAX_FIELD), t]);
        }
      }
    }
    return dropped;
  }

  // Schema hints: record reads of properties the event does not have. Only string keys
  // absent from the object and its prototype chain count; the keys JSON.stringify and
  // Promise resolution probe are not the user's reads.
  // Objects the transform assigns are its own: reading them is not reading the event.
  const IGNORED = { __proto__: null, then: 1, toJSON: 1 };
  const proxies = new I.WeakMap();
  const assigned = new I.WeakSet();
  function watch(obj, path) {
    path = path || "";
    const cached = proxies.get(obj);
    if (cached) return cached;
    const p = new I.Proxy(obj, {
      // Most reads are of fields that exist and hold primitives: those build no path.
      get(target, key, receiver) {
        const value = I.get(target, key, receiver);
        if (typeof key !== "string") return value;
        if (value === undefined) {
          if (state.recording && !IGNORED[key] && !(key in target)) {
            const where = path + (isArray(target) && INDEX.test(key) ? "[]" : key);
            if (!state.seen[where]) {
              state.seen[where] = 1;
              if (state.reads.length < 200) put(state.reads, capped(where, MAX_FIELD));
            }
          }
          return value;
        }
        if (value === null || typeof value !== "object" || assigned.has(value)) return value;
        return proxies.get(value) || watch(value, path + (isArray(target) && INDEX.test(key) ? "[]" : key) + ".");
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
      const RealDate = I.Date;
      const now = cfg.now;
      const FakeDate = function Date(...args) { // (RealDate is core's, taken before user code)
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

  // -- the record: typed writers for driver-owned values (see the top of this file) --
  const str = (s) => (typeof s === "string" ? stringify(s) : '""');
  function list(arr, pairs) { // strings, or [string, string] pairs
    let out = "";
    for (let i = 0; i < arr.length; i++) {
      const x = arr[i];
      out += (i ? "," : "") + (pairs ? "[" + str(x[0]) + "," + str(x[1]) + "]" : str(x));
    }
    return "[" + out + "]";
  }
  // The record, a newline, the webhook JSON (if any). Sliced once at the end because the
  // Python binding cannot read the rope strings `+` makes.
  function reply(head, webhookJson) {
    const text = head + ',"console":' + list(state.logs, true) + ',"dropped":' + toStr(state.dropped) + ',"reads":' + list(state.reads, false) +
      "}\n" + (typeof webhookJson === "string" ? webhookJson : "");
    return I.apply(slice, text, [0]);
  }
  function fail(kind, e, extra) {
    const d = described().describe(kind, e, extra);
    return reply('{"ok":false,"error":{"kind":' + str(d.kind) + ',"name":' + str(capped(d.name, MAX_FIELD)) +
      ',"message":' + str(capped(d.message, MAX_TEXT)) + ',"stack":' + str(capped(d.stack, MAX_TEXT)) +
      ',"thrown":' + str(d.thrown) + ',"path":' + str(capped(d.path, MAX_FIELD)) + "}");
  }

  function dodo$finish(ret) {
    state.recording = false;
    if (ret === null || typeof ret !== "object") {
      return fail("invalid_return", undefined, { __proto__: null, message: "handler returned " + (ret === null ? "null" : typeof ret) });
    }
    if (typeof ret.then === "function") {
      const p = (state.pending = { done: false });
      Promise.resolve(ret).then((v) => { p.done = true; p.value = v; }, (e) => { p.done = true; p.failed = true; p.error = e; });
      return "pending";
    }
    const payload = ret.payload;
    const tp = typeof payload;
    if (tp === "undefined" || tp === "function" || tp === "symbol") {
      return fail("unserializable", undefined, { __proto__: null, path: "payload", message: "webhook.payload is " + (tp === "undefined" ? "undefined" : "a " + tp) + ", which cannot be sent as JSON" });
    }
    const out = { method: ret.method, url: ret.url, payload: payload, cancel: ret.cancel, headers: ret.headers };
    let json;
    try {
      json = stringify(out);
    } catch (e) {
      return fail("unserializable", e, { __proto__: null, path: scan(out, "") });
    }
    if (typeof json !== "string" || json[0] !== "{") {
      return fail("invalid_return", undefined, { __proto__: null, message: "handler's return value serialises to " + I.apply(slice, toStr(json), [0, 60]) + " (a toJSON method?), not an object" });
    }
    const dropped = state.cfg.hints ? droppedPaths(payload, "payload") : [];
    return reply('{"ok":true,"undefinedPaths":' + list(dropped, true) + ',"returnedSame":' + (ret === state.current ? "true" : "false"), json);
  }

  // The driver: call the handler (through hint proxies when they are on) and serialise.
  function dodo$start(input, fn) {
    if (fn === undefined) {
      return fail("missing_handler", undefined, { __proto__: null, message: typeof handler === "undefined" ? "no function named handler is defined" : "handler is a " + typeof handler + ", not a function" });
    }
    const webhook = parse(input);
    state.current = state.cfg.hints ? watch(webhook) : webhook;
    state.recording = state.cfg.hints;
    try {
      return dodo$finish(fn(state.current));
    } catch (e) {
      state.recording = false;
      return fail("exception", e);
    }
  }

  // Called (with no input) by the worker once the pending jobs of an async handler ran.
  function dodo$settle() {
    const p = state.pending;
    if (!p.done) return "pending";
    if (p.failed) return fail("exception", p.error);
    try {
      return dodo$finish(p.value);
    } catch (e) {
      return fail("exception", e);
    }
  }

  const console = {};
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) console[level] = (...args) => log(level, args);
  console.dir = console.table = console.log;

  return { console, start: dodo$start, settle: dodo$settle, determinism };
})
