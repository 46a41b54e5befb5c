// The fast path, tried first for events that need nothing from the prelude (no console,
// no schema hints, no frozen clock): the handler called with no driver compiled at all.
// Evaluated before the user's script, so the JSON functions it keeps are the engine's own;
// the worker holds the returned function and calls it (nothing is left on globalThis).
// Anything unusual (a throw, a non-object or new object returned, a Promise, an
// unserialisable payload) answers "" and the worker runs the event again under the full
// driver (core.js), which describes it. "!oom" and "!null" (what QuickJS throws when it
// cannot allocate even the error) mean out of memory. Otherwise: the returned webhook's JSON.
(function (parse, stringify, InternalErrorCtor) {
  return function (input) {
    try {
      if (typeof handler !== "function") return "";
      const webhook = parse(input);
      const ret = handler(webhook);
      if (ret !== webhook || typeof ret.then === "function") return "";
      const payload = ret.payload;
      const tp = typeof payload;
      if (tp === "undefined" || tp === "function" || tp === "symbol") return "";
      const json = stringify({ method: ret.method, url: ret.url, payload: payload, cancel: ret.cancel, headers: ret.headers });
      return typeof json === "string" ? json : "";
    } catch (e) {
      // Out of memory is told apart here: running it again would only hit the limit again.
      try {
        if (e === null) return "!null";
        return e instanceof InternalErrorCtor && e.message === "out of memory" ? "!oom" : "";
      } catch (_) {
        return ""; // a thrown Proxy or getter: the full driver describes it
      }
    }
  };
})(JSON.parse, JSON.stringify, InternalError)
