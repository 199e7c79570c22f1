import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEOPLE, TeamsDriver } from "../contract/teams.ts";
import { BotAuthority } from "../support/bot-auth.ts";
import { FakeClock } from "../support/fakes.ts";
import { queued } from "../support/sealed.ts";
import { RecordingSmtp } from "../support/smtp.ts";

const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));

describe("Teams adapter: roster, reachability, retries, duplicates", () => {
  const d = new TeamsDriver();
  // E-mail is set up here: a chat member's calendar copy goes by e-mail only when it can go now.
  const smtp = new RecordingSmtp();
  beforeAll(async () => {
    await d.start(clock, { SMTP_URL: await smtp.start() });
    await d.command("coord", "configura FAM-2027-202");
    await d.settle();
  });
  afterAll(async () => {
    await d.stop();
    await smtp.close();
  });

  it("takes a new member's name and e-mail from the conversation roster", async () => {
    await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
    await d.settle();
    const edu = await d.running.db.member.findFirst({ where: { platformUserId: PEOPLE.edu.id } });
    expect(edu).toMatchObject({
      displayName: "Elena Educatrice",
      email: "elena@comune.example",
      role: "educator",
    });
  });

  it("refuses to add someone who is not in the conversation, and writes nothing", async () => {
    d.connector.roster.delete(PEOPLE.teacher.id);
    await d.command("coord", `aggiungi ${d.mention("teacher")} insegnante`);
    await d.settle();
    expect(d.privateMessages("coord").at(-1)?.text).toContain("non fa parte di questa conversazione");
    expect(await d.running.db.member.count({ where: { platformUserId: PEOPLE.teacher.id } })).toBe(0);
    d.connector.roster.set(PEOPLE.teacher.id, PEOPLE.teacher);
  });

  it("does the work once when Teams delivers the same activity twice", async () => {
    const activity = d.activity("coord", {
      text: `<at>Équipe</at> aggiungi-esterno nonna@example.org altro Rosa`,
      entities: [
        { type: "mention", text: "<at>Équipe</at>", mentioned: { id: "28:equipe-bot", name: "Équipe" } },
      ],
    });
    expect((await d.post(activity)).status).toBe(200);
    expect((await d.post(activity)).status).toBe(200);
    await d.settle();
    expect(await d.running.db.member.count({ where: { email: "nonna@example.org" } })).toBe(1);
    expect(await d.running.db.auditEntry.count({ where: { action: "member.added" } })).toBe(2);
  });

  it("tells the coordinators what to do when a member cannot be written to privately", async () => {
    d.connector.unreachable.add(PEOPLE.teacher.id);
    await d.command("coord", `aggiungi ${d.mention("teacher")} insegnante`);
    await d.command("coord", "convoca");
    await d.settle();
    d.takeOpenedForm("coord");
    await d.submitForm("coord", {
      purpose: "t1",
      duration: "90",
      slots: "2027-10-29 15:00\n2027-11-02 15:00",
      deadline: "2027-10-27 18:00",
      location: "",
    });
    await d.settle();
    const failed = await d.running.db.queueItem.findMany({
      where: { kind: "message", status: "failed" },
      select: { lastError: true },
    });
    expect(failed.map((f) => f.lastError)).toContain("teams_unreachable_403");
    const report = d.privateMessages("coord").at(-1)?.text ?? "";
    expect(report).toContain("Non riesco a scrivere in privato a @Tommaso Insegnante");
    expect(report).toContain("App");
    // Once a day per member, however many messages bounce.
    expect(await d.running.db.auditEntry.count({ where: { action: "member.unreachable" } })).toBe(1);
  });

  it("sends the e-mail invite too to a chat member whose e-mail the roster gave", async () => {
    await d.command("coord", "conferma 1");
    await d.settle();
    const send = d.privateMessages("coord").at(-1)?.buttons[0];
    if (!send) throw new Error("no preview");
    await d.click("coord", send);
    await d.settle();
    const rows = await queued(d.running.db, { kind: "message" });
    const mails = rows
      .map(
        (r) =>
          JSON.parse(r.payload) as {
            target: { kind: string; to?: string };
            message: { attachments: unknown[] };
          },
      )
      .filter((o) => o.target.kind === "email");
    const toElena = mails.find((m) => m.target.to === "elena@comune.example");
    expect(toElena?.message.attachments).toHaveLength(1);
    const mail = smtp.messages.find(
      (m) => (m.to as { text: string } | undefined)?.text === "elena@comune.example",
    );
    expect(mail?.subject).toContain("Invito");
    const invite = d.privateMessages("edu").at(-1);
    expect(invite?.links[0]?.label).toBe("Aggiungi al calendario");
  });

  it("retries a throttled or failed delivery (429 with Retry-After, 412, 502, 504) instead of losing it", async () => {
    // The connector client's own policy retries 429 (after Retry-After) and 502/504 within a
    // call; 412 comes back to the outbox, which tries again on a later pass.
    d.connector.failNext(429, { "retry-after": "1" });
    d.connector.failNext(412);
    const before = d.privateMessages("coord").length;
    await d.command("coord", "membri");
    await d.settle();
    const row = await d.running.db.queueItem.findFirst({
      where: { kind: "message" },
      orderBy: { id: "desc" },
    });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "teams_http_412" });
    expect(d.privateMessages("coord")).toHaveLength(before);
    expect(row?.dueAt.getTime()).toBeGreaterThan(clock.now().getTime());
    d.connector.failNext(502);
    d.connector.failNext(504);
    clock.advance(60_000);
    d.running.dispatcher.kick();
    await d.settle();
    const done = await d.running.db.queueItem.findUnique({ where: { id: row?.id ?? 0 } });
    expect(done).toMatchObject({ status: "done" });
    expect(d.privateMessages("coord")).toHaveLength(before + 1);
    expect(d.privateMessages("coord").at(-1)?.text).toContain("FAM-2027-202");
  }, 20_000);
});

