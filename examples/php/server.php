<?php
// An application backend in PHP that uses the referral sidecar, standard library only (streams, hash, json).
// Run with the built-in server as the router script: see README.md.
declare(strict_types=1);

const TOLERANCE_SECONDS = 300;
$sidecarUrl = getenv('SIDECAR_URL') ?: 'http://127.0.0.1:8080';
$secret = getenv('APP_WEBHOOK_SECRET') ?: '';
// Seen webhook-ids, one file each (php -S may run several workers). A real application uses its database.
$dataDir = getenv('DATA_DIR') ?: sys_get_temp_dir() . '/referral-example-php';

/** Calls the sidecar; returns [status, decoded JSON] whatever the status: its answers are the contract. */
function sidecar(string $method, string $path, ?array $body = null, ?string $cookie = null): array
{
    global $sidecarUrl;
    $headers = ['Accept: application/json'];
    if ($body !== null) {
        $headers[] = 'Content-Type: application/json';
    }
    if ($cookie !== null && $cookie !== '') {
        $headers[] = 'Cookie: ' . $cookie;
    }
    if (getenv('SIDECAR_TOKEN')) {
        $headers[] = 'Authorization: Bearer ' . getenv('SIDECAR_TOKEN');
    }
    $context = stream_context_create(['http' => ['method' => $method, 'header' => implode("\r\n", $headers),
        'content' => $body === null ? '' : json_encode($body), 'ignore_errors' => true, 'timeout' => 10]]);
    $text = @file_get_contents($sidecarUrl . $path, false, $context);
    if ($text === false) {
        return [502, ['error' => 'sidecar unreachable']];
    }
    preg_match('{^HTTP/\S+ (\d{3})}', $http_response_header[0], $status);
    return [(int) $status[1], json_decode($text, true)];
}

/** Standard Webhooks: v1,base64(HMAC-SHA256(key, id.timestamp.body)), timestamp within 5 minutes. */
function verify(string $secret, string $payload): array
{
    $id = $_SERVER['HTTP_WEBHOOK_ID'] ?? '';
    $timestamp = $_SERVER['HTTP_WEBHOOK_TIMESTAMP'] ?? '';
    $signatures = $_SERVER['HTTP_WEBHOOK_SIGNATURE'] ?? '';
    if ($id === '' || $signatures === '' || !ctype_digit($timestamp)) {
        throw new UnexpectedValueException('missing webhook headers');
    }
    if (abs(time() - (int) $timestamp) > TOLERANCE_SECONDS) {
        throw new UnexpectedValueException('timestamp too old or too new');
    }
    $key = base64_decode(substr($secret, strlen('whsec_')), true);
    $expected = base64_encode(hash_hmac('sha256', "$id.$timestamp.$payload", (string) $key, true));
    foreach (explode(' ', $signatures) as $signature) {
        [$version, $value] = array_pad(explode(',', $signature, 2), 2, '');
        if ($version === 'v1' && hash_equals($expected, $value)) {
            return json_decode($payload, true);
        }
    }
    throw new UnexpectedValueException('no matching signature');
}

/** The referral dashboard page: link, friends referred, balance, the friends themselves. */
function dashboardPage(string $user, int $status, ?array $body): string
{
    $e = fn($value) => htmlspecialchars((string) $value, ENT_QUOTES);
    if ($status !== 200) {
        $main = "<p>No referral account for {$e($user)} (sidecar answered $status).</p>";
    } elseif (!empty($body['pending'])) {
        $main = '<p>Your referral account is being set up: come back in a minute.</p>';
    } else {
        $balance = implode('', array_map(fn($b) => "<li>{$e($b['amount'] ?? '')} {$e($b['amount_units'] ?? '')}</li>",
            $body['balance']['currency'] ?? []));
        $friends = implode('', array_map(fn($r) => "<li>{$e($r['name'] ?? '')}: {$e($r['status'] ?? '')}</li>",
            $body['referrals'] ?? []));
        $link = $e($body['referral_link'] ?? '');
        $main = "<p>Your link: <a id=\"referral-link\" href=\"$link\">$link</a></p>\n"
            . "<p>Friends referred: <strong id=\"referrals-count\">{$e($body['referrals_count'] ?? 0)}</strong></p>\n"
            . "<h2>Earned</h2><ul id=\"balance\">$balance</ul>\n<h2>Friends</h2><ul id=\"referrals\">$friends</ul>"
            . (!empty($body['stale']) ? '<p>(may be a few minutes old)</p>' : '');
    }
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Referrals</title></head>\n"
        . "<body><h1>Referrals of {$e($user)}</h1>$main</body></html>";
}

function answer(int $status, $body, string $type = 'application/json'): void
{
    http_response_code($status);
    header('Content-Type: ' . $type);
    echo is_string($body) ? $body : json_encode($body);
}

$method = $_SERVER['REQUEST_METHOD'];
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$raw = file_get_contents('php://input');
$input = $method === 'POST' ? (json_decode($raw ?: '{}', true) ?? []) : [];

if ($method === 'POST' && $path === '/signup') {
    // 1. create the user in your own database (omitted), then
    // 2. tell the sidecar, forwarding the browser's Cookie header untouched: it finds partnero_referral itself.
    answer(...sidecar('POST', '/signup-hook', ['key' => $input['id'] ?? null, 'email' => $input['email'] ?? null,
        'name' => $input['name'] ?? null], $_SERVER['HTTP_COOKIE'] ?? null));
} elseif ($method === 'POST' && $path === '/checkout') {
    answer(...sidecar('POST', '/purchase-hook', ['customer_key' => $input['user_id'] ?? null,
        'key' => $input['order_id'] ?? null, 'amount' => $input['amount'] ?? null]));
} elseif ($method === 'POST' && $path === '/refund') {
    answer(...sidecar('POST', '/refund-hook', ['key' => $input['order_id'] ?? null]));
} elseif ($method === 'GET' && str_starts_with($path, '/dashboard/')) {
    $user = rawurldecode(substr($path, strlen('/dashboard/')));
    [$status, $body] = sidecar('GET', '/referrals/' . rawurlencode($user));
    answer($status, dashboardPage($user, $status, $body), 'text/html; charset=utf-8');
} elseif ($method === 'POST' && $path === '/webhooks/referrals') {
    // The relay from the sidecar: verify (signature and timestamp), then drop a repeat by its webhook-id.
    try {
        $event = verify($secret, $raw);
    } catch (UnexpectedValueException $refused) {
        answer(401, ['error' => $refused->getMessage()]);
        return;
    }
    is_dir($dataDir) || mkdir($dataDir, 0700, true);
    $id = $_SERVER['HTTP_WEBHOOK_ID'];
    $first = @fopen($dataDir . '/' . hash('sha256', $id), 'x'); // creating the file fails if the id was seen
    if ($first === false) {
        answer(200, ['status' => 'duplicate']);
        return;
    }
    fclose($first);
    file_put_contents("$dataDir/events.jsonl", json_encode(['id' => $id, 'type' => $event['event'] ?? null]) . "\n",
        FILE_APPEND | LOCK_EX);
    // Act on the event here: e.g. transaction.created -> thank the referrer.
    answer(200, ['status' => 'accepted']);
} elseif ($method === 'GET' && $path === '/events') {
    $lines = is_file("$dataDir/events.jsonl") ? file("$dataDir/events.jsonl", FILE_IGNORE_NEW_LINES) : [];
    answer(200, array_map(fn($line) => json_decode($line, true), $lines));
} else {
    answer(404, ['error' => 'not found']);
}
