// The fast path, tried first for events that need nothing from the prelude (no console,
// no schema hints, no frozen clock): the handler called with no driver compiled at all.
// Anything unusual (a throw, a non-object or new object returned, a Promise, an
// unserialisable payload) answers "" and the worker runs the event again under the full
// driver (core.js), which describes it. "=" means the webhook came back as it went in;
// "!oom" and "!null" (what QuickJS throws when it cannot allocate even the error) mean out
// of memory.
(function (input) {
  try {
    if (typeof handler !== "function") return "";
    const webhook = __dodo_parse(input);
    const ret = handler(webhook);
    if (ret !== webhook || typeof ret.then === "function") return "";
    const payload = ret.payload;
    const tp = typeof payload;
    if (tp === "undefined" || tp === "function" || tp === "symbol") return "";
    const json = __dodo_stringify({ method: ret.method, url: ret.url, payload: payload, cancel: ret.cancel, headers: ret.headers });
    return input[json.length - 1] === "," && input.startsWith(json.slice(0, -1)) ? "=" : json;
  } catch (e) {
    // Out of memory is told apart here: running it again would only hit the limit again.
    if (e === null) return "!null";
    return e instanceof InternalError && e.message === "out of memory" ? "!oom" : "";
  }
})(__dodo_in)
