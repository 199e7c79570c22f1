import { rmSync } from "node:fs";
import { migrate } from "../src/infra/db.ts";
import { TEMPLATE_DB } from "./support/db.ts";

/** Applies the committed migrations once to a template database that test files copy. */
export default async function setup(): Promise<void> {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${TEMPLATE_DB}${suffix}`, { force: true });
  await migrate(`file:${TEMPLATE_DB}`);
}
