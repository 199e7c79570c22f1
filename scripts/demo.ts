/**
 * `npm run demo`: fills the local SQLite database with a demo équipe to look around in, bound to
 * the conversation you opened in the Bot Framework Emulator (so: `TEAMS_ALLOW_UNAUTHENTICATED=true npm start`, open the Emulator
 * on http://127.0.0.1:3000/api/messages, then this). Members of every kind — you as coordinator,
 * chat staff, a parent reached by e-mail only — an open time poll and an open decision, made
 * through the same use cases as the commands (their messages go out from the running server
 * within a minute). Running it again changes nothing that is there; it never runs against
 * PostgreSQL or in production.
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { DateTime } from "luxon";
import {
  conversationKey,
  parseReference,
  personalKeyPrefix,
  tenantKey,
} from "../adapters/teams/conversations.ts";
import { LOCAL_TENANT } from "../adapters/teams/payloads.ts";
import { ConfigError, loadConfig } from "../src/config.ts";
import type { ServiceDeps } from "../src/core/deps.ts";
import type { Request } from "../src/core/request.ts";
import { parseCaseCode } from "../src/domain/case-code.ts";
import { type EquipeId, newId } from "../src/domain/ids.ts";
import type { Role } from "../src/domain/roles.ts";
import { createCore } from "../src/features/registry.ts";
import { dataCipherFor } from "../src/infra/data-key.ts";
import { type Db, openDb, sqliteFile } from "../src/infra/db.ts";
import { silentLog } from "../src/infra/log.ts";
import { PrismaAdapterState } from "../src/infra/prisma-adapter-state.ts";
import { PrismaStore } from "../src/infra/prisma-store.ts";
import { type Clock, systemClock } from "../src/ports/clock.ts";

import { serviceDeps } from "../src/server.ts";
export const DEMO_CASE = "DEMO-2026-001";
/** The Emulator's channel id in the activities it sends. */
const EMULATOR_CHANNEL = "emulator";
const TEAMS = "teams";

/** Demo colleagues: chat accounts in the Emulator's (local) tenant. */
const STAFF: { userId: string; name: string; role: Role }[] = [
  { userId: "demo-educatrice", name: "Elena Bianchi", role: "educator" },
  { userId: "demo-insegnante", name: "Tommaso Verdi", role: "teacher" },
  { userId: "demo-psicologa", name: "Paola Neri", role: "psychologist" },
];
/** The family, outside chat: reached by e-mail (off locally without SMTP_URL, and the bot says so). */
const PARENT = {
  email: "anna.genitore@example.org",
  phone: undefined,
  displayName: "Anna B.",
  role: "parent" as Role,
};
/** A volunteer with only a phone: their notices come to you to pass on. */
const VOLUNTEER = {
  email: undefined,
  phone: "+39 333 1234567",
  displayName: "Luca V.",
  role: "volunteer" as Role,
};

export class DemoRefused extends Error {
  override name = "DemoRefused";
}

export interface DemoReport {
  caseCode: string;
  conversationId: string;
  created: { equipe: boolean; poll: boolean; decision: boolean };
}

/** The Emulator conversation seen last, and whose it is (the Emulator's user). */
async function emulatorConversation(
  db: Db,
  now: Date,
): Promise<{ conversationId: string; userId: string } | undefined> {
  // The Teams adapter's own records, opened as it reads them (their values are sealed at rest).
  const state = new PrismaAdapterState(db, db.cipher);
  const conversationId = await state.get(TEAMS, tenantKey(LOCAL_TENANT), now);
  if (conversationId === undefined) return undefined;
  const stored = await state.get(TEAMS, conversationKey(conversationId), now);
  const reference = stored !== undefined ? parseReference(stored) : undefined;
  if (reference?.channelId !== EMULATOR_CHANNEL) return undefined;
  const prefix = personalKeyPrefix(LOCAL_TENANT);
  const people = await db.adapterRecord.findMany({
    where: { namespace: TEAMS, key: { startsWith: prefix } },
    orderBy: { updatedAt: "desc" },
    select: { key: true },
  });
  for (const { key } of people)
    if ((await state.get(TEAMS, key, now)) === conversationId)
      return { conversationId, userId: key.slice(prefix.length) };
  return undefined;
}

/** `yyyy-MM-dd HH:mm` in the équipe's zone, `days` from now at `hour`: how people type times in the forms. */
const localTime = (now: Date, zone: string, days: number, hour: number) =>
  DateTime.fromJSDate(now, { zone })
    .plus({ days })
    .set({ hour, minute: 0, second: 0, millisecond: 0 })
    .toFormat("yyyy-MM-dd HH:mm");

