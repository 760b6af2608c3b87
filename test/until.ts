/**
 * Polls `check` every `everyMs` until it returns something other than false, and returns that;
 * throws when `timeoutMs` passes first (tests of background work: workers, schedules).
 * @example const rows = await until(async () => (await count()) === 5 && rows, 30_000)
 */
export async function until<T>(check: () => Promise<T | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false) return value;
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
