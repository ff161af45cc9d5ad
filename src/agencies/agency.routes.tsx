import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, requireViewer } from '../accounts/auth.ts';
import type { Deps } from '../shared/deps.ts';
import { orFormError, parseForm } from '../shared/http/forms.ts';
import { formStatus, noticeFrom, sendAdminPage } from '../shared/http/page.ts';
import { idOf, type On, type RouteParams } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import type { FieldErrors } from '../shared/ui/components.tsx';
import { findAgency, listAgencies, listReadingPlaces } from './agency.repository.ts';
import { type Agency, agencyFormSchema, readingPlaceSchema } from './agency.rules.ts';
import {
  addReadingPlace,
  agencyInScope,
  createAgency,
  editAgency,
  removeReadingPlace,
} from './agency.service.ts';
import {
  AGENCY_FIELDS,
  AgencyForm,
  AgencyListPage,
  AgencyShowPage,
  agencyToValues,
} from './agency.views.tsx';

type AgencyParams = RouteParams<typeof paths.admin.agency>;

export async function registerAgencyRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();
  const view = { config: { access: 'agencies.view' as const } };
  const create = { config: { access: 'agencies.create' as const } };
  const edit = { config: { access: 'agencies.edit' as const } };
  /** The agency of the route, if the viewer may see it (else 404). */
  const agencyOf = (request: FastifyRequest) =>
    agencyInScope(db, requireViewer(request), idOf((request.params as AgencyParams).agencyId));

  app.get(paths.admin.agencies.pattern, view, async (request, reply) => {
    const viewer = requireViewer(request);
    const q = String((request.query as Record<string, unknown>).q ?? '').slice(0, 100);
    const found = await listAgencies(db, viewer.scope, q);
    return sendAdminPage(request, reply, 'agencies', AgencyListPage, {
      agencies: q ? found : sortTree(found),
      q,
      canCreate: can(viewer, 'agencies.create') && viewer.scope.kind !== 'agency',
    });
  });

  /**
   * The form of a new agency (`agency` null) or of an agency, with its values or again with the errors
   * (400). An agency cannot move below itself; an agency-scoped editor may choose any parent.
   */
  const agencyForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    agency: Agency | null,
    values: Record<string, string>,
    errors?: FieldErrors,
  ) => {
    const { scope } = requireViewer(request);
    const parents = await listAgencies(db, agency && scope.kind === 'agency' ? { kind: 'all' } : scope);
    const page = agency
      ? {
          action: paths.admin.agencyEdit({ agencyId: agency.id }),
          title: `修改：${agency.name}`,
          parents: sortTree(parents.filter((p) => !p.path.startsWith(agency.path))),
          back: paths.admin.agency({ agencyId: agency.id }),
          submitLabel: '保存修改',
        }
      : {
          action: paths.admin.agencyNew(),
          title: '新建机构',
          parents: sortTree(parents),
          back: paths.admin.agencies(),
          submitLabel: '创建机构',
        };
    return sendAdminPage(
      request,
      reply,
      'agencies',
      AgencyForm,
      { ...page, values, errors },
      formStatus(errors),
    );
  };

  app.get(paths.admin.agencyNew.pattern, create, async (request, reply) => {
    const viewer = requireViewer(request);
    const parentId = String(
      (request.query as Record<string, unknown>).parent ??
        (viewer.scope.kind === 'subtree' ? viewer.scope.agencyId : ''),
    );
    return agencyForm(request, reply, null, { parentId, sortOrder: '0' });
  });

  app.post(paths.admin.agencyNew.pattern, create, async (request, reply) => {
    const viewer = requireViewer(request);
    const form = parseForm(agencyFormSchema, request.body, AGENCY_FIELDS);
    if (!form.ok) return agencyForm(request, reply, null, form.values, form.errors);
    return orFormError(
      async () => {
        const agency = await createAgency(db, viewer, request.ip, form.data, now());
        return reply.redirect(paths.admin.agency({ agencyId: agency.id }, { created: '1' }), 303);
      },
      (errors) => agencyForm(request, reply, null, form.values, errors),
    );
  });

  const showPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { placeErrors?: FieldErrors; placeValues?: Record<string, string> } = {},
  ) => {
    const viewer = requireViewer(request);
    const agency = await agencyOf(request);
    return sendAdminPage(
      request,
      reply,
      'agencies',
      AgencyShowPage,
      {
        agency,
        parent: agency.parentId ? await findAgency(db, agency.parentId) : null,
        places: await listReadingPlaces(db, agency.id),
        canEdit: can(viewer, 'agencies.edit'),
        notice: noticeFrom(request, { created: '机构已创建。', saved: '修改已保存。' }),
        ...extra,
      },
      formStatus(extra.placeErrors),
    );
  };

  app.get(paths.admin.agency.pattern, view, (request, reply) => showPage(request, reply));

  app.get(paths.admin.agencyEdit.pattern, edit, async (request, reply) => {
    const agency = await agencyOf(request);
    return agencyForm(request, reply, agency, agencyToValues(agency));
  });

  app.post(paths.admin.agencyEdit.pattern, edit, async (request, reply) => {
    const viewer = requireViewer(request);
    const agency = await agencyOf(request);
    const form = parseForm(agencyFormSchema, request.body, AGENCY_FIELDS);
    if (!form.ok) return agencyForm(request, reply, agency, form.values, form.errors);
    return orFormError(
      async () => {
        await editAgency(db, viewer, request.ip, agency, form.data, now());
        return reply.redirect(paths.admin.agency({ agencyId: agency.id }, { saved: '1' }), 303);
      },
      (errors) => agencyForm(request, reply, agency, form.values, errors),
    );
  });

  /** Back to the agency's 查阅场所 after adding or removing one. */
  const toReadingPlaces = (reply: FastifyReply, agencyId: number) =>
    reply.redirect(`${paths.admin.agency({ agencyId }, { saved: '1' })}#reading-places`, 303);

  app.post(paths.admin.readingPlaces.pattern, edit, async (request, reply) => {
    const viewer = requireViewer(request);
    const agency = await agencyOf(request);
    const form = parseForm(readingPlaceSchema, request.body, ['placeName', 'placeAddress', 'placeHours']);
    if (!form.ok) return showPage(request, reply, { placeErrors: form.errors, placeValues: form.values });
    const { placeName: name, placeAddress: address, placeHours: hours } = form.data;
    await addReadingPlace(db, viewer, request.ip, agency, { name, address, hours }, now());
    return toReadingPlaces(reply, agency.id);
  });

  app.post<On<typeof paths.admin.readingPlaceDelete>>(
    paths.admin.readingPlaceDelete.pattern,
    edit,
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agency = await agencyOf(request);
      await removeReadingPlace(db, viewer, request.ip, agency, idOf(request.params.placeId), now());
      return toReadingPlaces(reply, agency.id);
    },
  );
}

/** Depth-first order so that each agency follows its parent. */
export function sortTree<T extends { id: number; parentId: number | null; sortOrder: number; name: string }>(
  items: readonly T[],
): T[] {
  const byParent = new Map<number | null, T[]>();
  const ids = new Set(items.map((i) => i.id));
  for (const i of items) {
    const key = i.parentId !== null && ids.has(i.parentId) ? i.parentId : null;
    const list = byParent.get(key) ?? [];
    list.push(i);
    byParent.set(key, list);
  }
  const out: T[] = [];
  const visit = (key: number | null) => {
    const children = (byParent.get(key) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
    for (const c of children) {
      out.push(c);
      visit(c.id);
    }
  };
  visit(null);
  return out;
}
