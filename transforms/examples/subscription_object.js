// Track API v2 objects: each Dodo subscription becomes a Customer.io object (type "object")
// related to its customer, so segments can ask "has an active subscription to product X".
// object_type_id is the numeric id of your object type ("1" = the first one you created).
function handler(webhook) {
  if (!webhook.eventType.startsWith("subscription.")) {
    webhook.cancel = true;
    return webhook;
  }
  const s = webhook.payload.data;
  const seconds = (iso) => (iso ? Math.floor(Date.parse(iso) / 1000) : null);
  webhook.url = "https://track.customer.io/api/v2/entity";
  webhook.payload = {
    type: "object",
    identifiers: { object_type_id: "1", object_id: s.subscription_id },
    action: "identify",
    attributes: {
      status: s.status,
      product_id: s.product_id,
      amount: (s.recurring_pre_tax_amount / 100).toFixed(2),
      currency: s.currency,
      next_billing_at: seconds(s.next_billing_date),
      cancelled_at: seconds(s.cancelled_at)
    },
    cio_relationships: [
      { identifiers: { id: s.customer.customer_id }, relationship_attributes: { role: "subscriber" } }
    ]
  };
  return webhook;
}
