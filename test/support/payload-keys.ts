import { loadConfig } from '../../src/config.js';
import { createPayloadCodec } from '../../src/temporal/payload-codec.js';

/**
 * The payload key of test stacks: fixed, so that histories recorded by test/integration/record-histories.ts
 * replay in test/workflows/replay.test.ts, and workers started as child processes share it. Tests only.
 */
export const TEST_PAYLOAD_KEYS = 'test-1:wZTFHloYgKWziXhk5cPiy/UGd4UbvTnhThteEtagKr8=';

/** The product's payload codec with {@link TEST_PAYLOAD_KEYS}. */
export const testPayloadCodec = createPayloadCodec(
  loadConfig({ PAYLOAD_KEYS: TEST_PAYLOAD_KEYS }, { verifiesTokens: false }).PAYLOAD_KEYS ?? [],
);
