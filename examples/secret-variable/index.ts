import * as pulumi from "@pulumi/pulumi";
import { DeployedDraft, Variable } from "pulumi-alicloud-flink";

// `pulumi config set alicloud-flink:workspace <id>`, `... namespace <ns>`, and the password as a secret:
//   pulumi config set --secret kafkaPassword '<the password>'
const config = new pulumi.Config("alicloud-flink");
const workspace = config.require("workspace");
const namespace = config.require("namespace");
const app = new pulumi.Config();

// The password lives in the namespace's variables, Encrypted: the console shows it as ******, and
// the draft and the deployment hold only the reference ${secret_values.kafka_password}. (Through
// `localVariables` the service would store the value itself in the draft, readable in the console.)
const kafkaPassword = new Variable("kafka-password", {
  workspace,
  namespace,
  name: "kafka_password",
  value: app.requireSecret("kafkaPassword"),
  description: "Password of the orders Kafka cluster (managed by Pulumi)",
});

const job = new DeployedDraft("orders-to-warehouse", {
  workspace,
  namespace,
  engineVersion: "vvr-8.0.11-flink-1.17",
  sql: `
    CREATE TEMPORARY TABLE orders (
      order_id BIGINT,
      amount DOUBLE
    ) WITH (
      'connector' = 'datagen',
      'password' = '\${secret_values.kafka_password}'
    );

    CREATE TEMPORARY TABLE warehouse (
      order_id BIGINT,
      amount DOUBLE
    ) WITH (
      'connector' = 'blackhole'
    );

    INSERT INTO warehouse SELECT order_id, amount FROM orders;
  `,
  // Declares the reference: the Variable is created first, and preview checks every ${secret_values.x}.
  variables: [kafkaPassword],
});

export const variableName = kafkaPassword.name;
export const deploymentId = job.deploymentId;
export const jobStatus = job.jobStatus;
