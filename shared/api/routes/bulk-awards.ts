import { type BulkRowResult, bulkAward } from '../../awards/bulk-award.js';
import type { AwardRequest } from '../../awards/request-award.js';
import { apiError } from '../api-error.js';
import { CsvTooLarge, FORMULA_CELL_MESSAGE, looksLikeFormula, parseCsv } from '../csv.js';
import { json } from '../http.js';
import { defineRoute } from '../route.js';
import {
  bulkAwardSchema,
  bulkEnvelopeSchema,
  bulkResultSchema,
  bulkRowSchema,
  MAX_BULK_ROWS,
} from '../schemas.js';
import { problemsOf } from '../validate.js';

/**
 * Bulk awards from JSON (`{"rows": [...]}`) or CSV (`text/csv`, header `email,name,badge[,narrative]` in any
 * order). Every row gets a result; a row is numbered as it is given (JSON: 1-based index; CSV: its line). Rows
 * still waiting when the function nears its time limit are reported `failed` / `NOT_PROCESSED`, never dropped.
 */
const CSV_COLUMNS = ['email', 'name', 'badge', 'narrative'] as const;
const REQUIRED_COLUMNS = ['email', 'name', 'badge'];
/** Time kept back to answer once rows stop being started. */
const RESERVE_MS = 2500;

type Candidate =
  | { row: number; request: AwardRequest }
  | { row: number; invalid: Extract<BulkRowResult, { status: 'invalid' }> };

export const bulkAwards = defineRoute({
  method: 'POST',
  path: '/v1/awards/bulk',
  operationId: 'bulkAwards',
  summary: 'Award badges to many people (JSON or CSV)',
  description: `Up to ${MAX_BULK_ROWS} rows. Each row is one award, with its own result: created, skipped (exists, already-holds), invalid (with the fields at fault) or failed (send it again). A bad row never blocks the others; a row is reported created only once its award is recorded. CSV: RFC 4180, UTF-8, header \`email,name,badge[,narrative]\`; a cell starting with =, +, -, @, tab or carriage return (spreadsheet formulas) makes its row invalid, and the cell is never stored.`,
  tags: ['awards'],
  access: 'organizer',
  body: {
    schema: bulkAwardSchema,
    envelope: bulkEnvelopeSchema,
    csv: true,
    maxBytes: 4 * 1024 * 1024,
    csvDescription: 'RFC 4180 CSV with the header row `email,name,badge[,narrative]`',
  },
  responses: { 200: { description: 'One result per row', schema: bulkResultSchema } },
  async handle({ body, text, runtime, remainingMs }) {
    const candidates = text === undefined ? fromJson((body as { rows: unknown[] }).rows) : fromCsv(text);
    const accepted = candidates.filter(
      (candidate): candidate is Extract<Candidate, { request: AwardRequest }> => 'request' in candidate,
    );
    const processed = await bulkAward(accepted, runtime, { shouldStop: () => remainingMs() < RESERVE_MS });
    const byRow = new Map(processed.map((result) => [result.row, result]));
    const results = candidates.map((candidate) =>
      'invalid' in candidate ? candidate.invalid : (byRow.get(candidate.row) as BulkRowResult),
    );
    const summary = { created: 0, skipped: 0, invalid: 0, failed: 0 };
    for (const result of results) summary[result.status] += 1;
    return json(200, { summary, results });
  },
});

function fromJson(rows: unknown[]): Candidate[] {
  return rows.map((raw, index) => {
    const row = index + 1;
    const parsed = bulkRowSchema.safeParse(raw);
    return parsed.success
      ? { row, request: parsed.data }
      : { row, invalid: { row, status: 'invalid', fields: problemsOf(parsed.error) } };
  });
}

function fromCsv(text: string): Candidate[] {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text, { maxRecords: MAX_BULK_ROWS + 1, maxFieldLength: 4000 });
  } catch (error) {
    if (error instanceof CsvTooLarge) {
      throw apiError('TOO_MANY_ROWS', 413, `at most ${MAX_BULK_ROWS} rows per request`, [
        { field: 'body', message: error.message },
      ]);
    }
    throw error;
  }
  const [header, ...data] = records;
  const columns = headerColumns(header);
  return data.map((record) => {
    const row = record.line;
    if (record.error)
      return {
        row,
        invalid: { row, status: 'invalid', fields: [{ field: '(row)', message: record.error }] },
      };
    if (record.fields.length !== columns.length) {
      return {
        row,
        invalid: {
          row,
          status: 'invalid',
          fields: [
            {
              field: '(row)',
              message: `has ${record.fields.length} cells; the header has ${columns.length}`,
            },
          ],
        },
      };
    }
    const formulaFields = columns.filter((_, index) => looksLikeFormula(record.fields[index] as string));
    if (formulaFields.length > 0) {
      return {
        row,
        invalid: {
          row,
          status: 'invalid',
          fields: formulaFields.map((field) => ({ field, message: FORMULA_CELL_MESSAGE })),
        },
      };
    }
    const values: Record<string, string> = {};
    columns.forEach((column, index) => {
      const cell = (record.fields[index] as string).trim();
      if (cell !== '') values[column] = cell;
    });
    const parsed = bulkRowSchema.safeParse(values);
    return parsed.success
      ? { row, request: parsed.data }
      : { row, invalid: { row, status: 'invalid', fields: problemsOf(parsed.error) } };
  });
}

function headerColumns(header: { fields: string[]; error?: string } | undefined): string[] {
  const columns = header?.error ? [] : (header?.fields ?? []).map((name) => name.trim().toLowerCase());
  const unknown = columns.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  const repeated = columns.filter((name, index) => columns.indexOf(name) !== index);
  if (columns.length === 0 || unknown.length || missing.length || repeated.length) {
    throw apiError(
      'CSV_HEADER_INVALID',
      400,
      'the first CSV line must be the header email,name,badge[,narrative]',
      [
        {
          field: 'header',
          message:
            [
              missing.length ? `missing ${missing.join(', ')}` : '',
              unknown.length ? `unknown ${unknown.length} column(s)` : '',
              repeated.length ? `repeated ${repeated.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('; ') || 'no header',
        },
      ],
    );
  }
  return columns;
}
