import { describe, expect, it } from 'vitest';
import { createLogger, logFields, withLogFields } from '#log';

// The log scope behind "every line of a request carries its id" (shared/log.ts).

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return { log, lines };
}

describe('withLogFields', () => {
  it('puts the scope’s fields on every line written inside it, across awaits, and none outside', async () => {
    const { log, lines } = capture();
    log.info('before');
    await withLogFields({ requestId: 'r1' }, async () => {
      log.info('first');
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.warn('after a timer', { n: 1 });
    });
    log.info('after');
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([
      ['before', undefined],
      ['first', 'r1'],
      ['after a timer', 'r1'],
      ['after', undefined],
    ]);
    expect(Object.keys(lines[2]!)).toEqual(['level', 'time', 'msg', 'requestId', 'n']);
  });

  it('adds to an enclosing scope, and a line cannot replace the scope’s fields', () => {
    const { log, lines } = capture();
    withLogFields({ requestId: 'outer' }, () =>
      withLogFields({ awsRequestId: 'lambda' }, () => {
        expect(logFields()).toEqual({ requestId: 'outer', awsRequestId: 'lambda' });
        log.error('claims another id', { requestId: 'forged', error: new Error('boom') });
      }),
    );
    expect(lines[0]).toMatchObject({
      requestId: 'outer',
      awsRequestId: 'lambda',
      error: { message: 'boom' },
    });
  });

  it('keeps concurrent scopes apart', async () => {
    const { log, lines } = capture();
    await Promise.all(
      ['a', 'b', 'c'].map((id, i) =>
        withLogFields({ requestId: id }, async () => {
          await new Promise((resolve) => setTimeout(resolve, 10 - i * 3));
          log.info(id);
        }),
      ),
    );
    for (const line of lines) expect(line.requestId).toBe(line.msg);
    expect(lines).toHaveLength(3);
  });
});
