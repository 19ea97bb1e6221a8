import type { AppContext } from '#context';
import type { Actor, Language } from '#domain';
import type { StoredSession } from '#store';

export interface Auth {
  actor: Actor;
  session: StoredSession;
  tokenHash: string;
  /** The session token itself, so pages can call the API in process as this person. */
  token: string;
  via: 'cookie' | 'bearer';
}

export interface AppEnv {
  Variables: {
    ctx: AppContext;
    requestId: string;
    auth: Auth | undefined;
    /** A language chosen on this very request (the language switch), ahead of all others. */
    chosenLanguage?: Language | undefined;
    /** The app itself, for pages that call the JSON API in process. */
    internal: (path: string, init: RequestInit) => Promise<Response>;
  };
}
