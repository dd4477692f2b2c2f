<?php
// The predecessor's webhook receiver, rebuilt as its authors would: nginx hands each request to a
// php-fpm worker, which checks Zoom's signature, stores the raw event with one INSERT OR IGNORE
// (the business key is UNIQUE, so a redelivery is stored once) and answers 200 after the commit.
// The store path and the secret come from fastcgi_param (see nginx.conf.template).

const TOLERANCE_SECONDS = 300;

function answer(int $status, string $body): void {
    http_response_code($status);
    header('Content-Type: application/json');
    echo $body;
}

function store(): PDO {
    // A persistent connection per worker: opening SQLite and preparing the table per request would
    // be an unfair handicap.
    $pdo = new PDO('sqlite:' . $_SERVER['WEBHOOK_STORE'], null, null, [
        PDO::ATTR_PERSISTENT => true,
        PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
    ]);
    static $ready = false;
    if (!$ready) {
        $pdo->exec('PRAGMA busy_timeout = 10000');
        $pdo->exec('PRAGMA journal_mode = WAL');
        $pdo->exec('PRAGMA synchronous = NORMAL');
        $ready = true;
    }
    return $pdo;
}

$body = file_get_contents('php://input');
$timestamp = $_SERVER['HTTP_X_ZM_REQUEST_TIMESTAMP'] ?? '';
$signature = $_SERVER['HTTP_X_ZM_SIGNATURE'] ?? '';
$expected = 'v0=' . hash_hmac('sha256', "v0:$timestamp:$body", $_SERVER['WEBHOOK_SECRET']);
if (!hash_equals($expected, $signature)) {
    answer(401, '{"error":"signature does not match"}');
    return;
}
if (!ctype_digit($timestamp) || abs(time() - (int)$timestamp) > TOLERANCE_SECONDS) {
    answer(401, '{"error":"x-zm-request-timestamp is too far from now"}');
    return;
}
$event = json_decode($body, true);
if (!is_array($event) || !isset($event['event'])) {
    answer(400, '{"error":"body is not a Zoom event"}');
    return;
}
$object = $event['payload']['object'] ?? [];
$participant = $object['participant'] ?? [];
$participantKey = $participant['participant_uuid'] ?? ($participant['user_id'] ?? '');
$time = $participant['join_time'] ?? ($participant['leave_time'] ?? null);
$eventTime = $time !== null ? strtotime($time) : intdiv((int)($event['event_ts'] ?? 0), 1000);

try {
    $insert = store()->prepare(
        'INSERT OR IGNORE INTO webhook_events(event, meeting_uuid, participant_key, event_time, received_at, body)
         VALUES (?, ?, ?, ?, ?, ?)');
    $insert->execute([$event['event'], $object['uuid'] ?? '', $participantKey, $eventTime, time(), $body]);
} catch (PDOException $error) {
    answer(503, '{"error":"event could not be stored; retry later"}');
    return;
}
answer(200, '{"status":"ok"}');
