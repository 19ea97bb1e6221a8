import type { AppContext } from '#context';
import type { Actor } from '#domain';
import type { StoredSession } from '#store';

export interface Auth {
  actor: Actor;
  session: StoredSession;
  tokenHash: string;
  via: 'cookie' | 'bearer';
}

export interface AppEnv {
  Variables: {
    ctx: AppContext;
    requestId: string;
    auth: Auth | undefined;
  };
}
