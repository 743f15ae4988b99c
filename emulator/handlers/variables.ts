/** Namespace variables: CreateVariable, ListVariables, UpdateVariable (PATCH), DeleteVariable. */
import { z } from "zod";
import {
  createVariable,
  deleteVariable,
  listVariables,
  updateVariable,
  VARIABLE_KINDS,
  variableView,
} from "../variables";
import { paginate, parseBody, type RouteSpec } from "./context";

const BASE = "/api/v2/namespaces/:namespace/variables";

/** SDK Variable: name, value and kind are required on create ("This parameter is required"). */
const VariableSchema = z.object({
  name: z.string().min(1),
  value: z.string(),
  kind: z.enum(VARIABLE_KINDS),
  description: z.string().optional(),
});

export const variableRoutes: RouteSpec[] = [
  {
    method: "POST",
    url: BASE,
    action: "CreateVariable",
    handle(ctx) {
      const body = parseBody("CreateVariable", VariableSchema, ctx.body);
      return { data: variableView(createVariable(ctx.backend, ctx, body)) };
    },
  },
  {
    method: "GET",
    url: BASE,
    action: "ListVariables",
    handle(ctx) {
      const page = paginate(ctx, "ListVariables", listVariables(ctx.backend, ctx));
      return { data: page.items.map(variableView), extra: page.extra };
    },
  },
  {
    method: "PATCH",
    url: `${BASE}/:name`,
    action: "UpdateVariable",
    handle(ctx) {
      const body = parseBody("UpdateVariable", VariableSchema.partial(), ctx.body);
      return { data: variableView(updateVariable(ctx.backend, ctx, ctx.params.name, body)) };
    },
  },
  {
    method: "DELETE",
    url: `${BASE}/:name`,
    action: "DeleteVariable",
    handle(ctx) {
      deleteVariable(ctx.backend, ctx, ctx.params.name);
      return {};
    },
  },
];
