/**
 * One JSON line per event on stdout. Callers pass ids and codes only: never names, e-mails,
 * case content or message text (DESIGN.md §4, privacy).
 */
export function jsonLog(event: string, fields: Record<string, string | number | boolean | undefined>): void {
  process.stdout.write(`${JSON.stringify({ t: new Date().toISOString(), event, ...fields })}\n`);
}

export const silentLog = (): void => {};
