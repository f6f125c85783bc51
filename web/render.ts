// Nunjucks with the GOV.UK Frontend macros, rendered on the server. Autoescaping is on:
// every value from the API (narratives, names) is text, never markup.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';
import type { Request, Response } from 'express';
import type { WorkingCalendar } from '../shared/working-time.js';
import { localDate } from '../shared/working-time.js';
import { contactSources } from '../shared/codes.js';
import { ageOn, childrenLine, formatDate, formatDateTime, formatDayDate, formatShortDateTime, timeLeft } from './format.js';
import * as labels from './labels.js';
import { navigationFor } from './access.js';
import { whenSaved, type SessionData } from './session.js';
import type { WebConfig } from './config.js';

export const govukFrontendDir = join(dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist');
export const viewsDir = join(import.meta.dirname, 'views');

export function createViews(calendar: WorkingCalendar) {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([viewsDir, govukFrontendDir]), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  const tz = calendar.timeZone;
  env.addFilter('dateTime', (v: string | Date | undefined) => formatDateTime(v, tz));
  env.addFilter('date', (v: string | Date | undefined) => formatDate(v, tz));
  env.addFilter('shortDateTime', (v: string | Date | undefined) => formatShortDateTime(v, tz));
  env.addFilter('dayDate', (v: string) => formatDayDate(v));
  env.addFilter('age', (dob: string | undefined) => ageOn(dob, localDate(Date.now(), tz)));
  env.addFilter('childrenLine', (children: Parameters<typeof childrenLine>[0]) => childrenLine(children, localDate(Date.now(), tz)));
  // Who a case is about, for a card's or a row's heading: the children, else the incident.
  env.addFilter('caseTitle', (c: { aboutChildren?: Parameters<typeof childrenLine>[0]; incidentType?: string; postcodeDistrict?: string | null }) =>
    c.aboutChildren?.length
      ? childrenLine(c.aboutChildren, localDate(Date.now(), tz))
      : [labels.label(labels.incidentTypeLabels, c.incidentType), c.postcodeDistrict].filter(Boolean).join(', '));
  env.addFilter('deadlineKind', (v: string) => labels.label(labels.deadlineKindLabels, v));
  env.addFilter('timeLeft', (due: string | undefined) => timeLeft(due, Date.now(), calendar));
  env.addFilter('agency', (v: string) => labels.label(labels.agencyLabels, v));
  env.addFilter('role', (v: string) => labels.label(labels.roleLabels, v));
  env.addFilter('incidentType', (v: string) => labels.label(labels.incidentTypeLabels, v));
  env.addFilter('outcome', (v: string) => labels.label(labels.outcomeLabels, v));
  env.addFilter('outcomeShort', (v: string) => labels.label(labels.outcomeShortLabels, v));
  env.addFilter('stage', (v: string) => labels.label(labels.stageLabels, v));
  env.addFilter('rating', (v: string) => labels.label(labels.ratingLabels, v));
  env.addFilter('factor', (v: string) => `${v} ${labels.label(labels.factorLabels, v)}`);
  env.addFilter('partnerAction', (v: string) => labels.label(labels.partnerActionLabels, v));
  env.addFilter('timelineEvent', (v: string) => labels.label(labels.timelineLabels, v));
  env.addFilter('partnerInformationStatus', (v: string) => labels.label(labels.partnerInformationStatusLabels, v));
  env.addFilter('policeAction', (v: string) => labels.label(labels.policeActionLabels, v));
  env.addFilter('contactSource', (v: string) => {
    const words = labels.label(contactSources, v);
    return `${v} ${words.charAt(0).toUpperCase()}${words.slice(1)}`;
  });
  // A child's ethnicity: its census code then its words ("NOBT Information not yet obtained").
  env.addFilter('ethnicity', (v: string | undefined) => (v ? `${v} ${labels.label(labels.ethnicityLabels, v)}` : ''));
  env.addFilter('humanise', (v: string) => labels.humanise(String(v ?? '')));
  env.addFilter('percent', (v: number | null | undefined) => (v === null || v === undefined ? 'no decisions' : `${Math.round(v * 1000) / 10}%`));
  // A step form's component with the items its macro built (reveals rendered inside them).
  env.addFilter('withItems', (params: object, items: unknown[]) => ({ ...params, items }));
  env.addFilter('forceItems', (codes: string[], selected?: string) => codes.map((c) => ({ value: c, text: c, selected: c === selected })));
  return env;
}

export type Views = ReturnType<typeof createViews>;

/**
 * Every page, partial and GOV.UK Frontend template compiled, as a process starts
 * (server/main.ts): its first pages are then not the ones that wait for compiling (about
 * half a second in all), and a template that does not compile stops the start, with its
 * name, rather than failing a person's page. The names compiled.
 */
export function compileViews(views: Views): string[] {
  const under = (dir: string, prefix = '') =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.njk')).map((f) => prefix + f.split('\\').join('/'));
  const names = [...under(viewsDir), ...under(join(govukFrontendDir, 'govuk'), 'govuk/')];
  for (const name of names) views.getTemplate(name, true);
  return names;
}

export interface PageContext {
  pageTitle: string;
  [key: string]: unknown;
}

/** Renders a page with what every page needs: who is signed in, navigation, CSRF token. */
export function renderPage(views: Views, cfg: WebConfig, req: Request, res: Response, template: string, ctx: PageContext, status = 200) {
  const session = res.locals.session as SessionData | undefined;
  const user = session?.user;
  const html = views.render(template, {
    ...ctx,
    user,
    csrfToken: session?.csrf,
    developmentProvider: cfg.developmentProvider,
    navigation: user ? navigationFor(user.role, req.path) : [],
    currentUrl: req.originalUrl,
  });
  whenSaved(res).then(
    () => res.status(status).type('html').send(html),
    () => res.status(503).type('text').send('The session could not be saved: try again.'),
  );
}
