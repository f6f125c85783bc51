// A child's chronology: the contacts about them across the front door's records.
import type { Models } from '../../shared/db/models.js';
import { problems } from '../errors.js';
import type { ContactRecord } from './records.js';

/** Every contact naming the child, newest first (the most recent 500). */
export async function childContacts(models: Models, personId: string): Promise<ContactRecord[]> {
  if (!(await models.Person.exists({ _id: personId, kind: 'child' }))) throw problems.notFound(`no child ${personId}`);
  return models.Contact.find({ childPersonIds: personId }).sort({ receivedAt: -1, _id: 1 }).limit(500).lean<ContactRecord[]>().exec();
}
