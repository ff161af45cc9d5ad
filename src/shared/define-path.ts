/** A typed URL: `.pattern` for the router, call it to build a link. */
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
