/** The typed ververica client: see flink-client.ts. */
export * from "./credentials";
export * from "./deploy-outcome";
export * from "./errors";
export * from "./flink-client";
export * from "./models";
export * from "./operations";
export * from "./retry";
