/**
 * The provider's two contexts:
 *
 * - `ProviderServices`: what one provider instance owns, built once by the
 *   composition root (provider.ts) — the clients, the clock, where log lines
 *   go, the catalogue cache. Nothing in provider/ keeps mutable state outside it.
 * - `OperationContext`: what one create/update/delete works with — the
 *   services, the parsed inputs with defaults, the API scope, the logger, the
 *   deadline and the facts recorded as steps complete (the partial-failure
 *   state). Every flow and job operation takes this one type.
 */
import type { FlinkClient, Scope } from "./client";
import type { Catalogue } from "./catalogue";
import type { Clock } from "./clock";
import type { ClientProfile } from "./connections";
import type { DraftListings } from "./draft-listing";
import { resourceLogger, type Logger, type LogSink } from "./log";
import type { DurationLearner } from "./pacing/learned-durations";
import type { Pacers } from "./pacing/pacer";
import type { PlanComparer } from "./review/planner/plan-judgement";
import { autoName } from "./naming";
import { Secrets } from "./secrets";
import type { DeployedDraftFacts, DeployedDraftInputs } from "./resources/deployed-draft/schema";
import {
  deadlineLabel,
  effectiveSettings,
  type EffectiveSettings,
  type NamedInputs,
} from "./resources/deployed-draft/settings";
import { deadlineIn, type Deadline } from "./wait";

export interface ProviderServices {
  readonly clock: Clock;
  readonly sink: LogSink;
  readonly catalogue: Catalogue;
  /** How long validate/deploy tickets and job starts/stops took, shared by every resource of the process. */
  readonly durations: DurationLearner;
  /** create's adopt lookup: one listing per namespace for the process. */
  readonly draftListings: DraftListings;
  /** One request pacer per AccessKey, shared by every resource of the process. */
  readonly pacers: Pacers;
  /** Flink's planner for the review's state-compatibility verdict (review/planner); RULES_ONLY when there is none. */
  readonly plans: PlanComparer;
  /** The client for a profile (default: operations); throws a message that says what to configure. */
  client(profile?: ClientProfile): FlinkClient;
  /** Explicit AccessKey and endpoint configured: preview may ask the service. */
  hasExplicitConnection(): boolean;
  /**
   * Names claimed by the resources checked in this process ("<workspace>/<namespace>/<name>" →
   * owner): two resources of one program that name the same draft are refused at preview.
   */
  readonly nameClaims: Map<string, string>;
}

/** What the provider learned from the service; `deploymentDraftId` is known from the start of a flow. */
export type Facts = DeployedDraftFacts & { deploymentDraftId: string };

export interface OperationContext {
  readonly services: ProviderServices;
  readonly client: FlinkClient;
  readonly clock: Clock;
  readonly scope: Scope;
  readonly inputs: NamedInputs;
  readonly settings: EffectiveSettings;
  readonly log: Logger;
  readonly deadline: Deadline;
  /** Mutated as steps complete. */
  readonly facts: Facts;
  /** What every message and message-like output is masked with. */
  readonly secrets: Secrets;
}

/** `check` normally fills `name`; callers that skipped it (tests, old states) get one here. */
export function withName(inputs: DeployedDraftInputs): NamedInputs {
  return { ...inputs, name: inputs.name ?? autoName(inputs.__resourceName, inputs.__owner) };
}

export function operationContext(
  services: ProviderServices,
  inputs: DeployedDraftInputs,
  operation: "create" | "update" | "delete",
  facts: Facts,
): OperationContext {
  const named = withName(inputs);
  const settings = effectiveSettings(named);
  const timeoutMs = settings.timeoutsMs[operation];
  return {
    services,
    client: services.client(),
    clock: services.clock,
    scope: { workspace: named.workspace, namespace: named.namespace },
    inputs: named,
    settings,
    log: resourceLogger(services.sink, named.__resourceName ?? named.name),
    deadline: deadlineIn(timeoutMs, deadlineLabel(operation, timeoutMs), services.clock.now()),
    facts,
    secrets: Secrets.of(named),
  };
}

/** The deployment a job operation acts on; a flow that reaches the job has recorded it. */
export function deploymentIdOf(ctx: OperationContext): string {
  const deploymentId = ctx.facts.deploymentId;
  if (!deploymentId) {
    throw new Error(`Draft ${ctx.inputs.name} has no deployment yet, so its job cannot be managed.`);
  }
  return deploymentId;
}
