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
      const fn = typeof handler === "function" ? handler : undefined;
      if (fn === undefined || cfg.hints) return support().start(input, fn);
      const webhook = (state.current = parse(input));
      try {
        const ret = fn(webhook); // the handler call (classify.py cuts stacks here)
        if (lib === null && ret === webhook && typeof ret.then !== "function") {
          const payload = ret.payload;
          const tp = typeof payload;
          if (tp !== "undefined" && tp !== "function" && tp !== "symbol") {
            let json;
            try {
              json = stringify({ method: ret.method, url: ret.url, payload: payload, cancel: ret.cancel, headers: ret.headers });
            } catch (e) {
              return support().finish(ret); // it says which value cannot be serialised
            }
            // Left as it came in: the input's JSON starts with the same fields (webhook.py
            // orders them so), and the worker need not send the event back.
            if (input[json.length - 1] === "," && input.startsWith(json.slice(0, -1))) return '{"ok":true,"console":[],"reads":[],"same":true}';
            // join(), not `+`: the Python binding cannot read the rope strings `+` makes.
            return ['{"ok":true,"console":[],"reads":[],"webhook":', json, "}"].join("");
          }
        }
        return support().finish(ret);
      } catch (e) {
        // The handler threw, or a getter, Proxy trap or toJSON on what it returned did.
        return support().fail("exception", e);
      }
    },
  });
})
