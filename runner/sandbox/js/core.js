// The full driver's prelude, evaluated in a fresh QuickJS context before the user's
// transform whenever the fast path (fast.js) cannot serve the event. The worker calls the
// function this evaluates to and keeps what it returns, the driver's entry; nothing of the
// driver is put on globalThis (only a `console` built on first use), so user code cannot
// reach it. The driver itself (support.js, describe.js) arrives as strings, compiled on use,
// or compiled (the snapshot engine keeps them, under their own script names, in a
// transform's image). `userLines` is null when every script of ours has its own name, else
// the user's script's line count: ours were evaluated after it (see engine.py).
// Everything that can run user code (the handler, getters, toString, toJSON) runs inside
// the driver's time-limited call, so the worker never converts a user value unbounded.
(function (now, seed, hints, supportPart, describePart, userLines) {
  "use strict";
  const G = globalThis;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const evaluate = G.eval;
  const defineProperty = Object.defineProperty;
  const state = { cfg: { now: now, seed: seed, hints: hints }, logs: [], bytes: 0, dropped: 0, reads: [], seen: { __proto__: null }, recording: false, current: null, pending: null };
  let lib = null;
  // The built-ins the driver relies on, taken now, before any user code can replace them
  // (support.js is compiled later, on demand, when they may already be replaced).
  const I = {
    __proto__: null, stringify: stringify, parse: parse, apply: Reflect.apply, get: Reflect.get, set: Reflect.set,
    construct: Reflect.construct, defineProperty: defineProperty, keys: Object.keys, isArray: Array.isArray,
    is: Object.is, imul: Math.imul, String: String, Error: Error, Date: Date,
    slice: String.prototype.slice, charCodeAt: String.prototype.charCodeAt, indexOf: String.prototype.indexOf,
    lastIndexOf: String.prototype.lastIndexOf, WeakMap: WeakMap, WeakSet: WeakSet, Proxy: Proxy,
  };
  let more = null;
  const load = (part) => (typeof part === "string" ? evaluate(part) : part);
  const described = () => more || (more = load(describePart)(I, userLines));
  const support = () => lib || (lib = load(supportPart)(state, I, described));
  if (typeof supportPart === "function") { // already compiled: made ready in the image too
    described();
    support();
  }

  if (now !== null || seed !== null) support().determinism();
  defineProperty(G, "console", {
    get: () => support().console,
    set: (value) => defineProperty(G, "console", { __proto__: null, value: value, writable: true, configurable: true }),
    configurable: true,
  });

  return function dodo$run(input) {
    if (input === undefined) return support().settle();
    return support().start(input, typeof handler === "function" ? handler : undefined);
  };
})
