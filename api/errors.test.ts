import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { ConflictError, InvalidChangeError, NotFoundError, UnavailableError } from "../errors.ts";
import type { AppEnv } from "./env.ts";
import { onError } from "./errors.ts";

/** The domain's errors, thrown below api/, answered with the status and body of their code. */
function appThrowing(error: Error) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("requestId", "req-1");
    c.set("log", { debug() {}, info() {}, warn() {}, error() {} });
    await next();
  });
  app.get("/", () => {
    throw error;
  });
  app.onError(onError);
  return app;
}

describe("onError and the domain's errors", () => {
  it.each([
    [new NotFoundError("No fact with id 9."), 404, "not_found"],
    [new InvalidChangeError("The corrected value must be a positive number, not -1."), 400, "bad_request"],
    [new ConflictError("Version 3 is no longer claimed by w1."), 409, "conflict"],
    [new UnavailableError("The data directory ./data is in use by pid 7."), 503, "unavailable"],
  ])("answers %s with its status and message", async (error, status, code) => {
    const res = await appThrowing(error).request("/");
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ code, message: error.message, requestId: "req-1" });
    expect(res.headers.get("retry-after")).toBe(code === "unavailable" ? "10" : null);
  });

  it("keeps the message of an unknown error private", async () => {
    const res = await appThrowing(new Error("secret detail")).request("/");
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: "internal", message: "Internal server error", requestId: "req-1" });
  });
});
