// A person at the pages over plain HTTP, as a browser does it: the pages send them to the
// identity provider's login page, the person is chosen there (its form posts `login`), and
// the provider sends them back with a code. Cookies are kept per host; a form is posted
// with the CSRF token of the last page read. Used by `bench:scale` (page timings) and the
// tests (test/support/pages.ts, test/e2e/web-sessions.test.ts).
/** Cookies by `${host} ${name}`. */
export type Jar = Map<string, string>;

/** One request with the jar's cookies for that host, keeping what it sets. */
export async function visit(jar: Jar, url: string, init: RequestInit = {}): Promise<Response> {
  const host = new URL(url).host;
  const answer = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: cookieFor(jar, host) } });
  for (const c of answer.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    if (/Max-Age=0/.test(c)) jar.delete(`${host} ${pair.slice(0, eq)}`);
    else jar.set(`${host} ${pair.slice(0, eq)}`, pair.slice(eq + 1));
  }
  return answer;
}

const cookieFor = (jar: Jar, host: string) =>
  [...jar].filter(([k]) => k.startsWith(`${host} `)).map(([k, v]) => `${k.split(' ')[1]}=${v}`).join('; ');

/** Follows redirects across the pages and the provider: the last answer and where it came from. */
export async function follow(jar: Jar, url: string, init: RequestInit = {}): Promise<{ answer: Response; url: string }> {
  for (let hop = 0; hop < 10; hop++) {
    const answer = await visit(jar, url, init);
    const location = answer.headers.get('location');
    if (!location) return { answer, url };
    url = new URL(location, url).href;
    init = {};
  }
  throw new Error('too many redirects');
}

/** `person`: a synthetic person's id (shared/synthetic-people.ts), chosen on the provider's page from `startPath`. */
export async function signedInAtPages(base: string, person: string, startPath = '/') {
  const jar: Jar = new Map();
  const login = await follow(jar, `${base}${startPath}`);
  const action = /<form method="post" action="([^"]+)"/.exec(await login.answer.text())?.[1];
  if (!action) throw new Error(`the identity provider showed no login form (${login.answer.status} ${login.url})`);
  const back = await follow(jar, new URL(action.replace(/&#47;/g, '/'), login.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: person }).toString(),
  });
  if (new URL(back.url).origin !== new URL(base).origin) throw new Error(`${person} was not signed in: ${back.url} answered ${back.answer.status}`);
  let csrf = '';
  const host = new URL(base).host;
  return {
    /** The Cookie header of their requests to the pages. */
    cookie: () => cookieFor(jar, host),
    async get(path: string) {
      const r = await visit(jar, `${base}${path}`);
      const html = await r.text();
      csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? csrf;
      return { status: r.status, html, location: r.headers.get('location') };
    },
    async post(path: string, form: Record<string, string>) {
      const r = await visit(jar, `${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
      });
      return { status: r.status, html: await r.text(), location: r.headers.get('location') };
    },
  };
}
