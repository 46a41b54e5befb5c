// The sandbox's prelude, evaluated in every fresh QuickJS context before the user's
// transform. It installs the captured console and `__dodo`, the driver the worker calls.
// QuickJS compiles every function eagerly (~6 µs each), so this file is kept to the
// per-event essentials; console formatting, error description, the JSON scan and the
// deterministic clock live in support.js, compiled only when an event needs them.
// Everything that can run user code (the handler, getters, toString, toJSON) runs inside
// the driver's time-limited call, so the worker never converts a user value unbounded.
(function (cfg, supportSource) {
  "use strict";
  const G = globalThis;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const evaluate = G.eval;
  const state = { cfg: cfg, logs: [], bytes: 0, dropped: 0, reads: [], seen: {}, recording: false, current: null, pending: null };
  let lib = null;
  const support = () => lib || (lib = evaluate(supportSource)(state));

  if (cfg.now !== null || cfg.seed !== null) support().determinism();

  const console = {};
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
    console[level] = (...args) => support().log(level, args);
  }
  console.dir = console.table = console.log;
  Object.defineProperty(G, "console", { value: console, writable: true, configurable: true });

  // The webhook's JSON comes back already stringified (that is where serialisation errors
  // surface), so it is spliced into the reply rather than encoded twice. join(), not `+`:
  // the Python binding cannot read QuickJS's rope strings, which `+` on long strings makes.
  function reply(obj, webhookJson) {
    obj.console = state.logs;
    obj.dropped = state.dropped;
    obj.reads = state.reads;
    const s = stringify(obj);
    return webhookJson === undefined ? s : [s.slice(0, -1), ',"webhook":', webhookJson, "}"].join("");
  }
  const fail = (kind, e, extra) => reply({ ok: false, error: support().describe(kind, e, extra) });

  function finish(ret) {
    state.recording = false;
    if (ret === null || typeof ret !== "object") {
      return fail("invalid_return", undefined, { message: "handler returned " + (ret === null ? "null" : typeof ret) });
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
      return fail("unserializable", e, { path: support().scan(out, "", false).path });
    }
    const dropped = cfg.hints ? support().scan(payload, "payload", true).dropped : [];
    return reply({ ok: true, undefinedPaths: dropped, returnedSame: ret === state.current }, json);
  }

  const driver = {
    run(input) {
      if (typeof handler !== "function") {
        return fail("missing_handler", undefined, { message: typeof handler === "undefined" ? "no function named handler is defined" : "handler is a " + typeof handler + ", not a function" });
      }
      const webhook = parse(input);
      state.current = cfg.hints ? support().watch(webhook) : webhook;
      state.recording = cfg.hints;
      try {
        const ret = handler(state.current);
        if (ret !== null && typeof ret === "object" && typeof ret.then === "function") {
          const p = (state.pending = { done: false });
          Promise.resolve(ret).then((v) => { p.done = true; p.value = v; }, (e) => { p.done = true; p.failed = true; p.error = e; });
          return reply({ ok: true, pending: true });
        }
        return finish(ret);
      } catch (e) {
        // The handler threw, or a getter, Proxy trap or toJSON on what it returned did.
        state.recording = false;
        return fail("exception", e);
      }
    },
    settled: () => state.pending === null || state.pending.done,
    finish() {
      const p = state.pending;
      state.recording = false;
      if (!p.done) return fail("timeout", undefined, { message: "the Promise returned by handler never settled" });
      if (p.failed) return fail("exception", p.error);
      try {
        return finish(p.value);
      } catch (e) {
        return fail("exception", e);
      }
    },
  };
  Object.defineProperty(G, "__dodo", { value: driver });
})
