import type { Tx } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import type { customers } from './schema.ts';

/**
 * Extension points so later modules (orders, interactions, membership, service, voice, analytics) add to the
 * customer file without customers/ importing them: Customer 360 sections, timeline entries, and merge movers.
 */
export type CustomerRow = typeof customers.$inferSelect;

export type ProfileSection = (ctx: Ctx, tx: Tx, customer: CustomerRow) => Promise<unknown>;

export interface TimelineItem {
  at: Date;
  kind: string;
  id: string;
  title: string;
  detail?: string | null;
  actorName?: string | null;
}
export type TimelineProvider = (
  ctx: Ctx,
  tx: Tx,
  customerId: string,
  page: { before?: Date; limit: number },
) => Promise<TimelineItem[]>;

export interface MergeMover {
  name: string;
  /** Re-points the loser's rows to the survivor; returns the moved row ids (kept for undo). */
  move(tx: Tx, tenantId: string, fromId: string, toId: string): Promise<string[]>;
  /** Undo: points exactly these rows back to the restored customer. */
  moveBack(tx: Tx, tenantId: string, ids: string[], toId: string): Promise<void>;
}

export const profileSections = new Map<string, ProfileSection>();
export const timelineProviders = new Map<string, TimelineProvider>();
export const mergeMovers = new Map<string, MergeMover>();

export function registerProfileSection(name: string, provider: ProfileSection): void {
  profileSections.set(name, provider);
}
export function registerTimelineProvider(name: string, provider: TimelineProvider): void {
  timelineProviders.set(name, provider);
}
export function registerMergeMover(mover: MergeMover): void {
  mergeMovers.set(mover.name, mover);
}
