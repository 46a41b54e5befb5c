// Defect 4: ordinary code that cuts a name in the middle of an emoji leaves a lone surrogate.
function handler(webhook) {
  const name = ("😀" + webhook.payload.data.customer.name).slice(0, 1);
  webhook.url = "https://track.customer.io/api/v2/entity";
  webhook.headers = { "X-Name": name };
  webhook.payload = { type: "person", identifiers: { id: webhook.payload.data.customer.customer_id }, action: "identify", attributes: { name } };
  return webhook;
}
