import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pacedLoad } from '../../bench/paced-load';

// The load generator of bench:api: the rate it is asked for, and latency counted from when each
// request was due, so a slow answer shows in the figures instead of thinning the load.

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(delayMs: (n: number) => number): Promise<{ url: string; seen: () => number }> {
  let n = 0;
  server = createServer((req, res) => {
    const delay = delayMs(++n);
    req.resume();
    setTimeout(() => res.writeHead(req.method === 'POST' ? 201 : 200).end('{}'), delay);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen: () => n };
}

describe('paced load', () => {
  it('sends rate × seconds requests from its clients and counts their statuses', async () => {
    const { url, seen } = await serve(() => 0);

    const result = await pacedLoad({ url, method: 'GET', headers: {}, clients: 5, rate: 50, seconds: 1 });

    expect(seen()).toBe(50);
    expect(result.statuses).toEqual({ 200: 50 });
    expect(result.failures).toBe(0);
    expect(result.latencies).toHaveLength(50);
  });

  it('counts a late answer against the requests that were due while the client waited', async () => {
    // One client, a request due every 100 ms; the first answer takes 450 ms. The requests due at
    // 100-400 ms go out late, and their latency starts when they were due, not when sent.
    const { url } = await serve((n) => (n === 1 ? 450 : 0));

    const result = await pacedLoad({
      url,
      method: 'POST',
      headers: {},
      body: '{}',
      clients: 1,
      rate: 10,
      seconds: 1,
    });

    const slow = result.latencies.filter((ms) => ms >= 50);
    expect(result.statuses).toEqual({ 201: 10 });
    expect(slow.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...result.latencies)).toBeGreaterThanOrEqual(450);
  });

  it('counts requests that get no answer as failures', async () => {
    const result = await pacedLoad({
      url: 'http://127.0.0.1:9/',
      method: 'GET',
      headers: {},
      clients: 2,
      rate: 20,
      seconds: 0.5,
    });

    expect(result.failures).toBe(10);
    expect(result.latencies).toEqual([]);
  });
});
