import { describe, expect, it } from 'vitest';
import { LocalRuntimeError, localAppUrl, loopbackUrl, waitFor } from '#local';

describe('waitFor', () => {
  it('returns as soon as the condition holds', async () => {
    let calls = 0;

    await waitFor(async () => ++calls === 3, { timeoutMs: 5000, intervalMs: 1, what: 'the third call' });

    expect(calls).toBe(3);
  });

  it('gives up after the timeout, naming what it waited for', async () => {
    const error = await waitFor(async () => false, { timeoutMs: 30, intervalMs: 5, what: 'Godot' }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(LocalRuntimeError);
    expect((error as LocalRuntimeError).message).toBe('Timed out after 30 ms waiting for Godot.');
  });

  it('stops waiting when the check throws', async () => {
    const failure = new Error('process exited');

    await expect(waitFor(() => Promise.reject(failure), { timeoutMs: 5000, what: 'x' })).rejects.toBe(
      failure,
    );
  });
});

describe('localAppUrl', () => {
  it('moves a localhost APP_URL to the port the app is served on', () => {
    expect(localAppUrl('http://localhost:3000', 3001)).toBe('http://localhost:3001');
  });

  it('leaves a public APP_URL alone', () => {
    expect(localAppUrl('https://tsunagu.example', 3001)).toBe('https://tsunagu.example');
  });
});

describe('loopbackUrl', () => {
  it('lets through 127.0.0.1, ::1 and localhost only', () => {
    for (const url of ['http://127.0.0.1:8000', 'http://localhost:8005/', 'http://[::1]:3000'])
      expect(loopbackUrl(url).href).toBe(new URL(url).href);
    for (const url of [
      'http://0.0.0.0:8000',
      'http://10.0.2.15:8000',
      'http://192.168.1.2',
      'https://example.jp',
    ])
      expect(() => loopbackUrl(url)).toThrow(`${url} is not a loopback address`);
  });
});
