import * as z from 'zod';

// What the send function receives from the table's stream: the tags of new outbox items.

const streamEventSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      dynamodb: z.object({
        NewImage: z.object({ tag: z.object({ S: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }) }).loose(),
      }),
    }),
  ),
});

/**
 * The outbox tags in a DynamoDB stream event (new outbox items), or undefined when the event is
 * not a stream event (the scheduled sweep). A stream record without a tag is an error: the stream
 * retries it and finally hands it to the failure queue.
 */
export function outboxTagsOf(event: unknown): string[] | undefined {
  if (
    typeof event !== 'object' ||
    event === null ||
    !Array.isArray((event as { Records?: unknown }).Records)
  ) {
    return undefined;
  }
  const parsed = streamEventSchema.safeParse(event);
  if (!parsed.success) throw new Error('a stream record without an outbox tag');
  return parsed.data.Records.filter((r) => r.eventName === 'INSERT').map((r) => r.dynamodb.NewImage.tag.S);
}
