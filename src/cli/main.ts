import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../data/loader.js';
import { IngestError } from '../ingest/errors.js';
import { expandPaths, readSource, DEFAULT_MAX_BYTES } from '../ingest/read.js';
import { toAnalysis } from '../model/doc.js';
import { ingestPaths } from '../pipeline/ingest.js';
import { defaultJobs, MAX_JOBS } from '../pipeline/parallel.js';
import { analyzeItem } from '../pipeline/pipeline.js';
import { progressReporter } from '../present/progress.js';
import { formatClaims, formatDocument, formatDocuments, formatEntities, formatEntity, formatContradictionPage, formatForcePage, formatForceSummary, formatIngestSummary, formatSearch, formatStats, formatTimeline } from '../present/text.js';
import { describeLocation, openStore, resolveDbPath } from '../store/open.js';
import { QueryError, StoreError, type Store } from '../store/store.js';
import type { EntityType, PloverType } from '../model/analysis.js';
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from '../api/server.js';
import { EXPORTS, EXPORT_FORMATS, type ExportFormat } from '../present/export/index.js';
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { registerQueueCommands } from './queue-commands.js';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
};

function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a size such as 50MB, 512KB or 1000000');
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * factor);
}

const ENTITY_TYPES: readonly EntityType[] = ['PERSON', 'ORG', 'GPE', 'LOC', 'FAC'];

function parseEntityType(value: string): EntityType {
  const upper = value.toUpperCase() as EntityType;
  if (!ENTITY_TYPES.includes(upper)) throw new InvalidArgumentError(`expected one of ${ENTITY_TYPES.join(', ')}`);
  return upper;
}

const PLOVER_TYPES: readonly PloverType[] = ['AGREE', 'CONSULT', 'SUPPORT', 'COOPERATE', 'AID', 'CONCEDE', 'RETREAT', 'INVESTIGATE', 'DEMAND', 'DISAPPROVE', 'REJECT', 'THREATEN', 'PROTEST', 'MOBILIZE', 'SANCTION', 'COERCE', 'ASSAULT', 'FIGHT', 'CRIME'];

function parsePloverType(value: string): PloverType {
  const upper = value.toUpperCase() as PloverType;
  if (!PLOVER_TYPES.includes(upper)) throw new InvalidArgumentError(`expected a PLOVER type: ${PLOVER_TYPES.join(', ')}`);
  return upper;
}

function parseDate(value: string): string {
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value) || Number.isNaN(Date.parse(value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value))) {
    throw new InvalidArgumentError('expected a date as YYYY, YYYY-MM or YYYY-MM-DD');
  }
  return value;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

function parseJobs(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_JOBS) throw new InvalidArgumentError(`expected a number of workers from 1 to ${MAX_JOBS}`);
  return Number(value);
}

function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return Number(value);
}

function parseExportFormat(value: string): ExportFormat {
  const format = value.toLowerCase() as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new InvalidArgumentError(`expected one of ${EXPORT_FORMATS.join(', ')}`);
  return format;
}

/** Opens the store for one command; `where` is its location as shown to people (a password is masked). */
async function withStore<T>(dbFlag: string | undefined, fn: (store: Store, where: string) => Promise<T>): Promise<T> {
  const location = resolveDbPath(dbFlag);
  const store = await openStore(location);
  try {
    return await fn(store, describeLocation(location));
  } finally {
    await store.close();
  }
}

