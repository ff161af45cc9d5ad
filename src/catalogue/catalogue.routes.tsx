import type { FastifyInstance } from 'fastify';
import type { Deps } from '../shared/deps.ts';
import { attachmentRoutes, attachmentUploadRoute, registerUploadScope } from './attachments.routes.ts';
import { catalogueRouteContext } from './catalogue.http.ts';
import { portalPageRoutes } from './catalogue-portal.routes.tsx';
import { feedRoutes } from './feeds.routes.ts';
import { importRoutes, importUploadRoute } from './import.routes.tsx';
import { interactionRoutes } from './interaction.routes.tsx';
import { itemRoutes } from './items.routes.tsx';
import { catalogueRedactionRoutes } from './redaction.routes.tsx';
import { revisionRoutes } from './revision.routes.tsx';
import { topicRoutes } from './topics.routes.tsx';

/**
 * Every route of 主动公开, as one Fastify plugin per area sharing one context (today, now, the cache
 * of public pages). Each route parses its input, calls a service or a read model, and renders or
 * redirects; the workflows live in the services.
 */
export async function registerCatalogueRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const ctx = catalogueRouteContext(deps);
  await app.register(itemRoutes, ctx);
  await app.register(revisionRoutes, ctx);
  await app.register(importRoutes, ctx);
  await app.register(attachmentRoutes, ctx);
  await app.register(catalogueRedactionRoutes, ctx);
  await registerUploadScope(app, ctx, (scope) => {
    attachmentUploadRoute(scope, ctx);
    importUploadRoute(scope, ctx);
  });
  await app.register(topicRoutes, ctx);
  await app.register(interactionRoutes, ctx);
  await app.register(portalPageRoutes, ctx);
  await app.register(feedRoutes, ctx);
}
