import { ProtocolError, SIGNED_OUT_MESSAGES, type AddRepRequest, type PeopleResponse, type RepAdminView, type RepRole, type SignedOutReason } from '@rs/protocol';
import { hashPassword, randomId } from '../auth/secrets.ts';
import type { Hub } from '../live/hub.ts';
import type { Bus } from '../cluster/bus.ts';
import { publishRepSignedOut } from '../cluster/events.ts';
import type { Sessions } from '../sessions/service.ts';
import type { PersonRecord } from '../store/people-store.ts';
import type { RepRecord, Store } from '../store/store.ts';
import { log } from '../observability/log.ts';

/** Close code of a live socket whose sign-in the server ended (as for a sign-out). */
export const SIGNED_OUT_CLOSE_CODE = 4001;

const LAST_ADMIN = 'at least one enabled administrator must remain';

/**
 * People administration: representatives (add, role, password, disable and
 * enable) and team membership. The routes check that the caller is an admin;
 * this enforces the rules that hold whoever calls.
 */
export class People {
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #sessions: Sessions;

  readonly #bus: Bus | undefined;

  constructor(store: Store, hub: Hub, sessions: Sessions, bus?: Bus) {
    this.#bus = bus;
    this.#store = store;
    this.#hub = hub;
    this.#sessions = sessions;
  }

