// The search index port: what the search core may ask of the store (types only, no AWS imports). The adapter is
// ./search-index.ts; the keys it reads are built in ./search-keys.ts.
import type { Application } from '#shared/model';
import type { SearchFacets } from './search-keys.ts';

/** Receipt instants: `from` inclusive, `to` exclusive. */
export interface ReceivedRange {
  from?: string;
  to?: string;
}

/** One application filed in a search partition: its id and the facets its key carries. */
export interface SearchEntry {
  facets: SearchFacets;
  /** The entry's index key: where a cursor continues after it. */
  position: Record<string, string>;
}

export interface SearchSlice {
  entries: SearchEntry[];
  /** Whether the partition holds more entries after the last one. */
  more: boolean;
}

export interface ApplicationSearchIndex {
  /**
   * Up to `limit` entries of the partition, newest receipt first, within `range`, after `after` (a position from a
   * previous slice or an opened cursor). One Query of keys only (eventually consistent).
   */
  slice(
    partition: string,
    range: ReceivedRange,
    options: { after?: Record<string, string>; limit: number },
  ): Promise<SearchSlice>;
  /** The applications, in the order asked, those gone left out (BatchGetItem, eventually consistent). */
  applications(applicationIds: readonly string[]): Promise<Application[]>;
  /** Seals a position in `partition` as a cursor bound to `binding` and the caller. */
  seal(position: Record<string, string>, binding: string, caller: string): Promise<string>;
  /** @throws ValidationError `INVALID_CURSOR` unless an untouched cursor of this binding, caller and partition */
  open(cursor: string, binding: string, caller: string, partition: string): Promise<Record<string, string>>;
}
