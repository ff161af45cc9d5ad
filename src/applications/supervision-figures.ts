import { selectedAgencyIds } from '../agencies/agency.repository.ts';
import type { AgencySelection } from '../agencies/agency.rules.ts';
import type { Executor } from '../db/database.ts';

/**
 * What the applications capability gives the supervisors' statistics page (issue 15): the dates and
 * outcome of every application of the selected agencies that was open at some time in the period
 * (received on or before its end, not closed before its start). Nothing personal.
 */
export interface ApplicationFact {
  readonly agencyId: number;
  readonly receivedOn: string;
  readonly closedOn: string | null;
  readonly replyDue: string | null;
  readonly outcome: string | null;
}

export async function applicationFacts(
  db: Executor,
  agencies: AgencySelection,
  from: string,
  to: string,
): Promise<ApplicationFact[]> {
  if ('ids' in agencies && agencies.ids.length === 0) return [];
  const rows = await db
    .selectFrom('applications')
    .select(['agency_id', 'received_on', 'closed_on', 'reply_due', 'outcome'])
    .where('agency_id', 'in', selectedAgencyIds(db, agencies))
    .where('received_on', 'is not', null)
    .where('received_on', '<=', to)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', from)]))
    .execute();
  return rows.map((r) => ({
    agencyId: r.agency_id,
    receivedOn: r.received_on ?? '',
    closedOn: r.closed_on,
    replyDue: r.reply_due,
    outcome: r.outcome,
  }));
}
