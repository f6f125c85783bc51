// A sample of any API response, made from its zod schema: every free-text string (names,
// reasons, narratives, references) is the given text, so a page can be rendered with
// hostile text in every field a person or a partner system can type into. Strings the API
// checks as an instant, a date or an email get a valid one: those never reach a page as
// anything else.
import type { z } from 'zod';

export const HOSTILE = `Ann"><script>alert(1)</script><img src=x onerror=alert(1)>'</textarea><svg onload=alert(1)>`;
export const BENIGN = 'Ann Plain';

type AnyDef = { typeName: string; [k: string]: unknown };

export function sampleOf(schema: z.ZodTypeAny, text: string): unknown {
  const def = schema._def as AnyDef;
  switch (def.typeName) {
    case 'ZodString': {
      const checks = (def.checks as { kind: string }[]) ?? [];
      if (checks.some((c) => c.kind === 'datetime')) return '2026-11-23T11:00:00.000Z';
      if (checks.some((c) => c.kind === 'date')) return '2017-03-14';
      if (checks.some((c) => c.kind === 'email')) return 'someone@example.org';
      return text;
    }
    case 'ZodNumber':
      return 2;
    case 'ZodBoolean':
      return true;
    case 'ZodLiteral':
      return def.value;
    case 'ZodEnum':
      return (def.values as string[])[0];
    case 'ZodNativeEnum':
      return Object.values(def.values as object)[0];
    case 'ZodArray':
      return [sampleOf(def.type as z.ZodTypeAny, text), sampleOf(def.type as z.ZodTypeAny, text)];
    case 'ZodObject': {
      const shape = (schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
      return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, sampleOf(v, text)]));
    }
    case 'ZodOptional':
    case 'ZodNullable':
      return sampleOf(def.innerType as z.ZodTypeAny, text);
    case 'ZodDefault':
    case 'ZodCatch':
    case 'ZodReadonly':
      return sampleOf(def.innerType as z.ZodTypeAny, text);
    case 'ZodEffects':
      return sampleOf(def.schema as z.ZodTypeAny, text);
    case 'ZodBranded':
      return sampleOf(def.type as z.ZodTypeAny, text);
    case 'ZodPipeline':
      return sampleOf(def.out as z.ZodTypeAny, text);
    case 'ZodLazy':
      return sampleOf((def.getter as () => z.ZodTypeAny)(), text);
    case 'ZodUnion':
    case 'ZodDiscriminatedUnion': {
      const options = (def.options as z.ZodTypeAny[] | Map<unknown, z.ZodTypeAny>);
      return sampleOf([...(options instanceof Map ? options.values() : options)][0], text);
    }
    case 'ZodIntersection':
      return { ...(sampleOf(def.left as z.ZodTypeAny, text) as object), ...(sampleOf(def.right as z.ZodTypeAny, text) as object) };
    case 'ZodRecord':
      return {};
    case 'ZodTuple':
      return (def.items as z.ZodTypeAny[]).map((i) => sampleOf(i, text));
    case 'ZodDate':
      return new Date('2026-11-23T11:00:00.000Z');
    default:
      return text;
  }
}

/** The start tags of a page (name and attribute names), in order, to compare two renders. */
export function startTags(html: string): string[] {
  const tags: string[] = [];
  for (const m of html.matchAll(/<([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const attributes = [...m[2].matchAll(/\s([^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/g)].map((a) => a[1].toLowerCase());
    tags.push(`${m[1].toLowerCase()}[${attributes.join(' ')}]`);
  }
  return tags;
}
