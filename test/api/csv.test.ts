import { describe, expect, it } from 'vitest';
import { csvCell, looksLikeFormula, parseCsv, toCsv } from '../../shared/api/csv.js';

const limits = { maxRecords: 100, maxFieldLength: 200 };
const fieldsOf = (text: string) => parseCsv(text, limits).map((record) => record.error ?? record.fields);

describe('reading CSV (RFC 4180)', () => {
  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    const text =
      'email,name,badge\r\n"ada@example.org","Lovelace, Ada ""Countess""",witness\r\nbob@example.org,"Bob\r\nSmith",witness\r\n';
    expect(fieldsOf(text)).toEqual([
      ['email', 'name', 'badge'],
      ['ada@example.org', 'Lovelace, Ada "Countess"', 'witness'],
      ['bob@example.org', 'Bob\r\nSmith', 'witness'],
    ]);
  });

  it('numbers records by the line they start on, counting line breaks inside quotes', () => {
    const records = parseCsv('h1,h2\n"a\nb",c\n\nd,e', limits);
    expect(records.map((record) => record.line)).toEqual([1, 2, 5]);
  });

  it('accepts LF and lone CR line ends, a byte order mark, empty fields and no final line break', () => {
    expect(fieldsOf('\uFEFFa,b\nc,\r,d')).toEqual([
      ['a', 'b'],
      ['c', ''],
      ['', 'd'],
    ]);
  });

  it('reports a broken record on its own and goes on with the next line', () => {
    const records = parseCsv('a,b\nx"y,z\n"q"r,s\nok,1\n', limits);
    expect(records.map((record) => record.line)).toEqual([1, 2, 3, 4]);
    expect(records[1]?.error).toMatch(/quote/);
    expect(records[2]?.error).toMatch(/closing quote/);
    expect(records[3]?.fields).toEqual(['ok', '1']);
  });

  it('reports a quoted field that is never closed', () => {
    const records = parseCsv('a,b\n"open,1\n2,3\n', limits);
    expect(records).toHaveLength(2);
    expect(records[1]?.error).toMatch(/never closed/);
  });

  it('refuses more records than allowed, and over-long fields per record', () => {
    expect(() => parseCsv('a\nb\nc\n', { maxRecords: 2, maxFieldLength: 10 })).toThrow(/more than 2/);
    const records = parseCsv(`a\n${'x'.repeat(11)}\nb\n`, { maxRecords: 10, maxFieldLength: 10 });
    expect(records[1]?.error).toMatch(/longer than 10/);
    expect(records[2]?.fields).toEqual(['b']);
  });
});

describe('formula injection', () => {
  it('takes cells starting with =, +, -, @, tab or carriage return (or spaces before =+-@) for formulas', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '  =cmd|"/c calc"!A1']) {
      expect(looksLikeFormula(cell), JSON.stringify(cell)).toBe(true);
    }
    for (const cell of ['ada@example.org', 'Ada', '', ' Ada', 'a=b', '1-2']) {
      expect(looksLikeFormula(cell), JSON.stringify(cell)).toBe(false);
    }
  });

  it('neutralises exported cells with a leading apostrophe and quotes what needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('Lovelace, Ada')).toBe('"Lovelace, Ada"');
    expect(csvCell(undefined)).toBe('');
  });

  it('writes CSV that reads back to the same (neutralised) cells', () => {
    const rows = [
      ['a,b', 'say "hi"', 'line\r\nbreak'],
      ['=1+1', '-2', 'plain'],
    ];
    const written = toCsv(['x', 'y', 'z'], rows);
    expect(written.endsWith('\r\n')).toBe(true);
    const read = parseCsv(written, limits).map((record) => record.fields);
    expect(read).toEqual([['x', 'y', 'z'], rows[0], ["'=1+1", "'-2", 'plain']]);
    for (const cell of read.flat()) expect(looksLikeFormula(cell)).toBe(false);
  });
});
