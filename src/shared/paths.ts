/**
 * Every URL of the application, defined once. Routes register `.pattern`; links, redirects,
 * views and tests call the builder, so no URL is ever concatenated by hand.
 */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

type Params<P extends string> = [ParamNames<P>] extends [never]
  ? Record<string, never>
  : { [K in ParamNames<P>]: string | number };

type Query = Record<string, string | number | undefined | null>;

export interface PathDef<P extends string> {
  readonly pattern: P;
  (params?: Params<P>, query?: Query): string;
}

export function definePath<P extends string>(pattern: P): PathDef<P> {
  const build = (params?: Params<P>, query?: Query): string => {
    const p = (params ?? {}) as Record<string, string | number>;
    let url = pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      const v = p[name];
      if (v === undefined) throw new Error(`missing path parameter ${name} for ${pattern}`);
      return encodeURIComponent(String(v));
    });
    if (query) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query))
        if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
      const s = qs.toString();
      if (s) url += `?${s}`;
    }
    return url;
  };
  return Object.assign(build, { pattern }) as PathDef<P>;
}

export const paths = {
  portal: {
    home: definePath('/'),
    agency: definePath('/agencies/:agencyId'),
    guide: definePath('/agencies/:agencyId/guide'),
    column: definePath('/agencies/:agencyId/columns/:column'),
  },
  admin: {
    login: definePath('/admin/login'),
    logout: definePath('/admin/logout'),
    dashboard: definePath('/admin'),
    password: definePath('/admin/account/password'),
    agencies: definePath('/admin/agencies'),
    agencyNew: definePath('/admin/agencies/new'),
    agency: definePath('/admin/agencies/:agencyId'),
    agencyEdit: definePath('/admin/agencies/:agencyId/edit'),
    readingPlaces: definePath('/admin/agencies/:agencyId/reading-places'),
    readingPlaceDelete: definePath('/admin/agencies/:agencyId/reading-places/:placeId/delete'),
    users: definePath('/admin/users'),
    userNew: definePath('/admin/users/new'),
    userEdit: definePath('/admin/users/:userId/edit'),
    userUnlock: definePath('/admin/users/:userId/unlock'),
    audit: definePath('/admin/audit'),
  },
  health: definePath('/healthz'),
  static: definePath('/static/:file'),
} as const;
