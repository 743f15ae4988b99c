/**
 * The typed ververica client: see flink-client.ts. Its class (and with it
 * @alicloud/openapi-client and @alicloud/credentials, about 200 ms of module
 * loading) is exported as a type only: connections.ts loads it when the first
 * client is made, so a process that sends no request (a no-change preview)
 * never pays for it. Code that constructs a client imports ./flink-client.
 */
export type * from "./credentials";
export * from "./deploy-outcome";
export * from "./errors";
export type * from "./flink-client";
export * from "./models";
export * from "./operations";
export * from "./retry";
