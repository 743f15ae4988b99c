/**
 * The Variable resource's provider methods, over the same services as
 * DeployedDraft's (provider.ts).
 *
 * - create: CreateVariable; after an ambiguous failure the name tells whether
 *   it landed (resend.ts). A name that already exists is refused: it belongs
 *   to someone else (or the console).
 * - read: ListVariables (there is no GetVariable). Gone: removed from the
 *   stack. Drift is detected for the kind and description always, and for
 *   the value of a Plain variable; an Encrypted value reads back as "******",
 *   so drift of its value cannot be seen (documented in the README).
 * - update: UpdateVariable with the whole variable (the service wants `kind`).
 * - delete: DeleteVariable; not found is done.
 *
 * The value never appears in a message: every error goes through Secrets.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { FlinkApiError, type FlinkClient, type Scope, type Variable } from "../../client";
import type { ProviderServices } from "../../context";
import { formatScopedId, parseScopedId } from "../../ids";
import { resourceLogger, type Logger } from "../../log";
import { resendIfNotLanded } from "../../resend";
import { checkShapes, printable } from "../../schema/check-inputs";
import { changedInputs, type Fields } from "../../schema/resource-schema";
import { Secrets } from "../../secrets";
import { containsUnknown } from "../../unknowns";
import { dropNulls } from "../deployed-draft/settings";
import { VariableSchema, type VariableInputs } from "./schema";

const RecordSchema = z.record(z.string(), z.unknown());
const MASKED = /^\*+$/;

function asRecord(value: unknown): Fields {
  const parsed = RecordSchema.safeParse(dropNulls(value ?? {}));
  return parsed.success ? parsed.data : {};
}

/** The variable's ID: `<workspace>:<namespace>:<name>` (ids.ts). */
function formatVariableId(inputs: { workspace: string; namespace: string; name: string }): string {
  return formatScopedId(inputs.workspace, inputs.namespace, inputs.name);
}

function parseVariableId(id: string): { workspace: string; namespace: string; name: string } {
  const { workspace, namespace, key } = parseScopedId(id, "Variable", "name");
  return { workspace, namespace, name: key };
}

function parse(raw: unknown): VariableInputs {
  const result = VariableSchema.inputObject.strip().safeParse(asRecord(raw));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(inputs)"}: ${i.message}`);
    throw new Error(`Invalid Variable inputs: ${problems.join("; ")}`);
  }
  return result.data;
}

function outputsOf(inputs: VariableInputs): Record<string, unknown> {
  const outputs = {
    ...inputs,
    kind: inputs.kind ?? "Encrypted",
    schemaVersion: VariableSchema.schemaVersion,
  };
  return Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined));
}

function bodyOf(inputs: VariableInputs): {
  name: string;
  value: string;
  kind: "Encrypted" | "Plain";
  description?: string;
} {
  return {
    name: inputs.name,
    value: inputs.value,
    kind: inputs.kind ?? "Encrypted",
    description: inputs.description,
  };
}

async function find(client: FlinkClient, scope: Scope, name: string): Promise<Variable | undefined> {
  return (await client.listVariables(scope)).find((v) => v.name === name);
}

export function variableLifecycle(
  services: ProviderServices,
): Omit<Required<dynamic.ResourceProvider>, "configure"> {
  const logOf = (name: unknown): Logger =>
    resourceLogger(services.sink, String(name ?? "variable"), "Variable");
  /** Masks the value in anything an error or log line carries. */
  const guarded = async <T>(inputs: Fields, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (err) {
      const secrets = Secrets.ofValues(typeof inputs.value === "string" ? [inputs.value] : []);
      throw new Error(secrets.mask(err instanceof Error ? err.message : String(err)));
    }
  };

  return {
    async check(_olds, news) {
      const inputs = asRecord(news);
      const unknownKeys = new Set(Object.keys(inputs).filter((k) => containsUnknown(inputs[k])));
      const { checked, failures } = checkShapes(VariableSchema, "Variable", inputs, unknownKeys);
      const secrets = Secrets.ofValues(typeof checked.value === "string" ? [checked.value] : []);
      return { inputs: checked, failures: printable(failures, secrets, ["value"]) };
    },

    async diff(_id, olds, news) {
      const changed = changedInputs(VariableSchema, asRecord(olds), asRecord(news), containsUnknown);
      const replacing: ReadonlySet<string> = new Set(VariableSchema.keysOf("replace"));
      const replaces = changed.filter((key) => replacing.has(key));
      return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
    },

    async create(raw) {
      const inputs = parse(raw);
      const scope = { workspace: inputs.workspace, namespace: inputs.namespace };
      const client = services.client();
      const log = logOf(inputs.__resourceName ?? inputs.name);
      return guarded(inputs, async () => {
        if (await find(client, scope, inputs.name)) {
          throw new Error(
            `A variable named "${inputs.name}" already exists in namespace ${inputs.namespace}: choose another name, ` +
              "or delete it in the console to let Pulumi manage it.",
          );
        }
        await resendIfNotLanded({
          operation: "CreateVariable",
          send: () => client.createVariable(scope, bodyOf(inputs)),
          landed: () => find(client, scope, inputs.name),
          describe: (v) => `variable ${v.name ?? inputs.name}`,
          log,
          clock: services.clock,
        });
        log.info(`created ${inputs.kind ?? "Encrypted"} variable ${inputs.name}`);
        return { id: formatVariableId(inputs), outs: outputsOf(inputs) };
      });
    },

    async read(id, props) {
      const stored = asRecord(props);
      const where = parseVariableId(id);
      const scope = { workspace: where.workspace, namespace: where.namespace };
      const found = await guarded(stored, () => find(services.client(), scope, where.name));
      if (!found) return { id: undefined };
      const value = found.value === undefined || MASKED.test(found.value) ? stored.value : found.value;
      const outputs = {
        ...stored,
        ...where,
        value,
        kind: found.kind === "Plain" ? "Plain" : "Encrypted",
        description: found.description ?? "",
        schemaVersion: VariableSchema.schemaVersion,
      };
      const { schemaVersion: _version, ...inputs } = outputs;
      return { id, props: outputs, inputs };
    },

    async update(id, _olds, news) {
      const inputs = parse(news);
      const where = parseVariableId(id);
      const scope = { workspace: where.workspace, namespace: where.namespace };
      return guarded(inputs, async () => {
        await services.client().updateVariable(scope, where.name, bodyOf(inputs));
        logOf(inputs.__resourceName ?? inputs.name).info(`updated variable ${where.name}`);
        return { outs: outputsOf(inputs) };
      });
    },

    async delete(id, props) {
      const where = parseVariableId(id);
      const scope = { workspace: where.workspace, namespace: where.namespace };
      await guarded(asRecord(props), async () => {
        try {
          await services.client().deleteVariable(scope, where.name);
          logOf(asRecord(props).__resourceName ?? where.name).info(`deleted variable ${where.name}`);
        } catch (err) {
          if (!(err instanceof FlinkApiError && err.isNotFound)) throw err;
        }
      });
    },
  };
}
