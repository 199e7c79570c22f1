import { randomUUID } from "node:crypto";
import type { JobScheduler } from "../ports/store.ts";
import type { Tx } from "./prisma-tx.ts";

export class PrismaJobScheduler implements JobScheduler {
  constructor(private readonly db: Tx) {}

  async schedule(job: {
    kind: string;
    key: string;
    dueAt: Date;
    payload: Record<string, string>;
  }): Promise<void> {
    const existing = await this.db.job.findUnique({
      where: { idempotencyKey: job.key },
      select: { id: true },
    });
    if (existing) return;
    await this.db.job.create({
      data: {
        id: randomUUID(),
        kind: job.kind,
        idempotencyKey: job.key,
        payload: JSON.stringify(job.payload),
        dueAt: job.dueAt,
        status: "pending",
      },
      select: { id: true },
    });
  }

  async cancelPending(keyPrefix: string): Promise<void> {
    await this.db.job.updateMany({
      where: { idempotencyKey: { startsWith: keyPrefix }, status: "pending" },
      data: { status: "cancelled" },
    });
  }
}
