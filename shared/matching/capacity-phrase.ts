import type { Lang } from '#domain';
import type { CapacityFact } from './facts';

// The capacity sentence of a reason (explain.ts) and the numbers in it: what the offer has,
// against what the need asks, in words. 「40名まで利用でき、希望の30名に足ります。」,
// "Takes up to 40 people, enough for the 30 you asked for." No ≥ or %: secretariats forward
// these sentences in business mail (docs/matching.md, "Explanation").

/** 1234567 → "1,234,567"; decimals kept to two places. */
export function groupDigits(x: number): string {
  const rounded = Math.round(x * 100) / 100;
  const abs = Math.abs(rounded);
  let int = Math.floor(abs);
  const frac = Math.round((abs - int) * 100);
  let grouped = '';
  while (int >= 1000) {
    grouped = `,${String(int % 1000).padStart(3, '0')}${grouped}`;
    int = Math.floor(int / 1000);
  }
  grouped = `${int}${grouped}`;
  const decimals = frac === 0 ? '' : frac % 10 === 0 ? `.${frac / 10}` : `.${String(frac).padStart(2, '0')}`;
  return `${rounded < 0 ? '-' : ''}${grouped}${decimals}`;
}

/** 300000 → 30万円, 1234567 → 123万4,567円, 150000000 → 1億5,000万円. */
export function yenJa(amount: number): string {
  const n = Math.round(amount);
  const oku = Math.floor(n / 100_000_000);
  const man = Math.floor((n % 100_000_000) / 10_000);
  const rest = n % 10_000;
  let s = '';
  if (oku > 0) s += `${groupDigits(oku)}億`;
  if (man > 0) s += `${groupDigits(man)}万`;
  if (rest > 0 || s === '') s += groupDigits(rest);
  return `${s}円`;
}

function yenEn(amount: number): string {
  return `¥${groupDigits(amount)}`;
}

/** "1 person", "2 people": the noun after a number as written. */
function counted(written: string, one: string, many: string): string {
  return `${written} ${written === '1' ? one : many}`;
}

function capacityJa(c: CapacityFact, o: string, n: string, enough: boolean): string {
  switch (c.measure) {
    case 'seats':
      return enough
        ? `${o}名まで利用でき、希望の${n}名に足ります。`
        : `希望の${n}名のうち${o}名まで利用できます。`;
    case 'positions':
      return enough
        ? `${o}名まで受け入れられ、希望の${n}名に足ります。`
        : `希望の${n}名のうち${o}名まで受け入れられます。`;
    case 'people':
      return enough
        ? `${o}名が協力でき、希望の${n}名に足ります。`
        : `希望の${n}名のうち${o}名が協力できます。`;
    case 'hoursPerMonth':
      return enough
        ? `月${o}時間まで協力でき、希望の月${n}時間に足ります。`
        : `希望の月${n}時間のうち月${o}時間まで協力できます。`;
    case 'quantity': {
      const u = c.unit === 'kg' ? 'kg' : '個';
      return enough
        ? `${o}${u}を提供でき、希望の${n}${u}に足ります。`
        : `希望の${n}${u}のうち${o}${u}を提供できます。`;
    }
    case 'reach':
      return enough
        ? `${o}人に周知でき、希望の${n}人に足ります。`
        : `希望の${n}人のうち${o}人に周知できます。`;
    case 'amountJpy': {
      const offered = `${yenJa(c.offered)}のご支援で`;
      const asked = `希望額${yenJa(c.needed)}`;
      if (enough) return `${offered}、${asked}をまかなえます。`;
      // The kernel never proposes an amount below the need's minimum: naming it says it is met.
      const part =
        c.minimum === undefined
          ? `${offered}、${asked}の一部に充てられます。`
          : `${offered}最低額の${yenJa(c.minimum)}を満たし、${asked}の一部に充てられます。`;
      return c.coFunding ? `${part}ほかのご支援と組み合わせて活用できます。` : part;
    }
  }
}

function capacityEn(c: CapacityFact, o: string, n: string, enough: boolean): string {
  const asked = 'you asked for';
  switch (c.measure) {
    case 'seats':
      return enough
        ? `Takes up to ${counted(o, 'person', 'people')}, enough for the ${n} ${asked}.`
        : `Takes up to ${o} of the ${counted(n, 'person', 'people')} ${asked}.`;
    case 'positions':
      return enough
        ? `Has places for up to ${counted(o, 'person', 'people')}, enough for the ${n} ${asked}.`
        : `Has places for up to ${o} of the ${counted(n, 'person', 'people')} ${asked}.`;
    case 'people':
      return enough
        ? `Up to ${counted(o, 'person', 'people')} can help, enough for the ${n} ${asked}.`
        : `Up to ${o} of the ${counted(n, 'person', 'people')} ${asked} can help.`;
    case 'hoursPerMonth':
      return enough
        ? `Can help up to ${counted(o, 'hour', 'hours')} a month, enough for the ${n} ${asked}.`
        : `Can help up to ${o} of the ${counted(n, 'hour', 'hours')} a month ${asked}.`;
    case 'quantity':
      if (c.unit === 'kg')
        return enough
          ? `Can provide ${o}kg, enough for the ${n}kg ${asked}.`
          : `Can provide ${o}kg of the ${n}kg ${asked}.`;
      return enough
        ? `Can provide ${counted(o, 'unit', 'units')}, enough for the ${n} ${asked}.`
        : `Can provide ${o} of the ${counted(n, 'unit', 'units')} ${asked}.`;
    case 'reach':
      return enough
        ? `Can reach ${counted(o, 'person', 'people')}, enough for the ${n} ${asked}.`
        : `Can reach ${o} of the ${counted(n, 'person', 'people')} ${asked}.`;
    case 'amountJpy': {
      const offered = `Offers ${yenEn(c.offered)}`;
      const part = `covers part of the ${yenEn(c.needed)} ${asked}`;
      if (enough) return `${offered}, enough for the ${yenEn(c.needed)} ${asked}.`;
      const covers =
        c.minimum === undefined
          ? `${offered}, which ${part}.`
          : `${offered}, which meets your minimum of ${yenEn(c.minimum)} and ${part}.`;
      return c.coFunding ? `${covers} It can be combined with other funding.` : covers;
    }
  }
}

/** What the offer has against what the need asks: enough, or the part it covers. */
export function capacityPhrase(c: CapacityFact, lang: Lang): string {
  const o = groupDigits(c.offered);
  const n = groupDigits(c.needed);
  const enough = c.offered >= c.needed;
  return lang === 'ja' ? capacityJa(c, o, n, enough) : capacityEn(c, o, n, enough);
}

/** A venue with fewer sessions a month than wanted: how many of them it has. */
export function sessionsPhrase(c: CapacityFact, lang: Lang): string | undefined {
  if (c.sessions === undefined) return undefined;
  const so = groupDigits(c.sessions.offered);
  const sn = groupDigits(c.sessions.needed);
  return lang === 'ja'
    ? `利用できる回数は、希望の月${sn}回のうち月${so}回です。`
    : `Available ${so} of the ${counted(sn, 'time', 'times')} a month you asked for.`;
}
