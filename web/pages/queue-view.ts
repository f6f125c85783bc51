// A queue's page as asked for in the address: its order, filters and page number. Only known
// values are kept (the API checks them again), so a link always asks the API a valid question.
import { incidentTypes, ragRatings } from '../../shared/codes.js';
import { incidentTypeLabels, label, ratingLabels } from '../labels.js';

const sorts = { deadline: 'Nearest deadline first', received: 'Longest waiting first', rating: 'Red first' } as const;
const sources = { police: 'Police notifications', partner: 'Referrals and calls' } as const;

export interface QueueFilters {
  sort: keyof typeof sorts;
  rating: string;
  source: string;
  incidentType: string;
}

const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): T | '' => (typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : '');

export function queueViewOf(q: Record<string, unknown>): { filters: QueueFilters; params: URLSearchParams; page: number } {
  const filters: QueueFilters = {
    sort: oneOf(q.sort, Object.keys(sorts) as (keyof typeof sorts)[]) || 'deadline',
    rating: oneOf(q.rating, ragRatings),
    source: oneOf(q.source, Object.keys(sources)),
    incidentType: oneOf(q.incidentType, incidentTypes),
  };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  const page = Math.max(1, Math.min(1000, Number.parseInt(String(q.page ?? '1'), 10) || 1));
  return { filters, params, page };
}

const items = (values: Record<string, string>, selected: string, any?: string) => [
  ...(any ? [{ value: '', text: any, selected: selected === '' }] : []),
  ...Object.entries(values).map(([value, text]) => ({ value, text, selected: value === selected })),
];

/** The filter form's select items, the chosen ones selected. */
export function queueFilterItems(f: QueueFilters) {
  return {
    sort: items(sorts, f.sort),
    rating: items(Object.fromEntries(ragRatings.map((r) => [r, label(ratingLabels, r)])), f.rating, 'Any rating'),
    source: items(sources, f.source, 'Any source'),
    incidentType: items(Object.fromEntries(incidentTypes.map((t) => [t, label(incidentTypeLabels, t)])), f.incidentType, 'Any incident'),
  };
}
