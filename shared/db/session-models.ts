// The pages' sessions, kept server-side so any API replica serves any page and a session
// can be ended at once (web/session.ts). The cookie holds a random value; the database
// holds only its SHA-256 (`_id`), so a copy of the database opens nobody's session.
//
// - `web_sessions`: one document per signed-in browser: who (from the provider's token),
//   the CSRF token, the provider's tokens (the API is called with the person's own access
//   token), when it began, ends (absolute) and was last used (idle) (the PIT Stop's
//   register is the meeting's record, not the session's). One writer: that browser's own requests.
// - `web_sign_ins`: a sign-in under way at the provider (PKCE verifier, state, nonce, where
//   to go back to): inserted when it starts, read and deleted at the callback.
// - `web_session_revocations`: per person, "every session begun before this is over"
//   (signing out everywhere). One writer: the person.
import { Schema, type Connection } from 'mongoose';

const Mixed = Schema.Types.Mixed;

const webSessionSchema = new Schema(
  {
    _id: String,
    user: { type: Mixed, required: true },
    csrf: { type: String, required: true },
    tokens: { type: Mixed, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    seenAt: { type: Date, required: true },
  },
  { collection: 'web_sessions', versionKey: false },
);

const webSignInSchema = new Schema(
  {
    _id: String,
    codeVerifier: { type: String, required: true },
    state: { type: String, required: true },
    nonce: { type: String, required: true },
    next: String,
    createdAt: { type: Date, required: true },
  },
  { collection: 'web_sign_ins', versionKey: false },
);

const webSessionRevocationSchema = new Schema(
  {
    /** The person's id (the provider's `sub`). */
    _id: String,
    before: { type: Date, required: true },
  },
  { collection: 'web_session_revocations', versionKey: false },
);

export function sessionModels(conn: Connection) {
  return {
    WebSession: conn.model('WebSession', webSessionSchema),
    WebSignIn: conn.model('WebSignIn', webSignInSchema),
    WebSessionRevocation: conn.model('WebSessionRevocation', webSessionRevocationSchema),
  };
}
