// A short, stable fingerprint of text (64-bit FNV-1a over UTF-8), used as the calendar's version stamp.
// Not cryptographic: it only has to change when the calendar's content changes. Pure JS, so the calendar
// runs unchanged in Lambda, in tests and in the browser.

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

export function contentHash(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}
