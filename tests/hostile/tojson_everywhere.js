// Defect 1: every object serialises to 5, the driver's own reply included.
Object.prototype.toJSON = () => 5;
function handler(webhook) {
  webhook.url = "https://track.customer.io/api/v2/entity";
  return webhook;
}
