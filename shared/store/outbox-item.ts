import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { isLinkMail, type OutboxMessage } from '#domain';
import { keys } from './keys';
import { type Item, strip, type TransactOp, withKeys } from './table-client';

// How an outbox message is stored (docs/mail.md).
//
// The mail's text and HTML are stored together as one brotli-compressed binary attribute, `body`:
// DynamoDB bills every write by the size of the whole item, on the table and again on the pending
// index, and a mail's item is written about five times (planned, claimed, sent, SES's Send and
// Delivery events). A rendered digest is ~10 KB, ~1.7 KB compressed: ~98 write units per digest
// mail become ~25 (docs/cost.md). Items stored before, with text and html, read as they were.
//
// A link mail (sign-in, invitation, contact confirmation) carries a credential: its compressed
// body is encrypted (AES-256-GCM, key derived from TSUNAGU_SECRET, bound to the message's tag) and
// stored as `sealed` instead; it is removed once the mail is settled, and the item itself expires
// a day after the link does. It waits in its own lane of the pending index, which senders read
// first.

/** How long a link mail's item outlives its link (SES's delivery events come within hours). */
const LINK_ITEM_GRACE_SECONDS = 86_400;

// Quality 5 of 11: within a few percent of the best size, at a fraction of the time (a digest
// run compresses one body per member).
const BROTLI = {
  params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
};

const SEALED_VERSION = 1;
const IV_BYTES = 12;
const AUTH_TAG_BYTES = 16;
const sealKeys = new Map<string, Buffer>();

function sealKey(secret: string): Buffer {
  let key = sealKeys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'tsunagu', 'outbox link-mail body v1', 32));
    sealKeys.set(secret, key);
  }
  return key;
}

/** Encrypts a body for one message (the tag is authenticated: a body cannot move to another item). */
export function sealBody(secret: string, tag: string, plain: Uint8Array): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealKey(secret), iv);
  cipher.setAAD(Buffer.from(tag, 'utf8'));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.from([SEALED_VERSION]), iv, cipher.getAuthTag(), data]);
}

/** The body sealed for this tag, or undefined when it cannot be opened (another secret, tampered). */
export function openBody(secret: string, tag: string, sealed: Uint8Array): Buffer | undefined {
  const buf = Buffer.from(sealed);
  if (buf[0] !== SEALED_VERSION || buf.length < 1 + IV_BYTES + AUTH_TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealKey(secret), buf.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(Buffer.from(tag, 'utf8'));
    decipher.setAuthTag(buf.subarray(1 + IV_BYTES, 1 + IV_BYTES + AUTH_TAG_BYTES));
    return Buffer.concat([decipher.update(buf.subarray(1 + IV_BYTES + AUTH_TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

const epochOf = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The item of a new message: compressed body (sealed for link mails), in its lane of the pending index. */
export function outboxItem(message: OutboxMessage, secret: string): Item {
  const { text, html, bodyGone: _gone, ...rest } = message;
  const compressed = brotliCompressSync(JSON.stringify({ text, html }), BROTLI);
  const link = isLinkMail(message.category);
  const item = withKeys(
    'outbox',
    keys.outbox(message.tag),
    keys.outboxPendingIndex(message.createdAt, message.tag, link),
    link ? { ...rest, sealed: sealBody(secret, message.tag, compressed) } : { ...rest, body: compressed },
  );
  // A link mail that never goes out disappears a day after its link stopped working.
  if (link && message.validUntil) item.expiresAt = epochOf(message.validUntil) + LINK_ITEM_GRACE_SECONDS;
  return item;
}

/** A stored outbox item as the message it holds (its body decompressed, and opened if sealed). */
export function messageOf(item: Item, secret: string): OutboxMessage {
  const { body, sealed, ...rest } = strip(item);
  const tag = String(rest.tag);
  let compressed: Uint8Array | undefined;
  if (sealed instanceof Uint8Array) compressed = openBody(secret, tag, sealed);
  else if (body instanceof Uint8Array) compressed = body;
  else if (typeof rest.text === 'string') return rest as unknown as OutboxMessage; // stored before compression
  if (!compressed) {
    // Removed once settled, or sealed under another TSUNAGU_SECRET: nothing to send.
    return { ...rest, text: '', html: '', bodyGone: true } as unknown as OutboxMessage;
  }
  const { text, html } = JSON.parse(brotliDecompressSync(compressed).toString('utf8')) as {
    text: string;
    html: string;
  };
  return { ...rest, text, html } as unknown as OutboxMessage;
}

/** A transaction write that adds a message unless one with the same key exists already. */
export function outboxPut(message: OutboxMessage, secret: string): TransactOp {
  return { Put: { Item: outboxItem(message, secret), ConditionExpression: 'attribute_not_exists(pk)' } };
}
