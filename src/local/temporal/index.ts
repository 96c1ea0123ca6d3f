/**
 * The Temporal dev server for running OneTeam locally: {@link findTemporalCli} finds (or builds once) the CLI,
 * {@link startDevServer} runs it with the search attributes registered. {@link indexedValueTypes} also serves
 * the time-skipping test server.
 */
export { findTemporalCli, TEMPORAL_CLI_MODULE, TEMPORAL_CLI_VERSION, type FindTemporalCliOptions } from './cli.js';
export { DEFAULT_SQLITE_PRAGMAS, startDevServer, type DevServer, type StartDevServerOptions } from './dev-server.js';
export { DevServerError, type DevServerLogger } from './errors.js';
export { indexedValueTypes, registerSearchAttributes } from './search-attributes.js';
