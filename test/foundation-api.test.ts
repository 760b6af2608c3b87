import { expect, it } from "vitest";
import { createApp } from "../api/app.ts";
import { loadConfig } from "../config.ts";
import { alerts } from "../db/schema/alerts.ts";
import { auditLog } from "../db/schema/audit-log.ts";
import { crawlRuns } from "../db/schema/crawl-runs.ts";
import { documentVersions } from "../db/schema/document-versions.ts";
import { DOCUMENT_TYPES, documents } from "../db/schema/documents.ts";
import { organizations } from "../db/schema/organizations.ts";
import { sources } from "../db/schema/sources.ts";
import { subscriptions } from "../db/schema/subscriptions.ts";
import { describeEachDb } from "./db-harness.ts";

describeEachDb("API foundation", (t) => {
  const app = () => createApp({ db: t().db, config: loadConfig({}) });

  it("reports health with the database reachable and the version", async () => {
    const res = await app().request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      database: "ok",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it("lists the organizations and returns one by id", async () => {
    const list = await (await app().request("/api/organizations")).json();
    expect(list.items.find((o: { id: string }) => o.id === "isdb")).toMatchObject({
      acronym: "IsDB",
      kind: "development-bank",
    });
    const res = await app().request("/api/organizations/undp");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ acronym: "UNDP", iatiId: "XM-DAC-41114" });
  });

  it("answers an unknown organization with a JSON 404 carrying a request id", async () => {
    const res = await app().request("/api/organizations/nope", { headers: { "x-request-id": "req-42" } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      code: "not_found",
      message: 'There is no organization "nope"; /api/organizations lists them',
      requestId: "req-42",
    });
  });

  it("rejects a malformed id with a 400 naming the parameter", async () => {
    const res = await app().request("/api/organizations/Not%20An%20Id");
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe("bad_request");
    expect(body.details[0].path).toBe("id");
  });

  it("answers an unknown route with a JSON 404", async () => {
    const res = await app().request("/api/nothing-here");
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe("not_found");
  });

  it("describes its routes in the OpenAPI document", async () => {
    const doc = await (await app().request("/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/health", "/api/organizations", "/api/organizations/{id}"]),
    );
  });

  it("documents the choices of enum columns as the tables list them", async () => {
    const { schemas } = (await (await app().request("/openapi.json")).json()).components;
    const choices = (schema: string, property: string) => schemas[schema].properties[property].enum;
    expect(choices("Organization", "kind")).toEqual(organizations.kind.enumValues);
    expect(choices("Document", "type")).toEqual([...DOCUMENT_TYPES, null]);
    expect(choices("Document", "status")).toEqual(documents.status.enumValues);
    expect(choices("DocumentVersion", "textStatus")).toEqual(documentVersions.textStatus.enumValues);
    expect(choices("DocumentVersion", "analysisStatus")).toEqual(documentVersions.analysisStatus.enumValues);
    expect(choices("CrawlRun", "status")).toEqual(crawlRuns.status.enumValues);
    expect(choices("Source", "status")).toEqual(sources.status.enumValues);
    expect(choices("Alert", "change")).toEqual(alerts.change.enumValues);
    expect(choices("Subscription", "channel")).toEqual(subscriptions.channel.enumValues);
    expect(choices("Subscription", "digest")).toEqual(subscriptions.digest.enumValues);
    expect(choices("AuditEntry", "actorKind")).toEqual(auditLog.actorKind.enumValues);
  });
});
