// Compiled on demand by support.js, only for an event that logs to the console or fails
// (compiling costs time on every event that needs it): a node-like rendering of values and
// the description of a thrown value. One expression: a function of the built-ins core.js
// took before user code ran (`I`) and of `userLines` (see core.js) that returns the helpers.
(function (I, userLines) {
  "use strict";
  const toStr = I.String;
  const isArray = I.isArray;
  const ownKeys = I.keys;
  const ErrorCtor = I.Error;
  const slice = I.slice;
  const indexOf = I.indexOf;
  const lastIndexOf = I.lastIndexOf;
  const USER = "<input>"; // the user's script, as every engine names it (engine.py USER_SCRIPT)
  const IDENT = /^[A-Za-z_$][\w$]*$/;

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

  const UNSHOWN = "[a value that cannot be shown: reading it threw]";

  // The stack without the frames of the sandbox's own scripts, wherever they are (below the
  // handler, or between its frames: a polyfill, a schema-hint proxy's trap): a frame reads
  // "    at NAME (SCRIPT:LINE:COLUMN)", and ours are in another script than the user's, or
  // past its `userLines` where scripts cannot be named. A built-in's "(native)" stays.
  function ours(line) {
    if (I.apply(indexOf, line, ["    at "]) !== 0 || line[line.length - 1] !== ")") return false;
    const open = I.apply(lastIndexOf, line, [" ("]);
    if (open === -1) return false;
    const where = I.apply(slice, line, [open + 2, line.length - 1]);
    if (where === "native" || where === USER) return false;
    if (I.apply(indexOf, where, [USER + ":"]) !== 0) return true; // another script's
    const at = I.apply(slice, where, [USER.length + 1]); // LINE:COLUMN
    const colon = I.apply(indexOf, at, [":"]);
    const n = colon > 0 ? +I.apply(slice, at, [0, colon]) : NaN;
    return n !== n || (userLines !== null && n > userLines); // (NaN: no frame the engine wrote)
  }
  function cut(stack) {
    let out = "";
    for (let from = 0; from < stack.length;) {
      const next = I.apply(indexOf, stack, ["\n", from]);
      const to = next === -1 ? stack.length : next + 1;
      const line = I.apply(slice, stack, [from, next === -1 ? to : next]);
      if (!ours(line)) out += I.apply(slice, stack, [from, to]);
      from = to;
    }
    return out;
  }

  function isError(e) {
    try { return e instanceof ErrorCtor || (typeof e.stack === "string" && "message" in e); } catch (_) { return false; } // a Proxy's trap threw
  }

  // Inside the limited call: a hostile toString or getter is bounded by the time limit, and
  // one that throws (a thrown Proxy, a `stack` getter) leaves that part undescribed.
  function describe(kind, e, extra) {
    const out = { __proto__: null, kind: kind, name: "", message: "", stack: "", thrown: "error", path: "" };
    // (try blocks, not helper closures: every function costs compile time on every event)
    if (e === null || e === undefined || (typeof e !== "object" && typeof e !== "function")) {
      out.thrown = e === null ? "null" : typeof e;
      try { out.message = typeof e === "symbol" ? toStr(e) : inspect(e, 1, []); } catch (_) { out.message = UNSHOWN; }
    } else if (isError(e)) {
      try { out.name = toStr(e.name); } catch (_) { /* left empty */ }
      try { out.message = toStr(e.message); } catch (_) { out.message = UNSHOWN; }
      try { const stack = e.stack; out.stack = typeof stack === "string" ? cut(stack) : ""; } catch (_) { /* left empty */ }
    } else {
      out.thrown = "object";
      try { out.message = inspect(e, 1, []); } catch (_) { out.message = UNSHOWN; }
    }
    if (extra) {
      if (typeof extra.message === "string") out.message = extra.message;
      if (typeof extra.path === "string") out.path = extra.path;
    }
    return out;
  }

  return { inspect, describe };
})
