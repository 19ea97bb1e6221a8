// SES events (configuration set → EventBridge / SNS / SQS): send confirmations settle the
// outbox, hard bounces and complaints go to the suppression list. Replays change nothing.
// Records that are not SES events are logged and dropped: retrying them would never help.
import { loadConfig } from '#config';
import { createContext } from '#context';
import { applySesEvents, parseSesEvents } from '#mail';

const ctx = createContext(loadConfig());

export const handler = async (event: unknown) => {
  const { events, rejected } = parseSesEvents(event);
  for (const r of rejected) ctx.log.warn('not an SES event; dropped', { ...r });
  return applySesEvents(ctx, events);
};
