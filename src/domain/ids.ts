import { randomUUID } from "node:crypto";

declare const brand: unique symbol;
/** A string that cannot be mixed up with another kind of id by accident. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type EquipeId = Brand<string, "EquipeId">;
export type MemberId = Brand<string, "MemberId">;
export type MeetingId = Brand<string, "MeetingId">;
export type SlotId = Brand<string, "SlotId">;
export type BindingId = Brand<string, "BindingId">;
export type DecisionId = Brand<string, "DecisionId">;
export type OrganisationId = Brand<string, "OrganisationId">;

/** Random ids: they appear in logs and button values, so they must not encode anything. */
export function newId<T extends string>(): Brand<string, T> {
  return randomUUID() as Brand<string, T>;
}
