import { Children, cloneElement, isValidElement, type ReactNode } from 'react';
import { FormError, Loading } from '../ui.tsx';

/**
 * A screen's list: its load error, "Loading…", the empty state that says what to do next,
 * or a table whose last column holds the row's buttons.
 */
export function Listing<T>({
  items,
  error,
  empty,
  caption,
  columns,
  row,
}: {
  items: T[] | undefined;
  error: unknown;
  empty: ReactNode;
  caption?: string;
  columns: string[];
  row: (item: T) => ReactNode;
}) {
  if (error) return <FormError error={error} />;
  if (!items) return <Loading />;
  if (items.length === 0) return <>{empty}</>;
  return (
    <ListTable caption={caption} columns={columns}>
      {items.map((item) => labelCells(row(item), columns))}
    </ListTable>
  );
}

/**
 * Gives each cell of a row its column's name (`data-label`): on a phone the header row is
 * hidden and each cell shows its name above its value.
 */
function labelCells(tr: ReactNode, columns: string[]): ReactNode {
  if (!isValidElement<{ children?: ReactNode }>(tr)) return tr;
  let i = 0;
  return cloneElement(
    tr,
    {},
    Children.map(tr.props.children, (td) => {
      const label = columns[i++];
      return isValidElement(td) && label
        ? cloneElement(td as React.ReactElement<{ 'data-label'?: string }>, { 'data-label': label })
        : td;
    }),
  );
}

/** A table of rows with a header per column and a last, unlabelled column for row actions. */
export function ListTable({
  caption,
  columns,
  children,
}: {
  caption?: string | undefined;
  columns: string[];
  children: ReactNode;
}) {
  return (
    <table className="list">
      {caption && <caption className="sr-only">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
          <th scope="col">
            <span className="sr-only">Row actions</span>
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
