import type { Knex } from 'knex';
import type { Reservation, StoredQuota } from './CostsStore';
import {
  chunks,
  lockRow,
  toQuota,
  toReservation,
  toReservationRow,
} from './rows';

/** State keys noting when a workspace stopped (ISO times sort as strings). */
const RELEASED_PREFIX = 'released:';
/** State keys of admissions released before they committed (the caller gave up). */
const CANCELLED_PREFIX = 'cancelled:';

/**
 * The reservation tables: what admitted starts hold against quotas, taken and given
 * back under one admission lock shared by all replicas, and the marks of stopped
 * workspaces and cancelled admissions that keep late writers from re-reserving.
 */
export class ReservationTables {
  constructor(private readonly db: Knex) {}

  async listReservations(): Promise<Reservation[]> {
    return (await this.db('costs_reservations').orderBy('created_at')).map(
      toReservation,
    );
  }

  async admit<T extends { allowed: boolean }>(
    reservation: Omit<Reservation, 'createdAt'>,
    subjects: string[],
    decide: (context: {
      quotas: StoredQuota[];
      reservations: Reservation[];
    }) => T,
  ): Promise<T> {
    return this.db.transaction(async tx => {
      // First a write: from here on no other admission runs until this one commits.
      await lockRow(tx, 'admission.lock');
      const quotas = (
        await tx('costs_quotas').whereIn('subject_ref', subjects)
      ).map(toQuota);
      const reservations = (
        await tx('costs_reservations')
          .whereNot('workspace_id', reservation.workspaceId)
          .orderBy('created_at')
      ).map(toReservation);
      const decision = decide({ quotas, reservations });
      const cancelled = await tx('costs_state')
        .where({ key: `${CANCELLED_PREFIX}${reservation.admissionId}` })
        .first();
      if (decision.allowed && !cancelled) {
        await tx('costs_reservations')
          .where('admission_id', reservation.admissionId)
          .delete();
        if (reservation.admissionId === reservation.workspaceId) {
          await tx('costs_reservations')
            .where('workspace_id', reservation.workspaceId)
            .delete();
        }
        await tx('costs_reservations').insert(
          toReservationRow(reservation, new Date()),
        );
      }
      return decision;
    });
  }

  async deleteReservation(
    workspaceId: string,
    admissionId?: string,
  ): Promise<boolean> {
    if (admissionId === undefined) {
      return (
        (await this.db('costs_reservations')
          .where({ workspace_id: workspaceId })
          .delete()) > 0
      );
    }
    // Under the admission lock, with a mark: an admission of this id that commits later
    // (its caller timed out and gave up) finds the mark and reserves nothing.
    return this.db.transaction(async tx => {
      await lockRow(tx, 'admission.lock');
      await tx('costs_state')
        .insert({
          key: `${CANCELLED_PREFIX}${admissionId}`,
          value: new Date().toISOString(),
        })
        .onConflict('key')
        .merge();
      return (
        (await tx('costs_reservations')
          .where({ workspace_id: workspaceId, admission_id: admissionId })
          .delete()) > 0
      );
    });
  }

  async markReleased(workspaceId: string): Promise<void> {
    await this.db('costs_state')
      .insert({
        key: `${RELEASED_PREFIX}${workspaceId}`,
        value: new Date().toISOString(),
      })
      .onConflict('key')
      .merge();
  }

  async releasedSince(sinceMs: number, pruneBeforeMs: number) {
    const marks = this.db('costs_state').where(
      'key',
      'like',
      `${RELEASED_PREFIX}%`,
    );
    await this.db('costs_state')
      .where(q =>
        q
          .where('key', 'like', `${RELEASED_PREFIX}%`)
          .orWhere('key', 'like', `${CANCELLED_PREFIX}%`),
      )
      .andWhere('value', '<', new Date(pruneBeforeMs).toISOString())
      .delete();
    const since = new Date(sinceMs).toISOString();
    return (await marks.clone().select('key', 'value'))
      .filter((r: { value: string }) => r.value >= since)
      .map((r: { key: string }) => r.key.slice(RELEASED_PREFIX.length));
  }

  async repairReservations(
    staleIds: string[],
    missing: Array<Omit<Reservation, 'createdAt'>>,
  ): Promise<void> {
    if (staleIds.length === 0 && missing.length === 0) return;
    await this.db.transaction(async tx => {
      await lockRow(tx, 'admission.lock');
      for (const part of chunks(staleIds)) {
        await tx('costs_reservations').whereIn('workspace_id', part).delete();
      }
      const now = new Date();
      for (const r of missing) {
        await tx('costs_reservations')
          .insert(toReservationRow(r, now))
          .onConflict('admission_id')
          .ignore();
      }
    });
  }
}
