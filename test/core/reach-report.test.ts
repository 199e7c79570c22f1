import { describe, expect, it } from "vitest";
import { plainText } from "../../src/content/plain.ts";
import { type Outcome, type Reached, reachReport } from "../../src/core/reach.ts";
import type { MemberRecord } from "../../src/domain/equipe.ts";
import type { EquipeId, MemberId } from "../../src/domain/ids.ts";

let n = 0;
function reached(name: string, outcome: Outcome, alsoByEmail = false): Reached {
  n += 1;
  const member: MemberRecord = {
    id: `m${n}` as MemberId,
    equipeId: "e1" as EquipeId,
    role: "parent",
    isCoordinator: false,
    locale: undefined,
    name,
    email: undefined,
    phone: undefined,
    chat: undefined,
  };
  return { member, via: undefined, alsoByEmail, outcome };
}

describe("the report of a sending", () => {
  it("says what is on its way, on which channel, with the plural right", () => {
    const one = plainText(reachReport("it", [reached("A", { kind: "chat" })]));
    expect(one).toContain("In consegna a 1 persona: 1 in chat.");
    const several = plainText(
      reachReport("en", [
        reached("A", { kind: "chat" }, true),
        reached("B", { kind: "chat" }),
        reached("C", { kind: "email" }),
      ]),
    );
    expect(several).toContain("On its way to 3 people: 2 in chat, 1 by e-mail.");
    expect(several).toContain("1 person also gets a copy by e-mail, for their calendar.");
    expect(several).toContain("If a delivery fails, the coordinators are told.");
  });

  it("names who waits, who is handed over and who is not reached, each with why", () => {
    const report = plainText(
      reachReport(
        "it",
        [
          reached("Anna", { kind: "waiting", channel: "email" }),
          reached("Bea", { kind: "waiting", channel: "teams" }),
          reached("Luca", { kind: "handedOver" }),
          reached("Pia", { kind: "none", why: "noAddress" }),
          reached("Ugo", { kind: "none", why: "needsChat" }),
          reached("Ada", { kind: "none", why: "needsChat" }),
        ],
        { notReachedHint: [{ type: "text", text: "registrali tu." }] },
      ),
    );
    expect(report).toContain("Nessuno lo riceve direttamente.");
    expect(report).toContain("In attesa: Anna — l'e-mail non è ancora configurata su questo server");
    expect(report).toContain("il messaggio è conservato e partirà appena lo sarà");
    expect(report).toContain("In attesa: Bea — Teams non è collegato a questo server ora");
    expect(report).toContain("Da passare a voce: Luca non ha né chat né e-mail");
    expect(report).toContain("Non raggiunto/a: Pia — nessun recapito");
    expect(report).toContain(
      "Non raggiunti: Ugo, Ada — serve una risposta che si può dare solo in chat: registrali tu.",
    );
    // Nothing is on its way, so nothing is promised about failed deliveries.
    expect(report).not.toContain("Se una consegna non riesce");
  });
});
