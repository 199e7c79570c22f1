import type { Button, Message } from "../../src/content/model.ts";
import type { Core } from "../../src/core/dispatch.ts";
import type { UserRefParser } from "../../src/core/feature.ts";
import type { FormSpec } from "../../src/domain/forms.ts";
import type { TestDb } from "./db.ts";
import { slackCtx } from "./fakes.ts";
import { queued } from "./sealed.ts";

/** The newest queued message's button with this action (a preview's "Conferma e invia gli inviti", say). */
export async function newestButton(testDb: TestDb, action: string): Promise<Button> {
  const rows = await queued(testDb.db, { kind: "message" }, { id: "desc" });
  for (const row of rows) {
    const message = (JSON.parse(row.payload) as { message?: Message }).message;
    for (const block of message?.blocks ?? [])
      if (block.type === "actions") {
        const button = block.buttons.find((b) => b.action === action);
        if (button) return button;
      }
  }
  throw new Error(`no ${action} button`);
}

/** Clicks that button as this Slack user; the form the click opened, if any. */
export async function clickNewest(
  core: Core,
  testDb: TestDb,
  userId: string,
  action: string,
): Promise<FormSpec | undefined> {
  const opened: FormSpec[] = [];
  const button = await newestButton(testDb, action);
  await core.action(
    { ...slackCtx(userId), ui: { openForm: async (form) => void opened.push(form) } },
    button.action,
    button.value,
  );
  return opened[0];
}

/** Types a command that opens a form, as this Slack user; the form it opened. */
export async function commandForm(
  core: Core,
  userId: string,
  text: string,
  refs: UserRefParser,
): Promise<FormSpec | undefined> {
  const opened: FormSpec[] = [];
  await core.command(
    { ...slackCtx(userId), ui: { openForm: async (form) => void opened.push(form) } },
    text,
    refs,
  );
  return opened[0];
}
