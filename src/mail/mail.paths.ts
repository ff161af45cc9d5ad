import { definePath } from '../shared/define-path.ts';

/** URLs of the mail capability: the back-office outbox. */
export const mailPaths = {
  outbox: definePath('/admin/mail'),
  resend: definePath('/admin/mail/:mailId/resend'),
} as const;
