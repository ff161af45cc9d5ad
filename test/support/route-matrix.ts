/**
 * The route × role × agency matrix (issue 12, item 8): the expected answer of every route of the app to
 * every kind of caller, derived from the route's declared `config.access` (and `accounts/roles.ts`) with
 * the explicit facts below for routes whose object belongs to an agency. Every route the app registers must
 * have an entry here: a new route without one fails `test/http/route-matrix.test.ts`, naming it.
 */
import { type Access, hasAccess } from '../../src/accounts/auth.ts';
import type { Role } from '../../src/accounts/roles.ts';

/** Who calls: nobody signed in, the demo accounts of 欣园 / 宽城区, and accounts of other agencies. */
export const ACTORS = [
  'anonymous',
  'clerk',
  'reviewer',
  'supervisor',
  'admin',
  'otherClerk',
  'otherReviewer',
  'otherSupervisor',
] as const;
export type Actor = (typeof ACTORS)[number];

/** The role of each signed-in actor, and whether its agency lies outside 欣园 (the objects' agency). */
export const ACTOR_ROLES: Readonly<
  Record<Exclude<Actor, 'anonymous'>, { role: Role; otherAgency: boolean }>
> = {
  clerk: { role: 'clerk', otherAgency: false },
  reviewer: { role: 'reviewer', otherAgency: false },
  supervisor: { role: 'supervisor', otherAgency: false },
  admin: { role: 'admin', otherAgency: false },
  otherClerk: { role: 'clerk', otherAgency: true },
  otherReviewer: { role: 'reviewer', otherAgency: true },
  otherSupervisor: { role: 'supervisor', otherAgency: true },
};

/**
 * The answers: `login` 401 or a redirect to the login form; `denied` 403; `hidden` 403 or 404 (an object
 * of another agency: not shown, not even confirmed); `absent` 404 (the demo has no such object); `allowed`
 * anything but 401/403/404 and 5xx (an empty form may well be a 400); `open` (public) anything but
 * 401/403 and 5xx.
 */
export type Expect = 'login' | 'denied' | 'hidden' | 'absent' | 'allowed' | 'open';

export interface RouteEntry {
  /** The route's object belongs to an agency (欣园 in the matrix): callers of other agencies get `hidden`. */
  readonly scoped?: boolean;
  /** The demo data has no such object: the callers allowed get 404. */
  readonly absent?: boolean;
  /** A POST that removes its object or ends its state: a later allowed caller may get 404. */
  readonly removes?: boolean;
  /** Run for the anonymous caller only (it would sign the others out). */
  readonly anonymousOnly?: boolean;
  /** Slow (a PDF, a DOCX): the allowed answer is checked for the first allowed caller only. */
  readonly heavy?: boolean;
  /** Answers that differ from the derived ones, each with its reason. */
  readonly except?: Partial<Record<Actor, { readonly expect: Expect; readonly why: string }>>;
}

/** The expected answer of a route to an actor. */
export function expectedAnswer(access: Access | undefined, entry: RouteEntry, actor: Actor): Expect {
  const special = entry.except?.[actor];
  if (special) return special.expect;
  if (access === undefined || access === 'public') return 'open';
  if (actor === 'anonymous') return 'login';
  const who = ACTOR_ROLES[actor];
  const viewer = { role: who.role } as Parameters<typeof hasAccess>[0];
  if (!hasAccess(viewer, access)) return 'denied';
  if (entry.scoped && who.otherAgency) return 'hidden';
  if (entry.absent) return 'absent';
  return 'allowed';
}

/** Whether a status (and redirect target) is the expected answer. */
export function answers(
  expect: Expect,
  status: number,
  location: string | undefined,
  removes = false,
): boolean {
  switch (expect) {
    case 'login':
      return (
        status === 401 || ((status === 302 || status === 303) && (location ?? '').startsWith('/admin/login'))
      );
    case 'denied':
      return status === 403;
    case 'hidden':
      return status === 403 || status === 404;
    case 'absent':
      return status === 404;
    case 'allowed':
      return status < 500 && status !== 401 && status !== 403 && (status !== 404 || removes);
    case 'open':
      return status < 500 && status !== 401 && status !== 403;
  }
}

