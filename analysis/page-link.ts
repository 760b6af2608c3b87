/**
 * The address that opens a document at a page: its URL with `#page=N` (PDF viewers honour it;
 * other pages ignore an unknown fragment), any fragment it had replaced. No page, or none known,
 * leaves the URL as it is. The one rule for evidence links on pages, in exports and in alerts.
 * @example pageLink("https://undocs.org/A/80/6.pdf", 12) // "https://undocs.org/A/80/6.pdf#page=12"
 */
export function pageLink(url: string, page: number | null | undefined): string {
  if (!url || page == null || !Number.isInteger(page) || page < 1) return url;
  return `${url.replace(/#.*$/, "")}#page=${page}`;
}
