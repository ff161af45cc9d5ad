/**
 * What waits for a person (issue 11: work comes to people): for a reviewer, the letters and 主动公开 items
 * submitted for their review in the agencies they may review, oldest first; for a clerk, the letters the
 * reviewer returned. Read only; each list is null when the viewer's role has no business with it, so
 * nobody is shown a link they could not open.
 */
import { type AuthedUser, can } from '../accounts/auth.ts';
import { type LetterInReview, listLettersInReview } from '../applications/application.repository.ts';
import type { ItemInReview } from '../catalogue/catalogue.model.ts';
import { scopeAgencyIds } from '../catalogue/catalogue.queries.ts';
import { listItemsInReview } from '../catalogue/catalogue.repository.ts';
import { listRevisionsInReview } from '../catalogue/revision.repository.ts';
import type { Db, Executor } from '../db/database.ts';

export type { ItemInReview, LetterInReview };

export interface ReviewQueue {
  /** Letters waiting for the viewer's approval; null when the viewer approves no letters. */
  readonly letters: readonly LetterInReview[] | null;
  /** Items and revisions waiting for the viewer's 保密审查 and publishing; null when they publish nothing. */
  readonly items: readonly ItemInReview[] | null;
}

/**
 * The agencies whose letters the viewer handles (and, as a reviewer, approves): every agency for an
 * administrator, their own for the staff of an agency, none for a supervisor (who reads only).
 */
export function letterAgenciesOf(viewer: AuthedUser): number[] | null {
  if (viewer.scope.kind === 'all') return null;
  return viewer.scope.kind === 'agency' ? [viewer.scope.agencyId] : [];
}

/** Items and revisions in review of the agencies, oldest submission first. */
export async function catalogueInReview(
  db: Executor,
  agencyIds: readonly number[] | null,
): Promise<ItemInReview[]> {
  const all = [...(await listItemsInReview(db, agencyIds)), ...(await listRevisionsInReview(db, agencyIds))];
  return all.sort(
    (a, b) =>
      a.submittedAt.localeCompare(b.submittedAt) ||
      a.itemId - b.itemId ||
      (a.revisionId ?? 0) - (b.revisionId ?? 0),
  );
}

export async function reviewQueueOf(db: Db, viewer: AuthedUser): Promise<ReviewQueue> {
  const letters = can(viewer, 'applications.approve')
    ? await listLettersInReview(db, letterAgenciesOf(viewer), 'submitted')
    : null;
  const items = can(viewer, 'catalogue.approve')
    ? await catalogueInReview(db, await scopeAgencyIds(db, viewer))
    : null;
  return { letters, items };
}

/** Letters the reviewer returned to the clerks of the viewer's agency; null for whoever drafts no letters. */
export async function returnedLettersOf(db: Db, viewer: AuthedUser): Promise<LetterInReview[] | null> {
  if (!can(viewer, 'applications.handle')) return null;
  return listLettersInReview(db, letterAgenciesOf(viewer), 'returned');
}
