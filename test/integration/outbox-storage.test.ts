import { type AttributeValue, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { outboxMessage } from '#domain';
import { digestMail } from '#mail';
import { createHarness, type Harness, uniqueEmail } from '#test/harness';
import { itemBytes } from '../../infra/cost/meter';

// Issue 25, item 12: an outbox item holds its mail's text and HTML compressed. DynamoDB bills each
// of the ~5 writes of a mail's item (and its pending-index copy) per KB of the whole item, so a
// 10 KB digest stored as is costs ~98 write units, compressed ~25 (docs/cost.md).

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

/** A digest as members get it: ten postings, links with long signed tokens. */
function digest(to: string) {
  const token = 'x'.repeat(120);
  const posting = (what: string, i: number) => ({
    kind: 'goods' as const,
    title: `${what} その${i}：食品と会場の提供について`,
    organizationName: `NPO法人 つながり${i}`,
    place: '埼玉県川口市',
    url: `https://tsunagu.example.jp/needs/01J${ulid()}`,
  });
  return digestMail({
    to,
    addressee: { organizationName: 'NPO法人 つながり', name: '田中 恵' },
    lang: 'ja',
    platform: {
      name: '埼玉県孤独・孤立対策官民連携プラットフォーム',
      nameEn: 'Saitama Public-Private Platform',
    },
    preferencesUrl: `https://tsunagu.example.jp/saitama/preferences?t=${token}`,
    unsubscribeUrl: `https://tsunagu.example.jp/saitama/unsubscribe?t=${token}`,
    week: { start: '2026-12-07', end: '2026-12-13', label: '2026年12月7日〜13日' },
    pendingMatches: [],
    newNeeds: [1, 2, 3, 4, 5].map((i) => posting('フードパントリー', i)),
    newOffers: [1, 2, 3, 4, 5].map((i) => posting('広報物のデザイン', i)),
    moreNeeds: 3,
    moreOffers: 2,
    news: [],
    needsUrl: 'https://tsunagu.example.jp/needs',
    offersUrl: 'https://tsunagu.example.jp/offers',
  });
}

async function rawOutboxItem(to: string): Promise<Record<string, AttributeValue>> {
  const { Items = [] } = await h.ctx.dynamo.send(new ScanCommand({ TableName: h.config.tableName }));
  const found = Items.filter((i) => i.type?.S === 'outbox' && i.to?.S === to);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('outbox items', () => {
  it('store a 10 KB digest in under 3 KB, and give back the same text and HTML', async () => {
    const to = uniqueEmail('compressed');
    const mail = digest(to);
    expect(Buffer.byteLength(mail.text) + Buffer.byteLength(mail.html)).toBeGreaterThan(9000);
    const message = outboxMessage(`test#size#${ulid()}`, 'digest', mail, new Date().toISOString());
    expect(await h.ctx.store.outbox.enqueue([message])).toBe(1);

    expect(itemBytes(await rawOutboxItem(to))).toBeLessThan(3072);
    expect(await h.ctx.store.outbox.get(message.tag)).toMatchObject({ text: mail.text, html: mail.html });
    const { items } = await h.ctx.store.outbox.pending(100);
    expect(items.find((m) => m.tag === message.tag)).toMatchObject({ text: mail.text, html: mail.html });
  });

  it('stored before bodies were compressed (text and html as strings) still read and send', async () => {
    const to = uniqueEmail('stored-before');
    const mail = digest(to);
    const message = outboxMessage(`test#before#${ulid()}`, 'digest', mail, new Date().toISOString());
    await h.ctx.store.outbox.enqueue([message]);
    const { body: _, ...raw } = await rawOutboxItem(to);
    await h.ctx.dynamo.send(
      new PutItemCommand({
        TableName: h.config.tableName,
        Item: { ...raw, text: { S: mail.text }, html: { S: mail.html } },
      }),
    );

    expect(await h.ctx.store.outbox.get(message.tag)).toMatchObject({ text: mail.text, html: mail.html });
    await h.drain();
    const [sent] = await h.mails(to);
    expect(sent?.body.html).toBe(mail.html);
  });
});
