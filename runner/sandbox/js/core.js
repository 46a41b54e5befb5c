// The full driver's prelude, evaluated in a fresh QuickJS context before the user's
// transform whenever the fast path (fast.js) cannot serve the event. It defines `__dodo`,
// the entry the worker calls, and a `console` built on first use; the driver itself
// (support.js) arrives as a string and is compiled on the first call.
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
  const support = () => lib || (lib = evaluate(supportSource)(state, stringify, parse));

  if (cfg.now !== null || cfg.seed !== null) support().determinism();
  defineProperty(G, "console", {
    get: () => support().console,
    set: (value) => defineProperty(G, "console", { value: value, writable: true, configurable: true }),
    configurable: true,
  });

  defineProperty(G, "__dodo", {
    value: function run(input) {
      if (input === undefined) return support().settle();
      return support().start(input, typeof handler === "function" ? handler : undefined);
    },
  });
})
