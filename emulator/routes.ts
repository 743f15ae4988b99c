/** Every product operation the emulator serves, and their action names (for denied actions and faults). */
import { autopilotRoutes } from "./handlers/autopilot";
import { catalogueRoutes } from "./handlers/catalogue";
import { deploymentRoutes } from "./handlers/deployments";
import { diagnosticsRoutes } from "./handlers/diagnostics";
import { draftTicketRoutes } from "./handlers/draft-tickets";
import { draftRoutes } from "./handlers/drafts";
import { jobRoutes } from "./handlers/jobs";
import { savepointRoutes } from "./handlers/savepoints";
import { variableRoutes } from "./handlers/variables";
import type { RouteSpec } from "./handlers/context";

export const API_ROUTES: RouteSpec[] = [
  ...draftRoutes,
  ...draftTicketRoutes,
  ...deploymentRoutes,
  ...jobRoutes,
  ...savepointRoutes,
  ...catalogueRoutes,
  ...autopilotRoutes,
  ...variableRoutes,
  ...diagnosticsRoutes,
];

export const API_ACTIONS: string[] = [...new Set(API_ROUTES.map((route) => route.action))];
