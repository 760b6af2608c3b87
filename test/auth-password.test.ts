import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../api/auth/password.ts";
import { newApiKey, sha256Hex } from "../api/auth/tokens.ts";

describe("password hashing", () => {
  it("verifies the right password only, never stores it, and salts each hash", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toContain("correct horse");
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("", a)).toBe(false);
  });

  it("never matches a malformed stored hash", async () => {
    expect(await verifyPassword("x", "plain-text-password")).toBe(false);
    expect(await verifyPassword("x", "scrypt$0$8$1$c2FsdA==$aGFzaA==")).toBe(false);
  });
});

describe("API keys", () => {
  it("are random, prefixed, and stored only as their sha256", () => {
    const k = newApiKey();
    expect(k.key).toMatch(/^ssc_[A-Za-z0-9_-]{43}$/);
    expect(k.keyHash).toBe(sha256Hex(k.key));
    expect(k.key.startsWith(k.prefix)).toBe(true);
    expect(newApiKey().key).not.toBe(k.key);
  });
});
