import type { ReactNode } from 'react';

/**
 * A table of the window's kind: a header per column (an empty one over the actions), the rows given, and sideways
 * scrolling when a narrow window cannot fit it, instead of hiding its last columns.
 */
export function DataTable({ label, columns, children }: { label?: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index}>{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
