/**
 * Walks a paginated operation: calls `fetchPage` with the token of the previous page and
 * yields each page's items, until a page has no token or repeats the token it was asked
 * with (GetLogEvents returns the same forward token once the end is reached).
 */
export async function* paginate<Page, Item>(
  fetchPage: (token: string | undefined) => Promise<Page>,
  itemsOf: (page: Page) => readonly Item[],
  tokenOf: (page: Page) => string | undefined,
  firstToken: string | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<Item, void, undefined> {
  let token = firstToken;
  for (;;) {
    signal?.throwIfAborted();
    const page = await fetchPage(token);
    yield* itemsOf(page);
    const next = tokenOf(page);
    if (next === undefined || next === '' || next === token) return;
    token = next;
  }
}
