/** Position after which the next page starts: lists run newest first, ties broken by id. */
export interface PageAfter {
  createdAt: Date;
  id: string;
}

export function after(position: PageAfter | undefined) {
  return position === undefined
    ? {}
    : { OR: [{ createdAt: { lt: position.createdAt } }, { createdAt: position.createdAt, id: { lt: position.id } }] };
}
