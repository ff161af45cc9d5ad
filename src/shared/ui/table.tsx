import type { Child } from 'hono/jsx';

/**
 * A data table (`gk-table`): an optional caption for screen readers, one heading per column, and the
 * body rows as children.
 *
 * @example <Table caption="主题分类列表" columns={['分类', '状态']}>{rows}</Table>
 */
export function Table(props: {
  /** Caption naming the table, visually hidden unless `visibleCaption`. */
  caption?: string | undefined;
  visibleCaption?: boolean;
  /** Column headings; a `null` or `false` heading leaves its column out. */
  columns: readonly Child[];
  /** More classes after `gk-table`. */
  class?: string;
  children?: Child;
}) {
  return (
    <table class={props.class ? `gk-table ${props.class}` : 'gk-table'}>
      <TableHead caption={props.caption} visibleCaption={props.visibleCaption} columns={props.columns} />
      <tbody>{props.children}</tbody>
    </table>
  );
}

/**
 * The head of a `gk-table`: an optional hidden caption and one row of column headers. A `null` or
 * `false` label leaves its column out (a column shown only to some viewers).
 */
export function TableHead(props: {
  caption?: string | undefined;
  visibleCaption?: boolean | undefined;
  columns: readonly Child[];
}) {
  return (
    <>
      {props.caption ? (
        <caption class={props.visibleCaption ? undefined : 'gk-visually-hidden'}>{props.caption}</caption>
      ) : null}
      <thead>
        <tr>
          {props.columns.map((label) =>
            label === null || label === false ? null : <th scope="col">{label}</th>,
          )}
        </tr>
      </thead>
    </>
  );
}
