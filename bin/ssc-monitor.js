#!/usr/bin/env node
// Loads the TypeScript CLI in-process through tsx, so `npx ssc-monitor` works right after `npm ci`.
import { register } from "tsx/esm/api";

register();
await import("../cli.ts");
