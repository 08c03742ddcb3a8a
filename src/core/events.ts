import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '../db/client.ts';

/**
 * Domain events: what happened, said once inside the writing transaction (beside `audit.record`), heard after
 * the transaction commits. A rolled-back write emits nothing. Two kinds of listener:
 * - `local` subscribers run in this process right after commit (cache clearing, live updates); they must be
 *   cheap and never throw into the writer (errors are logged);
 * - `durable` subscribers get every event through the outbox table (src/core/outbox.ts), delivered by a job at
 *   least once, with the event id as idempotency key; they must not miss one (notifications, webhooks).
 */
export interface DomainEvent {
  /** `<entity>.<past verb>`: "customer.updated", "user.role_changed", "task.assigned". */
  type: string;
  tenantId: string;
  entityId?: string | null;
  /** Small and JSON-serializable; durable subscribers get it as stored. */
  data?: Record<string, unknown>;
}

/** An event as a subscriber sees it: with its id (idempotency key) and when it was emitted. */
export interface EmittedEvent extends DomainEvent {
  id: string;
  at: Date;
}

export interface LocalSubscriber {
  /** Event types heard; "*" hears all. */
  types: string[];
  handle(event: EmittedEvent): void;
}

export interface DurableSubscriber {
  /** Unique: the outbox keeps one delivery per event and subscriber. */
  name: string;
  types: string[];
  /** Runs outside any request; must be idempotent on `event.id` (delivery is at least once). */
  handle(event: EmittedEvent, tools: DurableTools): Promise<void>;
}

/** What a durable subscriber gets besides the event (the engine fills it in; kept abstract to avoid cycles). */
export interface DurableTools {
  now(): Date;
  /** The owner connection; a subscriber opens its own tenant transaction (withTenant) to write. */
  db: Db;
  /** Whether this deployment sends mail (SMTP_URL): without it, queueing mail would only pile up rows. */
  mailEnabled: boolean;
}

/** Writes the outbox rows of an event for its durable subscribers (installed by src/core/outbox.ts). */
export type OutboxWriter = (tx: Tx, event: EmittedEvent, subscribers: string[]) => Promise<void>;

const local: LocalSubscriber[] = [];
const durable = new Map<string, DurableSubscriber>();
let outboxWriter: OutboxWriter | undefined;
let onLocalError: (err: unknown, event: EmittedEvent) => void = () => {};
const pending = new WeakMap<object, EmittedEvent[]>();

const hears = (types: string[], type: string) => types.includes('*') || types.includes(type);

/** Adds local subscribers; returns how to remove them again (an engine that stops, a test). */
export function subscribeLocal(...subs: LocalSubscriber[]): () => void {
  local.push(...subs);
  return () => {
    for (const s of subs) {
      const at = local.indexOf(s);
      if (at >= 0) local.splice(at, 1);
    }
  };
}

export function subscribeDurable(...subs: DurableSubscriber[]): void {
  for (const s of subs) {
    if (durable.has(s.name)) throw new Error(`durable subscriber ${s.name} declared twice`);
    durable.set(s.name, s);
  }
}

/** Whether some durable subscriber hears events of this type (then the emitting commit wakes the outbox). */
export const heardDurably = (type: string): boolean => [...durable.values()].some((s) => hears(s.types, type));

export const durableSubscriber = (name: string): DurableSubscriber | undefined => durable.get(name);

export function installOutboxWriter(writer: OutboxWriter): void {
  outboxWriter = writer;
}

/** Where a throwing local subscriber is reported (the server's logger); by default it is ignored. */
export function onLocalSubscriberError(report: (err: unknown, event: EmittedEvent) => void): void {
  onLocalError = report;
}

/**
 * Says that something happened, inside the transaction that made it happen. Durable subscribers' deliveries are
 * written in the same transaction; local subscribers hear it only once `afterCommit` runs for that transaction.
 */
export async function emit(tx: Tx, ...events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const at = new Date();
  const list = pending.get(tx) ?? [];
  for (const e of events) {
    const emitted: EmittedEvent = { ...e, id: uuidv7(), at };
    list.push(emitted);
    const names = [...durable.values()].filter((s) => hears(s.types, e.type)).map((s) => s.name);
    if (names.length > 0) {
      if (!outboxWriter) throw new Error(`event ${e.type} has durable subscribers but no outbox is installed`);
      await outboxWriter(tx, emitted, names);
    }
  }
  pending.set(tx, list);
}

/** Called by the transaction helpers once `tx` has committed: local subscribers hear its events, in order. */
export function afterCommit(tx: object): void {
  const list = pending.get(tx);
  if (!list) return;
  pending.delete(tx);
  for (const event of list)
    for (const s of local) {
      if (!hears(s.types, event.type)) continue;
      try {
        s.handle(event);
      } catch (err) {
        onLocalError(err, event);
      }
    }
}

/** A transaction that rolled back: its events are forgotten (they never happened). */
export function discardEvents(tx: object): void {
  pending.delete(tx);
}
