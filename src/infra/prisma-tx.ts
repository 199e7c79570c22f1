import type { Client } from "./db.ts";

/** Either the client or the transaction client handed to `$transaction`. */
export type Tx = Omit<Client, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
