/** Types of the outbox shared by its repository, routes and page. */

/** Which mail the outbox page lists: pending (incl. sending), sent, failed, or all. */
export type OutboxStatusFilter = 'pending' | 'sent' | 'failed' | 'all';

export interface OutboxFilter {
  readonly agencyId: number | null;
  readonly status: OutboxStatusFilter;
  readonly limit: number;
  readonly offset: number;
}

/** One row as the page shows it (presenter output: recipient already masked, times formatted). */
export interface OutboxLine {
  readonly id: number;
  readonly createdAt: string;
  readonly kindLabel: string;
  readonly to: string;
  readonly subject: string;
  readonly statusLabel: string;
  readonly tone: 'grey' | 'green' | 'red' | 'yellow' | 'blue';
  readonly detail: string | null;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly attachments: number;
  readonly canResend: boolean;
}
