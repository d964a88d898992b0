// Looks at a PDF the way a person would: Debian's pdftoppm (poppler) renders its first page to a PNG, and jsQR
// reads a QR code from the rendered pixels. `.ci/run` installs poppler-utils when pdftoppm is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The first page as PNG bytes, at `dpi`. @throws when pdftoppm is missing or fails */
export function renderFirstPage(pdf: Uint8Array, dpi = 150): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-page-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const result = spawnSync(
      'pdftoppm',
      [
        '-png',
        '-r',
        String(dpi),
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        join(dir, 'in.pdf'),
        join(dir, 'page'),
      ],
      { encoding: 'utf8' },
    );
    if (result.error)
      throw new Error(`pdftoppm is not available (apt-get install poppler-utils): ${result.error.message}`);
    if (result.status !== 0) throw new Error(`pdftoppm failed: ${result.stderr}`);
    return readFileSync(join(dir, 'page.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the QR code found on the image, or undefined. */
export function readQrCode(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  const found = jsQR(
    new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
    image.width,
    image.height,
  );
  return found?.data;
}

/** The text pdftotext extracts (what a screen reader or search would see). */
export function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-text-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const result = spawnSync('pdftotext', ['-layout', join(dir, 'in.pdf'), '-'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
