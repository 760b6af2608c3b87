import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../api/auth/tokens.ts";
import { factReviews } from "../db/schema/fact-reviews.ts";
import { facts } from "../db/schema/facts.ts";
import { sessions } from "../db/schema/sessions.ts";
import { describeEachDb } from "./db-harness.ts";
import { cookieFrom, createKey, createUser, makeApp, ORIGIN, postForm, seedEvidence, signIn } from "./api-fixtures.ts";

describeEachDb("analyst sign-in, sessions and CSRF", (t) => {
  let app: ReturnType<typeof makeApp>;
  let user: { name: string; password: string };
  let seeded: Awaited<ReturnType<typeof seedEvidence>>;

  beforeAll(async () => {
    app = makeApp(t().db);
    user = await createUser(t().db, "amina");
    seeded = await seedEvidence(t().db);
  });

  it("refuses a wrong password and an unknown name with the same message", async () => {
    const form = await app.request("/login");
    const csrf = cookieFrom(form, "ssc_login_csrf")!;
    for (const [name, password] of [
      ["amina", "wrong password"],
      ["nobody", "correct horse battery"],
    ]) {
      const res = await postForm(app, "/login", { name, password, csrf }, { cookie: `ssc_login_csrf=${csrf}` });
      expect(res.status).toBe(401);
      expect(await res.text()).toContain("Wrong name or password.");
      expect(cookieFrom(res, "ssc_session")).toBeUndefined();
    }
  });

  it("refuses a sign-in form without its CSRF cookie or from another site", async () => {
    const res = await postForm(app, "/login", { name: "amina", password: user.password, csrf: "guess" });
    expect(res.status).toBe(403);
    const form = await app.request("/login");
    const csrf = cookieFrom(form, "ssc_login_csrf")!;
    const foreign = await postForm(
      app,
      "/login",
      { name: "amina", password: user.password, csrf },
      { cookie: `ssc_login_csrf=${csrf}`, origin: "https://evil.example" },
    );
    expect(foreign.status).toBe(403);
  });

  it(
    "signs in with an HttpOnly SameSite cookie whose token " + "is stored only as its sha256, and goes back to `next`",
    async () => {
      const form = await app.request("/login?next=/sources");
      const csrf = cookieFrom(form, "ssc_login_csrf")!;
      const res = await postForm(
        app,
        "/login",
        { name: "amina", password: user.password, csrf, next: "/sources" },
        { cookie: `ssc_login_csrf=${csrf}` },
      );
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/sources");
      const line = res.headers.getSetCookie().find((l) => l.startsWith("ssc_session="))!;
      expect(line).toMatch(/HttpOnly/i);
      expect(line).toMatch(/SameSite=Lax/i);
      expect(line).not.toMatch(/Secure/i);
      const token = cookieFrom(res, "ssc_session")!;
      const [row] = await t()
        .db.select()
        .from(sessions)
        .where(eq(sessions.id, sha256Hex(token)));
      expect(row).toBeTruthy();
      expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now());
      const stored = await t().db.select({ id: sessions.id }).from(sessions);
      expect(stored.map((s) => s.id)).not.toContain(token);
      const page = await (await app.request("/", { headers: { cookie: `ssc_session=${token}` } })).text();
      expect(page).toContain("Signed in as <strong>amina</strong>");
    },
  );

  it("marks the cookie Secure when served over https", async () => {
    const form = await app.request("https://ssc.example/login");
    const csrf = cookieFrom(form, "ssc_login_csrf")!;
    const res = await app.request("https://ssc.example/login", {
      method: "POST",
      headers: {
        origin: "https://ssc.example",
        cookie: `ssc_login_csrf=${csrf}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ name: "amina", password: user.password, csrf }).toString(),
    });
    expect(res.headers.getSetCookie().find((l) => l.startsWith("ssc_session="))).toMatch(/Secure/);
  });

  it("never redirects off-site after sign-in", async () => {
    const form = await app.request("/login");
    const csrf = cookieFrom(form, "ssc_login_csrf")!;
    const res = await postForm(
      app,
      "/login",
      { name: "amina", password: user.password, csrf, next: "//evil.example/x" },
      { cookie: `ssc_login_csrf=${csrf}` },
    );
    expect(res.headers.get("location")).toBe("/");
  });

  describe("reviewing through the pages", () => {
    it("records a correction with the analyst's name and goes back to the page", async () => {
      const { cookie, csrf } = await signIn(app, user);
      const res = await postForm(
        app,
        `/facts/${seeded.fundingId}/review`,
        {
          csrf,
          action: "correct",
          value: "4,200,000",
          currency: "",
          period: "",
          note: "see table 3",
          back: `/organizations/undp?year=2024#fact-${seeded.fundingId}`,
        },
        { cookie },
      );
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/organizations/undp?year=2024#fact-${seeded.fundingId}`);
      const [f] = await t().db.select().from(facts).where(eq(facts.id, seeded.fundingId));
      expect(f).toMatchObject({ status: "corrected", correctedValue: 4_200_000, value: 3_500_000 });
      const [r] = await t().db.select().from(factReviews).where(eq(factReviews.factId, seeded.fundingId));
      expect(r).toMatchObject({ action: "correct", actor: "amina", actorKind: "user", note: "see table 3" });
      const page = await (await app.request(`/facts/${seeded.fundingId}`, { headers: { cookie } })).text();
      expect(page).toMatch(/corrected<\/strong> → value 4,200,000 by amina on \d{4}-\d\d-\d\d/);
    });

    it(
      "refuses a review without a session (401), without the CSRF " +
        "token or with another session's (403), or from another origin (403)",
      async () => {
        expect(
          (await postForm(app, `/facts/${seeded.staffingId}/review`, { action: "confirm", csrf: "x" })).status,
        ).toBe(401);
        const { cookie, csrf } = await signIn(app, user);
        expect(
          (await postForm(app, `/facts/${seeded.staffingId}/review`, { action: "confirm" }, { cookie })).status,
        ).toBe(403);
        const other = await signIn(app, user);
        expect(
          (
            await postForm(
              app,
              `/facts/${seeded.staffingId}/review`,
              { action: "confirm", csrf: other.csrf },
              { cookie },
            )
          ).status,
        ).toBe(403);
        const foreign = await postForm(
          app,
          `/facts/${seeded.staffingId}/review`,
          { action: "confirm", csrf },
          { cookie, origin: "https://evil.example" },
        );
        expect(foreign.status).toBe(403);
        expect(await foreign.text()).toContain("another site");
        const [f] = await t().db.select().from(facts).where(eq(facts.id, seeded.staffingId));
        expect(f.status).toBe("auto");
      },
    );

    it("shows a readable error page for a bad correction and for an unknown fact", async () => {
      const { cookie, csrf } = await signIn(app, user);
      const bad = await postForm(
        app,
        `/facts/${seeded.fundingId}/review`,
        { csrf, action: "correct", value: "lots" },
        { cookie },
      );
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain("The value must be a number");
      const missing = await postForm(app, "/facts/999999/review", { csrf, action: "confirm" }, { cookie });
      expect(missing.status).toBe(404);
      expect(missing.headers.get("content-type")).toMatch(/text\/html/);
    });
  });

  it("signs out: the session row goes and the cookie no longer works", async () => {
    const { cookie, csrf } = await signIn(app, user);
    const res = await postForm(app, "/logout", { csrf }, { cookie });
    expect(res.status).toBe(303);
    const token = cookie.split("=")[1];
    expect(
      await t()
        .db.select()
        .from(sessions)
        .where(eq(sessions.id, sha256Hex(token))),
    ).toEqual([]);
    const after = await postForm(app, `/facts/${seeded.staffingId}/review`, { csrf, action: "confirm" }, { cookie });
    expect(after.status).toBe(401);
  });

  it("treats an expired session as signed out", async () => {
    const { cookie, csrf } = await signIn(app, user);
    await t()
      .db.update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, sha256Hex(cookie.split("=")[1])));
    const page = await app.request("/", { headers: { cookie } });
    expect(await page.text()).not.toContain("Signed in as");
    expect(
      (await postForm(app, `/facts/${seeded.staffingId}/review`, { csrf, action: "confirm" }, { cookie })).status,
    ).toBe(401);
  });

  describe("when reads are private (SSC_PUBLIC_READS=false)", () => {
    let closed: ReturnType<typeof makeApp>;
    beforeAll(() => {
      closed = makeApp(t().db, { publicReads: "false" });
    });

    it("the API answers 401 without a key and 200 with one or with a session", async () => {
      expect((await closed.request("/api/facts")).status).toBe(401);
      const { key } = await createKey(t().db);
      expect((await closed.request("/api/facts", { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
      const { cookie } = await signIn(closed, user);
      expect((await closed.request("/api/facts", { headers: { cookie } })).status).toBe(200);
    });

    it("pages send the browser to the sign-in form and back; sign-in and health stay open", async () => {
      const res = await closed.request("/organizations/undp?year=2024");
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent("/organizations/undp?year=2024")}`);
      expect((await closed.request("/login")).status).toBe(200);
      expect((await closed.request("/health")).status).toBe(200);
    });
  });
});

it("ORIGIN matches what app.request uses", () => expect(new URL("/x", ORIGIN).origin).toBe("http://localhost"));
