// The sandbox console: plain browser JavaScript, no library. It talks to this origin only (the page's
// Content-Security-Policy enforces that): the emulator's control endpoints, the sidecar's hooks, and the
// sidecar's read-only queue view.
'use strict';

(() => {
    const COOKIE = 'partnero_referral';
    const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
    const FAULTS = {
        down: { error_status: 503, error_body: 'html' },
        slow: { latency_ms: 1500 },
        throttled: { rate_limit: { status: 429, retry_after_s: 5 } },
        'after-commit': { match: { method: 'POST', path_prefix: '/v1/transactions' }, after_commit: { status: 500 } },
    };
    const STATES = {
        pending: '… pending', blocked: '⏸ blocked', delivered: '✓ delivered', dead: '✗ dead',
        cancelled: '– cancelled', discarded: '– discarded',
    };

    const $ = (selector) => document.querySelector(selector);
    const siteUrl = document.body.dataset.siteUrl;
    const past = [];
    let latest = { customers: [], transactions: [], credits: [] };
    let refreshing = false;
    let suggested = false;

    // --- talking to the sidecar ------------------------------------------------------------------------------

    /** The hook token, or for /admin/** the admin token when one is set (SIDECAR_ADMIN_TOKEN guards them). */
    function headers(body, path) {
        const h = { Accept: 'application/json' };
        if (body !== undefined) {
            h['Content-Type'] = 'application/json';
        }
        const admin = path && path.startsWith('/admin/') ? $('#admin-token').value.trim() : '';
        const token = admin || $('#token').value.trim();
        if (token) {
            h.Authorization = 'Bearer ' + token;
        }
        return h;
    }

    async function call(method, path, body) {
        const started = performance.now();
        const init = { method, headers: headers(body, path), credentials: 'same-origin' };
        if (body !== undefined) {
            init.body = JSON.stringify(body);
        }
        try {
            const response = await fetch(path, init);
            const text = await response.text();
            let json = null;
            try {
                json = text ? JSON.parse(text) : null;
            } catch (notJson) {
                json = null;
            }
            return { status: response.status, statusText: response.statusText, text, json,
                ms: Math.round(performance.now() - started) };
        } catch (error) {
            return { status: 0, statusText: 'no answer', text: String(error), json: null,
                ms: Math.round(performance.now() - started) };
        }
    }

    /** A step the user asked for: sends it, shows request and answer, refreshes the state. */
    async function step(title, method, path, body) {
        const answer = await call(method, path, body);
        show(title, method, path, body, answer);
        refresh();
        return answer;
    }

    function show(title, method, path, body, answer) {
        const request = [method + ' ' + path];
        Object.entries(headers(body, path)).forEach(([name, value]) =>
            request.push(name + ': ' + (name === 'Authorization' ? 'Bearer ••••' : value)));
        if (document.cookie) {
            request.push('Cookie: ' + document.cookie + '   ← added by the browser itself');
        }
        if (body !== undefined) {
            request.push('', JSON.stringify(body, null, 2));
        }
        const reply = [answer.status + ' ' + answer.statusText + ' · ' + answer.ms + ' ms'];
        if (answer.text) {
            reply.push('', answer.json ? JSON.stringify(answer.json, null, 2) : answer.text.slice(0, 2000));
        }
        const outcome = summary(answer);
        past.unshift(title + ': ' + method + ' ' + path + ' → ' + answer.status + (outcome ? ' ' + outcome : ''));
        past.length = Math.min(past.length, 12);

        const panel = $('#exchange');
        panel.replaceChildren(
            el('h4', {}, title),
            el('p', {}, 'Request sent'), el('pre', { id: 'request' }, request.join('\n')),
            el('p', {}, 'Answer'), el('pre', { id: 'answer' }, reply.join('\n')),
            el('p', {}, 'Earlier steps, newest first'),
            el('ol', { id: 'history' }, ...past.map((line) => el('li', {}, line))));
    }

    /** The word that matters in a hook's answer: delivered, queued, ... (also per line of a batch). */
    function summary(answer) {
        const json = answer.json;
        if (!json || typeof json !== 'object') {
            return '';
        }
        if (json.status && typeof json.status === 'string') {
            return json.status;
        }
        if (Array.isArray(json.transactions)) {
            return json.transactions.map((t) => t.status).join(', ');
        }
        return json.title || '';
    }

    // --- the visitor and the backend --------------------------------------------------------------------------

    /** What PartneroJS does on the page a referral link opens: keep {@code ref} in the cookie. */
    function landing() {
        const params = new URLSearchParams(location.search);
        const ref = params.get('ref');
        if (ref === null) {
            return;
        }
        window.history.replaceState(null, '', location.pathname);
        if (!/^[A-Za-z0-9._~:@-]{1,255}$/.test(ref)) {
            note('Landed with ref=' + ref + ': not a usable key, no cookie set.');
            return;
        }
        document.cookie = COOKIE + '=' + ref + '; path=/; max-age=2592000; samesite=lax';
        note('Opened ' + referralLink(ref) + ' (here: /sandbox?ref=' + ref + '). As PartneroJS would, this page '
            + 'stored the cookie ' + COOKIE + '=' + ref + '. Now sign up: the browser sends the cookie along.');
        $('#signup-key').focus();
    }

    function note(text) {
        $('#exchange').replaceChildren(el('p', { id: 'note' }, text));
    }

    function referralCookie() {
        const match = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(COOKIE + '='));
        return match ? match.substring(COOKIE.length + 1) : '';
    }

    function referralLink(key) {
        return siteUrl + (siteUrl.includes('?') ? '&' : '?') + 'ref=' + encodeURIComponent(key);
    }

    function bind() {
        $('#referrer').addEventListener('change', showLink);
        $('#visit-form').addEventListener('submit', (event) => {
            event.preventDefault();
            const key = $('#referrer').value;
            if (key) {
                location.assign('/sandbox?ref=' + encodeURIComponent(key));
            }
        });
        $('#forget-cookie').addEventListener('click', () => {
            document.cookie = COOKIE + '=; path=/; max-age=0';
            showCookie();
            note('The ' + COOKIE + ' cookie is gone: the next sign-up has no referrer.');
        });
        $('#signup-form').addEventListener('submit', async (event) => {
            event.preventDefault();
            const key = $('#signup-key').value.trim();
            const body = { key, name: $('#signup-name').value.trim() || undefined,
                email: $('#signup-email').value.trim() || undefined };
            const answer = await step('Sign-up', 'POST', '/signup-hook', body);
            if (answer.status < 300) {
                $('#buyer').value = key;
                suggestSignup(key);
            }
        });
        $('#purchase-form').addEventListener('submit', async (event) => {
            event.preventDefault();
            const key = $('#order').value.trim();
            const answer = await step('Purchase', 'POST', '/purchase-hook', { customer_key: $('#buyer').value.trim(),
                key, amount: Number($('#amount').value) });
            if (answer.status < 300) {
                $('#refund-key').value = key;
                $('#order').value = nextOrder(key);
            }
        });
        $('#refund-form').addEventListener('submit', (event) => {
            event.preventDefault();
            step('Refund', 'POST', '/refund-hook', { key: $('#refund-key').value.trim() });
        });
        $('#dashboard-form').addEventListener('submit', (event) => {
            event.preventDefault();
            step('Dashboard', 'GET', '/referrals/' + encodeURIComponent($('#dashboard-key').value.trim()));
        });
        document.querySelectorAll('[data-fault]').forEach((button) => button.addEventListener('click', () => {
            const fault = button.dataset.fault;
            if (fault === 'recover') {
                step('Recover', 'DELETE', '/sandbox/faults');
            } else {
                step('Fault: ' + button.textContent, 'POST', '/sandbox/faults', FAULTS[fault]);
            }
        }));
        $('#reset').addEventListener('click', () => {
            if (window.confirm('Reset the emulator? Its customers, transactions, faults and logs are cleared.')) {
                step('Reset', 'POST', '/sandbox/reset');
            }
        });
        $('#token').value = sessionStorage.getItem('sidecar-token') || '';
        $('#token').addEventListener('change', () => sessionStorage.setItem('sidecar-token', $('#token').value));
        $('#admin-token').value = sessionStorage.getItem('sidecar-admin-token') || '';
        $('#admin-token').addEventListener('change',
            () => sessionStorage.setItem('sidecar-admin-token', $('#admin-token').value));
    }

    function nextOrder(key) {
        const match = /^(.*?)(\d+)$/.exec(key);
        return match ? match[1] + String(Number(match[2]) + 1).padStart(match[2].length, '0') : key + '_2';
    }

    /** Fills the sign-up form with the first example name not taken yet. */
    function suggestSignup(justUsed) {
        const taken = new Set(latest.customers.map((c) => c.key));
        if (justUsed) {
            taken.add(justUsed);
        }
        const name = NAMES.find((n) => !taken.has(n));
        if (name) {
            $('#signup-key').value = name;
            $('#signup-name').value = name[0].toUpperCase() + name.slice(1);
            $('#signup-email').value = name + '@example.com';
        }
    }

    // --- refreshing the picture ---------------------------------------------------------------------------------

    async function refresh() {
        if (refreshing) {
            return;
        }
        refreshing = true;
        try {
            const [state, requests, deliveries, faults, outbox] = await Promise.all([
                call('GET', '/sandbox/state'), call('GET', '/sandbox/requests'),
                call('GET', '/sandbox/webhook-deliveries'), call('GET', '/sandbox/faults'),
                call('GET', '/admin/outbox?limit=30')]);
            if (state.status !== 200) {
                $('#status').textContent = 'Could not read the emulator state: ' + state.status + ' ' + state.statusText
                    + (state.status === 401 ? ' (enter SIDECAR_TOKEN under Settings)' : '');
                return;
            }
            latest = state.json;
            renderCustomers(latest);
            renderTransactions(latest);
            renderQueue(outbox, latest);
            renderRequests(requests.json ? requests.json.requests : []);
            renderDeliveries(deliveries.json ? deliveries.json.deliveries : []);
            renderFaults(faults.json);
            if (!suggested) {
                suggested = true;
                suggestSignup();
            }
            $('#status').textContent = 'Updated ' + clock(new Date()) + ' · ' + latest.customers.length
                + ' customers · ' + latest.transactions.length + ' transactions';
        } finally {
            refreshing = false;
        }
    }

    function byUid(state) {
        return new Map(state.customers.map((c) => [c.uid, c]));
    }

    function renderCustomers(state) {
        const customers = byUid(state);
        const rows = state.customers.map((c) => {
            const referrer = customers.get(c.referrer_uid);
            const referrals = state.customers.filter((r) => r.referrer_uid === c.uid).length;
            return tr({ 'data-key': c.key }, c.key, [c.name, c.surname].filter(Boolean).join(' ') || '—',
                referralLink(c.key), referrer ? referrer.key : '—', String(referrals), money(balance(state, c.uid)));
        });
        $('#customers tbody').replaceChildren(...(rows.length ? rows : [empty(6, 'No customers yet.')]));

        const keys = state.customers.map((c) => c.key);
        fillSelect($('#referrer'), keys);
        $('#customer-keys').replaceChildren(...keys.map((k) => el('option', { value: k })));
        showLink();
        showCookie();
    }

    /** Live, non-archived rewards earned plus credits, in cents to avoid float drift. */
    function balance(state, uid) {
        const rewards = state.transactions.filter((t) => t.referrer_uid === uid && t.reward && !t.deleted_at
            && !t.archived && !t.reward.deleted_at).map((t) => t.reward.amount);
        const credits = (state.credits || []).filter((c) => c.customer_uid === uid).map((c) => c.amount);
        return rewards.concat(credits).reduce((sum, amount) => sum + Math.round(Number(amount) * 100), 0) / 100;
    }

    function renderTransactions(state) {
        const customers = byUid(state);
        const keyOf = (uid, fallback) => (customers.get(uid) || { key: fallback || '—' }).key;
        const rows = state.transactions.map((t) => {
            const reward = t.reward
                ? money(t.reward.amount) + ' to ' + keyOf(t.referrer_uid, t.referrer_id)
                    + (t.reward.deleted_at ? ' (reversed)' : '')
                : 'none';
            const refunded = t.deleted_at ? 'yes, ' + clock(new Date(t.deleted_at)) : 'no';
            return tr({ 'data-key': t.key }, t.key, keyOf(t.buyer_uid, t.buyer_id), money(t.amount), t.action, reward,
                refunded + (t.archived ? ' (archived)' : ''));
        });
        $('#transactions tbody').replaceChildren(...(rows.length ? rows : [empty(6, 'No transactions yet.')]));
    }

    function renderQueue(outbox, state) {
        if (outbox.status === 404) {
            $('#pause').textContent = 'No queue: this sidecar runs in sandbox-only mode.';
            return;
        }
        if (outbox.status !== 200) {
            $('#pause').textContent = 'Could not read the queue: ' + outbox.status + ' ' + outbox.statusText
                + (outbox.status === 401 ? ' (enter SIDECAR_ADMIN_TOKEN under Settings)' : '');
            return;
        }
        const view = outbox.json;
        const pause = view.pause;
        $('#pause').textContent = pause.key_refused ? 'Writes paused: Partnero refuses the API key (401/403).'
            : pause.paused ? 'Writes paused until ' + clock(new Date(pause.until)) + ' (Partnero answered 429).'
                : 'Writes: not paused.';
        $('#queue-counts').replaceChildren(...Object.entries(view.counts).flatMap(([name, count]) => [
            el('dt', {}, name), el('dd', { id: 'count-' + name }, String(count))]));
        const rows = view.recent.map((r) => tr({ 'data-key': r.key, 'data-state': r.state }, String(r.id),
            r.operation, r.key, r.customer_key || '—', STATES[r.state] || r.state, String(r.attempts),
            [r.reason, r.last_error].filter(Boolean).join(': ') || '—', upstream(r, state)));
        $('#queue tbody').replaceChildren(...(rows.length ? rows : [empty(8, 'Nothing queued yet.')]));
    }

    /** How the emulator shows a write: the number of live transactions for a purchase, presence for the rest. */
    function upstream(row, state) {
        if (row.operation === 'purchase') {
            const count = state.transactions.filter((t) => t.key === row.key && !t.deleted_at).length;
            return count + '×';
        }
        if (row.operation === 'signup') {
            return state.customers.some((c) => c.key === row.key) ? 'present' : 'absent';
        }
        if (row.operation === 'refund') {
            return state.transactions.some((t) => t.key === row.key && t.deleted_at) ? 'refunded' : 'not refunded';
        }
        return '—';
    }

    function renderRequests(requests) {
        const rows = requests.slice(-40).reverse().map((r) => tr({}, clock(new Date(r.time)), r.method, r.path,
            r.status === null ? 'no answer' : String(r.status), r.latency_ms + ' ms'));
        $('#requests tbody').replaceChildren(...(rows.length ? rows : [empty(5, 'No calls yet.')]));
    }

    function renderDeliveries(deliveries) {
        const rows = deliveries.slice(-40).reverse().map((d) => tr({}, clock(new Date(d.time)), d.event, d.url,
            d.status === null ? 'no answer: ' + d.error : String(d.status)));
        $('#webhooks tbody').replaceChildren(...(rows.length ? rows : [empty(4, 'No deliveries.')]));
    }

    function renderFaults(view) {
        const rules = view && view.rules ? view.rules : [];
        $('#faults').textContent = rules.length ? rules.map(describe).join('; ') : 'none: Partnero is healthy';
    }

    function describe(rule) {
        const left = rule.remaining === null || rule.remaining === undefined ? '' : ' (' + rule.remaining + ' left)';
        const where = rule.match ? ' on ' + [rule.match.method, rule.match.path_prefix].filter(Boolean).join(' ') : '';
        if (rule.error_status) {
            return 'every call answers ' + rule.error_status + where + left;
        }
        if (rule.rate_limit) {
            return 'every call answers ' + rule.rate_limit.status + ', Retry-After ' + rule.rate_limit.retry_after_s
                + ' s' + where + left;
        }
        if (rule.after_commit) {
            return 'changes are applied, then answered ' + (rule.after_commit.status || 'late or not at all') + where
                + left;
        }
        if (rule.latency_ms) {
            return 'every call waits ' + rule.latency_ms + ' ms' + where + left;
        }
        return JSON.stringify(rule);
    }

    function showLink() {
        const key = $('#referrer').value;
        $('#referral-link').textContent = key ? referralLink(key) : '—';
    }

    function showCookie() {
        const value = referralCookie();
        $('#cookie').textContent = value ? COOKIE + '=' + value : 'none';
    }

    // --- small DOM helpers (text only: nothing from the server is parsed as HTML) -------------------------------

    function el(tag, attributes, ...children) {
        const node = document.createElement(tag);
        Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
        node.append(...children);
        return node;
    }

    function tr(attributes, ...cells) {
        return el('tr', attributes, ...cells.map((c) => el('td', {}, c)));
    }

    function empty(columns, text) {
        const cell = el('td', { colspan: String(columns) }, text);
        return el('tr', {}, cell);
    }

    function fillSelect(select, keys) {
        const chosen = select.value;
        const current = Array.from(select.options).map((o) => o.value).join(',');
        if (current === keys.join(',')) {
            return;
        }
        select.replaceChildren(...(keys.length ? keys.map((k) => el('option', { value: k }, k))
            : [el('option', { value: '' }, '(nobody has signed up yet)')]));
        if (keys.includes(chosen)) {
            select.value = chosen;
        }
    }

    function money(amount) {
        return Number(amount).toFixed(2) + ' USD';
    }

    function clock(date) {
        return date.toTimeString().slice(0, 8);
    }

    async function loop() {
        if ($('#auto-refresh').checked) {
            await refresh();
        }
        setTimeout(loop, 1000);
    }

    bind();
    landing();
    loop();
})();
