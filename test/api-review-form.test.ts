import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { formNumber, reviewFromForm } from "../api/routes/fact-pages.ts";
import { facts } from "../db/schema/index.ts";
import { isAppError } from "../errors.ts";
import { describeEachDb } from "./db-harness.ts";
import { createUser, makeApp, postForm, seedEvidence, signIn } from "./api-fixtures.ts";

const refusal = (raw: string) => {
  try {
    formNumber(raw, "value");
  } catch (error) {
    return isAppError(error) ? `${error.code}: ${error.message}` : String(error);
  }
  return "accepted";
};

describe("review form numbers", () => {
  it("accepts plain numbers, a decimal point and thousands grouped by three", () => {
    expect(formNumber("3500000", "value")).toBe(3_500_000);
    expect(formNumber("3500000.5", "value")).toBe(3_500_000.5);
    expect(formNumber(" 3,500,000 ", "value")).toBe(3_500_000);
    expect(formNumber("3,500,000.25", "value")).toBe(3_500_000.25);
    expect(formNumber("3 500 000", "value")).toBe(3_500_000);
    expect(formNumber("3\u00a0500\u00a0000", "value")).toBe(3_500_000);
    expect(formNumber(".5", "value")).toBe(0.5);
    expect(formNumber("", "value")).toBeUndefined();
    expect(formNumber(undefined, "value")).toBeUndefined();
  });

  it("refuses a comma that may be a decimal comma, with a message saying how to write it", () => {
    for (const raw of ["3,5", "3,50", "1.234,5", "3,5000", "35,00,000", "3,500,00"]) {
      expect(refusal(raw)).toMatch(/^bad_request: The value ".*" is ambiguous: write decimals with a point \(3\.5\)/);
    }
  });

  it("refuses what is not a number at all", () => {
    for (const raw of ["abc", "3.5.1", "0x10", "1e6", "3 5", "_", "3,500 000"])
      expect([raw, refusal(raw)]).toEqual([raw, expect.stringMatching(/^bad_request: /)]);
  });

  it("applies to the number of posts as well", () => {
    expect(() => reviewFromForm({ action: "correct", count: "2,5" })).toThrow(/number of posts "2,5" is ambiguous/);
    expect(reviewFromForm({ action: "correct", count: "12" })).toMatchObject({ count: 12 });
  });
});

describeEachDb("review form over HTTP", (t) => {
  let app: ReturnType<typeof makeApp>;
  let seeded: Awaited<ReturnType<typeof seedEvidence>>;
  let signedIn: { cookie: string; csrf: string };
  beforeAll(async () => {
    app = makeApp(t().db);
    seeded = await seedEvidence(t().db, { year: 2024 });
    signedIn = await signIn(app, await createUser(t().db, "reviewer"));
  });
  const correct = (value: string) =>
    postForm(
      app,
      `/facts/${seeded.fundingId}/review`,
      { csrf: signedIn.csrf, action: "correct", value },
      { cookie: signedIn.cookie },
    );
  const stored = async () => (await t().db.select().from(facts).where(eq(facts.id, seeded.fundingId)))[0];

  it('answers 400 with the reason for "3,5" and stores nothing', async () => {
    const res = await correct("3,5");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("is ambiguous");
    expect(await stored()).toMatchObject({ status: "auto", correctedValue: null });
  });

  it('stores "3,500,000" as 3500000 and "3500000.5" as 3500000.5', async () => {
    expect((await correct("3,500,000")).status).toBe(303);
    expect(await stored()).toMatchObject({ status: "corrected", correctedValue: 3_500_000 });
    expect((await correct("3500000.5")).status).toBe(303);
    expect((await stored()).correctedValue).toBe(3_500_000.5);
  });
});
