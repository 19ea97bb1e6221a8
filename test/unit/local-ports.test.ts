import { describe, expect, it } from 'vitest';
import { LocalRuntimeError, localAppUrl, waitFor } from '#local';

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
