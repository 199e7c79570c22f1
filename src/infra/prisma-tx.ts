import type { Db } from "./db.ts";

/** Either the client or the transaction client handed to `$transaction`. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
