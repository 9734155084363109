/* global fetch, AbortSignal */
// The image's HEALTHCHECK: exit 0 when GET /readyz answers 200 within the timeout, else 1 with the reason.
// A separate `scheduler` service has no HTTP port: its compose service disables this check.
const port = process.env.PORT || '3000';
const url = process.env.AIRGATE_HEALTH_URL || `http://127.0.0.1:${port}/readyz`;
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
  const body = await res.text();
  if (res.ok) process.exit(0);
  process.stdout.write(`${res.status} ${body.slice(0, 500)}\n`);
} catch (err) {
  process.stdout.write(`${url}: ${err instanceof Error ? err.message : String(err)}\n`);
}
process.exit(1);
