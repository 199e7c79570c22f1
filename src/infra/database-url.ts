/** SQLite, the embedded default for one process; PostgreSQL for several replicas. */
export type DatabaseKind = "sqlite" | "postgresql";

/** `postgresql://…` or `postgres://…` is PostgreSQL; anything else (`file:…`) is SQLite. */
export const databaseKind = (databaseUrl: string): DatabaseKind =>
  /^postgres(ql)?:\/\//i.test(databaseUrl) ? "postgresql" : "sqlite";
