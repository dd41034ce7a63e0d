// An application backend in Node.js that uses the referral sidecar: the standard library, plus the
// `standardwebhooks` package to verify the events the sidecar relays. Run: see README.md.
'use strict';

const http = require('node:http');
const { Webhook, WebhookVerificationError } = require('standardwebhooks');

const SIDECAR_URL = process.env.SIDECAR_URL || 'http://127.0.0.1:8080';
const SIDECAR_TOKEN = process.env.SIDECAR_TOKEN || '';
const PORT = Number(process.env.PORT || 3000);
if (!process.env.APP_WEBHOOK_SECRET) {
  console.error('Set APP_WEBHOOK_SECRET to the sidecar\'s whsec_... secret');
  process.exit(1);
}
// The sidecar's APP_WEBHOOK_SECRET (whsec_...); the library rejects timestamps more than 5 minutes off.
const webhook = new Webhook(process.env.APP_WEBHOOK_SECRET);

// webhook-id -> event name. A real application keeps these in its database (a unique column) for a few days.
const events = new Map();

// Calls the sidecar and resolves with { status, body } whatever the status: the sidecar's answers are the contract.
function sidecar(method, path, body, cookie) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (cookie) headers.Cookie = cookie;
  if (SIDECAR_TOKEN) headers.Authorization = `Bearer ${SIDECAR_TOKEN}`;
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, SIDECAR_URL), { method, headers, timeout: 10000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, body: text ? JSON.parse(text) : null }));
    });
    request.on('timeout', () => request.destroy(new Error('sidecar timeout')));
    request.on('error', reject);
    if (body !== undefined) request.write(JSON.stringify(body));
    request.end();
  });
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function readJson(request) {
  const text = await readBody(request);
  return text ? JSON.parse(text) : {};
}

const escape = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The referral dashboard page: link, friends referred, balance, the friends themselves.
function dashboardPage(user, { status, body }) {
  let main;
  if (status !== 200) {
    main = `<p>No referral account for ${escape(user)} (sidecar answered ${status}).</p>`;
  } else if (body.pending) {
    main = '<p>Your referral account is being set up: come back in a minute.</p>';
  } else {
    const balance = ((body.balance || {}).currency || [])
      .map((b) => `<li>${escape(b.amount)} ${escape(b.amount_units)}</li>`).join('');
    const friends = (body.referrals || []).map((r) => `<li>${escape(r.name)}: ${escape(r.status)}</li>`).join('');
    main = `<p>Your link: <a id="referral-link" href="${escape(body.referral_link)}">${escape(body.referral_link)}</a></p>
<p>Friends referred: <strong id="referrals-count">${escape(body.referrals_count)}</strong></p>
<h2>Earned</h2><ul id="balance">${balance}</ul>
<h2>Friends</h2><ul id="referrals">${friends}</ul>${body.stale ? '<p>(may be a few minutes old)</p>' : ''}`;
  }
  return { status, html: `<!doctype html><html><head><meta charset="utf-8"><title>Referrals</title></head>
<body><h1>Referrals of ${escape(user)}</h1>${main}</body></html>` };
}

// The relay from the sidecar: verify (signature and timestamp), then drop a repeat by its webhook-id.
async function receive(request) {
  const payload = await readBody(request);
  let event;
  try {
    event = webhook.verify(payload, request.headers);
  } catch (error) {
    if (error instanceof WebhookVerificationError) return { status: 401, body: { error: error.message } };
    throw error;
  }
  const id = request.headers['webhook-id'];
  if (events.has(id)) return { status: 200, body: { status: 'duplicate' } };
  events.set(id, event.event);
  // Act on the event here: e.g. transaction.created → thank the referrer, customer.rewarded → send an email.
  return { status: 200, body: { status: 'accepted' } };
}

async function route(request) {
  const url = new URL(request.url, 'http://localhost');
  if (request.method === 'POST' && url.pathname === '/signup') {
    const user = await readJson(request);
    // 1. create the user in your own database (omitted), then
    // 2. tell the sidecar, forwarding the browser's Cookie header untouched: it finds partnero_referral itself.
    return sidecar('POST', '/signup-hook', { key: user.id, email: user.email, name: user.name },
      request.headers.cookie);
  }
  if (request.method === 'POST' && url.pathname === '/checkout') {
    const order = await readJson(request);
    return sidecar('POST', '/purchase-hook', { customer_key: order.user_id, key: order.order_id, amount: order.amount });
  }
  if (request.method === 'POST' && url.pathname === '/refund') {
    const order = await readJson(request);
    return sidecar('POST', '/refund-hook', { key: order.order_id });
  }
  if (request.method === 'GET' && url.pathname.startsWith('/dashboard/')) {
    const user = decodeURIComponent(url.pathname.substring('/dashboard/'.length));
    return dashboardPage(user, await sidecar('GET', `/referrals/${encodeURIComponent(user)}`));
  }
  if (request.method === 'POST' && url.pathname === '/webhooks/referrals') return receive(request);
  if (request.method === 'GET' && url.pathname === '/events') {
    return { status: 200, body: [...events].map(([id, type]) => ({ id, type })) };
  }
  return { status: 404, body: { error: 'not found' } };
}

http.createServer((request, response) => {
  route(request)
    .then(({ status, body, html }) => {
      if (html !== undefined) {
        response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(html);
      } else {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(body));
      }
    })
    .catch((error) => {
      response.writeHead(502, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: `sidecar unreachable: ${error.message}` }));
    });
}).listen(PORT, '127.0.0.1', () => console.log(`example backend on http://127.0.0.1:${PORT} -> ${SIDECAR_URL}`));