/** Serves the API and the web app until SIGINT or SIGTERM. */
async function serveUntilStopped(store: Store, where: string, host: string, port: number, io: Io): Promise<void> {
  let running;
  try {
    running = await startServer({ store, host, port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    io.err(`sitrep: port ${port} is taken; serving on a free port instead`);
    running = await startServer({ store, host, port: 0 });
  }
  const shown = running.url.replace('//127.0.0.1:', '//localhost:').replace('//0.0.0.0:', '//localhost:');
  io.out(`sitrep: serving ${where} at ${running.url}${shown !== running.url ? ` (${shown})` : ''}  (Ctrl-C to stop)`);
  if (host !== DEFAULT_HOST && !/^(127\.|localhost$|::1$|\[::1\]$)/.test(host)) {
    io.err(`sitrep: listening on ${host}: anyone who can reach this address can read and change the store`);
  }
  await new Promise<void>((stopped) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      running.close().then(stopped, stopped);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Runs the sitrep command line; resolves to the process exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('sitrep')
    .description('Turn a pile of news articles into a sourced situation picture.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError(false);

  const dbOption = ['--db <path>', `store location (default: $SITREP_DB or ./sitrep.db)`] as const;

  program
    .command('ingest')
    .description('read files, folders (recursively) or - (stdin) into the store')
    .argument('<paths...>', 'files, folders or -')
    .option(...dbOption)
    .option('--max-size <size>', 'largest input accepted', parseSize, DEFAULT_MAX_BYTES)
    .option('--force', 'analyse again even when content is unchanged')
    .option('--json', 'print the summary as JSON')
    .option('-q, --quiet', 'print only errors')
    .option('-j, --jobs <n>', 'threads at work: one writes, the others read and analyse (1: one thread does all; default: the number of cores)', parseJobs, defaultJobs())
    .action(async (paths: string[], opts: { db?: string; maxSize: number; force?: boolean; json?: boolean; quiet?: boolean; jobs: number }) => {
      await withStore(opts.db, async (store) => {
        // Ctrl-C stops between two documents, so the store keeps only whole ones; a second Ctrl-C kills at once.
        const stop = new AbortController();
        const onInterrupt = (): void => {
          if (stop.signal.aborted) process.exit(130);
          stop.abort();
        };
        process.on('SIGINT', onInterrupt);
        const summary = await ingestPaths(paths, store, {
          maxBytes: opts.maxSize,
          force: opts.force,
          jobs: opts.jobs,
          signal: stop.signal,
          onProgress: opts.quiet || opts.json ? undefined : progressReporter(),
        }).finally(() => process.off('SIGINT', onInterrupt));
        for (const f of summary.failures) io.err(`sitrep: ${f.file}: ${f.reason}`);
        if (opts.json) {
          io.out(JSON.stringify({ ...summary, failures: summary.failures.map((f) => ({ file: f.file, reason: f.reason })) }));
        } else if (!opts.quiet) io.out(formatIngestSummary(summary));
        if (summary.interrupted) {
          io.err('sitrep: interrupted; the store holds every document finished so far, and running the same ingest again finishes the job');
          exitCode = 130;
        } else if (summary.failures.length) exitCode = 1;
      });
    });

  program
    .command('docs')
    .description('list the documents in the store')
    .option(...dbOption)
    .option('--limit <n>', 'how many', parseCount, 50)
    .option('--offset <n>', 'skip this many', parseCount, 0)
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; limit: number; offset: number; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const [docs, total] = await Promise.all([store.listDocuments(opts), store.countDocuments()]);
        io.out(opts.json ? JSON.stringify({ total, documents: docs }) : formatDocuments(docs, total));
      });
    });

  program
    .command('show')
    .description('show one document: metadata, cleaned text, what cleaning removed and repaired')
    .argument('<id>', 'document id or an unambiguous prefix')
    .option(...dbOption)
    .option('--json', 'print the analysis object (sitrep.analysis/1)')
    .action(async (id: string, opts: { db?: string; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const analysis = await store.getAnalysis(id);
        if (!analysis) {
          io.err(`sitrep: no document with id '${id}'`);
          exitCode = 1;
          return;
        }
        io.out(opts.json ? JSON.stringify(analysis) : formatDocument(analysis));
      });
    });

  program
    .command('search')
    .description('full-text search, best matches first, with snippets')
    .argument('<query...>', 'words, "a phrase", OR, NOT, prefix*')
    .option(...dbOption)
    .option('--limit <n>', 'how many', parseCount, 20)
    .option('--json', 'print JSON')
    .action(async (words: string[], opts: { db?: string; limit: number; json?: boolean }) => {
      const query = words.join(' ');
      await withStore(opts.db, async (store) => {
        const hits = await store.search(query, { limit: opts.limit });
        io.out(opts.json ? JSON.stringify({ query, hits }) : formatSearch(hits, query));
      });
    });

  program
    .command('extract')
    .description('analyse files without storing them; --json prints one sitrep.analysis/1 object per document')
    .argument('<paths...>', 'files, folders or -')
    .option('--json', 'JSON Lines output (the analysis contract)')
    .option('--max-size <size>', 'largest input accepted', parseSize, DEFAULT_MAX_BYTES)
    .action(async (paths: string[], opts: { json?: boolean; maxSize: number }) => {
      const { files, errors } = await expandPaths(paths);
      const failures: IngestError[] = [...errors];
      for (const file of files) {
        try {
          for (const item of await readSource(file, { maxBytes: opts.maxSize })) {
            const analysis = toAnalysis(analyzeItem(item));
            io.out(opts.json ? JSON.stringify(analysis) : formatDocument(analysis));
          }
        } catch (err) {
          failures.push(err instanceof IngestError ? err : new IngestError(file, (err as Error).message));
        }
      }
      for (const f of failures) io.err(`sitrep: ${f.file}: ${f.reason}`);
      if (failures.length) exitCode = 1;
    });

  program
    .command('entities')
    .description('the entities across all documents, most mentioned first')
    .option(...dbOption)
    .option('--type <type>', 'PERSON, ORG, GPE, LOC or FAC', parseEntityType)
    .option('--limit <n>', 'how many', parseCount, 50)
    .option('--offset <n>', 'skip this many', parseCount, 0)
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; type?: EntityType; limit: number; offset: number; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const list = await store.listEntities(opts);
        io.out(opts.json ? JSON.stringify({ entities: list }) : formatEntities(list));
      });
    });

  program
    .command('entity')
    .description('show an entity (aliases, kind, country, coordinates, mentions per document, sentences); or merge/split')
    .usage('NAME|ID [--json]  |  merge INTO FROM  |  split ID --alias TEXT [--name NAME]')
    .argument('<words...>', 'a name, alias or id; or merge INTO FROM; or split ID')
    .option(...dbOption)
    .option('--alias <text>', 'split: the mentions written this way become their own entity')
    .option('--name <name>', 'split: the new entity\'s name (default: the alias)')
    .option('--limit <n>', 'how many of the documents that mention it (oldest first)', parseCount, 20)
    .option('--offset <n>', 'skip this many of those documents', parseCount, 0)
    .option('--json', 'print JSON')
    .action(async (words: string[], opts: { db?: string; alias?: string; name?: string; limit: number; offset: number; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const [first, ...rest] = words;
        if (first === 'merge') {
          if (rest.length !== 2) throw new StoreError('usage: sitrep entity merge INTO FROM (two names or ids)');
          const merged = await store.mergeEntities(rest[0]!, rest[1]!);
          io.out(opts.json ? JSON.stringify(merged) : `merged '${rest[1]}' into ${merged.name} (${merged.id}): ${merged.mentions} mentions in ${merged.documents} documents`);
          return;
        }
        if (first === 'split') {
          if (rest.length !== 1 || !opts.alias) throw new StoreError('usage: sitrep entity split ID --alias TEXT [--name NAME]');
          const created = await store.splitEntity(rest[0]!, opts.alias, opts.name ?? null);
          io.out(opts.json ? JSON.stringify(created) : `split '${opts.alias}' off into ${created.name} (${created.id}): ${created.mentions} mentions`);
          return;
        }
        const query = words.join(' ');
        const entity = await store.getEntity(query, { limit: opts.limit, offset: opts.offset });
        if (!entity) {
          io.err(`sitrep: no entity named '${query}'`);
          exitCode = 1;
          return;
        }
        io.out(opts.json ? JSON.stringify(entity) : formatEntity(entity, opts.offset));
      });
    });

  program
    .command('timeline')
    .description('happenings in time order, merged across documents, with their precision and sources')
    .option(...dbOption)
    .option('--entity <name>', 'only events with this actor')
    .option('--type <type>', 'only this PLOVER type', parsePloverType)
    .option('--from <date>', 'from this date (YYYY, YYYY-MM or YYYY-MM-DD)', parseDate)
    .option('--to <date>', 'up to this date', parseDate)
    .option('--limit <n>', 'how many', parseCount, 200)
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; entity?: string; type?: PloverType; from?: string; to?: string; limit: number; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const events = await store.timeline(opts);
        io.out(opts.json ? JSON.stringify({ events }) : formatTimeline(events));
      });
    });

  program
    .command('forces')
    .description('troop and force numbers by actor over time, with withdrawals and deployments and their sources')
    .option(...dbOption)
    .option('--in <place>', 'only figures about this country or place')
    .option('--actor <name>', 'only figures of this actor')
    .option('--summary', 'one line per actor: counts, range of figures, latest figure, sources')
    .option('--limit <n>', 'how many figures (or actors with --summary)', parseCount, 50)
    .option('--offset <n>', 'skip this many', parseCount, 0)
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; in?: string; actor?: string; summary?: boolean; limit: number; offset: number; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        if (opts.summary) {
          const page = await store.forceSummary({ in: opts.in, limit: opts.limit, offset: opts.offset });
          io.out(opts.json ? JSON.stringify({ total: page.total, actors: page.items }) : formatForceSummary(page, opts.offset));
          return;
        }
        const page = await store.forcePage({ in: opts.in, actor: opts.actor, limit: opts.limit, offset: opts.offset });
        io.out(opts.json ? JSON.stringify({ total: page.total, forces: page.items }) : formatForcePage(page, opts.offset));
      });
    });

  program
    .command('claims')
    .description('who claims what: attributed events and figures, with the sentence and source')
    .option(...dbOption)
    .option('--about <name>', 'claims about this entity')
    .option('--by <name>', 'claims made by this entity')
    .option('--all', 'include what articles state in their own voice')
    .option('--limit <n>', 'how many', parseCount, 500)
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; about?: string; by?: string; all?: boolean; limit: number; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const claims = await store.claims(opts);
        io.out(opts.json ? JSON.stringify({ claims }) : formatClaims(claims));
      });
    });

  program
    .command('contradictions')
    .description('where sources disagree: numbers, assertion against denial, perpetrators, force sizes')
    .option(...dbOption)
    .option('--limit <n>', 'how many', parseCount, 50)
    .option('--offset <n>', 'skip this many', parseCount, 0)
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; limit: number; offset: number; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const page = await store.contradictionPage({ limit: opts.limit, offset: opts.offset });
        io.out(opts.json ? JSON.stringify({ total: page.total, contradictions: page.items }) : formatContradictionPage(page, opts.offset));
      });
    });

  program
    .command('stats')
    .description('what the store holds')
    .option(...dbOption)
    .action(async (opts: { db?: string }) => {
      await withStore(opts.db, async (store, where) => io.out(formatStats(await store.stats(), where)));
    });

  program
    .command('demo')
    .description('ingest the sample corpus shipped with sitrep, show what the store holds, and open the dashboard')
    .option(...dbOption)
    .option('--no-serve', 'only ingest and print; do not start the dashboard')
    .option('--port <n>', `dashboard port (default ${DEFAULT_PORT})`, parsePort, DEFAULT_PORT)
    .action(async (opts: { db?: string; serve: boolean; port: number }) => {
      const samples = join(PACKAGE_ROOT, 'samples');
      await withStore(opts.db, async (store, where) => {
        const summary = await ingestPaths([samples], store, { onProgress: progressReporter() });
        for (const f of summary.failures) io.err(`sitrep: ${f.file}: ${f.reason}`);
        io.out(formatIngestSummary(summary));
        io.out(formatStats(await store.stats(), where));
        io.out('');
        io.out(formatDocuments(await store.listDocuments({ limit: 50 }), await store.countDocuments()));
        io.out(`\nsample files: ${readdirSync(samples).length} in ${samples}`);
        io.out(`try: npx sitrep search Wagner --db ${where}`);
        if (summary.failures.length) exitCode = 1;
        if (opts.serve) await serveUntilStopped(store, where, DEFAULT_HOST, opts.port, io);
      });
    });

  program
    .command('serve')
    .description('serve the JSON API (/api, described at /api/openapi.json) and the web app')
    .option(...dbOption)
    .option('--port <n>', `port (0: any free port; default ${DEFAULT_PORT})`, parsePort, DEFAULT_PORT)
    .option('--host <addr>', `address to bind (default ${DEFAULT_HOST}; 0.0.0.0 opens it to the network)`, DEFAULT_HOST)
    .action(async (opts: { db?: string; port: number; host: string }) => {
      await withStore(opts.db, (store, where) => serveUntilStopped(store, where, opts.host, opts.port, io));
    });

  program
    .command('export')
    .description(`write the store out: ${EXPORT_FORMATS.map((f) => `${f} (${EXPORTS[f].description})`).join('; ')}`)
    .requiredOption('--format <format>', EXPORT_FORMATS.join(', '), parseExportFormat)
    .option('--out <file>', 'write to this file (default: standard output)')
    .option(...dbOption)
    .action(async (opts: { format: ExportFormat; out?: string; db?: string }) => {
      await withStore(opts.db, async (store) => {
        const chunks = EXPORTS[opts.format].produce(store);
        if (!opts.out) {
          for await (const chunk of chunks) io.out(chunk);
          return;
        }
        // Written beside the target and renamed when complete: a failed export leaves no half file.
        const partial = `${opts.out}.partial-${process.pid}`;
        const file = createWriteStream(partial);
        try {
          for await (const chunk of chunks) if (!file.write(chunk)) await once(file, 'drain');
          file.end();
          await once(file, 'finish');
          renameSync(partial, opts.out);
        } catch (err) {
          file.destroy();
          rmSync(partial, { force: true });
          throw err;
        }
      });
    });

  registerQueueCommands(program, { out: io.out, err: io.err, setExitCode: (code) => (exitCode = code), parseSize });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
    }
    if (err instanceof QueryError || err instanceof StoreError) {
      io.err(`sitrep: ${err.message}`);
      return 1;
    }
    io.err(`sitrep: ${(err as Error).message}`);
    return 2;
  }
  return exitCode;
}
