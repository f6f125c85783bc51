// A process serving pages compiles every template as it starts (server/main.ts): its first
// pages do not wait for it, and a template that does not compile stops the start.
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../shared/config.js';
import { compileViews, createViews } from '../../web/render.js';

describe('compiling the views as a process starts', () => {
  it('compiles every page, partial and GOV.UK Frontend template, once each, before any is asked for', () => {
    const views = createViews(loadCalendar());
    const cached = () => (views as unknown as { loaders: { cache: Record<string, unknown> }[] }).loaders.reduce((n, l) => n + Object.keys(l.cache).length, 0);
    expect(cached()).toBe(0);
    const names = compileViews(views);
    expect(names).toEqual(expect.arrayContaining(['pitstop.njk', 'case.njk', 'partials/macros.njk', 'govuk/template.njk', 'govuk/components/button/macro.njk']));
    expect(new Set(names).size).toBe(names.length);
    expect(cached()).toBe(names.length);
  });
});
