import type { AdapterState } from "../ports/adapter-state.ts";
import type { Tx } from "./prisma-tx.ts";

/** AdapterState on the AdapterRecord table: one row per (namespace, key). */
export class PrismaAdapterState implements AdapterState {
  constructor(private readonly db: Tx) {}

  async get(namespace: string, key: string, now: Date): Promise<string | undefined> {
    const row = await this.db.adapterRecord.findFirst({
      where: { namespace, key, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      select: { value: true },
    });
    return row?.value;
  }

  async put(
    namespace: string,
    key: string,
    value: string,
    options: { expiresAt?: Date } = {},
  ): Promise<void> {
    // Replacing a record replaces its expiry too: a value put without one lasts.
    const expiresAt = options.expiresAt ?? null;
    await this.db.adapterRecord.upsert({
      where: { namespace_key: { namespace, key } },
      create: { namespace, key, value, expiresAt },
      update: { value, expiresAt },
      select: { key: true },
    });
  }

  async delete(namespace: string, key: string): Promise<void> {
    await this.db.adapterRecord.deleteMany({ where: { namespace, key } });
  }

  async purgeExpired(namespace: string, now: Date): Promise<void> {
    await this.db.adapterRecord.deleteMany({ where: { namespace, expiresAt: { lte: now } } });
  }
}
