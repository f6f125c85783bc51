// A step's form fields, read from its zod schema (shared/step-forms.ts gives the words):
// an enum is a choice (radios, or a drop-down), an array of an enum is checkboxes, a long
// string a text area, a boolean with a default a single checkbox, one without a yes/no
// question, an instant a date and a time; a discriminated union is a question whose
// answers each reveal their own fields, and an array of objects keyed by an enum (the
// decision's partner actions) is checkboxes each revealing that item's fields.
import type { CaseStep } from './case/steps.js';
import { stepForms, type FieldText } from './step-forms.js';
import type { z } from './schemas/zod.js';

export type FieldKind = 'radios' | 'select' | 'checkboxes' | 'textarea' | 'input' | 'email' | 'yes-no' | 'check' | 'date-time' | 'each-choice';

export interface FormField {
  /** The form's name for it and its element's id. */
  name: string;
  /** Where its value goes in the API's body. */
  path: string[];
  kind: FieldKind;
  /** Whether the schema lets it be left out (its label then says "(optional)"). */
  optional: boolean;
  /** The values allowed, from the schema; numbers for a union of number literals. */
  choices: (string | number)[];
  text: FieldText;
  /** A union's question: each answer's own fields. */
  reveals?: Record<string, FormField[]>;
  /** An array keyed by an enum: the key's name in each item, and each item's other fields. */
  item?: { key: string; fields: FormField[] };
  /** The optional object it is a field of (the family's consent to early help): left wholly blank, the object is not given. */
  within?: string[];
}

