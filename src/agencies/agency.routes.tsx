import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, requireViewer } from '../accounts/auth.ts';
import type { Deps } from '../shared/deps.ts';
import { parseForm, submitForm } from '../shared/http/forms.ts';
import { adminContext, noticeFrom, sendPage } from '../shared/http/page.ts';
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

function idParam(request: FastifyRequest, name: string): number {
  const raw = (request.params as Record<string, string>)[name] ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
}

export async function registerAgencyRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock } = deps;

  app.get(paths.admin.agencies.pattern, { config: { access: 'agencies.view' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const q = String((request.query as Record<string, unknown>).q ?? '').slice(0, 100);
    const found = await listAgencies(db, viewer.scope, q);
    const agencies = q ? found : sortTree(found);
    return sendPage(
      reply,
      <AgencyListPage
        ctx={adminContext(request, reply, 'agencies')}
        agencies={agencies}
        q={q}
        canCreate={can(viewer, 'agencies.create') && viewer.scope.kind !== 'agency'}
      />,
    );
  });

  type Reply = Parameters<typeof sendPage>[0];

  /** The form for a new agency, empty or again with the errors (400). */
  const newAgencyPage = async (
    request: FastifyRequest,
    reply: Reply,
    values: Record<string, string>,
    errors?: FieldErrors,
  ) => {
    const parents = await listAgencies(db, requireViewer(request).scope);
    return sendPage(
      reply,
      <AgencyForm
        ctx={adminContext(request, reply, 'agencies')}
        action={paths.admin.agencyNew()}
        title="新建机构"
        values={values}
        errors={errors}
        parents={sortTree(parents)}
        back={paths.admin.agencies()}
        submitLabel="创建机构"
      />,
      errors ? 400 : 200,
    );
  };

  app.get(
    paths.admin.agencyNew.pattern,
    { config: { access: 'agencies.create' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const parentId = String(
        (request.query as Record<string, unknown>).parent ??
          (viewer.scope.kind === 'subtree' ? viewer.scope.agencyId : ''),
      );
      return newAgencyPage(request, reply, { parentId, sortOrder: '0' });
    },
  );

  app.post(
    paths.admin.agencyNew.pattern,
    { config: { access: 'agencies.create' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const form = parseForm(agencyFormSchema, request.body, AGENCY_FIELDS);
      const r = await submitForm(form, (data) =>
        createAgency(db, viewer, request.ip, data, clock.now().toISOString()),
      );
      if (r.ok) return reply.redirect(paths.admin.agency({ agencyId: r.result.id }, { created: '1' }), 303);
      return newAgencyPage(request, reply, form.values, r.errors);
    },
  );

  const showPage = async (
    request: FastifyRequest,
    reply: Parameters<typeof sendPage>[0],
    extra: { placeErrors?: Record<string, string>; placeValues?: Record<string, string> } = {},
    status = 200,
  ) => {
    const viewer = requireViewer(request);
    const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
    const parent = agency.parentId ? await findAgency(db, agency.parentId) : null;
    const places = await listReadingPlaces(db, agency.id);
    const notice = noticeFrom(request, { created: '机构已创建。', saved: '修改已保存。' });
    return sendPage(
      reply,
      <AgencyShowPage
        ctx={adminContext(request, reply, 'agencies')}
        agency={agency}
        parent={parent}
        places={places}
        canEdit={can(viewer, 'agencies.edit')}
        notice={notice}
        {...extra}
      />,
      status,
    );
  };

  app.get(paths.admin.agency.pattern, { config: { access: 'agencies.view' } }, (request, reply) =>
    showPage(request, reply),
  );

  /** The form to change an agency, with its values or again with the errors (400). */
  const editAgencyPage = async (
    request: FastifyRequest,
    reply: Reply,
    agency: Agency,
    values: Record<string, string>,
    errors?: FieldErrors,
  ) => {
    const { scope } = requireViewer(request);
    const parents = await listAgencies(db, scope.kind === 'agency' ? { kind: 'all' } : scope);
    return sendPage(
      reply,
      <AgencyForm
        ctx={adminContext(request, reply, 'agencies')}
        action={paths.admin.agencyEdit({ agencyId: agency.id })}
        title={`修改：${agency.name}`}
        values={values}
        errors={errors}
        parents={sortTree(parents.filter((p) => !p.path.startsWith(agency.path)))}
        back={paths.admin.agency({ agencyId: agency.id })}
        submitLabel="保存修改"
      />,
      errors ? 400 : 200,
    );
  };

  app.get(paths.admin.agencyEdit.pattern, { config: { access: 'agencies.edit' } }, async (request, reply) => {
    const agency = await agencyInScope(db, requireViewer(request), idParam(request, 'agencyId'));
    return editAgencyPage(request, reply, agency, agencyToValues(agency));
  });

  app.post(
    paths.admin.agencyEdit.pattern,
    { config: { access: 'agencies.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
      const form = parseForm(agencyFormSchema, request.body, AGENCY_FIELDS);
      const r = await submitForm(form, (data) =>
        editAgency(db, viewer, request.ip, agency, data, clock.now().toISOString()),
      );
      if (r.ok) return reply.redirect(paths.admin.agency({ agencyId: agency.id }, { saved: '1' }), 303);
      return editAgencyPage(request, reply, agency, form.values, r.errors);
    },
  );

  app.post(
    paths.admin.readingPlaces.pattern,
    { config: { access: 'agencies.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
      const form = parseForm(readingPlaceSchema, request.body, ['placeName', 'placeAddress', 'placeHours']);
      if (!form.ok)
        return showPage(request, reply, { placeErrors: form.errors, placeValues: form.values }, 400);
      await addReadingPlace(
        db,
        viewer,
        request.ip,
        agency,
        { name: form.data.placeName, address: form.data.placeAddress, hours: form.data.placeHours },
        clock.now().toISOString(),
      );
      return reply.redirect(
        `${paths.admin.agency({ agencyId: agency.id }, { saved: '1' })}#reading-places`,
        303,
      );
    },
  );

  app.post(
    paths.admin.readingPlaceDelete.pattern,
    { config: { access: 'agencies.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
      await removeReadingPlace(
        db,
        viewer,
        request.ip,
        agency,
        idParam(request, 'placeId'),
        clock.now().toISOString(),
      );
      return reply.redirect(
        `${paths.admin.agency({ agencyId: agency.id }, { saved: '1' })}#reading-places`,
        303,
      );
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
