/**
 * The one paging loop of the API sources. A page says how many entries the server sent (kept or
 * not) and where the next page starts; the loop stops at an empty page, at a page with no next
 * one, at a cursor that stops moving, at `maxPages` or when the signal aborts.
 *
 * A page that cannot be fetched or read throws from `fetchPage`, and that error leaves the loop
 * as it is: the crawl run reports the source as failed. A bad entry on a page is the page's own
 * problem item, yielded like any other item, and paging goes on.
 */

export interface PagingLimits {
  maxPages: number;
  signal: AbortSignal;
}

export interface CursorPage<T, C> {
  /** What the page yields, in order; an async iterable is consumed before the next page is asked for. */
  items: Iterable<T> | AsyncIterable<T>;
  /** Entries the server sent, kept or not: zero means the end. */
  entries: number;
  /** Where the next page starts; null when there is none. */
  next: C | null;
}

/**
 * Items of page after page, from `first` on. Returns true when the list ended, false when
 * `maxPages` or the signal stopped it first (the caller may log that).
 * @example for await (const item of cursorPages("*", fetchPage, { maxPages: 10, signal })) ...
 */
export async function* cursorPages<T, C>(
  first: C,
  fetchPage: (cursor: C) => Promise<CursorPage<T, C>>,
  limits: PagingLimits,
): AsyncGenerator<T, boolean> {
  let cursor = first;
  for (let page = 0; page < limits.maxPages && !limits.signal.aborted; page++) {
    const { items, entries, next } = await fetchPage(cursor);
    yield* items;
    if (entries === 0 || next === null || next === cursor) return true;
    cursor = next;
  }
  return false;
}

export interface OffsetPage<T> {
  items: Iterable<T> | AsyncIterable<T>;
  /** Entries the server sent, kept or not: the next offset is this many further on. */
  entries: number;
  /** Entries the server says there are, when it says. */
  total: number | null;
  /** False when the server says there is no next page. */
  hasNext?: boolean | null;
}

/**
 * Offset paging (`os`, `offset`). The offset moves by the entries the server actually sent: it
 * may send fewer than asked for (a capped page size), and moving by the page size asked for
 * would skip the rest of each page. Stops once the offset reaches the reported total.
 * @example offsetPages((offset) => fetchList(offset), { maxPages: 50, signal })
 */
export function offsetPages<T>(
  fetchPage: (offset: number) => Promise<OffsetPage<T>>,
  limits: PagingLimits,
): AsyncGenerator<T, boolean> {
  return cursorPages(
    0,
    async (offset: number): Promise<CursorPage<T, number>> => {
      const page = await fetchPage(offset);
      const next = offset + page.entries;
      const end = page.hasNext === false || (page.total !== null && next >= page.total);
      return { items: page.items, entries: page.entries, next: end ? null : next };
    },
    limits,
  );
}
