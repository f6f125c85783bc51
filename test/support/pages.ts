// A person signed in to the pages over plain HTTP at the suite's identity provider
// (infra/http-browser.ts): GET a page, POST a form with its CSRF token.
import { signedInAtPages } from '../../infra/http-browser.js';

export const pagesSignedIn = (base: string, person: string) => signedInAtPages(base, person);
