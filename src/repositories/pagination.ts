/** Where a page of a list starts: lists run newest first by an instant, ties broken by id. */
export interface ListPosition {
  at: Date;
  id: string;
}

/** The rows after `position` in a list ordered by `column`, then id, both descending. */
export function after<Column extends string>(column: Column, position: ListPosition | undefined) {
  if (position === undefined) return {};
  // A computed key widens to `string`; the pair below is exactly `column`'s.
  const earlier = { [column]: { lt: position.at } } as Record<Column, { lt: Date }>;
  const tied = { [column]: position.at } as Record<Column, Date>;
  return { OR: [earlier, { ...tied, id: { lt: position.id } }] };
}
