// Administration of the standard-land parcels register (标准地): administrators register parcels assessed in
// advance with their control indicators, correct them while nothing was granted, and record the grant (出让) to
// an enterprise with the land acquisition date. Every write is conditioned on the parcel's version and audited
// under CONFIG#parcels.
import * as z from 'zod';
import type { WorkingCalendar } from '#shared/calendar/index';
import { Conflict, NotFound, ValidationError } from '#shared/errors';
import type { Actor } from '#shared/model';
import {
  landAcquisitionIssues,
  parcelSchema,
  type GrantParcelBody,
  type Parcel,
  type RegisterParcelBody,
} from '#shared/parcels/parcel';
import type { ParcelRegister } from '#shared/parcels/store';

export interface ParcelAdminDeps {
  parcels: ParcelRegister;
  calendar: WorkingCalendar;
  now: () => Date;
  newId: () => string;
}

export const parcelListSchema = z.strictObject({ items: z.array(parcelSchema) });

export async function listParcels(deps: Pick<ParcelAdminDeps, 'parcels'>): Promise<{ items: Parcel[] }> {
  const items = await deps.parcels.list();
  return { items: items.sort((a, b) => a.parcelId.localeCompare(b.parcelId)) };
}

/**
 * Registers a parcel, or corrects a registered one (with `expectedVersion`) as long as it was not granted: the
 * indicators a grant was made under do not move.
 * @throws Conflict `ALREADY_EXISTS` (registered, and no expectedVersion), `STALE_VERSION`, `PARCEL_GRANTED`
 * @throws NotFound a correction of a parcel that is not registered
 */
export async function registerParcel(
  deps: ParcelAdminDeps,
  request: { actor: Actor; parcelId: string; body: RegisterParcelBody },
): Promise<Parcel> {
  const { actor, parcelId, body } = request;
  const at = deps.now().toISOString();
  const current = await deps.parcels.get(parcelId);
  if (body.expectedVersion === undefined && current) {
    throw new Conflict(
      `Parcel ${parcelId} is registered already; send expectedVersion to correct it`,
      'ALREADY_EXISTS',
    );
  }
  if (body.expectedVersion !== undefined) {
    if (!current) throw new NotFound(`Parcel ${parcelId} is not registered`);
    if (current.version !== body.expectedVersion) {
      throw new Conflict(`Parcel ${parcelId} was changed meanwhile; reload and try again`, 'STALE_VERSION');
    }
    if (current.status === 'granted') {
      throw new Conflict(`Parcel ${parcelId} was granted: its indicators are fixed`, 'PARCEL_GRANTED');
    }
  }
  const parcel: Parcel = {
    parcelId,
    areaMu: body.areaMu,
    location: body.location,
    indicators: body.indicators,
    status: 'available',
    version: (current?.version ?? 0) + 1,
    registeredAt: current?.registeredAt ?? at,
    updatedAt: at,
    updatedBy: actor.userId,
  };
  return deps.parcels.put(parcel, current?.version, {
    eventId: `evt-${deps.newId()}`,
    at,
    type: current ? 'parcel-updated' : 'parcel-registered',
    actor,
    parcelId,
    ...(current ? { fromVersion: current.version } : {}),
    toVersion: parcel.version,
    detail: { indicators: Object.keys(body.indicators) },
  });
}

/**
 * Records the grant (出让): to whom and the land acquisition day. Once.
 * @throws NotFound not registered; ValidationError a land acquisition date in the future or before the calendar
 * @throws Conflict `PARCEL_GRANTED` granted already, `STALE_VERSION`
 */
export async function grantParcel(
  deps: ParcelAdminDeps,
  request: { actor: Actor; parcelId: string; body: GrantParcelBody },
): Promise<Parcel> {
  const { actor, parcelId, body } = request;
  const dateIssues = landAcquisitionIssues(deps.calendar, deps.now(), body.landAcquiredOn);
  if (dateIssues.length > 0) throw new ValidationError('the request is invalid', dateIssues);
  const current = await deps.parcels.get(parcelId);
  if (!current) throw new NotFound(`Parcel ${parcelId} is not registered`);
  if (current.status === 'granted') {
    throw new Conflict(`Parcel ${parcelId} was granted already`, 'PARCEL_GRANTED');
  }
  if (current.version !== body.expectedVersion) {
    throw new Conflict(`Parcel ${parcelId} was changed meanwhile; reload and try again`, 'STALE_VERSION');
  }
  const at = deps.now().toISOString();
  const parcel: Parcel = {
    ...current,
    status: 'granted',
    grant: {
      enterpriseId: body.enterpriseId,
      landAcquiredOn: body.landAcquiredOn,
      ...(body.contractNo ? { contractNo: body.contractNo } : {}),
      grantedBy: actor.userId,
      grantedAt: at,
    },
    version: current.version + 1,
    updatedAt: at,
    updatedBy: actor.userId,
  };
  return deps.parcels.put(parcel, current.version, {
    eventId: `evt-${deps.newId()}`,
    at,
    type: 'parcel-granted',
    actor,
    parcelId,
    fromVersion: current.version,
    toVersion: parcel.version,
    detail: { enterpriseId: body.enterpriseId, landAcquiredOn: body.landAcquiredOn },
  });
}
