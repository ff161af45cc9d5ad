import type { Child } from 'hono/jsx';

/**
 * A data table (`gk-table`): an optional caption for screen readers, one heading per column, and the
 * body rows as children.
 *
 * @example <Table caption="主题分类列表" columns={['分类', '状态']}>{rows}</Table>
 */
export function Table(props: {
  /** Visually hidden caption naming the table. */
  caption?: string | undefined;
  columns: readonly Child[];
  /** More classes after `gk-table`. */
  class?: string;
  children?: Child;
}) {
  return (
    <table class={props.class ? `gk-table ${props.class}` : 'gk-table'}>
      {props.caption ? <caption class="gk-visually-hidden">{props.caption}</caption> : null}
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th scope="col">{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}
