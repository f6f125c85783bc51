// A person signed in to the pages over plain HTTP, as a browser does it: the pages send them
// to the identity provider's login page, the person is chosen there, and the provider sends
// them back with a code. Cookies are kept per host; a form is posted with the CSRF token of
// the last page read.
import { testIssuer } from './stack.js';

type Jar = Map<string, string>;

async function visit(jar: Jar, url: string, init: RequestInit = {}): Promise<Response> {
  const host = new URL(url).host;
  const cookie = [...jar].filter(([k]) => k.startsWith(`${host} `)).map(([k, v]) => `${k.split(' ')[1]}=${v}`).join('; ');
  const answer = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie } });
  for (const c of answer.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    if (/Max-Age=0/.test(c)) jar.delete(`${host} ${pair.slice(0, eq)}`);
    else jar.set(`${host} ${pair.slice(0, eq)}`, pair.slice(eq + 1));
  }
  return answer;
}

async function follow(jar: Jar, url: string, init: RequestInit = {}): Promise<{ answer: Response; url: string }> {
  for (let hop = 0; hop < 10; hop++) {
    const answer = await visit(jar, url, init);
    const location = answer.headers.get('location');
    if (!location) return { answer, url };
    url = new URL(location, url).href;
    init = {};
  }
  throw new Error('too many redirects');
}

/** `person`: a synthetic person's id (shared/synthetic-people.ts), chosen on the provider's page. */
export async function pagesSignedIn(base: string, person: string, issuer = testIssuer()) {
  const jar: Jar = new Map();
  const login = await follow(jar, `${base}/`);
  if (!login.url.startsWith(`${issuer}/interaction/`)) throw new Error(`no login page: ${login.url} answered ${login.answer.status}`);
  const action = /<form method="post" action="([^"]+)"/.exec(await login.answer.text())![1].replace(/&#47;/g, '/');
  const back = await follow(jar, new URL(action, login.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: person }).toString(),
  });
  if (new URL(back.url).origin !== new URL(base).origin) throw new Error(`${person} was not signed in: ${back.url} answered ${back.answer.status}`);
  let csrf = '';
  const get = async (path: string) => {
    const r = await visit(jar, `${base}${path}`);
    const html = await r.text();
    csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? csrf;
    return { status: r.status, html, location: r.headers.get('location') };
  };
  const post = async (path: string, form: Record<string, string>) => {
    const r = await visit(jar, `${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
    });
    return { status: r.status, html: await r.text(), location: r.headers.get('location') };
  };
  return { get, post };
}
