#!/usr/bin/env python3
"""Soak driver for bench/soak.sh: load from N connections, kill -9 + restart of the sidecar, then verification.

Each customer belongs to one connection, which sends its writes one after the other, so a customer's acceptance
order is well defined. A request that fails at the connection level (the sidecar was killed) is repeated with the
same key until it gets an answer: a repeat of an accepted write answers `duplicate`, never a second write.
"""
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

SIDECAR = int(os.environ["SIDECAR_PORT"])
EMULATOR = int(os.environ["EMULATOR_PORT"])
PURCHASES = int(os.environ.get("PURCHASES", "10000"))
CUSTOMERS = int(os.environ.get("CUSTOMERS", "500"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "16"))
KILLS = int(os.environ.get("KILLS", "2"))
REFUND_SHARE = float(os.environ.get("REFUND_SHARE", "0.05"))
SEED = int(os.environ.get("SEED", "7"))
# Each kill happens once a random share of the purchases, drawn from this window ("min,max"), has been answered.
KILL_AT = [float(x) for x in os.environ.get("KILL_AT", "0.1,0.9").split(",")]
RESTART = os.environ["RESTART_CMD"]  # prints the new sidecar pid once it is ready
PID_FILE = os.environ["PID_FILE"]

lock = threading.Lock()
accepted = {}      # purchase key -> customer
order = {}         # customer -> [purchase keys in acceptance order]
refunded = set()
statuses = {}
kills = []
down = threading.Event()
up = threading.Event()
up.set()


