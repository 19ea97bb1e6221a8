import type { ProblemType } from './problem-types';

// Domain errors carry what an HTTP client needs (status, a stable type, a bilingual title);
// shared/http turns them into RFC 9457 problem+json. Nothing here knows about HTTP frameworks.
// The type is one of PROBLEM_TYPES (problem-types.ts), each explained at <APP_URL>/problems/<type>.

export interface FieldError {
  path: string;
  message: string;
}

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly status: number,
    readonly type: ProblemType,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? title);
  }
  get detail(): string {
    return this.message;
  }
}

export class ValidationError extends DomainError {
  constructor(
    errors: FieldError[],
    detail = '入力内容を確認してください。 Please check the highlighted fields.',
  ) {
    super(400, 'validation', '入力内容に誤りがあります (Invalid input)', detail, errors);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(detail = 'サインインしてください。 Please sign in.') {
    super(401, 'unauthorized', 'サインインが必要です (Sign-in required)', detail);
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail = 'この操作を行う権限がありません。 You are not allowed to do this.') {
    super(403, 'forbidden', '権限がありません (Forbidden)', detail);
  }
}

export class NotFoundError extends DomainError {
  constructor(what = 'resource') {
    super(
      404,
      'not-found',
      '見つかりません (Not found)',
      `指定された${jaName(what)}は見つかりません。 The ${what} was not found.`,
    );
  }
}

export class ConflictError extends DomainError {
  constructor(detail: string, type: ProblemType = 'conflict') {
    super(409, type, '競合が発生しました (Conflict)', detail);
  }
}

export class StaleVersionError extends ConflictError {
  constructor() {
    super(
      '他の方が先に更新しました。最新の内容を読み込んでからやり直してください。 Someone else updated this first: reload and try again.',
      'stale-version',
    );
  }
}

/** A link that worked once and no longer does (used, revoked or expired). */
export class GoneError extends DomainError {
  constructor(detail: string, type: ProblemType = 'gone') {
    super(410, type, 'このリンクは使えません (Gone)', detail);
  }
}

export class RateLimitError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      'rate-limited',
      'リクエストが多すぎます (Too many requests)',
      'しばらく時間をおいてからお試しください。 Please try again a little later.',
    );
  }
}

const JA_NAMES: Record<string, string> = {
  platform: 'プラットフォーム',
  organization: '団体',
  membership: '会員登録',
  need: 'ニーズ',
  offer: '支援の申し出',
  person: 'メンバー',
  invitation: '招待',
  route: 'ページ',
  rules: 'プラットフォームのルール',
};

function jaName(what: string): string {
  return JA_NAMES[what] ?? 'データ';
}

/** A service the request needs (the database, mail) is unreachable or busy: try again soon. */
export class ServiceUnavailableError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      503,
      'unavailable',
      '一時的にご利用いただけません (Service unavailable)',
      'ただいま混み合っているか、一時的に接続できません。少し時間をおいてから、もう一度お試しください。 The service is busy or briefly unreachable; please try again in a moment.',
    );
  }
}