describe("Teams adapter: authentication with MicrosoftAppId", () => {
  const d = new TeamsDriver();
  const authority = new BotAuthority();
  const appId = "00000000-0000-0000-0000-00000000a11d";

  beforeAll(async () => {
    const { env, overrides } = await authority.startFor(appId);
    await d.start(clock, env, overrides);
  });
  afterAll(async () => {
    await d.stop();
    await authority.close();
  });

  // A conversation update needs no answer, so the bot makes no outgoing call to Microsoft.
  const update = () =>
    d.activity("coord", { type: "conversationUpdate", membersAdded: [{ id: PEOPLE.coord.id }] });

  it("answers 401 to a request without a token, or with a wrongly signed one, and does nothing", async () => {
    expect((await d.post(update())).status).toBe(401);
    const forged = authority.token({ appId, serviceUrl: d.connector.url }, { key: "other" });
    expect((await d.post(update(), { authorization: `Bearer ${forged}` })).status).toBe(401);
    const wrongAudience = authority.token({ appId: "someone-else", serviceUrl: d.connector.url });
    expect((await d.post(update(), { authorization: `Bearer ${wrongAudience}` })).status).toBe(401);
    expect(await d.running.db.adapterRecord.count({ where: { key: { startsWith: "conversation:" } } })).toBe(
      0,
    );
  });

  it("accepts a request signed by the channel's key", async () => {
    const token = authority.token({ appId, serviceUrl: d.connector.url });
    expect((await d.post(update(), { authorization: `Bearer ${token}` })).status).toBe(200);
    expect(await d.running.db.adapterRecord.count({ where: { key: { startsWith: "conversation:" } } })).toBe(
      1,
    );
  });
});

