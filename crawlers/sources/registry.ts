import type { Source } from "../types.ts";
import { iatiDatastore } from "./iati-datastore.ts";
import { iatiFiles } from "./iati-files.ts";
import { undpOpen } from "./undp-open.ts";
import { unOds } from "./un-ods.ts";
import { worldbankDocuments } from "./worldbank-documents.ts";
import { worldbankProjects } from "./worldbank-projects.ts";

/**
 * The publisher adapters built into the code, by id. The generic site source registers itself
 * elsewhere; an entry in the sources file with one of these ids overrides its settings.
 */
export const BUILTIN_SOURCES: Source[] = [
  worldbankDocuments,
  worldbankProjects,
  iatiFiles,
  iatiDatastore,
  unOds,
  undpOpen,
];