  async list(): Promise<PeopleResponse> {
    const teams = await this.#store.workflow.teams();
    const online = new Set(await this.#hub.onlineRepIds());
    const reps = (await this.#store.people.people()).map((p) => view(p, online, teams));
    return { reps, teams };
  }

  async add(input: AddRepRequest): Promise<RepRecord> {
    const taken = (await this.#store.people.people()).some((p) => p.username.toLowerCase() === input.username.toLowerCase());
    if (taken) throw new ProtocolError('conflict', `the username ${input.username} is taken`);
    const rep: RepRecord = {
      id: randomId(),
      username: input.username,
      displayName: input.displayName,
      role: input.role ?? 'rep',
      passwordHash: await hashPassword(input.password),
      createdAt: Date.now(),
    };
    try {
      await this.#store.createRep(rep);
    } catch (err) {
      // Two admins adding the same username at once: the UNIQUE constraint decides.
      if (await this.#store.repByUsername(rep.username)) throw new ProtocolError('conflict', `the username ${rep.username} is taken`);
      throw err;
    }
    const general = (await this.#store.workflow.teams()).find((t) => t.name === 'General');
    if (general) await this.#store.workflow.addTeamMember(general.id, rep.id);
    return rep;
  }

  async resetPassword(repId: string, password: string): Promise<void> {
    if (!(await this.#store.people.setPasswordHash(repId, await hashPassword(password)))) throw notFound();
    await this.#signOut(repId, 'password_reset');
  }

  /** Disables (signs them out everywhere, puts their active sessions on hold) or enables a representative. */
  async setDisabled(admin: RepRecord, repId: string, disabled: boolean): Promise<RepAdminView> {
    if (disabled && admin.id === repId) throw new ProtocolError('forbidden', 'you cannot disable yourself');
    const before = await this.#store.people.person(repId);
    if (!before) throw notFound();
    if (disabled !== (before.disabledAt !== null)) {
      const outcome = await this.#store.people.setDisabled(repId, disabled ? Date.now() : null);
      if (outcome === 'not_found') throw notFound();
      if (outcome === 'last_admin') throw new ProtocolError('conflict', LAST_ADMIN);
    }
    if (disabled) {
      // Their customers go back to the queue with the transcript, for another representative to take over.
      const record = await this.#store.repById(repId);
      if (record) for (const session of await this.#store.activeSessionsOfRep(repId)) {
        await this.#sessions.hold(record, session.id).catch((err: unknown) => log.error({ err }, "holding a disabled rep's session failed"));
      }
      await this.#signOut(repId, 'disabled');
      await this.#releasePersonalQueue(repId);
    }
    return this.#viewOf(repId);
  }

  async setRole(repId: string, role: RepRole): Promise<RepAdminView> {
    const outcome = await this.#store.people.setRole(repId, role);
    if (outcome === 'not_found') throw notFound();
    if (outcome === 'last_admin') throw new ProtocolError('conflict', LAST_ADMIN);
    return this.#viewOf(repId);
  }

  async createTeam(name: string) {
    if ((await this.#store.workflow.teams()).some((t) => t.name.toLowerCase() === name.toLowerCase())) throw new ProtocolError('conflict', `a team named ${name} exists`);
    const team = { id: randomId(), name, createdAt: Date.now() };
    await this.#store.workflow.createTeam(team);
    return { id: team.id, name, memberIds: [] };
  }

  async addMember(teamId: string, repId: string): Promise<void> {
    await this.#team(teamId);
    if (!(await this.#store.people.person(repId))) throw notFound();
    await this.#store.workflow.addTeamMember(teamId, repId);
    await this.#refreshQueue(repId);
  }

  async removeMember(teamId: string, repId: string): Promise<void> {
    await this.#team(teamId);
    if (!(await this.#store.people.removeTeamMember(teamId, repId))) throw new ProtocolError('not_found', 'this representative is not in the team');
    await this.#refreshQueue(repId);
  }

  async #team(teamId: string) {
    const team = (await this.#store.workflow.teams()).find((t) => t.id === teamId);
    if (!team) throw new ProtocolError('not_found', 'no such team');
    return team;
  }

  /** Customers waiting in a disabled rep's personal queue (their session keys) move to the general queue. */
  async #releasePersonalQueue(repId: string): Promise<void> {
    const waiting = [...(await this.#store.sessionsInState('queued')), ...(await this.#store.sessionsInState('held'))];
    const mine = (await this.#store.workflow.routes(waiting.map((s) => s.id))).filter((r) => r.personalRepId === repId);
    for (const route of mine) await this.#store.workflow.setRoute({ ...route, personalRepId: null });
    if (mine.length > 0) for (const id of await this.#hub.onlineRepIds()) await this.#refreshQueue(id);
  }

  /** Team queues follow membership: the rep's console gets what changed in its queue at once (every node recomputes its reps' lists). */
  async #refreshQueue(repId: string): Promise<void> {
    if ((await this.#hub.onlineRepIds()).includes(repId)) await this.#sessions.queueChanged();
  }

  /** Revokes every sign-in token, tells their consoles why, and closes their live sockets. */
  async #signOut(repId: string, reason: SignedOutReason): Promise<void> {
    await this.#store.people.revokeTokens(repId);
    this.#hub.toRep(repId, { type: 'signed_out', reason, message: SIGNED_OUT_MESSAGES[reason] });
    this.#hub.closeRep(repId, SIGNED_OUT_CLOSE_CODE, reason === 'disabled' ? 'account disabled' : 'password reset');
    if (this.#bus) await publishRepSignedOut(this.#bus, { repId, tokenHash: null });
  }

  async #viewOf(repId: string): Promise<RepAdminView> {
    const rep = (await this.list()).reps.find((r) => r.id === repId);
    if (!rep) throw notFound();
    return rep;
  }
}

const notFound = () => new ProtocolError('not_found', 'no such representative');

function view(p: PersonRecord, online: ReadonlySet<string>, teams: readonly { id: string; memberIds: string[] }[]): RepAdminView {
  return {
    id: p.id,
    username: p.username,
    displayName: p.displayName,
    role: p.role,
    canSignIn: p.disabledAt === null,
    disabledAt: p.disabledAt,
    online: online.has(p.id),
    teamIds: teams.filter((t) => t.memberIds.includes(p.id)).map((t) => t.id),
    createdAt: p.createdAt,
  };
}