def call(port, method, path, body=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if port == SIDECAR:
            headers["Authorization"] = "Bearer " + os.environ["SOAK_TOKEN"]
        conn.request(method, path, None if body is None else json.dumps(body), headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def send(path, body):
    """Until the sidecar answers: a write is repeated with its key after a crash."""
    while True:
        up.wait()
        try:
            status, text = call(SIDECAR, "POST", path, body)
        except OSError:
            time.sleep(0.2)
            continue
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
        if status == 503:
            time.sleep(0.5)
            continue
        return status, text


def worker(index, customers, count):
    rnd = random.Random(SEED * 1000 + index)
    for customer in customers:
        status, _ = send("/signup-hook", {"key": customer, "email": customer + "@example.com", "name": "Soak"})
        if status >= 300:
            print("sign-up", customer, "answered", status, file=sys.stderr)
    for n in range(count):
        customer = rnd.choice(customers)
        key = "%s-p%d" % (customer, n)
        status, _ = send("/purchase-hook", {"customer_key": customer, "key": key, "amount": rnd.randint(1, 500)})
        if 200 <= status < 300:
            with lock:
                accepted[key] = customer
                order.setdefault(customer, []).append(key)
            if rnd.random() < REFUND_SHARE:
                refund_status, _ = send("/refund-hook", {"key": key})
                if 200 <= refund_status < 300:
                    with lock:
                        refunded.add(key)


def killer(stop):
    """Kills at random moments of the load: each kill when a random share of the purchases has been answered."""
    rnd = random.Random(SEED)
    marks = sorted(rnd.uniform(*KILL_AT) for _ in range(KILLS))
    for mark in marks:
        while len(accepted) < mark * PURCHASES:
            if stop.wait(0.05):
                return
        pid = int(open(PID_FILE).read())
        up.clear()
        os.kill(pid, signal.SIGKILL)
        kills.append(pid)
        print("killed sidecar", pid, "at", time.strftime("%H:%M:%S"), "after", len(accepted), "purchases",
              file=sys.stderr)
        subprocess.run(RESTART, shell=True, check=True)
        up.set()


def explain(missing, live, state):
    """Where the first missing purchases are: in the emulator (how often), and their rows in the sidecar's store."""
    deleted = {}
    for tx in state["transactions"]:
        if tx.get("deleted_at") is not None:
            deleted[tx["key"]] = deleted.get(tx["key"], 0) + 1
    store = os.environ.get("SOAK_DB")
    rows = {}
    if store:
        import sqlite3
        db = sqlite3.connect("file:%s?mode=ro" % store, uri=True)
        for key in missing:
            rows[key] = db.execute("SELECT state, attempts, maybe_sent, dead_reason, last_error FROM outbox "
                                   "WHERE operation = 'PURCHASE' AND dedupe_key = ?", (key,)).fetchall()
        refunds = {key: db.execute("SELECT state, attempts, last_error FROM outbox WHERE operation = 'REFUND' "
                                   "AND dedupe_key = ?", (key,)).fetchall() for key in missing}
    for key in missing[:15]:
        print("missing %s: live %d, deleted %d, row %s, refund row %s" % (key, live.get(key, 0), deleted.get(key, 0),
              rows.get(key), refunds.get(key) if store else None), file=sys.stderr)
    if store:
        by_state = {}
        for key in missing:
            state_name = rows[key][0][0] if rows[key] else "ABSENT"
            by_state[state_name] = by_state.get(state_name, 0) + 1
        print("missing purchases by row state:", by_state, file=sys.stderr)


def main():
    customers = ["soak_c%d" % i for i in range(CUSTOMERS)]
    groups = [customers[i::CONNECTIONS] for i in range(CONNECTIONS)]
    per = PURCHASES // CONNECTIONS
    stop = threading.Event()
    kill_thread = threading.Thread(target=killer, args=(stop,))
    kill_thread.start()
    started = time.time()
    threads = [threading.Thread(target=worker, args=(i, groups[i], per)) for i in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    kill_thread.join()
    load_seconds = time.time() - started
    open(os.environ["LOAD_DONE"], "w").close()
    time.sleep(4)  # the fault loop sees the file within one step and stops
    call(EMULATOR, "DELETE", "/sandbox/faults")
    drained = False
    drain_started = time.time()
    for _ in range(600):
        status, text = call(SIDECAR, "GET", "/admin/dead-letters")
        dead = json.loads(text)
        metrics = call(int(os.environ["SIDECAR_MGMT_PORT"]), "GET", "/q/metrics")[1].decode()
        pending = [line for line in metrics.splitlines()
                   if line.startswith("sidecar_outbox_depth") and 'state="pending"' in line]
        if pending and float(pending[0].split()[-1]) == 0:
            drained = True
            break
        time.sleep(1)
    state = json.loads(call(EMULATOR, "GET", "/sandbox/state")[1])
    live = {}
    created = {}
    for index, tx in enumerate(state["transactions"]):
        if tx.get("deleted_at") is None:
            live[tx["key"]] = live.get(tx["key"], 0) + 1
        created.setdefault(tx["key"], index)
    twice = [k for k, n in live.items() if n > 1]
    missing = [k for k in accepted if k not in refunded and live.get(k, 0) != 1]
    refunded_live = [k for k in refunded if live.get(k, 0) != 0]
    out_of_order = 0
    for customer, keys in order.items():
        positions = [created[k] for k in keys if k in created]
        out_of_order += sum(1 for a, b in zip(positions, positions[1:]) if a > b)
    report = {"purchases_accepted": len(accepted), "refunded": len(refunded), "answers": statuses,
              "load_seconds": round(load_seconds, 1), "kills": len(kills), "drained": drained,
              "drain_seconds": round(time.time() - drain_started, 1), "dead_letters": len(dead),
              "dead_letter_reasons": sorted({d["reason"] for d in dead}), "in_emulator_twice": len(twice),
              "missing_or_not_once": len(missing), "refunded_but_live": len(refunded_live),
              "customer_order_violations": out_of_order}
    print(json.dumps(report, indent=2))
    if missing:
        explain(missing, live, state)
    ok = len(kills) == KILLS and drained and not twice and not missing and not refunded_live and out_of_order == 0 and not dead
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
