"""An application backend in Python that uses the referral sidecar, standard library only. Run: see README.md."""
import base64
import hashlib
import hmac
import html
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIDECAR_URL = os.environ.get("SIDECAR_URL", "http://127.0.0.1:8080")
SIDECAR_TOKEN = os.environ.get("SIDECAR_TOKEN", "")
PORT = int(os.environ.get("PORT", "3000"))
TOLERANCE_SECONDS = 5 * 60
if not os.environ.get("APP_WEBHOOK_SECRET", "").startswith("whsec_"):
    sys.exit("Set APP_WEBHOOK_SECRET to the sidecar's whsec_... secret")
WEBHOOK_KEY = base64.b64decode(os.environ["APP_WEBHOOK_SECRET"][len("whsec_"):])

# webhook-id -> event name. A real application keeps these in its database (a unique column) for a few days.
events = {}
events_lock = threading.Lock()


def sidecar(method, path, body=None, cookie=None):
    """Calls the sidecar; returns (status, parsed JSON) whatever the status: its answers are the contract."""
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    if cookie:
        headers["Cookie"] = cookie
    if SIDECAR_TOKEN:
        headers["Authorization"] = "Bearer " + SIDECAR_TOKEN
    request = urllib.request.Request(SIDECAR_URL + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def verify(headers, payload):
    """Standard Webhooks: v1,base64(HMAC-SHA256(key, id.timestamp.body)), timestamp within 5 minutes."""
    msg_id, timestamp, signatures = (headers.get("webhook-id"), headers.get("webhook-timestamp"),
                                     headers.get("webhook-signature"))
    if not (msg_id and timestamp and signatures):
        raise ValueError("missing webhook headers")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        raise ValueError("timestamp too old or too new")
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + payload
    expected = base64.b64encode(hmac.new(WEBHOOK_KEY, signed, hashlib.sha256).digest()).decode()
    for signature in signatures.split(" "):
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return json.loads(payload)
    raise ValueError("no matching signature")


def dashboard_page(user, status, body):
    """The referral dashboard page: link, friends referred, balance, the friends themselves."""
    esc = lambda value: html.escape("" if value is None else str(value))
    if status != 200:
        main = f"<p>No referral account for {esc(user)} (sidecar answered {status}).</p>"
    elif body.get("pending"):
        main = "<p>Your referral account is being set up: come back in a minute.</p>"
    else:
        balance = "".join(f"<li>{esc(b.get('amount'))} {esc(b.get('amount_units'))}</li>"
                          for b in (body.get("balance") or {}).get("currency", []))
        friends = "".join(f"<li>{esc(r.get('name'))}: {esc(r.get('status'))}</li>" for r in body.get("referrals", []))
        link = esc(body.get("referral_link"))
        main = (f'<p>Your link: <a id="referral-link" href="{link}">{link}</a></p>\n'
                f'<p>Friends referred: <strong id="referrals-count">{esc(body.get("referrals_count"))}</strong></p>\n'
                f'<h2>Earned</h2><ul id="balance">{balance}</ul>\n<h2>Friends</h2><ul id="referrals">{friends}</ul>'
                + ("<p>(may be a few minutes old)</p>" if body.get("stale") else ""))
    return ('<!doctype html><html><head><meta charset="utf-8"><title>Referrals</title></head>\n'
            f"<body><h1>Referrals of {esc(user)}</h1>{main}</body></html>")


class Backend(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections open between requests (every answer has a Content-Length); HTTP/1.0, the default,
    # closes each one, and a client that reuses it meanwhile sees the connection drop.
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        payload = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/webhooks/referrals":
            return self.receive(payload)
        body = json.loads(payload or b"{}")
        if self.path == "/signup":
            # 1. create the user in your own database (omitted), then
            # 2. tell the sidecar, forwarding the browser's Cookie header untouched: it finds partnero_referral.
            return self.answer(*sidecar("POST", "/signup-hook", {"key": body.get("id"), "email": body.get("email"),
                                                                 "name": body.get("name")}, self.headers.get("Cookie")))
        if self.path == "/checkout":
            return self.answer(*sidecar("POST", "/purchase-hook", {"customer_key": body.get("user_id"),
                                                                   "key": body.get("order_id"),
                                                                   "amount": body.get("amount")}))
        if self.path == "/refund":
            return self.answer(*sidecar("POST", "/refund-hook", {"key": body.get("order_id")}))
        self.answer(404, {"error": "not found"})

    def do_GET(self):
        if self.path.startswith("/dashboard/"):
            user = urllib.parse.unquote(self.path[len("/dashboard/"):])
            status, body = sidecar("GET", "/referrals/" + urllib.parse.quote(user, safe=""))
            return self.answer(status, dashboard_page(user, status, body), "text/html; charset=utf-8")
        if self.path == "/events":
            with events_lock:
                return self.answer(200, [{"id": i, "type": t} for i, t in events.items()])
        self.answer(404, {"error": "not found"})

    def receive(self, payload):
        """The relay from the sidecar: verify (signature and timestamp), then drop a repeat by its webhook-id."""
        try:
            event = verify(self.headers, payload)
        except ValueError as error:
            return self.answer(401, {"error": str(error)})
        with events_lock:
            if self.headers["webhook-id"] in events:
                return self.answer(200, {"status": "duplicate"})
            events[self.headers["webhook-id"]] = event.get("event")
        # Act on the event here: e.g. transaction.created -> thank the referrer.
        self.answer(200, {"status": "accepted"})

    def answer(self, status, body, content_type="application/json"):
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    print(f"example backend on http://127.0.0.1:{PORT} -> {SIDECAR_URL}", flush=True)
    ThreadingHTTPServer(("127.0.0.1", PORT), Backend).serve_forever()
