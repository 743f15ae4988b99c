/**
 * The composition root: one provider instance owns its configuration, its
 * clients, its clock, where its log lines go and its caches, and hands them
 * to the lifecycle functions as `ProviderServices`. provider/index.ts makes
 * the instance the dynamic-provider process uses; tests make their own with a
 * controllable clock and a log collector.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { Catalogue } from "./catalogue";
import { systemClock, type Clock } from "./clock";
import { readStackSettings, type Env, type StackSettings } from "./config";
import { Connections } from "./connections";
import type { ProviderServices } from "./context";
import { DraftListings } from "./draft-listing";
import { stderrSink, type LogSink } from "./log";
import { cacheDirectory, DurationCacheFile, DurationLearner, Pacers } from "./pacing";
import { check } from "./lifecycle/check";
import { create } from "./lifecycle/create";
import { deleteDraft } from "./lifecycle/delete";
import { diff } from "./lifecycle/diff";
import { read } from "./lifecycle/read";
import { update } from "./lifecycle/update";
import { upgradeState } from "./resources/deployed-draft/state";

export interface ProviderOptions {
  clock?: Clock;
  /** Where log lines go (default: stderr, which the Pulumi CLI shows). */
  sink?: LogSink;
  /** The environment credentials and endpoints are read from (default: process.env). */
  env?: Env;
}

/** Every method of dynamic.ResourceProvider, present (the interface marks most optional). */
export type DeployedDraftProvider = Required<dynamic.ResourceProvider> & {
  /** The services this instance hands to its flows (for tests and benchmarks). */
  readonly services: ProviderServices;
};

export function createProvider(options: ProviderOptions = {}): DeployedDraftProvider {
  // Set by `configure`, synchronously: the dynamic-provider host hands the provider to
  // concurrent calls before an async configure would finish (docs/design.md §4.2).
  let stackSettings: StackSettings = {};
  const clock = options.clock ?? systemClock;
  const sink = options.sink ?? stderrSink;
  const env = options.env ?? process.env;
  // One pacer per AccessKey for every resource of this process, and what its waits have taught it.
  const pacers = new Pacers(clock, {
    onDecrease: (view) =>
      sink(
        `[alicloud-flink] throttled by the API gateway at about ${view.limit ?? "?"} requests/s: ` +
          `pacing every resource's requests at ${Math.round(view.rate)}/s`,
      ),
  });
  const connections = new Connections(() => stackSettings, env, clock, sink, pacers);
  const cacheDir = cacheDirectory(env);
  const services: ProviderServices = {
    clock,
    sink,
    catalogue: new Catalogue(),
    pacers,
    draftListings: new DraftListings(),
    durations: new DurationLearner(cacheDir ? new DurationCacheFile(cacheDir, clock) : undefined),
    client: (profile) => connections.client(profile),
    hasExplicitConnection: () => connections.hasExplicitConnection(),
  };
  return {
    services,
    configure: (request) => {
      stackSettings = readStackSettings(request.config);
      return Promise.resolve();
    },
    check: (olds, news) => check(services, olds, news),
    diff: (id, olds, news) => diff(services, id, upgradeState(olds), news),
    create: (inputs) => create(services, inputs),
    read: (id, props) => read(services, id, upgradeState(props)),
    update: (id, olds, news) => update(services, id, upgradeState(olds), news),
    delete: (id, props) => deleteDraft(services, id, upgradeState(props)),
  } satisfies DeployedDraftProvider;
}