const ONLY_ANONYMOUS = { anonymousOnly: true } as const;
const NO_AGENCY = {
  expect: 'denied',
  why: 'the system administrator belongs to no agency; records are made by an agency’s staff',
} as const;
const TOPICS_ADMIN = {
  expect: 'denied',
  why: 'the 主题分类 are the whole system’s: administrators only',
} as const;
const EXPLAINS_ABOVE = {
  expect: 'denied',
  why: 'a finding is marked explained by the supervising office, not by the agency that wrote the report',
} as const;
const SENT_LETTER = {
  expect: 'allowed',
  why: 'the demo letter is sent: its attachments are fixed (409) before any attachment is looked up',
} as const;
const REDACTION_STAFF = {
  expect: 'denied',
  why: 'redacting (and the page images it shows) is the handling staff’s work; a supervisor reads the letter, not its drafts',
} as const;
const FORM_FIRST = {
  expect: 'allowed',
  why: 'the empty form is refused (400) before the case is looked up; the agency is checked before both',
} as const;

/** Every route, by method and path, with the facts the expectation needs beyond `config.access`. */
export const ROUTE_TABLE: Readonly<Record<string, RouteEntry>> = {
  'GET /healthz': {},
  'GET /readyz': {},
  'GET /': {},
  'GET /agencies/:agencyId': {},
  'GET /agencies/:agencyId/guide': {},
  'GET /agencies/:agencyId/columns/:column': {},
  'GET /admin/login': {},
  'POST /admin/login': {},
  'POST /admin/logout': ONLY_ANONYMOUS,
  'GET /admin/account/password': {},
  'POST /admin/account/password': {},
  'GET /admin/account/tokens': {},
  'POST /admin/account/tokens': {},
  'GET /admin/account/tokens/:tokenId/revoke': {
    scoped: true,
    except: {
      clerk: {
        expect: 'hidden',
        why: 'the token is the reviewer’s; a colleague who oversees no one does not see it',
      },
    },
  },
  'POST /admin/account/tokens/:tokenId/revoke': {
    scoped: true,
    except: {
      clerk: {
        expect: 'hidden',
        why: 'the token is the reviewer’s; a colleague who oversees no one does not see it',
      },
    },
  },
  'GET /admin': {},
  'GET /admin/agencies': {},
  'GET /admin/agencies/new': {},
  'POST /admin/agencies/new': {},
  'GET /admin/agencies/:agencyId': { scoped: true },
  'GET /admin/agencies/:agencyId/edit': { scoped: true },
  'POST /admin/agencies/:agencyId/edit': { scoped: true },
  'POST /admin/agencies/:agencyId/reading-places': { scoped: true },
  'POST /admin/agencies/:agencyId/reading-places/:placeId/delete': { scoped: true, removes: true },
  'GET /admin/users': {},
  'GET /admin/users/new': {},
  'POST /admin/users/new': {},
  'GET /admin/users/:userId/edit': { scoped: true },
  'POST /admin/users/:userId/edit': { scoped: true },
  'POST /admin/users/:userId/unlock': { scoped: true },
  'GET /admin/audit': {},
  'GET /admin/calendar': {},
  'GET /admin/calendar/:year': {},
  'POST /admin/calendar/:year': {},
  'GET /admin/applications': {},
  'GET /admin/applications/new': { except: { admin: NO_AGENCY } },
  'POST /admin/applications/new': { except: { admin: NO_AGENCY } },
  'GET /admin/applications/:applicationId': { scoped: true },
  'POST /admin/applications/:applicationId/personal': {
    scoped: true,
    except: {
      supervisor: { expect: 'denied', why: 'personal data is shown to the handling agency’s staff only' },
    },
  },
  'GET /admin/applications/:applicationId/identity-documents/:uploadId': {
    scoped: true,
    absent: true,
    except: {
      supervisor: {
        expect: 'denied',
        why: 'identity documents are for the handling agency’s staff only, not the supervising office',
      },
    },
  },
  'GET /admin/applications/:applicationId/events/:eventType': { scoped: true },
  'POST /admin/applications/:applicationId/events/:eventType': { scoped: true },
  'POST /admin/applications/:applicationId/letters/new': { scoped: true },
  'GET /admin/applications/:applicationId/letters/:letterId': { scoped: true },
  'POST /admin/applications/:applicationId/letters/:letterId': { scoped: true },
  'POST /admin/applications/:applicationId/letters/:letterId/delivery': { scoped: true, absent: true },
  'POST /admin/applications/:applicationId/letters/:letterId/approve': { scoped: true },
  'POST /admin/applications/:applicationId/letters/:letterId/submit': { scoped: true },
  'POST /admin/applications/:applicationId/letters/:letterId/return': { scoped: true },
  'POST /admin/applications/:applicationId/letters/:letterId/send': { scoped: true },
  'GET /admin/applications/:applicationId/letters/:letterId/docx': { scoped: true, heavy: true },
  'GET /admin/applications/:applicationId/letters/:letterId/pdf': { scoped: true, heavy: true },
  'GET /admin/applications/:applicationId/letters/:letterId/attachments/:attachmentId': {
    scoped: true,
    absent: true,
  },
  'POST /admin/applications/:applicationId/letters/:letterId/attachments/:attachmentId/delete': {
    scoped: true,
    except: { clerk: SENT_LETTER, reviewer: SENT_LETTER, admin: SENT_LETTER },
  },
  'POST /admin/applications/:applicationId/letters/:letterId/attachments': { scoped: true },
  // Redaction of a letter attachment (the demo letter has none: 404 for those allowed).
  'GET /admin/applications/:applicationId/letters/:letterId/attachments/:attachmentId/redact': {
    scoped: true,
    absent: true,
    except: { supervisor: REDACTION_STAFF },
  },
  'POST /admin/applications/:applicationId/letters/:letterId/attachments/:attachmentId/redact': {
    scoped: true,
    except: { clerk: SENT_LETTER, reviewer: SENT_LETTER, admin: SENT_LETTER },
  },
  'POST /admin/applications/:applicationId/letters/:letterId/attachments/:attachmentId/redact/undo': {
    scoped: true,
    except: { clerk: SENT_LETTER, reviewer: SENT_LETTER, admin: SENT_LETTER },
  },
  'GET /admin/applications/:applicationId/letters/:letterId/attachments/:attachmentId/redact/:version/:page':
    {
      scoped: true,
      absent: true,
      except: { supervisor: REDACTION_STAFF },
    },
  'GET /admin/applications/ledger.xlsx': {
    except: { admin: { expect: 'absent', why: 'the ledger is one agency’s; the administrator has none' } },
  },
  'GET /admin/applications/import': { except: { admin: NO_AGENCY } },
  'POST /admin/applications/import': { except: { admin: NO_AGENCY } },
  'GET /agencies/:agencyId/columns/apply': {},
  'GET /agencies/:agencyId/apply': {},
  'GET /agencies/:agencyId/apply/applicant': {},
  'GET /agencies/:agencyId/apply/request': {},
  'GET /agencies/:agencyId/apply/files': {},
  'GET /agencies/:agencyId/apply/check': {},
  'POST /agencies/:agencyId/apply': {},
  'POST /agencies/:agencyId/apply/applicant': {},
  'POST /agencies/:agencyId/apply/request': {},
  'POST /agencies/:agencyId/apply/files': {},
  'POST /agencies/:agencyId/apply/check': {},
  'POST /agencies/:agencyId/apply/send': {},
  'GET /agencies/:agencyId/apply/done': {},
  'GET /applications/lookup': {},
  'POST /applications/lookup': {},
  'POST /applications/lookup/end': {},
  'GET /applications/lookup/letters/:letterId': {},
  'GET /applications/lookup/letters/:letterId/pdf': {},
  'GET /applications/lookup/files/:attachmentId': {},
  'GET /api/v1/openapi.json': {},
  'GET /api/v1/applications': {},
  'POST /api/v1/applications': { except: { admin: NO_AGENCY } },
  'GET /api/v1/applications/:applicationId': { scoped: true },
  'POST /api/v1/applications/:applicationId/events': { scoped: true },
  'GET /admin/reports': {},
  'GET /admin/jobs': {},
  // Surveys: the demo survey is 宽城区's (its supervisor's); other agencies' supervisors do not see it.
  'GET /admin/report-surveys': {},
  'POST /admin/report-surveys': {},
  'GET /admin/report-surveys/:surveyId': { scoped: true },
  'POST /admin/report-surveys/:surveyId/stop': { scoped: true },
  'GET /admin/report-surveys/:surveyId/files/:output': { scoped: true, absent: true },
  'GET /admin/reports/:agencyId/:year': { scoped: true },
  'GET /admin/reports/:agencyId/:year/narrative': { scoped: true },
  'POST /admin/reports/:agencyId/:year/narrative': { scoped: true },
  'GET /admin/reports/:agencyId/:year/article20': { scoped: true },
  'POST /admin/reports/:agencyId/:year/article20': { scoped: true },
  'GET /admin/reports/:agencyId/:year/settings': { scoped: true },
  'POST /admin/reports/:agencyId/:year/settings': { scoped: true },
  'POST /admin/reports/:agencyId/:year/actions/submit': { scoped: true },
  'POST /admin/reports/:agencyId/:year/actions/:action': { scoped: true },
  'GET /admin/reports/:agencyId/:year/files/:output': { scoped: true },
  'GET /admin/reports/:agencyId/:year/rollup': { scoped: true },
  'GET /admin/reports/:agencyId/:year/findings/:findingId': {
    scoped: true,
    absent: true,
    except: { clerk: EXPLAINS_ABOVE, reviewer: EXPLAINS_ABOVE },
  },
  'POST /admin/reports/:agencyId/:year/findings/:findingId': {
    scoped: true,
    absent: true,
    except: { clerk: EXPLAINS_ABOVE, reviewer: EXPLAINS_ABOVE },
  },
  'POST /admin/reports/:agencyId/:year/findings/:findingId/remove': {
    scoped: true,
    absent: true,
    except: { clerk: EXPLAINS_ABOVE, reviewer: EXPLAINS_ABOVE },
  },
  'GET /admin/reports/:agencyId/:year/explanations': { scoped: true },
  'GET /reports/report.css': {},
  'GET /agencies/:agencyId/columns/reports': {},
  'GET /agencies/:agencyId/reports/:year': {},
  'GET /agencies/:agencyId/reports/:year/files/:output': {},
  'GET /tools/report-checker': {},
  'GET /reports/compare': {},
  'GET /opendata': {},
  'GET /opendata/reports.csv': {},
  'GET /opendata/reports.json': {},
  // Statistics of the viewer's own scope (no object in the path): every staff role has one.
  'GET /admin/statistics': {},
  'GET /admin/statistics/figures.xlsx': { heavy: true },
  'POST /tools/report-checker': {},
  'GET /admin/litigation/:agencyId': { scoped: true },
  'GET /admin/litigation/:agencyId/new': { scoped: true },
  'POST /admin/litigation/:agencyId/new': { scoped: true },
  'GET /admin/litigation/:agencyId/:caseId/edit': { scoped: true, absent: true },
  'POST /admin/litigation/:agencyId/:caseId/edit': {
    scoped: true,
    except: { clerk: FORM_FIRST, reviewer: FORM_FIRST, admin: FORM_FIRST },
  },
  'POST /admin/litigation/:agencyId/:caseId/delete': { scoped: true, absent: true },
  'GET /admin/litigation/:agencyId/:caseId/documents': { scoped: true, absent: true },
  'POST /admin/litigation/:agencyId/:caseId/documents': { scoped: true, absent: true },
  'GET /admin/litigation/:agencyId/:caseId/documents/:documentId': { scoped: true, absent: true },
  'POST /admin/litigation/:agencyId/:caseId/documents/:documentId/delete': { scoped: true, absent: true },
  'GET /admin/catalogue': {},
  'GET /admin/catalogue/new': { except: { admin: NO_AGENCY } },
  'POST /admin/catalogue/new': { except: { admin: NO_AGENCY } },
  'GET /admin/catalogue/items/:itemId': { scoped: true },
  'GET /admin/catalogue/items/:itemId/edit': { scoped: true },
  'POST /admin/catalogue/items/:itemId/edit': { scoped: true },
  'POST /admin/catalogue/items/:itemId/submit': { scoped: true },
  'POST /admin/catalogue/items/:itemId/publish': { scoped: true },
  'POST /admin/catalogue/items/:itemId/return': { scoped: true },
  'POST /admin/catalogue/items/:itemId/withdraw': { scoped: true },
  'POST /admin/catalogue/items/:itemId/validity': { scoped: true },
  'GET /admin/catalogue/items/:itemId/versions/:version': { scoped: true },
  'GET /admin/catalogue/items/:itemId/wechat': { scoped: true },
  'GET /admin/catalogue/notice-sheet': {},
  'GET /admin/catalogue/settings': {},
  'POST /admin/catalogue/settings': { except: { admin: NO_AGENCY } },
  'GET /admin/catalogue/items/:itemId/revise': { scoped: true },
  'POST /admin/catalogue/items/:itemId/revise': { scoped: true },
  'POST /admin/catalogue/items/:itemId/revision/approve': { scoped: true },
  'POST /admin/catalogue/items/:itemId/revision/reject': { scoped: true },
  'POST /admin/catalogue/items/:itemId/revision/cancel': { scoped: true },
  'GET /admin/catalogue/import': { except: { admin: NO_AGENCY } },
  'GET /admin/catalogue/import/template.xlsx': {},
  'POST /admin/catalogue/attachments/:attachmentId/delete': { scoped: true, absent: true },
  // 删除处理 of a catalogue attachment before publishing (the demo items have no attachment: 404).
  'GET /admin/catalogue/attachments/:attachmentId/redact': { scoped: true, absent: true },
  'POST /admin/catalogue/attachments/:attachmentId/redact': { scoped: true, absent: true },
  'POST /admin/catalogue/attachments/:attachmentId/redact/undo': { scoped: true, absent: true },
  'GET /admin/catalogue/attachments/:attachmentId/redact/:version/:page': { scoped: true, absent: true },
  'GET /files/:attachmentId': {},
  'POST /admin/catalogue/items/:itemId/attachments': { scoped: true },
  'POST /admin/catalogue/import': { except: { admin: NO_AGENCY } },
  'GET /admin/catalogue/topics': { except: { reviewer: TOPICS_ADMIN, otherReviewer: TOPICS_ADMIN } },
  'GET /admin/catalogue/topics/:topicId': { except: { reviewer: TOPICS_ADMIN, otherReviewer: TOPICS_ADMIN } },
  'POST /admin/catalogue/topics': { except: { reviewer: TOPICS_ADMIN, otherReviewer: TOPICS_ADMIN } },
  'POST /admin/catalogue/topics/:topicId': {
    except: { reviewer: TOPICS_ADMIN, otherReviewer: TOPICS_ADMIN },
  },
  'POST /admin/catalogue/topics/:topicId/active': {
    except: { reviewer: TOPICS_ADMIN, otherReviewer: TOPICS_ADMIN },
  },
  'GET /admin/catalogue/messages': {},
  'POST /admin/catalogue/messages/:messageId/answer': { scoped: true },
  'POST /agencies/:agencyId/items/:itemId/report-error': {},
  'GET /agencies/:agencyId/interaction': {},
  'POST /agencies/:agencyId/interaction': {},
  'POST /preferences/elder': {},
  'GET /preferences/elder': {},
  'GET /agencies/:agencyId/columns/proactive': {},
  'GET /agencies/:agencyId/columns/system': {},
  'GET /agencies/:agencyId/items/:itemId': {},
  'GET /search': {},
  'GET /agencies/:agencyId/feed.rss': {},
  'GET /agencies/:agencyId/feed.atom': {},
  'GET /agencies/:agencyId/led.txt': {},
  'GET /admin/assessment': {},
  'GET /admin/assessment/:agencyId': { scoped: true },
  'GET /admin/assessment/:agencyId/print': { scoped: true },
  'GET /admin/assessment/:agencyId/assessment.xlsx': { scoped: true },
  'GET /admin/assessment/:agencyId/assessment.pdf': { scoped: true, heavy: true },
  'POST /admin/assessment/:agencyId/attestations': { scoped: true },
  'GET /admin/assessment-weights': {},
  'POST /admin/assessment-weights': {},
  'GET /admin/mail': {},
  'POST /admin/mail/:mailId/resend': { scoped: true, absent: true },
  'GET /admin/review': {},
};
