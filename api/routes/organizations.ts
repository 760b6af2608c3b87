import { apiRouter } from "../router.ts";
import { createRoute, z } from "@hono/zod-openapi";
import { listOrganizations } from "../../db/queries/organizations.ts";
import { organizations } from "../../db/schema/organizations.ts";
import { knownOrganization } from "./known-organization.ts";
import { OrganizationId, PageMeta, wholeList } from "./shared.ts";

export const OrganizationSchema = z
  .object({
    id: z.string().openapi({ example: "undp" }),
    name: z.string(),
    acronym: z.string(),
    kind: z.enum(organizations.kind.enumValues),
    homepage: z.string().nullable(),
    iatiId: z.string().nullable().openapi({ example: "XM-DAC-41114" }),
    parentId: z.string().nullable(),
  })
  .openapi("Organization");

const shape = (o: z.infer<typeof OrganizationSchema>) => ({
  id: o.id,
  name: o.name,
  acronym: o.acronym,
  kind: o.kind,
  homepage: o.homepage,
  iatiId: o.iatiId,
  parentId: o.parentId,
});

const list = createRoute({
  method: "get",
  path: "/api/organizations",
  summary: "The organizations whose SSTC support is measured",
  responses: {
    200: {
      description: "All organizations",
      content: {
        "application/json": { schema: z.object({ items: z.array(OrganizationSchema), meta: PageMeta }) },
      },
    },
  },
});

const one = createRoute({
  method: "get",
  path: "/api/organizations/{id}",
  summary: "One organization",
  request: { params: z.object({ id: OrganizationId.openapi({ param: { name: "id", in: "path" }, example: "undp" }) }) },
  responses: {
    200: { description: "The organization", content: { "application/json": { schema: OrganizationSchema } } },
    404: { description: "No such organization" },
  },
});

export const organizationRoutes = apiRouter()
  .openapi(list, async (c) => {
    const items = (await listOrganizations(c.get("db"))).map(shape);
    return c.json({ items, meta: wholeList(items.length) }, 200);
  })
  .openapi(one, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(shape(await knownOrganization(c.get("db"), id)), 200);
  });
