import { describe, expect, it } from 'vitest';
import { csvCell, csvResult, toCsv, wantsCsv } from './csv.ts';

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "yes"')).toBe('"say ""yes"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('自然资源和规划')).toBe('自然资源和规划');
  });

  it('guards text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
  });

  it('writes numbers, booleans and empty cells plainly', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(0.9667)).toBe('0.9667');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('toCsv', () => {
  it('writes a byte-order mark, a header row and CRLF-ended rows', () => {
    // Act
    const csv = toCsv(
      [
        { header: 'department', value: (row: { d: string; n: number }) => row.d },
        { header: 'closed', value: (row) => row.n },
      ],
      [
        { d: 'window', n: 3 },
        { d: 'a,b', n: 0 },
      ],
    );

    // Assess
    expect(csv).toBe('\uFEFFdepartment,closed\r\nwindow,3\r\n"a,b",0\r\n');
  });

  it('writes the header row alone for an empty table', () => {
    expect(toCsv([{ header: 'x', value: () => 1 }], [])).toBe('\uFEFFx\r\n');
  });
});

describe('wantsCsv', () => {
  it('follows ?format first, then the Accept header', () => {
    expect(wantsCsv({ format: 'csv' })).toBe(true);
    expect(wantsCsv({ format: 'json', accept: 'text/csv' })).toBe(false);
    expect(wantsCsv({ accept: 'text/csv;q=0.9, application/json;q=0.5' })).toBe(true);
    expect(wantsCsv({ accept: 'application/json' })).toBe(false);
    expect(wantsCsv({})).toBe(false);
  });
});

describe('csvResult', () => {
  it('names a safe download file', () => {
    expect(csvResult('steps 2025-03/"x".csv', 'a\r\n')).toEqual({
      text: { body: 'a\r\n', contentType: 'text/csv; charset=utf-8' },
      headers: { 'content-disposition': 'attachment; filename="steps_2025-03__x_.csv"' },
    });
  });
});
