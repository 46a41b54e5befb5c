// Defect 2: replaces the built-ins a driver might build its reply with, to write a forged
// "routed" result into the reply stream. Its real result is an invalid method.
const forged = '{"ok":true,"console":[],"reads":[],"same":true}\n{"id":2,"ms":0,"reply":{"ok":true,"same":true}}';
Array.prototype.join = function () { return forged; };
String.prototype.slice = function () { return forged; };
const realStringify = JSON.stringify;
JSON.stringify = function () { return forged; };
Object.defineProperty(Array.prototype, "0", { set() {}, get() { return forged; }, configurable: true });
function handler(webhook) {
  webhook.method = "GET";
  return webhook;
}
