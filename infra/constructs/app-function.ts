import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import type { FunctionSpec } from '../../functions/catalogue.ts';
import { aliasArgs, lambdaBundling, nativeInstallEnvironment, projectRoot } from './lambda-bundling.ts';

/** Copies a package's files into the asset beside `index.mjs` once it is bundled. */
const copyPackageFiles = (files: NonNullable<FunctionSpec['packageFiles']>): nodejs.ICommandHooks => ({
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) => [
    `mkdir -p "${outputDir}/${files.into}"`,
    ...files.files.map((file) => `cp "${inputDir}/node_modules/${files.package}/${file}" "${outputDir}/${files.into}/${file}"`),
  ],
});

/** Every function's; native modules are installed for it. */
const ARCHITECTURE = lambda.Architecture.ARM_64;

export interface AppFunctionProps {
  spec: FunctionSpec;
  /** Merged over the defaults; never replaces them. */
  environment?: Record<string, string>;
  removalPolicy?: RemovalPolicy;
}

/**
 * Every Lambda of the catalogue with the project's defaults: Node 24 on arm64, ESM bundle with
 * source maps built by the local esbuild, its own log group, an alarm on errors and, for async
 * triggers, two retries then an SQS dead-letter destination with an alarm on its depth.
 */
export class AppFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly deadLetters?: sqs.Queue;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const { spec } = props;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    if (spec.async) {
      this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
        retentionPeriod: Duration.days(14),
        enforceSSL: true,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
      });
      Validations.of(this.deadLetters).acknowledge({
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason: 'This queue is itself the dead-letter destination of the function; its depth alarm is the escalation.',
      });
    }
    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: join(projectRoot, spec.entry),
      handler: 'handler',
      description: spec.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: ARCHITECTURE,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'cobranza',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      // One source of truth with bench/bundles and the bundle budget test (lambda-bundling.ts).
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: lambdaBundling.target,
        minify: lambdaBundling.minify,
        sourceMap: lambdaBundling.sourceMap,
        // Not linked from the bundle; stack traces are mapped on first use (lambda-bundling.ts).
        sourceMapMode: nodejs.SourceMapMode.EXTERNAL,
        sourcesContent: lambdaBundling.sourcesContent,
        mainFields: [...lambdaBundling.mainFields],
        banner: lambdaBundling.banner,
        externalModules: [...lambdaBundling.externalModules],
        esbuildArgs: aliasArgs(),
        // Native packages (sharp) stay out of the bundle and are installed beside it for the function's platform.
        ...(spec.nativeModules?.length
          ? { nodeModules: [...spec.nativeModules], environment: nativeInstallEnvironment(ARCHITECTURE === lambda.Architecture.ARM_64 ? 'arm64' : 'x64') }
          : {}),
        ...(spec.packageFiles ? { commandHooks: copyPackageFiles(spec.packageFiles) } : {}),
      },
      ...(spec.async ? { retryAttempts: 2, onFailure: new destinations.SqsDestination(this.deadLetters!) } : {}),
    });
    this.alarms.push(
      this.fn.metricErrors({ period: Duration.minutes(5) }).createAlarm(this, 'Errors', {
        alarmDescription: `${spec.name}: invocations failed`,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    if (this.deadLetters) {
      this.alarms.push(
        this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }).createAlarm(this, 'DeadLetterDepth', {
          alarmDescription: `${spec.name}: events gave up after retries and wait in the dead-letter queue`,
          threshold: 1,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
  }
}
