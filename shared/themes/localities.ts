// Localities: the council's areas (localities, wards, clusters) as a file the council edits,
// mapping postcode districts ("DN15") and sectors ("DN17 2") to a locality's name. Every
// contact carries the locality of its incident's postcode, so themes, hotspots and figures
// are read by locality. Checked at start: a malformed file or a postcode in two localities
// stops the engine with the entry named, rather than counting a contact twice or nowhere.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where a postcode falls in no locality (outside the council, or missing). */
export const UNMAPPED_LOCALITY = 'Not mapped';

const district = /^[A-Z]{1,2}[0-9][0-9A-Z]?$/;
const sector = /^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9]$/;

const localitiesFile = z.object({
  localities: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(80).refine((n) => n !== UNMAPPED_LOCALITY, `"${UNMAPPED_LOCALITY}" is kept for postcodes in no locality`),
        postcodes: z
          .array(z.string().trim().toUpperCase().refine((p) => district.test(p) || sector.test(p), 'a postcode district ("DN15") or sector ("DN17 2")'))
          .min(1),
      }),
    )
    .min(1),
});

export interface Localities {
  readonly names: readonly string[];
  /** Each locality with its postcode districts and sectors, as the file lists them (the generator places contacts by them). */
  readonly areas: readonly { name: string; postcodes: readonly string[] }[];
  /** The locality of a full postcode ("DN17 2AB"), a sector or a district; `UNMAPPED_LOCALITY` if none. */
  of(postcode: string | undefined): string;
}

/** Builds the lookup from the file's text; `source` names the file in errors. */
export function parseLocalities(text: string, source: string): Localities {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${source}: not valid JSON`);
  }
  const parsed = localitiesFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const byPrefix = new Map<string, string>();
  const names = new Set<string>();
  for (const { name, postcodes } of parsed.data.localities) {
    if (names.has(name)) throw new Error(`${source}: locality "${name}" is listed twice`);
    names.add(name);
    for (const p of postcodes) {
      const other = byPrefix.get(p);
      if (other) throw new Error(`${source}: postcode ${p} is in both "${other}" and "${name}"`);
      byPrefix.set(p, name);
    }
  }
  return {
    names: [...names],
    areas: parsed.data.localities,
    of(postcode) {
      if (!postcode) return UNMAPPED_LOCALITY;
      const text = postcode.trim().toUpperCase().replace(/\s+/g, ' ');
      // A full postcode ends in its inward code, a digit and two letters ("2AB"): the digit
      // makes the sector. Otherwise it is a sector ("DN17 2") or a district ("DN15") already.
      const full = /^([A-Z0-9]+) ?([0-9])[A-Z]{2}$/.exec(text);
      const given = /^([A-Z0-9]+)(?: ([0-9]))?$/.exec(text);
      const [outward, sectorDigit] = full ? [full[1], full[2]] : given ? [given[1], given[2]] : [text, undefined];
      return (sectorDigit !== undefined && byPrefix.get(`${outward} ${sectorDigit}`)) || byPrefix.get(outward) || UNMAPPED_LOCALITY;
    },
  };
}

const shipped = fileURLToPath(new URL('./localities.json', import.meta.url));

/** The council's localities from LOCALITIES_FILE, or the synthetic council's shipped with the engine. */
export function loadLocalities(env: NodeJS.ProcessEnv = process.env): Localities {
  const file = env.LOCALITIES_FILE || shipped;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`LOCALITIES_FILE: cannot read ${file}`);
  }
  return parseLocalities(text, env.LOCALITIES_FILE ? 'LOCALITIES_FILE' : 'shared/themes/localities.json');
}

let council: Localities | undefined;

/**
 * The council's localities, read and checked once per process: the API's start reads them
 * (server/main.ts), so a malformed LOCALITIES_FILE stops it there, and every read after
 * (themes, series by locality) uses the same lookup.
 */
export const councilLocalities = (): Localities => (council ??= loadLocalities());
