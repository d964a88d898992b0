// The stores' last check before a write: they only ever hold valid states, so an item its schema refuses is a bug
// in the caller (not the client's input, which was validated at the edge) and fails loudly, naming what it was.
import type * as z from 'zod';

export function storable<T>(schema: z.ZodType, item: T, what: string): T {
  const result = schema.safeParse(item);
  if (!result.success) throw new Error(`Refusing to store an invalid ${what}`, { cause: result.error });
  return result.data as T;
}
