// The port of the standard-land parcels register; its DynamoDB adapter is shared/data/parcel-store.ts.
import type { Actor } from '#shared/model';
import type { Parcel } from './parcel.ts';

export interface ParcelEvent {
  eventId: string;
  at: string;
  type: 'parcel-registered' | 'parcel-updated' | 'parcel-granted';
  actor: Actor;
  parcelId: string;
  fromVersion?: number;
  toVersion: number;
  detail?: Record<string, unknown>;
}

export interface ParcelRegister {
  /** One parcel (consistent read); undefined when not registered. */
  get(parcelId: string): Promise<Parcel | undefined>;
  /** Every registered parcel, by id. */
  list(): Promise<Parcel[]>;
  /**
   * Writes a parcel and its audit event in one transaction: a new one only if none exists, a changed one only if
   * its version is still `expectedVersion` (the written parcel carries `expectedVersion + 1`).
   * @throws Conflict `ALREADY_EXISTS` / `STALE_VERSION` (nothing written)
   */
  put(parcel: Parcel, expectedVersion: number | undefined, event: ParcelEvent): Promise<Parcel>;
}
