// Defect 6: an error whose `stack` getter throws.
function handler(webhook) {
  const e = new Error("boom");
  Object.defineProperty(e, "stack", { get() { throw new Error("no stack for you"); } });
  throw e;
}
