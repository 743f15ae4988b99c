import * as pulumi from "@pulumi/pulumi";
import { DeployedDraft } from "pulumi-alicloud-flink";

// `pulumi config set alicloud-flink:workspace <id>` and `... namespace <ns>`;
// `pulumi config set parallelism 4` rescales the job (by hot update: see `hotUpdate`).
const config = new pulumi.Config("alicloud-flink");
const workspace = config.require("workspace");
const namespace = config.require("namespace");
const app = new pulumi.Config();
const parallelism = app.getNumber("parallelism") ?? 2;
const taskManagerMemory = app.get("taskManagerMemory") ?? "4Gi";

const job = new DeployedDraft("orders-enrichment", {
  workspace,
  namespace,
  engineVersion: "vvr-8.0.11-flink-1.17",
  sql: `
    CREATE TEMPORARY TABLE orders (
      order_id BIGINT,
      customer_id BIGINT,
      amount DOUBLE
    ) WITH (
      'connector' = 'datagen',
      'rows-per-second' = '100'
    );

    CREATE TEMPORARY TABLE enriched (
      order_id BIGINT,
      customer_id BIGINT,
      amount DOUBLE
    ) WITH (
      'connector' = 'blackhole'
    );

    INSERT INTO enriched SELECT order_id, customer_id, amount FROM orders WHERE amount > 0;
  `,
  // Deployment settings: written with UpdateDeployment, never to the draft. Only what is declared
  // here is owned; whatever the program leaves out stays as the service (or the console) has it.
  resources: {
    parallelism,
    jobManager: { cpu: 1, memory: "2Gi" },
    taskManager: { cpu: 1, memory: taskManagerMemory },
  },
  flinkConf: {
    "execution.checkpointing.interval": "60s",
    "execution.checkpointing.min-pause": "30s",
    "execution.checkpointing.timeout": "10min",
    "restart-strategy": "fixed-delay",
    "restart-strategy.fixed-delay.attempts": "10",
    "restart-strategy.fixed-delay.delay": "10s",
  },
  logging: {
    profile: "default",
    loggers: { "": "INFO", "org.apache.kafka": "WARN" },
    retention: { expirationDays: 7, openHistory: true },
  },
  // A parallelism or checkpoint-only change reaches the running job without a restart when the
  // service allows it; anything else (the TaskManager's memory, say) restarts it from a savepoint.
  hotUpdate: "auto",
});

export const deploymentId = job.deploymentId;
export const jobId = job.jobId;
export const jobStatus = job.jobStatus;
export const observedParallelism = job.observedParallelism;
export const observedResources = job.observedResources;
