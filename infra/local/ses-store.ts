import * as z from 'zod';

/** One mail as aws-ses-v2-local keeps it (`at` is in epoch seconds). */
export const emailSchema = z.object({
  messageId: z.string(),
  from: z.string(),
  replyTo: z.array(z.string()).default([]),
  destination: z.object({
    to: z.array(z.string()).default([]),
    cc: z.array(z.string()).default([]),
    bcc: z.array(z.string()).default([]),
  }),
  subject: z.string(),
  body: z.object({ html: z.string().optional(), text: z.string().optional() }),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  at: z.number(),
});

export type Email = z.infer<typeof emailSchema>;

const storeSchema = z.object({ emails: z.array(emailSchema) });

export type SesLocalStore = {
  /** Every mail the server accepted, oldest first. */
  list(): Promise<Email[]>;
  /** Forgets all mail (and templates) on the server. */
  clear(): Promise<void>;
};

/** Reads what aws-ses-v2-local received, through its HTTP store endpoints. */
export function sesLocalStore(endpoint: string): SesLocalStore {
  const base = endpoint.replace(/\/$/, '');
  return {
    async list() {
      const response = await fetch(`${base}/store`);
      if (!response.ok) throw new Error(`SES local store answered ${response.status} at ${base}/store`);
      return storeSchema.parse(await response.json()).emails;
    },
    async clear() {
      const response = await fetch(`${base}/clear-store`, { method: 'POST' });
      if (!response.ok) throw new Error(`SES local store answered ${response.status} at ${base}/clear-store`);
    },
  };
}
