// Defect 6: a thrown Proxy whose every trap throws.
function handler(webhook) {
  const trap = () => { throw new Error("trap"); };
  throw new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });
}
