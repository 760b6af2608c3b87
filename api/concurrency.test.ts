import { describe, expect, it } from "vitest";
import { createLimiter, QueueFull } from "./concurrency.ts";

describe("createLimiter", () => {
  it("runs one at a time in order, and refuses at once when the queue is full", async () => {
    const limiter = createLimiter(1, 1);
    const order: string[] = [];
    let release!: () => void;
    const first = limiter.run(async () => {
      order.push("first started");
      await new Promise<void>((r) => (release = r));
      order.push("first done");
      return 1;
    });
    const second = limiter.run(async () => {
      order.push("second started");
      return 2;
    });
    await expect(limiter.run(async () => 3)).rejects.toBeInstanceOf(QueueFull);
    release();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(order).toEqual(["first started", "first done", "second started"]);
  });
});
