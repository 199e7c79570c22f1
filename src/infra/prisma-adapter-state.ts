import type { AdapterState } from "../ports/adapter-state.ts";
import type { FieldCipher } from "./field-cipher.ts";
import type { Tx } from "./prisma-tx.ts";
import { openIn, sealIn } from "./sealed-rows.ts";

/**
 * AdapterState on the AdapterRecord table: one row per (namespace, key). Values are sealed
 * (they hold conversation references and files held for consent): nothing searches them.
 */
export class PrismaAdapterState implements AdapterState {
  constructor(
    private readonly db: Tx,
    private readonly cipher: FieldCipher,
  ) {}

  async get(namespace: string, key: string, now: Date): Promise<string | undefined> {
    const row = await this.db.adapterRecord.findFirst({
      where: { namespace, key, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      select: { value: true, keyId: true },
    });
    return row
      ? openIn(this.cipher, "AdapterRecord", "value", { namespace, key }, row.keyId, row.value)
      : undefined;
  }

  async put(
    namespace: string,
    key: string,
    plain: string,
    options: { expiresAt?: Date; equipeId?: string } = {},
  ): Promise<void> {
    // Replacing a record replaces its expiry and case too: a value put without one lasts.
    const expiresAt = options.expiresAt ?? null;
    const equipeId = options.equipeId ?? null;
    // The value is the one sealed column: writing it seals the whole row with the current key.
    const value = sealIn(this.cipher, "AdapterRecord", "value", { namespace, key }, plain);
    const keyId = this.cipher.keyId;
    await this.db.adapterRecord.upsert({
      where: { namespace_key: { namespace, key } },
      create: { namespace, key, value, keyId, expiresAt, equipeId },
      update: { value, keyId, expiresAt, equipeId },
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
