// Track API v1: identify the paying customer with PUT /api/v1/customers/{id}.
// v1 puts the person in the URL: encode it (ids and emails may hold "/", "+", "@", spaces),
// send flat attributes in the body, and dates as Unix seconds.
function handler(webhook) {
  if (webhook.eventType !== "payment.succeeded") {
    webhook.cancel = true;
    return webhook;
  }
  const p = webhook.payload.data;
  webhook.method = "PUT";
  webhook.url = "https://track.customer.io/api/v1/customers/" + encodeURIComponent(p.customer.customer_id);
  webhook.payload = {
    email: p.customer.email,
    name: p.customer.name,
    last_payment_at: Math.floor(Date.parse(webhook.payload.timestamp) / 1000),
    last_payment_amount: (p.total_amount / 100).toFixed(2),
    currency: p.currency
  };
  return webhook;
}
