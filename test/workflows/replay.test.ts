/**
 * Replays recorded histories against today's workflow code. A change that would make a running
 * request or task workflow fail on its next replay (non-determinism) fails here first.
 *
 * `queued-activities.*` were recorded before the recording and clock activities became local
 * activities (workflows/recording.ts): they stand for executions that were running when that
 * version was deployed. `local-activities.*` were recorded after. Each file holds every request and
 * task workflow of one scenario run: the whole loop with clarification, an information request, a
 * decline, a reassignment, an extension, a declared holiday, a withdrawal, a reopen and a close
 * (default policy), and the escalation ladder and the review auto-close (demo policy).
 */
import { readFile } from 'node:fs/promises';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { dataConverterFor } from '../../src/temporal/payload-codec.js';
import { localRecordingPatch } from '../../workflows/recording.js';
import { testPayloadCodec } from '../support/payload-keys.js';

type Fixture = Record<string, unknown>;

// Warnings and errors only: each replay worker logs its state changes at INFO.
Runtime.install({ logger: new DefaultLogger('WARN') });

async function load(name: string): Promise<Fixture> {
  return JSON.parse(await readFile(new URL(`../fixtures/histories/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

async function replay(fixture: Fixture): Promise<Array<{ workflowId: string; error: unknown }>> {
  const results = Worker.runReplayHistories(
    // The product's data converter: histories recorded before payloads were encrypted pass through it unchanged.
    { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: dataConverterFor(testPayloadCodec) },
    Object.entries(fixture).map(([workflowId, history]) => ({ workflowId, history: historyFromJSON(history) })),
  );
  const failures: Array<{ workflowId: string; error: unknown }> = [];
  for await (const result of results)
    if (result.error !== undefined) failures.push({ workflowId: result.workflowId, error: result.error });
  return failures;
}

interface HistoryJson {
  events: Array<{
    markerRecordedEventAttributes?: {
      markerName: string;
      details: Record<string, { payloads: Array<{ data: string }> }>;
    };
  }>;
}

/** Workflows in the fixture whose history carries the local-recording patch marker. */
function patchedWorkflows(fixture: Fixture): number {
  return Object.values(fixture).filter((history) =>
    (history as HistoryJson).events.some((event) => {
      const marker = event.markerRecordedEventAttributes;
      if (marker?.markerName !== 'core_patch') return false;
      const data = Object.values(marker.details).flatMap((detail) =>
        detail.payloads.map((payload) => Buffer.from(payload.data, 'base64').toString()),
      );
      return data.some((text) => (JSON.parse(text) as { id: string }).id === localRecordingPatch);
    }),
  ).length;
}

describe.each([
  ['queued-activities.default-policy', false],
  ['queued-activities.demo-policy', false],
  ['local-activities.default-policy', true],
  ['local-activities.demo-policy', true],
])('replaying %s', (name, local) => {
  it('runs the same commands as when it was recorded', async () => {
    const fixture = await load(name);
    expect(Object.keys(fixture).length).toBeGreaterThan(1);
    // The fixture is what its name says: recorded before the patch, or with it.
    expect(patchedWorkflows(fixture)).toBe(local ? Object.keys(fixture).length : 0);
    expect(await replay(fixture)).toEqual([]);
  });
});