describe("Teams adapter: files in the personal chat", () => {
  const d = new TeamsDriver();
  // E-mail is set up here: a chat member's calendar copy goes by e-mail only when it can go now.
  const smtp = new RecordingSmtp();
  beforeAll(async () => {
    await d.start(clock, { SMTP_URL: await smtp.start() });
    await d.command("coord", "configura FAM-2027-203");
    await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
    await d.command("coord", "decidi");
    await d.settle();
    d.takeOpenedForm("coord");
    await d.submitForm("coord", {
      question: "Proseguiamo l'educativa domiciliare?",
      context: "",
      kind: "stances",
      options: "",
      deadline: "2027-10-27 18:00",
      familyReason: "",
    });
    await d.settle();
  });
  afterAll(() => d.stop());

  const consent = (who: "coord" | "edu", action: "accept" | "decline", file: string, name = "verbale.md") =>
    d.answerConsent(who, action, { file }, name);

  it("offers the Markdown record as a file; on allow it is written to the person's OneDrive and shown as a file card", async () => {
    await d.command("coord", "verbale");
    await d.settle();
    const card = d.consentCard("coord");
    expect(card.name).toMatch(/^decisione-FAM-2027-203-\d{4}-\d{2}-\d{2}\.md$/);
    const { file } = card.context;
    expect(await d.running.db.adapterRecord.count({ where: { key: { startsWith: "file:" } } })).toBe(1);
    // The held file is the case's: erasing the case removes it (test/web/case-export-erase.test.ts).
    const equipe = await d.running.db.equipe.findFirstOrThrow({ where: { caseCode: "FAM-2027-203" } });
    const held = await d.running.db.adapterRecord.findFirstOrThrow({ where: { key: `file:${file}` } });
    expect(held.equipeId).toBe(equipe.id);
    expect(await consent("coord", "accept", file)).toBe(200);
    const uploaded = d.connector.uploads.get("verbale.md");
    expect(uploaded?.body).toContain("# Decisione dell'équipe — FAM-2027-203");
    const size = Buffer.byteLength(uploaded?.body ?? "", "utf8");
    expect(uploaded?.contentRange).toBe(`bytes 0-${size - 1}/${size}`);
    const info = d.privateMessages("coord");
    const last = d.connector.inConversation(d.connector.personalConversationOf(PEOPLE.coord.id)).at(-1);
    expect(last?.activity.attachments).toEqual([
      expect.objectContaining({
        contentType: "application/vnd.microsoft.teams.card.file.info",
        name: "verbale.md",
        contentUrl: expect.stringContaining("sharepoint.com"),
      }),
    ]);
    expect(info.length).toBeGreaterThan(0);
    expect(await d.running.db.adapterRecord.count({ where: { key: { startsWith: "file:" } } })).toBe(0);
    // Allowing the same card again finds nothing to write.
    expect(await consent("coord", "accept", file)).toBe(200);
    expect(d.privateMessages("coord").at(-1)?.text).toContain("non è più disponibile");
  });

  it("keeps a file for its recipient alone, drops it when declined, and answers 400 to a malformed consent", async () => {
    await d.command("coord", "verbale");
    await d.settle();
    const { file } = d.consentCard("coord").context;
    expect(await consent("edu", "accept", file, "altrui.md")).toBe(200);
    expect(d.connector.uploads.has("altrui.md")).toBe(false);
    expect(d.privateMessages("edu").at(-1)?.text).toContain("non è più disponibile");
    expect(await d.running.db.adapterRecord.count({ where: { key: { startsWith: "file:" } } })).toBe(1);
    expect(await consent("coord", "decline", file)).toBe(200);
    expect(d.privateMessages("coord").at(-1)?.text).toContain("il file non è stato salvato");
    expect(await d.running.db.adapterRecord.count({ where: { key: { startsWith: "file:" } } })).toBe(0);
    const malformed = await d.post(
      d.activity(
        "coord",
        { type: "invoke", name: "fileConsent/invoke", value: { type: "nope" } },
        "personal",
      ),
    );
    expect(malformed.status).toBe(400);
  });

  it("drops a file not taken within a day", async () => {
    await d.command("coord", "verbale");
    await d.settle();
    const { file } = d.consentCard("coord").context;
    clock.set(new Date(clock.now().getTime() + 24 * 60 * 60_000 + 1000));
    expect(await consent("coord", "accept", file, "tardi.md")).toBe(200);
    expect(d.connector.uploads.has("tardi.md")).toBe(false);
    expect(d.privateMessages("coord").at(-1)?.text).toContain("non è più disponibile");
  });
});
