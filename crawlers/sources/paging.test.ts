import { describe, expect, it } from "vitest";
import { cursorPages, type OffsetPage, offsetPages, type PagingLimits } from "./paging.ts";

const limits = (maxPages = 50): PagingLimits => ({ maxPages, signal: new AbortController().signal });

/** A list of `size` numbered entries served `cap` at a time at most, whatever was asked for. */
function server(size: number, cap: number, total: number | null = size) {
  const asked: number[] = [];
  const fetchPage = async (offset: number): Promise<OffsetPage<number>> => {
    asked.push(offset);
    const items = Array.from({ length: Math.max(0, Math.min(cap, size - offset)) }, (_, i) => offset + i);
    return { items, entries: items.length, total };
  };
  return { asked, fetchPage };
}

async function drain<T>(pages: AsyncGenerator<T, boolean>): Promise<{ items: T[]; ended: boolean }> {
  const items: T[] = [];
  for (let step = await pages.next(); ; step = await pages.next()) {
    if (step.done) return { items, ended: step.value };
    items.push(step.value);
  }
}

describe("offsetPages", () => {
  it("moves by the entries received when the server sends fewer than asked for", async () => {
    const s = server(7, 3);
    const { items, ended } = await drain(offsetPages(s.fetchPage, limits()));
    expect(items).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(s.asked).toEqual([0, 3, 6]);
    expect(ended).toBe(true);
  });

  it("stops at the reported total without asking past it", async () => {
    const s = server(100, 10, 20);
    const { items } = await drain(offsetPages(s.fetchPage, limits()));
    expect(items).toHaveLength(20);
    expect(s.asked).toEqual([0, 10]);
  });

  it("stops at an empty page when there is no total", async () => {
    const s = server(5, 2, null);
    const { items, ended } = await drain(offsetPages(s.fetchPage, limits()));
    expect(items).toEqual([0, 1, 2, 3, 4]);
    expect(s.asked).toEqual([0, 2, 4, 5]);
    expect(ended).toBe(true);
  });

  it("stops when the server says there is no next page", async () => {
    const asked: number[] = [];
    const fetchPage = async (offset: number): Promise<OffsetPage<string>> => {
      asked.push(offset);
      return { items: ["a"], entries: 1, total: null, hasNext: false };
    };
    expect((await drain(offsetPages(fetchPage, limits()))).items).toEqual(["a"]);
    expect(asked).toEqual([0]);
  });

  it("counts entries it does not yield: a page of unwanted hits still moves the offset", async () => {
    const asked: number[] = [];
    const fetchPage = async (offset: number): Promise<OffsetPage<number>> => {
      asked.push(offset);
      return { items: offset === 0 ? [] : [offset], entries: 4, total: 8 };
    };
    expect((await drain(offsetPages(fetchPage, limits()))).items).toEqual([4]);
    expect(asked).toEqual([0, 4]);
  });

  it("yields a broken entry's problem and goes on; a page that cannot be read ends paging with its error", async () => {
    type Item = { ok: number } | { problem: string };
    const fetchPage = async (offset: number): Promise<OffsetPage<Item>> => {
      if (offset === 4) throw new Error("not JSON at offset 4");
      return { items: [{ ok: offset }, { problem: `entry ${offset + 1} is not an object` }], entries: 2, total: 10 };
    };
    const seen: Item[] = [];
    const run = async () => {
      for await (const item of offsetPages(fetchPage, limits())) seen.push(item);
    };
    await expect(run()).rejects.toThrow("not JSON at offset 4");
    expect(seen).toEqual([
      { ok: 0 },
      { problem: "entry 1 is not an object" },
      { ok: 2 },
      { problem: "entry 3 is not an object" },
    ]);
  });

  it("stops at maxPages and says so", async () => {
    const s = server(100, 10);
    const { items, ended } = await drain(offsetPages(s.fetchPage, limits(2)));
    expect(items).toHaveLength(20);
    expect(ended).toBe(false);
  });

  it("asks for no page once the signal has aborted", async () => {
    const s = server(100, 10);
    const controller = new AbortController();
    const pages = offsetPages(s.fetchPage, { maxPages: 50, signal: controller.signal });
    expect((await pages.next()).value).toBe(0);
    controller.abort();
    const { items, ended } = await drain(pages);
    expect(items).toHaveLength(9);
    expect(s.asked).toEqual([0]);
    expect(ended).toBe(false);
  });
});

describe("cursorPages", () => {
  it("follows the cursor until it stops moving", async () => {
    const marks: Record<string, string> = { "*": "a", a: "b", b: "b" };
    const asked: string[] = [];
    const fetchPage = async (cursor: string) => {
      asked.push(cursor);
      return { items: [cursor], entries: 1, next: marks[cursor] ?? null };
    };
    expect((await drain(cursorPages("*", fetchPage, limits()))).items).toEqual(["*", "a", "b"]);
    expect(asked).toEqual(["*", "a", "b"]);
  });

  it("consumes a page's async items before asking for the next page", async () => {
    const events: string[] = [];
    async function* slow(page: number) {
      events.push(`items ${page}`);
      yield page;
    }
    const fetchPage = async (page: number) => {
      events.push(`fetch ${page}`);
      return { items: slow(page), entries: 1, next: page < 1 ? page + 1 : null };
    };
    await drain(cursorPages(0, fetchPage, limits()));
    expect(events).toEqual(["fetch 0", "items 0", "fetch 1", "items 1"]);
  });
});
