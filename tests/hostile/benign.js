// A well-behaved transform next to the hostile ones: it must come out with correct results.
function handler(webhook) {
  const p = webhook.payload;
  webhook.url = "https://track.customer.io/api/v2/entity";
  webhook.payload = {
    type: "person",
    identifiers: { id: p.data && p.data.customer ? p.data.customer.customer_id : "unknown" },
    action: "event",
    name: p.type,
    timestamp: Math.floor(Date.parse(p.timestamp) / 1000),
  };
  return webhook;
}
