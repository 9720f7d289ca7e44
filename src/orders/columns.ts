// The columns an order export is read by (import-file.ts), and how a shop's own export names them:
// a mapping from each field to the export's header, and its delimiter. Apart from the CSV reader, so
// that config.ts can check ORDERS_IMPORT_COLUMNS at start without loading it.
export const CSV_COLUMNS = ['order', 'email', 'account_id', 'link', 'payment_reference', 'service', 'created_at', 'shop_order_id'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Which header of the shop's export holds each field (`order=Order ID,email=Billing Email`). */
export type ColumnMapping = ReadonlyMap<CsvColumn, string>;
export const DELIMITERS = { comma: ',', semicolon: ';', tab: '\t' } as const;
export type DelimiterName = keyof typeof DELIMITERS;

export class ColumnMappingError extends Error {}

/**
 * `field=Header,field=Header`: fields from CSV_COLUMNS (`order` required), headers as the export
 * writes them (matched ignoring case and surrounding spaces). Throws `ColumnMappingError` saying what is wrong.
 */
export function parseColumnMapping(text: string): ColumnMapping {
  const mapping = new Map<CsvColumn, string>();
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    const field = pair.slice(0, eq).trim().toLowerCase();
    const header = pair.slice(eq + 1).trim();
    if (eq < 0 || !header || header.length > 200) throw new ColumnMappingError(`"${pair.trim()}" is not field=Header`);
    if (!(CSV_COLUMNS as readonly string[]).includes(field)) throw new ColumnMappingError(`unknown field "${field}"; fields are ${CSV_COLUMNS.join(', ')}`);
    if (mapping.has(field as CsvColumn)) throw new ColumnMappingError(`field "${field}" is mapped twice`);
    mapping.set(field as CsvColumn, header);
  }
  if (!mapping.has('order')) throw new ColumnMappingError('the mapping needs the "order" field');
  return mapping;
}
