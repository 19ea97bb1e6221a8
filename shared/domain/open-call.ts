import { tokyoDate } from './common';
import { ConflictError, type FieldError } from './errors';
import type { Match } from './match';
import type { Offer, OpenCall } from './posting';

// Open calls (公募, issue 19): an offer with a deadline and up to five questions. Members apply
// with one of their needs (an introduction of origin open_call, their side accepted by applying);
// the offering organisation selects up to its slots (its acceptance); after the selection period
// the applicants not selected are told once, politely. Pure.

const DAY_MS = 86_400_000;

/** Days after the deadline the offering organisation has to select; then the rest expire. */
export const OPEN_CALL_SELECTION_DAYS = 7;

/** The end of the deadline day in Japan: applications are taken until then. */
export const openCallClosesAt = (call: Pick<OpenCall, 'deadline'>): string =>
  new Date(`${call.deadline}T23:59:59.999+09:00`).toISOString();

/** When unselected applications expire: the end of the selection period's last day in Japan. */
export function openCallRespondBy(call: Pick<OpenCall, 'deadline'>): string {
  const day = tokyoDate(new Date(Date.parse(openCallClosesAt(call)) + OPEN_CALL_SELECTION_DAYS * DAY_MS));
  return new Date(`${day}T23:59:59.999+09:00`).toISOString();
}

/** Whether the call still takes applications at `now`. */
export const openCallIsOpen = (call: Pick<OpenCall, 'deadline'>, now: string): boolean =>
  now <= openCallClosesAt(call);

/** A deadline set on create or edit must not be in the past (today counts). */
export function openCallDeadlineErrors(call: OpenCall | null | undefined, now: Date): FieldError[] {
  if (!call || call.deadline >= tokyoDate(now)) return [];
  return [
    {
      path: 'openCall.deadline',
      message: '締切は今日以降の日付にしてください。 The deadline cannot be in the past.',
    },
  ];
}

export function openCallClosedError(): ConflictError {
  return new ConflictError(
    'この公募は締切を過ぎたため、応募を受け付けていません。 This open call has closed; it takes no more applications.',
    'open-call-closed',
  );
}

/**
 * The answers to a call's questions, checked: every required question answered, no question
 * the call does not ask. Returns the kept answers (blank ones dropped) and field errors.
 */
export function checkApplicationAnswers(
  call: OpenCall,
  answers: Record<string, string> | undefined,
): { answers: Record<string, string>; errors: FieldError[] } {
  const given = answers ?? {};
  const errors: FieldError[] = [];
  const kept: Record<string, string> = {};
  const ids = new Set(call.questions.map((q) => q.id));
  for (const id of Object.keys(given)) {
    if (!ids.has(id)) {
      errors.push({
        path: `answers.${id}`,
        message: 'この公募にない質問です。 The call has no such question.',
      });
    }
  }
  for (const q of call.questions) {
    const value = given[q.id]?.trim() ?? '';
    if (value !== '') kept[q.id] = value;
    else if (q.required) {
      errors.push({
        path: `answers.${q.id}`,
        message: `「${q.label}」にお答えください。 Please answer this question.`,
      });
    }
  }
  return { answers: kept, errors };
}

/** Applicants best first: the engine's score descending (none last), then who applied first. */
export function rankApplications(matches: readonly Match[]): Match[] {
  return [...matches].sort(
    (a, b) => (b.score ?? -1) - (a.score ?? -1) || a.createdAt.localeCompare(b.createdAt),
  );
}

/** Whether an offer is an open call. */
export const isOpenCall = (offer: Pick<Offer, 'openCall'>): boolean => offer.openCall !== undefined;
