// Dates as day numbers (days since 1970-01-01), read from YYYY-MM-DD without Date objects.

/** The end of an open-ended period: later than any real date. */
export const OPEN_END = 0x3fffffff;

export function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01 of the YYYY-MM-DD date at `at`; NaN when it is not one. */
function dayAt(s: string, at: number): number {
  if (s.charCodeAt(at + 4) !== 45 || s.charCodeAt(at + 7) !== 45) return Number.NaN;
  const y = digits(s, at, 4);
  const m = digits(s, at + 5, 2);
  const d = digits(s, at + 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return Number.NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!)) return Number.NaN;
  // Days from the civil date (H. Hinnant's algorithm).
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date; NaN when it is not one. */
export function dayNumber(date: string): number {
  return date.length === 10 ? dayAt(date, 0) : Number.NaN;
}

const DAY_MS = 86_400_000;
const TOKYO_OFFSET_S = 9 * 3600;

/** The Asia/Tokyo calendar day of an ISO timestamp (Japan has no daylight saving time). */
export function tokyoDayOf(timestamp: string): number {
  // Fast path for what the schemas store: YYYY-MM-DDTHH:MM:SS[.fff]Z.
  if (
    timestamp.length >= 20 &&
    timestamp.charCodeAt(10) === 84 &&
    timestamp.charCodeAt(timestamp.length - 1) === 90
  ) {
    const day = dayAt(timestamp, 0);
    const h = digits(timestamp, 11, 2);
    const mi = digits(timestamp, 14, 2);
    const sec = digits(timestamp, 17, 2);
    const next = timestamp.charCodeAt(19);
    if (!Number.isNaN(day) && h >= 0 && h < 24 && mi >= 0 && sec >= 0 && (next === 46 || next === 90)) {
      return day + Math.floor((h * 3600 + mi * 60 + sec + TOKYO_OFFSET_S) / 86_400);
    }
  }
  return Math.floor((Date.parse(timestamp) + TOKYO_OFFSET_S * 1000) / DAY_MS);
}
