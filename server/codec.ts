// A codec endpoint in Temporal's convention, so its Web UI and CLI (`--codec-endpoint`)
// show what the engine stores in Temporal, encrypted (shared/payload-codec.ts), as it was:
// POST /codec/decode and POST /codec/encode, each taking and answering
// `{ "payloads": [Payload] }` in proto3 JSON (metadata values and data in base64).
//
// Decoded payloads hold children's details, so only front door managers (who read every
// case in full already) may use it, with their bearer token (the Web UI's "include
// credentials" passes it); a police key is no credential here. Each use is audited
// (`payload.decode` / `payload.encode`: who, how many payloads, the namespace), never what
// the payloads held. A browser may call it only from CODEC_CORS_ORIGINS (the Web UI's
// address). docs/operations.md, "Reading Temporal's payloads".
import express, { Router, type RequestHandler } from 'express';
import type { Payload } from '@temporalio/common';
import type { ApiContext } from '../api/context.js';
import { HttpProblem, problems } from '../api/errors.js';
import type { Principal } from '../api/auth/roles.js';
import { dataConverter } from '../shared/payload-codec.js';

/** Who may decode: people who read every case in full already. */
export const codecRoles: readonly string[] = ['front_door_manager'];

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

function isPayloads(body: unknown): body is { payloads: JsonPayload[] } {
  const list = (body as { payloads?: unknown })?.payloads;
  return (
    Array.isArray(list) &&
    list.length <= 1000 &&
    list.every(
      (p) =>
        typeof p === 'object' &&
        p !== null &&
        (p.data === undefined || typeof p.data === 'string') &&
        (p.metadata === undefined || (typeof p.metadata === 'object' && Object.values(p.metadata).every((v) => typeof v === 'string'))),
    )
  );
}

/** CORS for the Web UI's origin(s) only: CODEC_CORS_ORIGINS, comma-separated. */
function cors(origins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin && origins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'POST');
        res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, x-namespace');
        return res.status(204).end();
      }
    }
    next();
  };
}

export function codecRoutes(ctx: ApiContext, env: NodeJS.ProcessEnv = process.env): Router {
  const codec = dataConverter(env).payloadCodecs![0];
  const origins = (env.CODEC_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  const router = Router();
  router.use('/codec', cors(origins));

  // The identity provider's access token (api/auth/people.ts); a police key is no credential here.
  const signedIn: RequestHandler = (req, res, next) => {
    const header = req.get('authorization');
    const found: Promise<Principal | undefined> = header?.startsWith('Bearer ') ? ctx.auth.people.verify(header.slice(7).trim()) : Promise.resolve(undefined);
    found.then((principal) => {
      if (!principal) return next(problems.unauthorized(header ? 'the credentials are not valid' : 'a bearer token is required'));
      res.locals.principal = principal;
      if (!codecRoles.includes(principal.role)) return next(problems.forbidden(`${principal.role} may not read Temporal's payloads`));
      next();
    }, next);
  };

  for (const direction of ['decode', 'encode'] as const) {
    router.post(`/codec/${direction}`, signedIn, express.json({ limit: '4mb' }), async (req, res, next) => {
      try {
        if (!isPayloads(req.body)) throw new HttpProblem(400, 'bad-request', 'Bad request', 'the body is { "payloads": [{ "metadata": { … base64 }, "data": base64 }] }');
        const payloads = req.body.payloads.map(fromJson);
        let out: Payload[];
        try {
          out = direction === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
        } catch (err) {
          throw new HttpProblem(422, 'rule-violation', 'Not decodable', `the payloads could not be ${direction}d: ${(err as Error).message.split(':')[0]}`);
        }
        const p = res.locals.principal!;
        const namespace = req.get('x-namespace');
        // Recorded before anything is shown: an audit that cannot be written shows nothing.
        await ctx.store.appendAudit([
          {
            at: new Date(),
            actor: { id: p.id, name: p.name, role: p.role, agency: p.agency },
            action: `payload.${direction}`,
            resource: `POST /codec/${direction}`,
            reason: `${payloads.length} payload(s)${namespace && /^[\w.-]{1,200}$/.test(namespace) ? ` in namespace ${namespace}` : ''}`,
            requestId: res.locals.requestId,
            outcome: 200,
          },
        ]);
        res.setHeader('Cache-Control', 'no-store');
        res.json({ payloads: out.map(toJson) });
      } catch (err) {
        next(err);
      }
    });
  }
  return router;
}