export async function fillDemo(
  env: NodeJS.ProcessEnv,
  options: { clock?: Clock; log?: ServiceDeps["log"] } = {},
): Promise<DemoReport> {
  const config = loadConfig(env);
  if (config.production)
    throw new DemoRefused(
      `NODE_ENV=${env.NODE_ENV} counts as production: the demo only fills a local database.`,
    );
  if (!config.databaseUrl.startsWith("file:"))
    throw new DemoRefused("DATABASE_URL is not a SQLite file: the demo only fills a local database.");
  // `npm start` made the database and applied the migrations (the Emulator talked to it since).
  const notYet = `No conversation from the Bot Framework Emulator yet. With \`TEAMS_ALLOW_UNAUTHENTICATED=true npm start\` running, open ${config.publicBaseUrl}/api/messages in the Emulator (no app id, no password), then run \`npm run demo\` again.`;
  if (!existsSync(sqliteFile(config.databaseUrl))) throw new DemoRefused(notYet);
  const db = await openDb(config.databaseUrl, dataCipherFor(config).cipher);
  try {
    const clock = options.clock ?? systemClock;
    const emulator = await emulatorConversation(db, clock.now());
    if (emulator === undefined) throw new DemoRefused(notYet);
    const store = new PrismaStore(db);
    const { deps } = serviceDeps(config, store, clock, options.log ?? silentLog);
    const core = createCore(deps);
    const caseCode = parseCaseCode(DEMO_CASE);
    if (caseCode === undefined) throw new Error("demo case code");
    const channel = {
      platform: TEAMS,
      workspaceId: LOCAL_TENANT,
      channelId: emulator.conversationId,
    } as const;
    const you = { platform: TEAMS, workspaceId: LOCAL_TENANT, userId: emulator.userId } as const;
    const now = clock.now();

    // The équipe, its conversation and its people: written directly, as a set-up would leave them.
    const { equipe, created } = await store.transaction(async (repos) => {
      const bound = await repos.equipes.findByChannel(channel);
      if (bound !== undefined && bound.caseCode !== caseCode)
        throw new DemoRefused(
          `This Emulator conversation is already bound to ${bound.caseCode}. Start a new conversation in the Emulator (Restart conversation → new user ID is not needed) and run \`npm run demo\` again.`,
        );
      const existing = await repos.equipes.findByCaseCode(caseCode);
      const equipe = existing ?? {
        id: newId<"EquipeId">() as EquipeId,
        caseCode,
        timezone: config.defaults.timezone,
        locale: config.defaults.locale,
      };
      if (existing === undefined) await repos.equipes.create(equipe);
      if (bound === undefined) await repos.equipes.bindChannel(equipe.id, channel);
      const { member: coordinator } = await repos.members.upsertChatMember({
        equipeId: equipe.id,
        user: you,
        role: "social_worker",
        isCoordinator: true,
        locale: undefined,
        profile: { displayName: "Carla Demo (tu)", email: undefined },
        at: now,
      });
      if (existing === undefined)
        await repos.audit.record({
          equipeId: equipe.id,
          actorId: coordinator.id,
          action: "equipe.created",
          at: now,
        });
      for (const person of STAFF)
        await repos.members.upsertChatMember({
          equipeId: equipe.id,
          user: { platform: TEAMS, workspaceId: LOCAL_TENANT, userId: person.userId },
          role: person.role,
          isCoordinator: false,
          locale: undefined,
          profile: { displayName: person.name, email: undefined },
          at: now,
        });
      await repos.members.upsertExternalMember({ equipeId: equipe.id, ...PARENT, at: now });
      await repos.members.upsertExternalMember({ equipeId: equipe.id, ...VOLUNTEER, at: now });
      return { equipe, created: existing === undefined };
    });

    // The poll and the decision through their use cases, as you would make them from the forms.
    const as = (what: string): Request => ({
      actor: { kind: "chat", user: you, locale: equipe.locale },
      place: { kind: "conversation", channel },
      deliveryKey: `demo:${equipe.id}:${what}`,
    });
    const zone = equipe.timezone;
    let poll = false;
    if ((await store.repos.meetings.findOpenPoll(equipe.id)) === undefined) {
      await core.submitForm(
        as("convene"),
        "convene",
        {
          purpose: "t1",
          duration: "90",
          slots: [localTime(now, zone, 7, 10), localTime(now, zone, 8, 15), localTime(now, zone, 9, 9)].join(
            "\n",
          ),
          deadline: localTime(now, zone, 4, 18),
          location: "Servizi sociali, via Roma 1, sala 2",
        },
        emulator.conversationId,
      );
      poll = (await store.repos.meetings.findOpenPoll(equipe.id)) !== undefined;
      if (!poll) throw new Error("the demo poll was refused; see the message in the Emulator");
    }
    let decision = false;
    if ((await store.repos.decisions.findPending(equipe.id)) === undefined) {
      const members = await store.repos.members.listActive(equipe.id);
      await core.submitForm(
        as("decide"),
        "decide",
        {
          question: "Proseguiamo con l'educativa domiciliare per altri tre mesi?",
          context: "Verifica intermedia T1: la frequenza scolastica è migliorata.",
          kind: "stances",
          options: "",
          deadline: localTime(now, zone, 5, 18),
          participants: members.map((m) => m.id).join(","),
          familyReason: "",
        },
        emulator.conversationId,
      );
      decision = (await store.repos.decisions.findPending(equipe.id)) !== undefined;
      if (!decision) throw new Error("the demo decision was refused; see the message in the Emulator");
      // The parent, heard by phone: a viewpoint recorded on her behalf.
      await core.command(
        as("viewpoint"),
        `parere ${PARENT.email} dubbi per telefono genitori: Vorrei capire prima gli orari dell'educatrice.`,
        () => undefined,
      );
    }
    return {
      caseCode,
      conversationId: emulator.conversationId,
      created: { equipe: created, poll, decision },
    };
  } finally {
    await db.$disconnect();
  }
}

async function main(): Promise<void> {
  try {
    const report = await fillDemo(process.env);
    const made = Object.entries(report.created)
      .filter(([, yes]) => yes)
      .map(([what]) => what);
    console.log(
      `Demo équipe ${report.caseCode} bound to your Emulator conversation (${made.length > 0 ? `new: ${made.join(", ")}` : "already there, nothing changed"}).`,
    );
    console.log(
      "In the Emulator, type: membri · stato · decisione · verbale · aiuto (messages arrive within a minute).",
    );
  } catch (error) {
    if (error instanceof DemoRefused || error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
