import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import {
  BadRequestException,
  INestApplicationContext,
  Logger,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ValidationError as ClassValidationError } from 'class-validator';
import { isNotNull } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { DestinationStream } from 'pino';

import { UsersService } from '../auth/users.service';
import { ConflictError } from '../common/errors';
import { JsonBodyInterceptor } from '../common/json-body.interceptor';
import { RequestShapePipe } from '../common/request-shape.pipe';
import { AppConfig, unknownVariables } from '../config/config';
import { loadOrCreateKey, SecretBox, SecretUnreadableError } from '../crypto/secret-box';
import { DatabaseConnection, openPglite, openPostgres } from '../database/database';
import { uniqueViolation } from '../database/database-errors';
import { linkedinAccounts } from '../database/schema';
import { createRootLogger, NestPinoLogger } from '../logging/logger';
import { EmbeddedRedis } from '../redis/embedded-redis';
import { createRequestRedis } from '../redis/redis';
import { AppModule } from './app.module';
import { lockDataFolder } from './data-folder-lock';
import { createLocalToken, writeServiceState } from './service-state';

export interface RunningService {
  app: INestApplicationContext;
  /** The HTTP address, in modes that serve HTTP. */
  url: string | null;
  redisUrl: string;
  database: DatabaseConnection;
  /** The admin key, only on the start that created the admin user. */
  adminKey: string | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** An already open database (tests); otherwise opened from the config. */
  database?: DatabaseConnection;
  /** Print the first admin key to stdout (the CLI does; tests do not). */
  announceAdminKey?: boolean;
  /** Where JSON log lines go instead of standard output (tests). */
  logDestination?: DestinationStream;
}

/** The service cannot start as configured; the message says what to change. */
export class StartupError extends Error {
  readonly code = 'startup_failed';
}

/** The HTTP port is taken: named, with the variable that moves it. */
export class PortInUseError extends StartupError {
  constructor(host: string, port: number) {
    super(
      `Port ${port} on ${host} is already in use (another Inreach running?). Stop that ` +
        'program, or set PORT to a free port.',
    );
  }
}

/** Listens on the port for a moment and lets go; the real listen comes later. */
async function assertPortFree(host: string, port: number): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : badHost(host, error)),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** An address this machine cannot listen on (unknown name, not one of its interfaces). */
function badHost(host: string, error: NodeJS.ErrnoException): Error {
  if (!['ENOTFOUND', 'EADDRNOTAVAIL', 'EAI_AGAIN', 'EINVAL'].includes(error.code ?? ''))
    return error;
  return new StartupError(
    `HOST="${host}": this machine cannot listen there (${error.code}); use one of its addresses, ` +
      'such as 127.0.0.1 or 0.0.0.0 for every interface.',
  );
}

// Long enough for `inreach users create` to finish with the embedded database.
const DATA_FOLDER_WAIT_MS = 10_000;

