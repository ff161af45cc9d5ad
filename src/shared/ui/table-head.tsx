/**
 * The head of a `gk-table`: an optional hidden caption and one row of column headers. A `null` or
 * `false` label leaves its column out (a column shown only to some viewers).
 */
export function TableHead(props: { caption?: string; columns: readonly (string | null | false)[] }) {
  return (
    <>
      {props.caption ? <caption class="gk-visually-hidden">{props.caption}</caption> : null}
      <thead>
        <tr>{props.columns.map((label) => (label ? <th scope="col">{label}</th> : null))}</tr>
      </thead>
    </>
  );
}
