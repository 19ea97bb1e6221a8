import { type MailCategory, type SuppressionChange, suppresses, wantsDigest } from '#domain';
import type { Link } from './links';
import type { SesEventsDeps, SuppressionChangeDeps, SuppressionReadDeps, UnsubscribeDeps } from './ports';
import { recordReputation } from './reputation';
import type { SesEvent } from './ses-events';

// What SES tells us after sending, and what a member asks for with an unsubscribe link. Both are
// idempotent: a replayed or reordered event, or a link pressed twice, changes nothing more.

export interface SesEventsReport {
  confirmed: number;
  suppressed: number;
  recorded: number;
  ignored: number;
}

export async function applySesEvents(
  ctx: SesEventsDeps,
  events: readonly SesEvent[],
): Promise<SesEventsReport> {
  const report: SesEventsReport = { confirmed: 0, suppressed: 0, recorded: 0, ignored: 0 };
  for (const event of events) {
    const tag = event.tags.outbox;
    const now = ctx.now().toISOString();
    if (event.suppress) {
      for (const email of event.recipients) {
        const added = await ctx.store.suppressions.add({
          email,
          reason: event.type === 'complaint' ? 'complaint' : 'bounce',
          since: event.timestamp,
          source: `ses:${event.id}`,
        });
        if (added) report.suppressed++;
      }
    }
    if (!tag) {
      report.ignored++;
      continue;
    }
    switch (event.type) {
      case 'send':
        if (await ctx.store.outbox.confirmSent(tag, event.messageId, now)) report.confirmed++;
        break;
      case 'delivery':
        if (await ctx.store.outbox.recordDelivery(tag, 'delivered', now)) report.recorded++;
        break;
      case 'bounce':
        if (event.suppress && (await ctx.store.outbox.recordDelivery(tag, 'bounced', now))) report.recorded++;
        break;
      case 'complaint':
        if (await ctx.store.outbox.recordDelivery(tag, 'complained', now)) report.recorded++;
        break;
      default:
        report.ignored++;
    }
  }
  // Bounce and complaint rates: an ERROR line (which pages) when one is over half SES's threshold.
  await recordReputation(ctx, events);
  ctx.log.info('ses events applied', { ...report, events: events.length });
  return report;
}

/** Carries out a one-click unsubscribe link. Returns what was stopped, for the page to say. */
export async function applyUnsubscribe(
  ctx: UnsubscribeDeps,
  link: Extract<Link, { a: 'digest-off' | 'unsubscribe' }>,
): Promise<{ kind: 'digest'; platformId: string } | { kind: 'address'; category: MailCategory }> {
  if (link.a === 'digest-off') {
    const prefs = await ctx.store.people.preferences(link.p);
    if (wantsDigest(prefs, link.pl)) {
      await ctx.store.people.setPreferences(link.p, {
        ...prefs,
        digest: { ...prefs.digest, [link.pl]: 'off' },
      });
    }
    return { kind: 'digest', platformId: link.pl };
  }
  await ctx.store.suppressions.add({
    email: link.e,
    reason: 'unsubscribed',
    category: link.c,
    since: ctx.now().toISOString(),
    source: 'unsubscribe-link',
  });
  return { kind: 'address', category: link.c };
}

/** Whether proposals, reminders and follow-ups reach this address (an unsubscribe turns them off). */
export async function introductionMailsOf(ctx: SuppressionReadDeps, email: string): Promise<'on' | 'off'> {
  return suppresses(await ctx.store.suppressions.get(email), 'introduction') ? 'off' : 'on';
}

/**
 * What turning introduction mails to one's own address on or off changes, for the caller to
 * write with the rest of its change in one transaction: nothing when it is so already, and a
 * bounce or complaint (which stops every mail) is never lifted here.
 */
export async function introductionMailsChange(
  ctx: SuppressionChangeDeps,
  email: string,
  to: 'on' | 'off',
): Promise<{ change: SuppressionChange | undefined; result: 'on' | 'off' }> {
  const current = await ctx.store.suppressions.get(email);
  if (to === 'off') {
    if (suppresses(current, 'introduction')) return { change: undefined, result: 'off' };
    if (current) return { change: undefined, result: 'on' }; // another category; not ours to replace
    const add = {
      email,
      reason: 'unsubscribed' as const,
      category: 'introduction' as const,
      since: ctx.now().toISOString(),
      source: 'preferences',
    };
    return { change: { add }, result: 'off' };
  }
  if (current?.reason === 'unsubscribed' && current.category !== undefined) {
    return { change: { lift: email }, result: 'on' };
  }
  return { change: undefined, result: suppresses(current, 'introduction') ? 'off' : 'on' };
}