export async function startService(
  config: AppConfig,
  options: StartOptions = {},
): Promise<RunningService> {
  const root = createRootLogger({
    level: config.LOG_LEVEL,
    format: config.LOG_FORMAT,
    destination: options.logDestination,
  });
  const nestLogger = new NestPinoLogger(root);
  Logger.overrideLogger(nestLogger);
  const logger = new Logger('Service');
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) =>
        logger.error({ msg: 'stop step failed', err: error }),
      );
    }
  };

  try {
    const servesHttp = config.INREACH_MODE === 'all' || config.INREACH_MODE === 'api';
    // A taken port is found before anything is created (a database, an admin key shown once).
    if (servesHttp && config.PORT !== 0) await assertPortFree(config.HOST, config.PORT);

    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    for (const name of unknownVariables()) {
      logger.warn({ msg: 'unknown variable ignored (a typo?)', variable: name });
    }

    const opensPglite = !options.database && config.embeddedDatabase;
    if (opensPglite || config.embeddedRedis) {
      const lock = await lockDataFolder(config.dataDir, 'service', DATA_FOLDER_WAIT_MS);
      cleanups.push(() => Promise.resolve(lock.release()));
    }

    // Redis first: a missing redis-server is found before the slower database start.
    let redisUrl = config.REDIS_URL ?? '';
    if (config.embeddedRedis) {
      const embedded = new EmbeddedRedis({
        dataDir: config.dataDir,
        serverPath: config.REDIS_SERVER_PATH,
        log: (msg, fields, level = 'info') =>
          level === 'info' ? logger.log({ msg, ...fields }) : logger[level]({ msg, ...fields }),
      });
      cleanups.push(() => embedded.stop());
      redisUrl = await embedded.start();
    }

    const database = options.database ?? (await openDatabase(config));
    if (!options.database) cleanups.push(() => database.close());
    await database.migrate();
    logger.log({ msg: 'database ready', kind: database.kind });

    const secretBox = new SecretBox(
      loadOrCreateKey(config.ENCRYPTION_KEY, join(config.dataDir, 'secret.key')),
    );
    await checkSecretKey(database, secretBox, config);
    const redis: Redis = createRequestRedis(redisUrl);
    redis.on('error', () => undefined);
    cleanups.push(() => Promise.resolve(redis.disconnect()));

    const adminKey = await ensureAdmin(database, config, options.announceAdminKey ?? false);

    const localToken = createLocalToken();
    const module = AppModule.forRoot({ config, database, redisUrl, redis, secretBox, localToken });
    let app: INestApplicationContext;
    let url: string | null = null;
    if (servesHttp) {
      const http = await NestFactory.create<NestExpressApplication>(module, {
        logger: nestLogger,
        abortOnError: false,
      });
      configureHttp(http);
      await http.listen(config.PORT, config.HOST).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EADDRINUSE' ? new PortInUseError(config.HOST, config.PORT) : error;
      });
      const address = http.getHttpServer().address() as { port: number };
      url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${address.port}`;
      app = http;
    } else {
      app = await NestFactory.createApplicationContext(module, {
        logger: nestLogger,
        abortOnError: false,
      });
      await app.init();
    }
    cleanups.push(() => app.close());

    const removeState = writeServiceState(config.dataDir, {
      pid: process.pid,
      url,
      mode: config.INREACH_MODE,
      localToken,
    });
    cleanups.push(() => Promise.resolve(removeState()));
    logger.log({
      msg: 'Inreach is running',
      mode: config.INREACH_MODE,
      url,
      docs: url && `${url}/api/docs`,
    });

    let stopping: Promise<void> | null = null;
    return {
      app,
      url,
      redisUrl,
      database,
      adminKey,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function openDatabase(config: AppConfig): Promise<DatabaseConnection> {
  return config.DATABASE_URL
    ? openPostgres({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE })
    : openPglite(join(config.dataDir, 'db'));
}

/** On a first start with no users, creates the admin, prints its key once and keeps it in a 0600 file. */
async function ensureAdmin(
  database: DatabaseConnection,
  config: AppConfig,
  announce: boolean,
): Promise<string | null> {
  const users = new UsersService(database.db);
  if ((await users.count()) > 0) return null;
  let created;
  try {
    created = await users.create(config.ADMIN_EMAIL, true);
  } catch (error) {
    // Another process starting at the same moment created it first.
    if (error instanceof ConflictError || uniqueViolation(error)) return null;
    throw error;
  }
  const keyFile = join(config.dataDir, 'admin-key');
  writeFileSync(keyFile, created.apiKey + '\n', { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  if (announce) {
    process.stdout.write(
      `\nCreated the admin user ${created.user.email}. Its API key, shown once (also in ${keyFile}):\n` +
        `${created.apiKey}\n\n`,
    );
  }
  return created.apiKey;
}

/** Refuses to start with a key that cannot read the secrets already stored. */
async function checkSecretKey(
  database: DatabaseConnection,
  secretBox: SecretBox,
  config: AppConfig,
): Promise<void> {
  const [stored] = await database.db
    .select({ envelope: linkedinAccounts.credentialsEncrypted })
    .from(linkedinAccounts)
    .where(isNotNull(linkedinAccounts.credentialsEncrypted))
    .limit(1);
  if (!stored?.envelope) return;
  try {
    secretBox.decrypt(stored.envelope);
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
    const source = config.ENCRYPTION_KEY
      ? 'ENCRYPTION_KEY'
      : `the key in ${join(config.dataDir, 'secret.key')}`;
    throw new StartupError(
      `The stored LinkedIn credentials do not decrypt with ${source}: they were written under ` +
        'another key. Start with the ENCRYPTION_KEY they were written with (in embedded mode, ' +
        "the first start's secret.key).",
    );
  }
}

export function configureHttp(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  app.useGlobalInterceptors(new JsonBodyInterceptor());
  app.useGlobalPipes(
    new RequestShapePipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new BadRequestException(flattenValidation(errors)),
    }),
  );
  app.useBodyParser('json', { limit: '1mb' });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Inreach')
      .setDescription(
        'Self-hosted LinkedIn outreach engine. Every route but /health needs ' +
          "`Authorization: Bearer <API key>`; a key reaches only its own user's records. " +
          "An admin key acts for another user when the request names that user's id in the " +
          '`X-Act-As-User` header. Errors answer `{code, message, details?}`.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/json' });
}

/**
 * One message per field. Decorators run from the bottom up, so the last rule reported is the
 * one written first, the type check ("must be an integer") before its range.
 */
function flattenValidation(errors: ClassValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const first = Object.values(error.constraints ?? {}).slice(-1);
    const own = first.map((text) =>
      text.startsWith(error.property) ? text.replace(error.property, field) : `${field}: ${text}`,
    );
    return [...own, ...flattenValidation(error.children ?? [], field)];
  });
}
