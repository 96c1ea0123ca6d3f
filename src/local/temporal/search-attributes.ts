/** Search attributes in a namespace, registered through the operator service. */
import type { Connection } from '@temporalio/client';
import {
  encodeSearchAttributeIndexedValueType,
  type SearchAttributeKey,
  type SearchAttributeType,
} from '@temporalio/common/lib/search-attributes.js';
import type { DevServerLogger } from './errors.js';

type Keys = ReadonlyArray<SearchAttributeKey<SearchAttributeType>>;

/** Name → IndexedValueType, as AddSearchAttributes takes them. */
export function indexedValueTypes(keys: Keys): Record<string, number> {
  return Object.fromEntries(keys.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!]));
}

/**
 * Adds the keys the namespace lacks (on every start: attributes added to the code after the dev server's SQLite file
 * was created count too); one registered with another type is reported and left as is.
 */
export async function registerSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
  keys: Keys,
  log: DevServerLogger,
): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const wanted = indexedValueTypes(keys);
  const missing: Record<string, number> = {};
  for (const { name, type } of keys) {
    const existing = customAttributes?.[name];
    if (existing === undefined || existing === null) missing[name] = wanted[name]!;
    else if (Number(existing) !== wanted[name]) {
      log.warn(`Search attribute ${name} exists with another type (${existing}) than ${type}; leaving it as is`);
    }
  }
  if (Object.keys(missing).length === 0) return;
  log.info(`Registering search attributes: ${Object.keys(missing).join(', ')}`);
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
}
