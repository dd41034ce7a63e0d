// A minimal application backend in Node.js (standard library only) that uses the referral sidecar.
// It shows the three calls an application makes: forward a sign-up with the browser's Cookie header as is,
// report a purchase, and read a customer's referral dashboard. Run: SIDECAR_URL=http://127.0.0.1:8080 node server.js
'use strict';

const http = require('node:http');

const SIDECAR_URL = process.env.SIDECAR_URL || 'http://127.0.0.1:8080';
const SIDECAR_TOKEN = process.env.SIDECAR_TOKEN || '';
const PORT = Number(process.env.PORT || 3000);

// Calls the sidecar and resolves with { status, body } whatever the status: the sidecar's answers are the contract.
function sidecar(method, path, body, cookie) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (cookie) headers.Cookie = cookie;
  if (SIDECAR_TOKEN) headers.Authorization = `Bearer ${SIDECAR_TOKEN}`;
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, SIDECAR_URL), { method, headers, timeout: 5000 }, (response) => {
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

function readJson(request) {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => { text += chunk; });
    request.on('end', () => {
      try { resolve(text ? JSON.parse(text) : {}); } catch (e) { reject(e); }
    });
  });
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
  if (request.method === 'GET' && url.pathname.startsWith('/referrals/')) {
    const user = url.pathname.substring('/referrals/'.length);
    return sidecar('GET', `/referrals/${encodeURIComponent(decodeURIComponent(user))}`);
  }
  return { status: 404, body: { error: 'not found' } };
}

http.createServer((request, response) => {
  route(request)
    .then(({ status, body }) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    })
    .catch((error) => {
      response.writeHead(502, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: `sidecar unreachable: ${error.message}` }));
    });
}).listen(PORT, '127.0.0.1', () => console.log(`example backend on http://127.0.0.1:${PORT} -> ${SIDECAR_URL}`));
