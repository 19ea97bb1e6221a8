import { text } from '#domain';

const reasonSchema = text(1000);

/** The optional decline reason of an answer form; unusable text counts as none (it is optional). */
export function declineReasonOf(form: Record<string, unknown>): string | undefined {
  const parsed = reasonSchema.safeParse(typeof form.reason === 'string' ? form.reason : '');
  return parsed.success && parsed.data ? parsed.data : undefined;
}
