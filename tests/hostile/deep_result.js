// Defect 1: a result nested 1,000 levels deep (the parent used to die parsing the reply).
function handler(webhook) {
  let node = {};
  const root = node;
  for (let i = 0; i < 1000; i++) { node.next = {}; node = node.next; }
  webhook.url = "https://track.customer.io/api/v2/entity";
  webhook.payload = root;
  return webhook;
}
