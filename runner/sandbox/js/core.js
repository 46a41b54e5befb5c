// The sandbox's prelude, evaluated in every fresh QuickJS context before the user's
// transform. It defines `__dodo`, the driver the worker calls, and a `console` that is
// built on first use. QuickJS compiles every function eagerly (~10 µs each), and this file
// is compiled once per event, so the hot path is one function; console formatting, error
// description, the JSON scan, hint proxies, async settling and the frozen clock live in
// support.js, compiled only when an event needs them.
// Everything that can run user code (the handler, getters, toString, toJSON) runs inside
// the driver's time-limited call, so the worker never converts a user value unbounded.
(function (cfg, supportSource) {
  "use strict";
  const G = globalThis;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const evaluate = G.eval;
  const defineProperty = Object.defineProperty;
  const state = { cfg: cfg, logs: [], bytes: 0, dropped: 0, reads: [], seen: {}, recording: false, current: null, pending: null };
  let lib = null;
  const support = () => lib || (lib = evaluate(supportSource)(state, stringify));

  if (cfg.now !== null || cfg.seed !== null) support().determinism();
  defineProperty(G, "console", {
    get: () => support().console,
    set: (value) => defineProperty(G, "console", { value: value, writable: true, configurable: true }),
    configurable: true,
  });

  defineProperty(G, "__dodo", {
    value: function run(input) {
      if (input === undefined) return support().settle();
      if (typeof handler !== "function") return support().fail("missing_handler", undefined, { message: typeof handler === "undefined" ? "no function named handler is defined" : "handler is a " + typeof handler + ", not a function" });
      const webhook = parse(input);
      state.current = cfg.hints ? support().watch(webhook) : webhook;
      state.recording = cfg.hints;
      try {
        const ret = handler(state.current);
        state.recording = false;
        if (ret === null || typeof ret !== "object" || typeof ret.then === "function" || cfg.hints) return support().finish(ret);
        // The common case, inline: the returned webhook, serialised inside the time limit.
        const payload = ret.payload;
        const tp = typeof payload;
        if (tp === "undefined" || tp === "function" || tp === "symbol") return support().finish(ret);
        const json = stringify({ method: ret.method, url: ret.url, payload: payload, cancel: ret.cancel, headers: ret.headers });
        // join(), not `+`: the Python binding cannot read the rope strings `+` makes.
        return lib === null && ret === webhook
          ? ['{"ok":true,"console":[],"reads":[],"webhook":', json, "}"].join("")
          : support().reply({ ok: true, returnedSame: ret === state.current }, json);
      } catch (e) {
        // The handler threw, or a getter, Proxy trap or toJSON on what it returned did.
        state.recording = false;
        return support().fail("exception", e);
      }
    },
  });
})
