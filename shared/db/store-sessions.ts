// The store's side of the pages' sessions (session-models.ts): every read and write by
// `_id`. How each stays right on FerretDB (README.md): a session and a sign-in are
// inserted once; a session is then changed only by its own browser's requests and deleted
// by `_id`; a revocation is written by its person alone.
import { insertOnce, readById, type Models } from './models.js';

export interface WebSessionRecord {
  _id: string;
  user: { id: string; name: string; role: string; agency: string; organisation?: string };
  csrf: string;
  tokens: { accessToken: string; refreshToken?: string; idToken?: string; accessExpiresAt: Date };
  createdAt: Date;
  expiresAt: Date;
  seenAt: Date;
}

export interface WebSignInRecord {
  _id: string;
  codeVerifier: string;
  state: string;
  nonce: string;
  next?: string;
  createdAt: Date;
}

type SessionModels = Pick<Models, 'WebSession' | 'WebSignIn' | 'WebSessionRevocation'>;

export function sessionStore({ WebSession, WebSignIn, WebSessionRevocation }: SessionModels) {
  return {
    /** A new session (its `_id` the hash of a fresh random cookie value). */
    startWebSession: async (session: WebSessionRecord): Promise<void> => {
      if (!(await insertOnce(WebSession, session))) throw new Error('a session with this id exists already');
    },
    /** The session, and when its person last signed out everywhere (sessions begun before then are over). */
    readWebSession: async (id: string): Promise<{ session: WebSessionRecord; revokedBefore?: Date } | undefined> => {
      const session = await readById<WebSessionRecord>(WebSession, id);
      if (!session) return undefined;
      const revocation = await readById<{ before: Date }>(WebSessionRevocation, session.user.id);
      return { session, revokedBefore: revocation?.before };
    },
    /** The browser's own change: last used, refreshed tokens. */
    updateWebSession: async (id: string, fields: Partial<Pick<WebSessionRecord, 'seenAt' | 'tokens'>>): Promise<void> => {
      await WebSession.collection.updateOne({ _id: id as never }, { $set: fields });
    },
    /** Signing out, or a session found over: gone at once. */
    endWebSession: async (id: string): Promise<void> => {
      await WebSession.collection.deleteOne({ _id: id as never });
    },
    /** Signing out everywhere: every session of this person begun before `before` is over. */
    revokeWebSessions: async (userId: string, before: Date): Promise<void> => {
      await WebSessionRevocation.collection.updateOne({ _id: userId as never }, { $max: { before } }, { upsert: true });
    },
    startWebSignIn: async (signIn: WebSignInRecord): Promise<void> => {
      if (!(await insertOnce(WebSignIn, signIn))) throw new Error('a sign-in with this id exists already');
    },
    /** The sign-in under way, used once: read and deleted (the provider refuses a code twice as well). */
    takeWebSignIn: async (id: string): Promise<WebSignInRecord | undefined> => {
      const found = await readById<WebSignInRecord>(WebSignIn, id);
      if (found) await WebSignIn.collection.deleteOne({ _id: id as never });
      return found ?? undefined;
    },
  };
}
