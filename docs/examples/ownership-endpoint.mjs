// The shop's side of Parley's ownership endpoint (docs/orders-and-webhooks.md), for Node 18 or
// later, without dependencies. Parley POSTs {"orderId","proof":{"kind","value"}} signed with
// OWNERSHIP_SECRET; answer {"owns": true} only when the order belongs to that customer.
//
//   OWNERSHIP_SECRET=… node ownership-endpoint.mjs      (listens on 127.0.0.1:8080; put TLS in front)
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

const TOLERANCE_SECONDS = 300;

/** Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + raw body)>, within ±5 minutes. */
export function verifyParleySignature(secret, header, rawBody, nowSeconds = Math.floor(Date.now() / 1000)) {
  let t = null;
  const v1 = [];
  for (const part of String(header ?? '').split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't') t = value;
    if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value ?? '')) v1.push(Buffer.from(value, 'hex'));
  }
  if (!/^\d{1,12}$/.test(t ?? '') || Math.abs(nowSeconds - Number(t)) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
  return v1.some((signature) => timingSafeEqual(signature, expected));
}

/** A request handler; `owns(orderId, proof)` is your lookup and resolves to true or false. */
export function ownershipHandler({ secret, owns, now = () => Math.floor(Date.now() / 1000) }) {
  return (req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > 4096) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      if (req.method !== 'POST' || !verifyParleySignature(secret, req.headers['parley-signature'], body, now())) {
        res.writeHead(401).end();
        return;
      }
      try {
        const { orderId, proof } = JSON.parse(body.toString('utf8'));
        const answer = await owns(String(orderId), { kind: String(proof?.kind), value: String(proof?.value) });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ owns: answer === true }));
      } catch {
        // Parley reads anything but {"owns": …} as "could not check", never as a yes.
        res.writeHead(500).end();
      }
    });
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const secret = process.env.OWNERSHIP_SECRET;
  if (!secret || secret.length < 32) throw new Error('set OWNERSHIP_SECRET (32+ characters, the same as Parley’s)');
  // Replace with your shop's lookup: does this order belong to the customer with this email,
  // account id or link? (kind is "email", "account_id" or "link"; emails come lower-cased.)
  const owns = async (orderId, proof) => false;
  createServer(ownershipHandler({ secret, owns })).listen(8080, '127.0.0.1');
}
