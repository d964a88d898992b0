// Renders a certificate (电子证照) as a one-page A4 PDF with pdf-lib: Chinese text in Noto Sans SC (subset
// embedded, so a PDF weighs kilobytes, not the font's 10 MB), the permit's facts, and a QR code pointing to the
// public verification endpoint. Deterministic: the same content gives the same bytes (dates come from the
// permit, no random document id), which keeps a retried issuance from producing a second, different file.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import * as fontkit from 'fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import type { CertificateContent, CertificateRenderer } from '../core/ports.ts';

/** The Noto Sans SC TTF the npm package ships (SIL Open Font License). */
export function defaultFontPath(): string {
  return (
    process.env.CERTIFICATE_FONT_PATH ||
    createRequire(import.meta.url).resolve(
      '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
    )
  );
}

/**
 * pdf-lib's own fontkit fork (@pdf-lib/fontkit 1.1) writes broken CJK subsets (glyphs silently blank); upstream
 * fontkit 2 subsets correctly but encodes to bytes instead of a stream. This adapts it to what pdf-lib calls.
 */
const fontkitForPdfLib = {
  create(data: Uint8Array) {
    const font = (fontkit as unknown as { create(b: Buffer): FontkitFont }).create(Buffer.from(data));
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      subset.encodeStream = () => Readable.from([subset.encode()]);
      return subset;
    };
    return font;
  },
};
interface FontkitFont {
  createSubset(): { encode(): Uint8Array; encodeStream?: () => Readable };
}

const A4: [number, number] = [595.28, 841.89];
const ink = rgb(0.1, 0.1, 0.12);
const seal = rgb(0.72, 0.11, 0.11);
const muted = rgb(0.4, 0.4, 0.45);

export class PdfCertificateRenderer implements CertificateRenderer {
  readonly #font: Uint8Array;

  constructor(options: { fontPath?: string } = {}) {
    this.#font = readFileSync(options.fontPath ?? defaultFontPath());
  }

  async render(content: CertificateContent): Promise<Uint8Array> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(fontkitForPdfLib as never);
    const font = await doc.embedFont(this.#font, { subset: true });
    const issued = new Date(content.issuedAt);
    doc.setTitle(`${content.permitName} ${content.certificateNo}`);
    doc.setSubject(content.verifyUrl);
    doc.setKeywords([content.certificateNo, content.verifyUrl]);
    doc.setProducer('one-window-approval');
    doc.setCreator('one-window-approval');
    doc.setCreationDate(issued);
    doc.setModificationDate(issued);

    const page = doc.addPage(A4);
    const [width, height] = A4;
    page.drawRectangle({
      x: 28,
      y: 28,
      width: width - 56,
      height: height - 56,
      borderColor: seal,
      borderWidth: 2,
    });
    page.drawRectangle({
      x: 34,
      y: 34,
      width: width - 68,
      height: height - 68,
      borderColor: seal,
      borderWidth: 0.6,
    });

    centered(page, font, '电子证照', height - 90, 14, muted);
    centered(page, font, content.permitName, height - 135, 28, ink);
    centered(page, font, `编号 ${content.certificateNo}`, height - 170, 12, muted);

    const rows: [string, string][] = [
      ['证书编号', content.certificateNo],
      ['许可类型', content.permitName],
      ['项目名称', content.projectName],
      ['建设单位', content.enterpriseId],
      ['项目地块', content.parcel],
      ['发证机关', content.departmentName],
      ['发证日期', content.issuedOn],
      ['审批通道', content.trackName],
      ['审批方式', content.byCommitment ? '告知承诺（承诺制审批，事后核查）' : '审查批准'],
    ];
    let y = height - 230;
    const labelX = 80;
    const valueX = 170;
    const valueWidth = width - valueX - 80;
    for (const [label, value] of rows) {
      page.drawText(label, { x: labelX, y, size: 12, font, color: muted });
      const lines = wrap(font, value, 12, valueWidth);
      for (const line of lines) {
        page.drawText(line, { x: valueX, y, size: 12, font, color: ink });
        y -= 18;
      }
      page.drawLine({
        start: { x: labelX, y: y + 8 },
        end: { x: width - 80, y: y + 8 },
        thickness: 0.3,
        color: muted,
      });
      y -= 12;
    }

    // The QR code: dark modules as squares, with the quiet zone the standard asks for.
    const qr = QRCode.create(content.verifyUrl, { errorCorrectionLevel: 'M' });
    const modules = qr.modules.size;
    const size = 140;
    const cell = size / (modules + 8);
    const qrX = width - 80 - size;
    const qrY = 90;
    page.drawRectangle({ x: qrX, y: qrY, width: size, height: size, color: rgb(1, 1, 1) });
    for (let row = 0; row < modules; row++) {
      for (let col = 0; col < modules; col++) {
        if (!qr.modules.get(row, col)) continue;
        page.drawRectangle({
          x: qrX + (col + 4) * cell,
          y: qrY + size - (row + 5) * cell,
          width: cell,
          height: cell,
          color: rgb(0, 0, 0),
        });
      }
    }
    page.drawText('扫码核验真伪', { x: qrX + 28, y: qrY - 16, size: 11, font, color: muted });

    const note = `本证照由一窗受理平台签发并以平台密钥签名。核验：${content.verifyUrl}`;
    let noteY = 200;
    for (const line of wrap(font, note, 9, qrX - 100)) {
      page.drawText(line, { x: 80, y: noteY, size: 9, font, color: muted });
      noteY -= 14;
    }
    page.drawText(`申请编号 ${content.applicationId}`, { x: 80, y: noteY - 6, size: 9, font, color: muted });
    return doc.save({ useObjectStreams: false });
  }
}

function centered(
  page: PDFPage,
  font: PDFFont,
  text: string,
  y: number,
  size: number,
  color: ReturnType<typeof rgb>,
) {
  const textWidth = font.widthOfTextAtSize(text, size);
  page.drawText(text, { x: (page.getWidth() - textWidth) / 2, y, size, font, color });
}

/** Breaks text into lines no wider than `width`, between any two characters (Chinese has no spaces). */
function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of text) {
    if (line !== '' && font.widthOfTextAtSize(line + char, size) > width) {
      lines.push(line);
      line = '';
    }
    line += char;
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}
