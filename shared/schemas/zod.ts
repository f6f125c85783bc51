// One zod instance, extended so schemas can carry their OpenAPI metadata: the schema
// that validates a request also documents it.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };

/** An instant with an explicit offset, e.g. 2026-11-20T08:42:00Z. */
export const instant = () => z.string().datetime({ offset: true });
/** A calendar date, e.g. 2017-03-14. */
export const calendarDate = () => z.string().date();
export const nonEmpty = (max = 200) => z.string().trim().min(1, 'must not be empty').max(max);
