// Defect 5: a 4 MiB result, well inside the memory limit, far over what Customer.io takes.
function handler(webhook) {
  webhook.url = "https://track.customer.io/api/v2/entity";
  webhook.payload = { type: "person", identifiers: { id: "x" }, action: "identify", attributes: { blob: "x".repeat(4 << 20) } };
  return webhook;
}
