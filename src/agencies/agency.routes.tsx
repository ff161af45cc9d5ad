import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, requireViewer } from '../accounts/auth.ts';
import type { Deps } from '../shared/deps.ts';
import { FormError } from '../shared/form-error.ts';
import { parseForm } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import { findAgency, listAgencies, listReadingPlaces } from './agency.repository.ts';
import { agencyFormSchema, readingPlaceSchema } from './agency.rules.ts';
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

  app.get(
    paths.admin.agencyNew.pattern,
    { config: { access: 'agencies.create' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const parents = await listAgencies(db, viewer.scope);
      const parentId = String(
        (request.query as Record<string, unknown>).parent ??
          (viewer.scope.kind === 'subtree' ? viewer.scope.agencyId : ''),
      );
      return sendPage(
        reply,
        <AgencyForm
          ctx={adminContext(request, reply, 'agencies')}
          action={paths.admin.agencyNew()}
          title="新建机构"
          values={{ parentId, sortOrder: '0' }}
          parents={sortTree(parents)}
          back={paths.admin.agencies()}
          submitLabel="创建机构"
        />,
      );
    },
  );

  app.post(
    paths.admin.agencyNew.pattern,
    { config: { access: 'agencies.create' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const form = parseForm(agencyFormSchema, request.body, AGENCY_FIELDS);
      let errors = form.ok ? undefined : form.errors;
      if (form.ok) {
        try {
          const agency = await createAgency(db, viewer, request.ip, form.data, clock.now().toISOString());
          return reply.redirect(paths.admin.agency({ agencyId: agency.id }, { created: '1' }), 303);
        } catch (err) {
          if (!(err instanceof FormError)) throw err;
          errors = err.errors;
        }
      }
      const parents = await listAgencies(db, viewer.scope);
      return sendPage(
        reply,
        <AgencyForm
          ctx={adminContext(request, reply, 'agencies')}
          action={paths.admin.agencyNew()}
          title="新建机构"
          values={form.values}
          errors={errors}
          parents={sortTree(parents)}
          back={paths.admin.agencies()}
          submitLabel="创建机构"
        />,
        400,
      );
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
    const q = request.query as Record<string, unknown>;
    const notice = q.created === '1' ? '机构已创建。' : q.saved === '1' ? '修改已保存。' : undefined;
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

  app.get(paths.admin.agencyEdit.pattern, { config: { access: 'agencies.edit' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
    const parents = await listAgencies(db, viewer.scope.kind === 'agency' ? { kind: 'all' } : viewer.scope);
    return sendPage(
      reply,
      <AgencyForm
        ctx={adminContext(request, reply, 'agencies')}
        action={paths.admin.agencyEdit({ agencyId: agency.id })}
        title={`修改：${agency.name}`}
        values={agencyToValues(agency)}
        parents={sortTree(parents.filter((p) => !p.path.startsWith(agency.path)))}
        back={paths.admin.agency({ agencyId: agency.id })}
        submitLabel="保存修改"
      />,
    );
  });

  app.post(
    paths.admin.agencyEdit.pattern,
    { config: { access: 'agencies.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
      const form = parseForm(agencyFormSchema, request.body, AGENCY_FIELDS);
      let errors = form.ok ? undefined : form.errors;
      if (form.ok) {
        try {
          await editAgency(db, viewer, request.ip, agency, form.data, clock.now().toISOString());
          return reply.redirect(paths.admin.agency({ agencyId: agency.id }, { saved: '1' }), 303);
        } catch (err) {
          if (!(err instanceof FormError)) throw err;
          errors = err.errors;
        }
      }
      const parents = await listAgencies(db, viewer.scope.kind === 'agency' ? { kind: 'all' } : viewer.scope);
      return sendPage(
        reply,
        <AgencyForm
          ctx={adminContext(request, reply, 'agencies')}
          action={paths.admin.agencyEdit({ agencyId: agency.id })}
          title={`修改：${agency.name}`}
          values={form.values}
          errors={errors}
          parents={sortTree(parents.filter((p) => !p.path.startsWith(agency.path)))}
          back={paths.admin.agency({ agencyId: agency.id })}
          submitLabel="保存修改"
        />,
        400,
      );
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
