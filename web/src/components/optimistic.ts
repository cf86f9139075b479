/**
 * Removes a row at once and puts the list back, with the server's reason, if the delete
 * fails: optimistic, but honest. Asks first; nothing happens when the person says no.
 */
export async function removeOptimistically<T extends { id: string }>(o: {
  question: string;
  item: T;
  items: T[] | undefined;
  setItems: (items: T[]) => void;
  remove: () => Promise<unknown>;
  reload: () => void;
  onDone: () => void;
  onError: (e: unknown) => void;
}): Promise<void> {
  if (!window.confirm(o.question)) return;
  o.onError(null);
  o.setItems((o.items ?? []).filter((x) => x.id !== o.item.id));
  try {
    await o.remove();
    o.onDone();
  } catch (e) {
    o.onError(e);
    o.reload();
  }
}
