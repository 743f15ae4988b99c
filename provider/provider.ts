/**
 * The composition root: one root (createRoot) owns the configuration, the
 * clients, the clock, where log lines go and the caches, and hands them to the
 * lifecycle functions of every resource type as `ProviderServices`.
 * provider/index.ts makes the root the dynamic-provider process uses (shared
 * by DeployedDraft and Variable); tests make their own with a controllable
 * clock and a log collector.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { Catalogue } from "./catalogue";
import { systemClock, type Clock } from "./clock";
import { readStackSettings, type Env, type StackSettings } from "./config";
import { Connections } from "./connections";
import type { ProviderServices } from "./context";
import { DraftListings } from "./draft-listing";
import { stderrSink, type LogSink } from "./log";
import { cacheDirectory, DurationCacheFile, DurationLearner, Pacers, runUrgently } from "./pacing";
import { check } from "./lifecycle/check";
import { create } from "./lifecycle/create";
import { deleteDraft } from "./lifecycle/delete";
import { diff } from "./lifecycle/diff";
import { read } from "./lifecycle/read";
import { update } from "./lifecycle/update";
import { upgradeState } from "./resources/deployed-draft/state";
import { RULES_ONLY, type PlanComparer } from "./review/planner/plan-judgement";
import { variableLifecycle } from "./resources/variable/lifecycle";

export interface ProviderOptions {
  clock?: Clock;
  /** Where log lines go (default: stderr, which the Pulumi CLI shows). */
  sink?: LogSink;
  /** The environment credentials and endpoints are read from (default: process.env). */
  env?: Env;
  /**
   * Flink's planner for the review (default: none, the published rules alone).
   * provider/index.ts, the process the CLI runs, passes the one ALICLOUD_FLINK_PLANNER names.
   */
  plans?: PlanComparer;
}

/** Every method of dynamic.ResourceProvider, present (the interface marks most optional). */
export type ResourceProviderOf = Required<dynamic.ResourceProvider> & {
  /** The services this instance hands to its flows (for tests and benchmarks). */
  readonly services: ProviderServices;
};
export type DeployedDraftProvider = ResourceProviderOf;

/** What one provider process owns: the services every resource type's methods share. */
export interface ProviderRoot {
  readonly services: ProviderServices;
  /** Stores the stack config; synchronous on purpose (docs/design.md §4.2). */
  configure(config: Pick<dynamic.Config, "get">): void;
}

export function createRoot(options: ProviderOptions = {}): ProviderRoot {
  // Set by `configure`, synchronously: the dynamic-provider host hands the provider to
  // concurrent calls before an async configure would finish (docs/design.md §4.2).
  let stackSettings: StackSettings = {};
  const clock = options.clock ?? systemClock;
  const sink = options.sink ?? stderrSink;
  const env = options.env ?? process.env;
  // What this process learns (durations, rate limits) outlives it in a small per-user cache file.
  const cacheDir = cacheDirectory(env);
  const cacheFile = cacheDir ? new DurationCacheFile(cacheDir, clock) : undefined;
  // One pacer per AccessKey for every resource of this process, and what its waits have taught it.
  const pacers = new Pacers(
    clock,
    {
      onDecrease: (view) =>
        sink(
          `[alicloud-flink] throttled by the API gateway at about ${view.limit ?? "?"} requests/s: ` +
            `pacing every resource's requests at ${Math.round(view.rate)}/s`,
        ),
    },
    cacheFile,
  );
  const connections = new Connections(() => stackSettings, env, clock, sink, pacers);
  return {
    services: {
      clock,
      sink,
      catalogue: new Catalogue(),
      pacers,
      draftListings: new DraftListings(),
      durations: new DurationLearner(cacheFile),
      client: (profile) => connections.client(profile),
      hasExplicitConnection: () => connections.hasExplicitConnection(),
      nameClaims: new Map(),
      plans: options.plans ?? RULES_ONLY,
    },
    configure: (config) => {
      stackSettings = readStackSettings(config);
    },
  };
}

function rootOf(from: ProviderOptions | ProviderRoot): ProviderRoot {
  return "services" in from ? from : createRoot(from);
}

/** DeployedDraft's methods over a root (or a new one built from options). */
export function createProvider(from: ProviderOptions | ProviderRoot = {}): DeployedDraftProvider {
  const root = rootOf(from);
  const services = root.services;
  return {
    services,
    configure: (request) => {
      root.configure(request.config);
      return Promise.resolve();
    },
    // Urgent in the pacer (pacing/pacer.ts): check holds up every resource registered after it,
    // and create/update until their first wait hold up their whole chain.
    check: (olds, news) => runUrgently(() => check(services, olds, news)),
    diff: (id, olds, news) => diff(services, id, upgradeState(olds), news),
    create: (inputs) => runUrgently(() => create(services, inputs)),
    read: (id, props) => read(services, id, upgradeState(props)),
    update: (id, olds, news) => runUrgently(() => update(services, id, upgradeState(olds), news)),
    delete: (id, props) => deleteDraft(services, id, upgradeState(props)),
  } satisfies DeployedDraftProvider;
}

/** Variable's methods over a root (or a new one built from options). */
export function createVariableProvider(from: ProviderOptions | ProviderRoot = {}): ResourceProviderOf {
  const root = rootOf(from);
  const services = root.services;
  const variable = variableLifecycle(services);
  return {
    services,
    configure: (request) => {
      root.configure(request.config);
      return Promise.resolve();
    },
    ...variable,
  } satisfies ResourceProviderOf;
}
