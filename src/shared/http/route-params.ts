import type { PathDef } from '../define-path.ts';

/**
 * The params of a route, typed from its path definition: `app.get<{ Params: RouteParams<typeof
 * paths.reports.show> }>(paths.reports.show.pattern, …)` gives `request.params.agencyId: string`.
 */
export type RouteParams<D> =
  D extends PathDef<infer P>
    ? { readonly [K in keyof NonNullable<Parameters<PathDef<P>>[0]>]: string }
    : never;

/** The request shape of a route with the params of its path definition: `app.get<On<typeof p>>(…)`. */
export interface On<D> {
  Params: RouteParams<D>;
}

/** A numeric id from a route param; -1 (never a row) when it is not a small positive integer. */
export function idOf(raw: string | undefined): number {
  return raw !== undefined && /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
}
