import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
} from "botbuilder";
import { afterAll, beforeAll, expect, it } from "vitest";
import { TeamsChatPort } from "../../../adapters/teams/chat-port.ts";
import type { ConversationBook } from "../../../adapters/teams/conversations.ts";
import type { FileOffers } from "../../../adapters/teams/files.ts";
import { withRetries } from "../../../adapters/teams/retry.ts";
import { text, textMessage } from "../../../src/content/model.ts";
import { DeliveryError } from "../../../src/ports/channel.ts";

/**
 * A Bot Connector that takes the request and never answers: every Teams call ends by its overall
 * deadline (here a short one, injected) as a retryable failure, instead of holding the outbox's
 * lease until it runs out. A hung call would leave these tests waiting for their timeout.
 */
let silent: Server;
const sockets = new Set<Socket>();
let serviceUrl = "";
beforeAll(async () => {
  silent = createServer(() => {
    // Read, never answered.
  });
  silent.on("connection", (socket) => {
    sockets.add(socket);
  });
  await new Promise<void>((ready) => silent.listen(0, "127.0.0.1", ready));
  serviceUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((done) => silent.close(() => done()));
});

const DEADLINE_MS = 300;

function portTo(reference: Partial<ConversationReference>): TeamsChatPort {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const book = { conversation: async () => reference } as unknown as ConversationBook;
  return new TeamsChatPort(adapter, "", book, {} as FileOffers, DEADLINE_MS);
}

const reference = (): Partial<ConversationReference> => ({
  serviceUrl,
  channelId: "msteams",
  conversation: { id: "19:channel@thread.tacv2", isGroup: true, conversationType: "channel", name: "" },
  bot: { id: "28:bot", name: "Équipe" },
});

const channel = {
  kind: "channel" as const,
  platform: "teams" as const,
  workspaceId: "tenant",
  channelId: "19:channel@thread.tacv2",
};

it("ends a message the connector never answers as a failed try the queue retries", async () => {
  const port = portTo(reference());
  const failure = await port
    .send({ target: channel, message: textMessage([text("x")]) })
    .catch((error) => error);
  expect(failure).toBeInstanceOf(DeliveryError);
  expect(failure).toMatchObject({ message: "teams_deadline", retryable: true });
});

it("ends an update the connector never answers alike", async () => {
  const port = portTo(reference());
  const failure = await port
    .update(
      { channelId: channel.channelId, messageId: "1" },
      { target: channel, message: textMessage([text("x")]) },
    )
    .catch((error) => error);
  expect(failure).toMatchObject({ message: "teams_deadline", retryable: true });
});

it("ends a call made while a person waits, its retries included, by its deadline", async () => {
  const never = () => new Promise<never>(() => {});
  await expect(withRetries(never, DEADLINE_MS)).rejects.toMatchObject({ message: "teams_deadline" });
});
