import { expect, it } from "vitest";
import { isSerializationFailure } from "../../src/infra/prisma-store.ts";

/**
 * A collision between serializable transactions reaches the store in several shapes, depending on
 * where it surfaced: each is run again, never answered as a failure (seen under 400 clicks at once
 * on PostgreSQL: the driver adapter's own error was let through and the click lost).
 */
it("recognises a collision whichever layer reports it, and nothing else", () => {
  const adapterError = Object.assign(new Error("TransactionWriteConflict"), {
    name: "DriverAdapterError",
    cause: {
      originalCode: "40001",
      originalMessage: "could not serialize access due to read/write dependencies among transactions",
      kind: "TransactionWriteConflict",
    },
  });
  const deadlock = Object.assign(new Error("deadlock"), {
    name: "DriverAdapterError",
    cause: { originalCode: "40P01", kind: "postgres" },
  });
  const prismaError = Object.assign(new Error("Transaction failed due to a write conflict"), {
    code: "P2034",
  });
  expect(isSerializationFailure(adapterError)).toBe(true);
  expect(isSerializationFailure(deadlock)).toBe(true);
  expect(isSerializationFailure(prismaError)).toBe(true);
  expect(isSerializationFailure(new Error("could not serialize access due to concurrent update"))).toBe(true);
  const unique = Object.assign(new Error("Unique constraint failed"), {
    code: "P2002",
    cause: { originalCode: "23505" },
  });
  expect(isSerializationFailure(unique)).toBe(false);
  expect(isSerializationFailure(new Error("timeout"))).toBe(false);
  expect(isSerializationFailure(null)).toBe(false);
});
