/**
 * CSV as RFC 4180 describes it, read and written without a library: fields separated by commas, records by CRLF
 * (LF and a lone CR are accepted too), a field in double quotes may hold commas, quotes (doubled) and line breaks.
 * A UTF-8 byte order mark is skipped. A record that breaks the grammar (a quote inside an unquoted field, text
 * after a closing quote, a quoted field never closed) is reported on its own with its line, and reading goes on
 * with the next line, so one bad record never hides the others.
 *
 * Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some strip a leading
 * tab, carriage return or spaces first). The rule here: an imported cell whose first character is `=`, `+`, `-`,
 * `@`, tab or carriage return, or whose first character after leading spaces is one of the first four, is refused
 * (the row is invalid, the cell is never stored); every exported cell that would be read as a formula is written
 * with a leading apostrophe, which spreadsheets show as text.
 */

export interface CsvRecord {
  /** The line the record starts on (1-based), for messages. */
  line: number;
  fields: string[];
  /** Set when the record breaks the grammar; `fields` is then empty. */
  error?: string;
}

export interface CsvLimits {
  maxRecords: number;
  maxFieldLength: number;
}

export class CsvTooLarge extends Error {}

export function parseCsv(text: string, limits: CsvLimits): CsvRecord[] {
  const records: CsvRecord[] = [];
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (at < text.length) {
    const start = line;
    const parsed = readRecord(text, at, limits.maxFieldLength);
    line += parsed.lineBreaks;
    at = parsed.next;
    if (parsed.error === undefined && parsed.fields.length === 1 && parsed.fields[0] === '') continue;
    if (records.length >= limits.maxRecords) throw new CsvTooLarge(`more than ${limits.maxRecords} records`);
    records.push(
      parsed.error === undefined
        ? { line: start, fields: parsed.fields }
        : { line: start, fields: [], error: parsed.error },
    );
  }
  return records;
}

interface RecordRead {
  fields: string[];
  error?: string;
  /** Index just after the record's line break. */
  next: number;
  lineBreaks: number;
}

function readRecord(text: string, from: number, maxFieldLength: number): RecordRead {
  const fields: string[] = [];
  let at = from;
  let lineBreaks = 0;
  for (;;) {
    let value = '';
    if (text[at] === '"') {
      at++;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote < 0) {
          lineBreaks += countBreaks(text, at, text.length);
          return {
            fields: [],
            error: 'a quoted field is never closed (it runs to the end of the file)',
            next: text.length,
            lineBreaks: lineBreaks + 1,
          };
        }
        lineBreaks += countBreaks(text, at, quote);
        value += text.slice(at, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          at = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
      const after = text[at];
      if (after !== undefined && after !== ',' && after !== '\r' && after !== '\n') {
        return skipLine(
          text,
          at,
          lineBreaks,
          'text follows a closing quote (quotes inside a field must be doubled)',
        );
      }
    } else {
      let end = at;
      while (end < text.length && text[end] !== ',' && text[end] !== '\r' && text[end] !== '\n') end++;
      value = text.slice(at, end);
      if (value.includes('"'))
        return skipLine(text, at, lineBreaks, 'a field with a quote must be enclosed in quotes');
      at = end;
    }
    if (value.length > maxFieldLength)
      return skipLine(text, at, lineBreaks, `a field is longer than ${maxFieldLength} characters`);
    fields.push(value);
    const separator = text[at];
    if (separator === ',') {
      at++;
      continue;
    }
    if (separator === undefined) return { fields, next: at, lineBreaks: lineBreaks + 1 };
    const next = separator === '\r' && text[at + 1] === '\n' ? at + 2 : at + 1;
    return { fields, next, lineBreaks: lineBreaks + 1 };
  }
}

function skipLine(text: string, at: number, lineBreaks: number, error: string): RecordRead {
  let end = at;
  while (end < text.length && text[end] !== '\r' && text[end] !== '\n') end++;
  const next = text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
  return { fields: [], error, next: Math.min(next, text.length), lineBreaks: lineBreaks + 1 };
}

/** Line breaks as the reader counts them: CRLF, LF or a lone CR, each one. */
function countBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = from; index < to; index++) {
    const char = text[index];
    if (char === '\n' || (char === '\r' && text[index + 1] !== '\n')) count++;
  }
  return count;
}

const FORMULA_START = /^[=+\-@\t\r]|^ +[=+\-@]/;

/** True when a spreadsheet could take the cell for a formula (see the rule above). */
export function looksLikeFormula(cell: string): boolean {
  return FORMULA_START.test(cell);
}

export const FORMULA_CELL_MESSAGE =
  'starts with a spreadsheet formula character (=, +, -, @, tab or carriage return) and is refused';

/** One exported cell: neutralised if it could run as a formula, quoted if it holds a comma, quote or line break. */
export function csvCell(value: string | number | undefined | null): string {
  let cell = value === undefined || value === null ? '' : String(value);
  if (looksLikeFormula(cell)) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** A CSV document (CRLF line ends, as RFC 4180 writes them) with a header row. */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | undefined | null>>,
): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