type Def = { typeName: string; [k: string]: unknown };
const def = (s: z.ZodTypeAny) => s._def as Def;
const humanise = (key: string) => {
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The schema under its wrappers (refinements, optional, default), and whether it may be left out. */
function unwrap(schema: z.ZodTypeAny): { inner: z.ZodTypeAny; optional: boolean; defaulted: boolean } {
  let inner = schema;
  let optional = false;
  let defaulted = false;
  for (;;) {
    const d = def(inner);
    if (d.typeName === 'ZodEffects') inner = d.schema as z.ZodTypeAny;
    else if (d.typeName === 'ZodOptional' || d.typeName === 'ZodNullable') [inner, optional] = [d.innerType as z.ZodTypeAny, true];
    else if (d.typeName === 'ZodDefault') [inner, optional, defaulted] = [d.innerType as z.ZodTypeAny, true, true];
    else return { inner, optional, defaulted };
  }
}

const shapeOf = (s: z.ZodTypeAny) => (s as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
const choicesOf = (s: z.ZodTypeAny): (string | number)[] | undefined => {
  const d = def(s);
  if (d.typeName === 'ZodEnum') return d.values as string[];
  if (d.typeName === 'ZodUnion' && (d.options as z.ZodTypeAny[]).every((o) => def(o).typeName === 'ZodLiteral')) {
    return (d.options as z.ZodTypeAny[]).map((o) => def(o).value as string | number);
  }
  return undefined;
};

interface Context {
  words: Record<string, FieldText>;
  /** The key `words` are looked up by: the body path, with a union's answer first. */
  key: (path: string[]) => string;
  name: (path: string[]) => string;
}

function leaf(schema: z.ZodTypeAny, path: string[], cx: Context): FormField[] {
  const { inner, optional, defaulted } = unwrap(schema);
  // An object's fields are the form's fields (`leadProfessional.name` is `name`).
  if (def(inner).typeName === 'ZodObject') {
    const fields = Object.entries(shapeOf(inner)).flatMap(([k, s]) => leaf(s, [...path, k], cx));
    return optional ? fields.map((f) => ({ ...f, within: f.within ?? path })) : fields;
  }
  const key = cx.key(path);
  const text = cx.words[key] ?? { label: humanise(path.at(-1)!) };
  if (text.supplied) return [];
  const field = (kind: FieldKind, choices: (string | number)[] = []): FormField[] => [
    { name: text.name ?? cx.name(path), path, kind, optional, choices, text },
  ];
  const d = def(inner);
  const choices = choicesOf(inner);
  if (choices) return field(text.select ? 'select' : 'radios', choices);
  if (d.typeName === 'ZodBoolean') return field(defaulted ? 'check' : 'yes-no');
  if (d.typeName === 'ZodArray') {
    const element = unwrap(d.type as z.ZodTypeAny).inner;
    const elementChoices = choicesOf(element);
    if (elementChoices) return field('checkboxes', elementChoices);
    if (def(element).typeName === 'ZodObject') {
      const [[itemKey, keySchema], ...rest] = Object.entries(shapeOf(element));
      const itemName = text.itemName ?? text.name ?? cx.name(path);
      const itemCx: Context = { words: cx.words, key: (p) => [key, ...p].join('.'), name: (p) => `${itemName}-*-${p.join('-')}` };
      const [f] = field('each-choice', choicesOf(unwrap(keySchema).inner) ?? []);
      return [{ ...f, item: { key: itemKey, fields: rest.flatMap(([k, s]) => leaf(s, [k], itemCx)) } }];
    }
  }
  if (d.typeName === 'ZodString') {
    const checks = (d.checks as { kind: string; value?: number }[]) ?? [];
    if (checks.some((c) => c.kind === 'datetime')) return field('date-time');
    if (checks.some((c) => c.kind === 'email')) return field('email');
    const max = checks.find((c) => c.kind === 'max')?.value ?? Infinity;
    return field(max > 200 ? 'textarea' : 'input');
  }
  return field('input');
}

/** The fields of a schema, in the schema's order. */
export function fieldsOfSchema(schema: z.ZodTypeAny, words: Record<string, FieldText>): FormField[] {
  const root = unwrap(schema).inner;
  const d = def(root);
  const plain: Context = { words, key: (p) => p.join('.'), name: (p) => p.at(-1)! };
  if (d.typeName !== 'ZodDiscriminatedUnion') {
    // In the order the table gives their words (the form's order); any other after, in the schema's.
    const order = Object.keys(words);
    const at = (f: FormField) => (order.includes(f.path.join('.')) ? order.indexOf(f.path.join('.')) : order.length);
    return leaf(root, [], plain).map((f, i) => ({ f, i })).sort((a, b) => at(a.f) - at(b.f) || a.i - b.i).map(({ f }) => f);
  }
  // A question whose answers each bring their own fields: `authorise.comments`.
  const discriminator = d.discriminator as string;
  const options = [...(d.options as z.AnyZodObject[])];
  const answers = options.map((o) => def(shapeOf(o)[discriminator]).value as string);
  const branchFields = options.map((o) => Object.entries(shapeOf(o)).filter(([k]) => k !== discriminator));
  const leafNames = branchFields.flatMap((fs, i) => fs.flatMap(([k, s]) => leaf(s, [k], { ...plain, key: (p) => [answers[i], ...p].join('.') }).map((f) => f.name)));
  const repeated = new Set(leafNames.filter((n, i) => leafNames.indexOf(n) !== i));
  const reveals = Object.fromEntries(
    answers.map((answer, i) => {
      const cx: Context = {
        words,
        key: (p) => [answer, ...p].join('.'),
        // Two answers with a field of the same name (comments): each its own on the form.
        name: (p) => (repeated.has(p.at(-1)!) ? `${answer}${capitalise(p.at(-1)!)}` : p.at(-1)!),
      };
      return [answer, branchFields[i].flatMap(([k, s]) => leaf(s, [k], cx))];
    }),
  );
  const text = words[discriminator] ?? { label: humanise(discriminator) };
  return [{ name: text.name ?? discriminator, path: [discriminator], kind: 'radios', optional: false, choices: answers, text, reveals }];
}

export const stepFormFields = (step: CaseStep): FormField[] => fieldsOfSchema(stepForms[step].schema, stepForms[step].fields);
