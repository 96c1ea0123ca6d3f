/**
 * Connections to Temporal.
 *
 * Production (config.TEMPORAL_ADDRESS set): settings come from `@temporalio/envconfig`, so the standard variables
 * work as with the `temporal` CLI: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS,
 * TEMPORAL_TLS_CLIENT_CERT_PATH/_DATA, TEMPORAL_TLS_CLIENT_KEY_PATH/_DATA, TEMPORAL_TLS_SERVER_CA_CERT_PATH/_DATA,
 * TEMPORAL_TLS_SERVER_NAME, TEMPORAL_GRPC_META_*, TEMPORAL_PROFILE and TEMPORAL_CONFIG_FILE (TOML profiles).
 * An API key without TLS settings turns TLS on.
 *
 * Dev server: pass `{ address }` of the server started by `startDevServer` (plaintext, no credentials).
 */
import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { Config } from '../config.js';
import { dataConverterFor } from './payload-codec.js';

export interface TemporalConnectionOverrides {
  /** Address of a local dev server; when set, envconfig is not consulted. */
  address?: string;
  namespace?: string;
}

export interface ResolvedTemporalConnection {
  connectionOptions: NativeConnectionOptions & { address: string };
  namespace: string;
}

export function resolveTemporalConnection(
  config: Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'>,
  overrides: TemporalConnectionOverrides = {},
): ResolvedTemporalConnection {
  if (overrides.address) {
    return {
      connectionOptions: { address: overrides.address },
      namespace: overrides.namespace ?? config.TEMPORAL_NAMESPACE,
    };
  }
  if (!config.TEMPORAL_ADDRESS) {
    throw new Error('No Temporal address: set TEMPORAL_ADDRESS or start the local dev server');
  }
  const loaded = loadClientConnectConfig();
  return {
    connectionOptions: { ...loaded.connectionOptions, address: config.TEMPORAL_ADDRESS },
    namespace: overrides.namespace ?? loaded.namespace ?? config.TEMPORAL_NAMESPACE,
  };
}

/**
 * A `Client` on its own connection, encrypting payloads with `payloadCodec` (src/temporal/payload-codec.ts);
 * close it with `client.connection.close()`.
 */
export async function connectClient(
  config: Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'>,
  payloadCodec: PayloadCodec,
  overrides?: TemporalConnectionOverrides,
): Promise<Client> {
  const { connectionOptions, namespace } = resolveTemporalConnection(config, overrides);
  const connection = await Connection.connect(connectionOptions);
  return new Client({ connection, namespace, dataConverter: dataConverterFor(payloadCodec) });
}

/** A `NativeConnection` for `Worker.create`; pair it with the namespace from {@link resolveTemporalConnection}. */
export async function connectWorkerConnection(
  config: Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'>,
  overrides?: TemporalConnectionOverrides,
): Promise<NativeConnection> {
  const { connectionOptions } = resolveTemporalConnection(config, overrides);
  return NativeConnection.connect(connectionOptions);
}
